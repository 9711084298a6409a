package gen

import (
	"strings"
	"testing"

	"github.com/dcycle/dcycle/internal/phpast"
)

func TestVerify(t *testing.T) {
	t.Parallel()
	const src = "<?php\nfunction m_update_7001() {\n  a();\n}\nfunction m_helper() {\n  b();\n}\n"
	f, err := phpast.ParseFile("m.install", []byte(src), phpast.Options{Module: "m"})
	if err != nil {
		t.Fatal(err)
	}
	end := len(src)
	body := strings.Index(src, "a();")
	helper := strings.Index(src, "b();")
	tests := []struct {
		name  string
		edits []phpast.Edit
		// tamper changes the applied result, as a buggy Apply would.
		tamper func(string) string
		want   []string
		err    string
	}{
		{name: "append", edits: []phpast.Edit{phpast.Insert(end, "function m_update_7002() {}\n")}, want: []string{"m_update_7002"}},
		{name: "changing a helper is allowed", edits: []phpast.Edit{phpast.Replace(phpast.Span{Start: helper, End: helper + 4}, "c();")}},
		{name: "changing an update is refused", edits: []phpast.Edit{phpast.Replace(phpast.Span{Start: body, End: body + 4}, "z();")}, err: "may have run already"},
		{name: "a result that does not parse", edits: []phpast.Edit{phpast.Insert(end, "function (")}, err: "would not parse: line 8"},
		{name: "missing wanted function", edits: []phpast.Edit{phpast.Insert(end, "\n")}, want: []string{"m_update_7002"}, err: "0 functions named m_update_7002"},
		{name: "duplicated wanted function", edits: []phpast.Edit{phpast.Insert(end, "function m_x() {}\nfunction m_x() {}\n")}, want: []string{"m_x"}, err: "2 functions named m_x"},
		{name: "bytes changed outside the edits", edits: []phpast.Edit{phpast.Insert(end, "\n")}, tamper: func(s string) string { return strings.Replace(s, "a();", "x();", 1) }, err: "changed outside the edits"},
		{name: "edit not applied", edits: []phpast.Edit{phpast.Insert(end, "function m_update_7002() {}\n")}, tamper: func(s string) string { return s[:end] }, err: "not applied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := phpast.Apply([]byte(src), tt.edits)
			if err != nil {
				t.Fatal(err)
			}
			if tt.tamper != nil {
				out = []byte(tt.tamper(string(out)))
			}
			_, err = Verify(f, out, tt.edits, phpast.Options{Module: "m"}, tt.want...)
			switch {
			case tt.err == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Errorf("err = %v, want one mentioning %q", err, tt.err)
			case err != nil && !strings.HasPrefix(err.Error(), "m.install: ") || err != nil && !strings.HasSuffix(err.Error(), "nothing was written"):
				t.Errorf("err = %q, want it to name the file and say nothing was written", err)
			}
		})
	}
}
