package phpast

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// TestHugeFile parses a 50 MB module: SPEC §6 promises huge files are
// handled. It is generated here, never stored, and skipped with -short. The
// bulk is one string literal of many lines, as in a module that ships data:
// a 50 MB file of code would make the parser's tree take gigabytes.
func TestHugeFile(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB parse skipped with -short")
	}
	t.Parallel()
	const size = 50 << 20
	line := "INSERT INTO {gen_data} VALUES (1, 0, NULL);\n"
	var b bytes.Buffer
	b.Grow(size + 1<<20)
	b.Write(generatedModule(100))
	b.WriteString("\n/**\n * #99: Load the seed data.\n */\nfunction gen_deploy_update_7101() {\n  db_query('")
	b.WriteString(strings.Repeat(line, size/len(line)+1))
	b.WriteString("');\n}\n\n/**\n * #99999: After the data.\n */\nfunction gen_deploy_update_7102() {\n  variable_set('gen_loaded', TRUE);\n}\n")
	src := b.Bytes()
	if len(src) < size {
		t.Fatalf("generated %d bytes, want at least %d", len(src), size)
	}
	f, err := ParseFile("huge.install", src, Options{Module: "gen_deploy"})
	if err != nil {
		t.Fatal(err)
	}
	m := &Module{Name: "gen_deploy", Install: f}
	if got := len(m.Updates()); got != 102 {
		t.Fatalf("%d updates, want 102", got)
	}
	data := function(t, f, "gen_deploy_update_7101")
	if got := len(data.Calls[0].Arg(0).Text); got != (size/len(line)+1)*len(line) {
		t.Errorf("data string of %d bytes", got)
	}
	last := function(t, f, "gen_deploy_update_7102")
	if want := spanFrom(t, src, "/**\n * #99999", "TRUE);\n}"); last.Span != want {
		t.Errorf("last span %v, want %v", last.Span, want)
	}
	if line, _ := f.Lines.Position(last.Span.End); line != bytes.Count(src, []byte("\n")) {
		t.Errorf("last function ends on line %d, want %d", line, bytes.Count(src, []byte("\n")))
	}
	checkInvariants(t, f)
}

func TestDeepNesting(t *testing.T) {
	t.Parallel()
	const depth = 300
	var b strings.Builder
	b.WriteString("<?php\nfunction m_update_7001() {\n")
	for i := 0; i < depth; i++ {
		b.WriteString("if (c() && array(array(array(1)))) {\n")
	}
	b.WriteString("deep(" + strings.Repeat("array(", depth) + "1" + strings.Repeat(")", depth) + ");\n")
	b.WriteString(strings.Repeat("}\n", depth))
	b.WriteString("}\n")
	f := parseString(t, "m", b.String())
	calls := f.Functions[0].Calls
	deep := calls[len(calls)-1]
	if deep.Name != "deep" || len(deep.Conditions) != depth {
		t.Fatalf("last call %s with %d conditions, want deep with %d", deep.Name, len(deep.Conditions), depth)
	}
	v, levels := deep.Arg(0), 0
	for v.Kind == ValueArray {
		levels++
		v = v.Items[0].Value
	}
	if levels != depth || v.render() != "int:1" {
		t.Errorf("argument nests %d arrays around %s, want %d around int:1", levels, v.render(), depth)
	}
	checkInvariants(t, f)
}

func TestHugeSingleLine(t *testing.T) {
	t.Parallel()
	const calls = 20000
	src := "<?php function m_update_7001() { " + strings.Repeat("variable_set('k', 1); ", calls) + "} function m_update_7002() {}"
	f := parseString(t, "m", src)
	if got := len(f.Functions[0].Calls); got != calls {
		t.Fatalf("%d calls, want %d", got, calls)
	}
	if line, col := f.Lines.Position(f.Functions[1].NameSpan.Start); line != 1 || col != strings.Index(src, "m_update_7002")+1 {
		t.Errorf("7002 at %d:%d", line, col)
	}
	checkInvariants(t, f)
}

func TestBinaryGarbage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  []byte
		line int
		col  int
	}{
		{"nul first", []byte{0, 1, 2, 3}, 1, 1},
		{"php then nul", []byte("<?php\n$a = 1;\n\x00\xff\xfe"), 3, 1},
		{"elf header", []byte("\x7fELF\x02\x01\x01\x00\x00"), 1, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseFile("garbage.install", tt.src, Options{})
			var perr *Error
			if !errors.As(err, &perr) || perr.Line != tt.line || perr.Col != tt.col || !strings.Contains(perr.Msg, "NUL byte") {
				t.Errorf("error %v, want a NUL byte error at %d:%d", err, tt.line, tt.col)
			}
		})
	}
	// Without a NUL, non-UTF-8 bytes outside PHP are inline HTML.
	f := parseString(t, "m", "\xff\xfe\x80 not php \x81")
	if len(f.Functions) != 0 {
		t.Errorf("%d functions in garbage", len(f.Functions))
	}
}

func TestCustomIssuePattern(t *testing.T) {
	t.Parallel()
	src := "<?php\n/**\n * SHOP-7, #9: Rename.\n */\nfunction m_update_7001() {}\n/**\n * #9 SHOP-8 Other.\n */\nfunction m_update_7002() {}\n"
	f, err := ParseFile("m.install", []byte(src), Options{Module: "m", IssuePattern: regexpMust(t, `SHOP-\d+`)})
	if err != nil {
		t.Fatal(err)
	}
	got := [][]string{f.Functions[0].Doc.Issues, {f.Functions[0].Doc.Summary}, f.Functions[1].Doc.Issues, {f.Functions[1].Doc.Summary}}
	want := [][]string{{"SHOP-7"}, {"#9: Rename"}, nil, {"#9 SHOP-8 Other"}}
	for i := range want {
		if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("got %q, want %q", got, want)
			break
		}
	}
}
