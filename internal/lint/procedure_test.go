package lint

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// isProcedureCase reports whether a test case file is a procedure: a
// script or a playbook.
func isProcedureCase(name string) bool {
	switch filepath.Ext(name) {
	case ".sh", ".yml", ".yaml":
		return true
	}
	return false
}

// TestProcedureRules runs each procedure rule's test cases, scripts and
// playbooks named fires* and clean*, through the procedure runner: every
// finding must match a `# want DCnnn "regexp"` marker on its line and
// every marker a finding; a fires case draws its rule, a clean one does
// not.
func TestProcedureRules(t *testing.T) {
	t.Parallel()
	for _, r := range Registry() {
		entries, _ := os.ReadDir(filepath.Join("testdata", r.ID))
		for _, e := range entries {
			if e.IsDir() || !isProcedureCase(e.Name()) {
				continue
			}
			if r.CheckProcedure == nil {
				t.Errorf("testdata/%s/%s: %s does not read procedures", r.ID, e.Name(), r.ID)
				continue
			}
			name := strings.TrimSuffix(e.Name(), filepath.Ext(e.Name()))
			fires := strings.HasPrefix(name, "fires")
			if !fires && !strings.HasPrefix(name, "clean") {
				continue
			}
			path := filepath.Join("testdata", r.ID, e.Name())
			t.Run(r.ID+"/"+e.Name(), func(t *testing.T) {
				t.Parallel()
				findings, err := RunProcedures([]ProcedureTarget{procedureCase(t, path)}, Options{})
				if err != nil {
					t.Fatal(err)
				}
				checkWants(t, []string{path}, findings)
				n := 0
				for _, f := range findings {
					if f.Rule == r.ID {
						n++
					}
				}
				if fires && n == 0 {
					t.Errorf("%s does not fire on %s", r.ID, path)
				}
				if !fires && n > 0 {
					t.Errorf("%s fires %d times on %s", r.ID, n, path)
				}
			})
		}
	}
}

// procedureCase builds the target of a procedure test case from its
// header:
//
//	# dcycle-test: core=7 deploy_hooks=shop_deploy.deploy.php
func procedureCase(t *testing.T, path string) ProcedureTarget {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	target := ProcedureTarget{Path: path}
	if m := testHeader.FindSubmatch(src); m != nil {
		for _, kv := range strings.Fields(string(m[1])) {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "core":
				if target.Core, err = strconv.Atoi(v); err != nil {
					t.Fatalf("%s: bad core %q", path, v)
				}
			case "deploy_hooks":
				target.DeployHooks = v
			default:
				t.Fatalf("%s: unknown test setting %q", path, k)
			}
		}
	}
	return target
}

// TestProcedureRuleDocs runs each procedure rule on the examples of its
// documentation: the bad one draws the rule, the good one does not.
func TestProcedureRuleDocs(t *testing.T) {
	t.Parallel()
	// The site each example is about, where the example does not say.
	sites := map[string]ProcedureTarget{
		"DC104": {Core: 10}, "DC105": {Core: 7}, "DC106": {Core: 7},
		"DC111": {Core: 10, DeployHooks: "example_deploy.deploy.php"},
	}
	for _, r := range Registry() {
		if r.CheckProcedure == nil {
			continue
		}
		t.Run(r.ID, func(t *testing.T) {
			t.Parallel()
			ext := map[string]string{"bash": ".sh", "yaml": ".yml"}[r.Doc.Lang]
			if ext == "" {
				t.Fatalf("doc language %q is neither bash nor yaml", r.Doc.Lang)
			}
			for _, ex := range []struct {
				name, src string
				fires     bool
			}{{"bad", r.Doc.Bad, true}, {"good", r.Doc.Good, false}} {
				target := sites[r.ID]
				target.Path = filepath.Join(t.TempDir(), ex.name+ext)
				if err := os.WriteFile(target.Path, []byte(ex.src+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				findings, err := RunProcedures([]ProcedureTarget{target}, Options{Rules: []*Rule{r}})
				if err != nil {
					t.Fatal(err)
				}
				if got := len(findings) > 0; got != ex.fires {
					t.Errorf("%s example: fires %v, want %v (%v)", ex.name, got, ex.fires, findings)
				}
			}
		})
	}
}
