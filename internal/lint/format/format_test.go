package format

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dcycle/dcycle/internal/golden"
	"github.com/dcycle/dcycle/internal/lint"
)

var modules = filepath.Join("..", "..", "..", "testdata", "modules")

// brokenReport lints d7_lint_broken, the fixture with several findings,
// with paths shown relative to testdata/modules.
func brokenReport(t *testing.T) *Report {
	t.Helper()
	dir := filepath.Join(modules, "d7_lint_broken")
	target := lint.Target{
		Name:        "risky_deploy",
		InstallPath: filepath.Join(dir, "risky_deploy.install"),
		InfoPath:    filepath.Join(dir, "risky_deploy.info"),
		Core:        7,
	}
	res, err := lint.Run([]lint.Target{target}, lint.Options{Display: func(p string) string {
		rel, err := filepath.Rel(modules, p)
		if err != nil {
			t.Fatal(err)
		}
		return filepath.ToSlash(rel)
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) < 3 {
		t.Fatalf("d7_lint_broken gives %d findings, want several", len(res.Findings))
	}
	return &Report{Findings: res.Findings, Rules: lint.Registry(), Version: "test"}
}

// formatGolden formats the d7_lint_broken report and compares it with
// testdata/d7_lint_broken.NAME.golden, rewritten only under -update.
func formatGolden(t *testing.T, f Formatter, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Format(&buf, brokenReport(t), opts); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "d7_lint_broken."+f.Name()+".golden"), buf.Bytes())
	return buf.Bytes()
}

func TestRegistry(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, f := range formatters {
		if seen[f.Name()] {
			t.Errorf("format %s is registered twice", f.Name())
		}
		seen[f.Name()] = true
		if Lookup(f.Name()) != f {
			t.Errorf("Lookup(%q) does not return it", f.Name())
		}
		if !strings.Contains(Names(), f.Name()) {
			t.Errorf("Names() leaves out %s", f.Name())
		}
	}
	if Lookup("xml") != nil {
		t.Error("Lookup of an unknown format returned one")
	}
}

// finding builds a finding for the unit tests.
func finding(rule, name string, sev lint.Severity, path string, line, col int, msg string) lint.Finding {
	return lint.Finding{
		Rule: rule, Name: name, Severity: sev, Path: path,
		Line: line, Column: col, EndLine: line, EndColumn: col + 5,
		RuneColumn: col, RuneEndColumn: col + 5, Message: msg,
	}
}
