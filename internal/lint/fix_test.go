package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcycle/dcycle/internal/phpast"
)

// The fixes of a file's findings are gathered once each and never dropped:
// an edit two findings propose is applied once, edits that touch the same
// bytes or insert at one offset are an error naming both rules.
func TestFixEdits(t *testing.T) {
	t.Parallel()
	file, err := phpast.ParseFile("m.install", []byte("<?php\nfunction m_install() {\n  a();\n}\n"), phpast.Options{Module: "m"})
	if err != nil {
		t.Fatal(err)
	}
	finding := func(rule string, edits ...phpast.Edit) Finding {
		return Finding{Rule: rule, Fix: &Fix{Message: "fix it", Edits: edits}, Fixable: true, file: file}
	}
	replay := phpast.Edit{Start: 31, End: 35, New: "b();"} // a(); on line 3
	tests := []struct {
		name     string
		findings []Finding
		edits    []phpast.Edit
		rules    []string
		err      string
	}{
		{
			name:     "one replay proposed by two rules",
			findings: []Finding{finding("DC006", replay), finding("DC005", replay), finding("DC006", replay)},
			edits:    []phpast.Edit{replay},
			rules:    []string{"DC005", "DC006"},
		},
		{
			name:     "edits apart",
			findings: []Finding{finding("DC005", replay), finding("DC006", phpast.Insert(38, "\n"))},
			edits:    []phpast.Edit{replay, phpast.Insert(38, "\n")},
			rules:    []string{"DC005", "DC006"},
		},
		{
			name:     "a fix's own insertions at one offset",
			findings: []Finding{finding("DC005", phpast.Insert(6, "a"), phpast.Insert(6, "b"))},
			edits:    []phpast.Edit{phpast.Insert(6, "a"), phpast.Insert(6, "b")},
			rules:    []string{"DC005"},
		},
		{
			name:     "overlapping replacements",
			findings: []Finding{finding("DC005", replay), finding("DC006", phpast.Edit{Start: 33, End: 37, New: "c"})},
			err:      "m.install:3:3: the fixes of DC005 and DC006 overlap; nothing was written",
		},
		{
			name:     "an insertion inside a replacement",
			findings: []Finding{finding("DC005", replay), finding("DC005", phpast.Insert(33, "x"))},
			err:      "the fixes of DC005 and DC005 overlap",
		},
		{
			name:     "two insertions at one offset",
			findings: []Finding{finding("DC006", phpast.Insert(6, "a")), finding("DC005", phpast.Insert(6, "b"))},
			err:      "the fixes of DC006 and DC005 overlap",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			edits, rules, err := fixEdits(file, "m.install", tt.findings)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.edits, edits); diff != "" {
				t.Errorf("edits (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.rules, rules); diff != "" {
				t.Errorf("rules (-want +got):\n%s", diff)
			}
		})
	}
}

// --fix plans on the bytes lint read: a file saved in between is refused,
// not overwritten, and a dry run returns the diff and writes nothing.
func TestApplyFixes(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile(filepath.Join("testdata", "DC005", "fires.install"))
	if err != nil {
		t.Fatal(err)
	}
	lintCopy := func(t *testing.T) (string, *Result) {
		path := filepath.Join(t.TempDir(), "example_deploy.install")
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := Run([]Target{{Name: "example_deploy", InstallPath: path, LoneFile: true, Core: 7}}, Options{KeepModules: true})
		if err != nil {
			t.Fatal(err)
		}
		return path, res
	}

	path, res := lintCopy(t)
	fixed, err := ApplyFixes(res, FixOptions{DryRun: true, Display: filepath.Base})
	if err != nil || len(fixed) != 1 || fixed[0].Path != "example_deploy.install" || !strings.HasPrefix(fixed[0].Diff, "--- a/example_deploy.install\n") {
		t.Fatalf("dry run: %+v, err %v", fixed, err)
	}
	if got, _ := os.ReadFile(path); string(got) != string(src) {
		t.Errorf("a dry run wrote the file")
	}

	path, res = lintCopy(t)
	saved := append(append([]byte(nil), src...), "// saved meanwhile\n"...)
	if err := os.WriteFile(path, saved, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ApplyFixes(res, FixOptions{}); err == nil || !strings.Contains(err.Error(), "changed on disk") {
		t.Errorf("err = %v, want the file refused as changed on disk", err)
	}
	if got, _ := os.ReadFile(path); string(got) != string(saved) {
		t.Errorf("the file saved meanwhile was overwritten")
	}

	path, res = lintCopy(t)
	fixed, err = ApplyFixes(res, FixOptions{})
	if err != nil || len(fixed) != 1 || fixed[0].Diff != "" || strings.Join(fixed[0].Rules, ",") != "DC005" {
		t.Fatalf("fix: %+v, err %v", fixed, err)
	}
	if got, _ := os.ReadFile(path); string(got) == string(src) {
		t.Errorf("the fix wrote nothing")
	}
}
