package phpast

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRegressions parses one file per bug fixed in this package.
func TestRegressions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		// err is the expected *Error as line:col: msg, "" when it parses.
		err string
		// check looks at the parsed file.
		check func(t *testing.T, f *File)
	}{
		{file: "binary_string_prefix.install", check: func(t *testing.T, f *File) {
			call := f.Functions[0].Calls[0]
			if got := []string{call.Arg(0).render(), call.Arg(1).render()}; !cmp.Equal(got, []string{"string:site_name", "string:Example"}) {
				t.Errorf("args %v", got)
			}
		}},
		{file: "unmatched_brace.install", err: `9:1: syntax error, unexpected token "}"`},
		{file: "stray_brace_first.install", err: `2:1: unmatched '}'`},
		{file: "unterminated_comment.install", err: `2:1: unterminated comment starting line 2`},
		{file: "html_ends_with_lt.install", check: func(t *testing.T, f *File) {
			if len(f.Functions) != 0 || f.OpenTag != (Span{-1, -1}) {
				t.Errorf("functions %d OpenTag %v", len(f.Functions), f.OpenTag)
			}
		}},
		{file: "stray_brace_then_lt.install", err: `2:1: unmatched '}'`},
		{file: "open_tag_only.install", check: func(t *testing.T, f *File) {
			if len(f.Functions) != 0 || f.OpenTag != (Span{0, 5}) {
				t.Errorf("functions %d OpenTag %v", len(f.Functions), f.OpenTag)
			}
		}},
		{file: "escapes_and_statement_close_tag.install", check: func(t *testing.T, f *File) {
			if got := f.Functions[0].Calls[0].Arg(1).Text; got != "Caf\xe9 A\u00e9" {
				t.Errorf("decoded %q", got)
			}
			if !f.HasCloseTag || f.CloseTag != (Span{index(t, f.Src, "?>"), len(f.Src)}) {
				t.Errorf("HasCloseTag %v CloseTag %v", f.HasCloseTag, f.CloseTag)
			}
		}},
		{file: "model_fixes.install", check: func(t *testing.T, f *File) {
			r := function(t, f, "regress_deploy_install").Replay
			if r.Kind != ReplayRange || r.Prefix != "regress_deploy_update_" {
				t.Errorf("replay %+v", r)
			}
			u := function(t, f, "regress_deploy_update_7001")
			if u.Doc.Summary != "A docblock after the attributes" {
				t.Errorf("7001 doc %+v", u.Doc)
			}
			var conds [][]string
			for _, v := range viewCalls(f.Src, u.Calls) {
				if v.Callee == "variable_set" {
					conds = append(conds, v.Conds)
				}
			}
			want := [][]string{
				{"variable_get('a')"},
				{"!(variable_get('a'))", "variable_get('c')"},
				{"!(variable_get('a'))", "!(variable_get('c'))"},
			}
			if diff := cmp.Diff(want, conds); diff != "" {
				t.Errorf("variable_set conditions (-want +got):\n%s", diff)
			}
			u = function(t, f, "regress_deploy_update_7002")
			if diff := cmp.Diff([]string{"variable_set f"}, u.Actions()); diff != "" {
				t.Errorf("7002 actions (-want +got):\n%s", diff)
			}
			if got := u.Calls[0].Arg(1).Text; got != "AAB" {
				t.Errorf("escapes decoded to %q", got)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join("testdata", "regress", tt.file)
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f, err := ParseFile(path, src, Options{Module: "regress_deploy"})
			if tt.err != "" {
				var perr *Error
				if !errors.As(err, &perr) || err.Error() != path+":"+tt.err {
					t.Fatalf("error %v, want %s:%s", err, path, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkInvariants(t, f)
			tt.check(t, f)
		})
	}
}
