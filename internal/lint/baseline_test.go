package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// lintSource lints one Drupal 7 .install holding src, in a folder of its own.
func lintSource(t *testing.T, src string) []Finding {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "b_deploy.install")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Run([]Target{{Name: "b_deploy", Dir: dir, InstallPath: path, Core: 7, LoneFile: true}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res.Findings
}

const baselineModule = `<?php
function b_deploy_install() {
  b_deploy_update_7001();
}

/**
 * #1: Tables.
 */
function b_deploy_update_7001() {
  db_create_table('a', array());
  db_create_table('b', array());
}
`

func rulesOf(fs []Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.Rule+" "+f.Function)
	}
	return out
}

// TestBaselineCounts: two findings of one rule in one function are one
// entry counting two; a third like them shows, and a fixed one makes the
// entry stale by one.
func TestBaselineCounts(t *testing.T) {
	t.Parallel()
	findings := lintSource(t, baselineModule)
	var dc008 []Finding
	for _, f := range findings {
		if f.Rule == "DC008" {
			dc008 = append(dc008, f)
		}
	}
	if len(dc008) != 2 {
		t.Fatalf("want two DC008 findings, got %v", rulesOf(findings))
	}
	b := NewBaseline(dc008)
	if len(b.Entries) != 1 || b.Entries[0].Count != 2 || b.Entries[0].Module != "b_deploy" || b.Entries[0].Function != "b_deploy_update_7001" {
		t.Fatalf("entries = %+v, want one for b_deploy_update_7001 counting 2", b.Entries)
	}
	kept, stale := b.Apply(findings)
	if len(stale) != 0 {
		t.Errorf("stale = %+v", stale)
	}
	for _, f := range kept {
		if f.Rule == "DC008" {
			t.Errorf("a recorded finding shows: %v", f)
		}
	}

	// Same code, a comment and other whitespace: still hidden.
	relaid := strings.Replace(baselineModule, "  db_create_table('b', array());", "  // The second table.\n  db_create_table('b',   array());", 1)
	if kept, stale := b.Apply(lintSource(t, relaid)); hasRule(kept, "DC008") || len(stale) != 0 {
		t.Errorf("re-laid out: kept %v, stale %+v", rulesOf(kept), stale)
	}

	// One call fixed: the function's code changed, so its remaining
	// finding shows and the entry is stale for both.
	fixed := strings.Replace(baselineModule, "  db_create_table('b', array());", "  if (!db_table_exists('b')) {\n    db_create_table('b', array());\n  }", 1)
	kept, stale = b.Apply(lintSource(t, fixed))
	if !hasRule(kept, "DC008") || len(stale) != 1 || stale[0].Count != 2 {
		t.Errorf("fixed: kept %v, stale %+v", rulesOf(kept), stale)
	}

	// A baseline counting one hides one of two identical findings.
	one := NewBaseline(dc008[:1])
	kept, stale = one.Apply(findings)
	if n := countRule(kept, "DC008"); n != 1 || len(stale) != 0 {
		t.Errorf("a baseline of one: %d DC008 kept, stale %+v", n, stale)
	}
}

func hasRule(fs []Finding, rule string) bool { return countRule(fs, rule) > 0 }

func countRule(fs []Finding, rule string) int {
	n := 0
	for _, f := range fs {
		if f.Rule == rule {
			n++
		}
	}
	return n
}

func TestBaselineFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "baseline.json")
	b := NewBaseline(lintSource(t, baselineModule))
	if err := b.Write(path); err != nil {
		t.Fatal(err)
	}
	got, err := ReadBaseline(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(b, got); diff != "" {
		t.Errorf("read back (-want +got):\n%s", diff)
	}
	entries, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(entries) != 1 {
		t.Errorf("the write left %v", entries)
	}
	for content, want := range map[string]string{
		"{":              "not a dcycle baseline",
		`{"version": 2}`: "baseline version 2, want 1",
		`{"version": 1, "entries": [{"rule": "DC008", "hash": "x"}]}`: "entry 1 needs a rule, a hash and a count",
	} {
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadBaseline(path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", content, err, want)
		}
	}
}

func TestConfigModuleName(t *testing.T) {
	t.Parallel()
	for value, want := range map[string]string{
		"dpl_update":                            "dpl_update",
		"web/modules/custom/dpl_update":         "dpl_update",
		"web/modules/custom/dpl_update/":        "dpl_update",
		"modules/dpl_update/dpl_update.install": "dpl_update",
		".":                                     "",
		"":                                      "",
	} {
		if got := configModuleName(value); got != want {
			t.Errorf("configModuleName(%q) = %q, want %q", value, got, want)
		}
	}
}

func TestWithoutLineNumbers(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"already declared at m/a.install:12: PHP stops": "already declared at m/a.install:: PHP stops",
		"a: b 12":                  "a: b 12",
		"x.install:3:14 and y:7":   "x.install:: and y:",
		"7003–7004 missing":        "7003–7004 missing",
		"ends with a colon:":       "ends with a colon:",
		"set to 'a:1' by update 7": "set to 'a:' by update 7",
	} {
		if got := WithoutLineNumbers(in); got != want {
			t.Errorf("WithoutLineNumbers(%q) = %q, want %q", in, got, want)
		}
	}
}
