package configsync

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"

	"github.com/dcycle/dcycle/internal/phpast"
)

func TestEqual(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		php, yaml string
		want      bool
	}{
		{"TRUE", "true", true},
		{"1", "true", true},
		{"0", "false", true},
		{"'1'", "true", true},
		{"FALSE", "true", false},
		{"2", "true", false},
		{"10", "10", true},
		{"10", "'10'", true},
		{"10.0", "10", true},
		{"'10'", "'010'", false},
		{"'abc'", "abc", true},
		{"''", "null", false},
		{"NULL", "null", true},
		{"[]", "{  }", true},
		{"['a', 'b']", "[a, b]", true},
		{"['b', 'a']", "[a, b]", false},
		{"['x' => ['y' => TRUE]]", "{x: {y: true}}", true},
		{"['x' => 1]", "{x: 1, z: 2}", false},
		{"[0 => 'a', 1 => 'b']", "[a, b]", true},
		{"[1 => 'a']", "{1: a}", true},
	} {
		src := []byte("<?php\nfunction g() { f(" + tc.php + "); }\n")
		f, err := phpast.ParseFile("t.php", src, phpast.Options{})
		if err != nil {
			t.Fatal(err)
		}
		php, ok := FromPHP(f.Functions[0].Calls[0].Args[0].Value)
		if !ok {
			t.Errorf("FromPHP(%s) is not literal", tc.php)
			continue
		}
		var y any
		if err := yaml.Unmarshal([]byte(tc.yaml), &y); err != nil {
			t.Fatal(err)
		}
		if got := Equal(normalize(y), php); got != tc.want {
			t.Errorf("Equal(%s, %s) = %v, want %v", tc.yaml, tc.php, got, tc.want)
		}
	}
}

func TestFromPHP(t *testing.T) {
	t.Parallel()
	src := []byte(`<?php
function g() {
  f(['a', 'b'], ['k' => 1, 'l' => [TRUE, NULL]], [5 => 'x', 'y'], 0x1F, 1.5, $computed, CONSTANT);
}
`)
	f, err := phpast.ParseFile("t.php", src, phpast.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []any
	for _, a := range f.Functions[0].Calls[0].Args {
		v, ok := FromPHP(a.Value)
		if !ok {
			v = "<not literal>"
		}
		got = append(got, v)
	}
	want := []any{
		[]any{"a", "b"},
		map[string]any{"k": 1, "l": []any{true, nil}},
		map[string]any{"5": "x", "6": "y"},
		31,
		1.5,
		"<not literal>",
		"<not literal>",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("values (-want +got):\n%s", diff)
	}
}

func TestRender(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		v    any
		want string
	}{
		{true, "TRUE"},
		{nil, "NULL"},
		{"it's", `'it\'s'`},
		{[]any{1, "a"}, "[1, 'a']"},
		{map[string]any{"b": 2, "a": false}, "['a' => FALSE, 'b' => 2]"},
		// Cut short at 57 bytes, never inside a character.
		{strings.Repeat("é", 45), "'" + strings.Repeat("é", 28) + "…"},
		{"x" + strings.Repeat("é", 45), "'x" + strings.Repeat("é", 27) + "…"},
	} {
		if got := Render(tc.v); got != tc.want {
			t.Errorf("Render(%#v) = %s, want %s", tc.v, got, tc.want)
		}
	}
}
