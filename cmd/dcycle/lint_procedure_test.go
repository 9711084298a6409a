package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestLintProcedureTranscripts lints deployment procedures — the seed's
// own answer, a playbook beside a project whose deploy module has deploy
// hooks, broken and suppressed scripts — and compares what lint prints and
// its exit status with testdata/cli/lint/procedure_*.golden.
func TestLintProcedureTranscripts(t *testing.T) {
	t.Parallel()
	dir, err := filepath.Abs(filepath.Join("testdata", "procedures"))
	if err != nil {
		t.Fatal(err)
	}
	// A module fixture and a procedure side by side, in a folder of their
	// own so that both show as relative paths.
	mixed := filepath.Dir(copyModule(t, "d7_clean"))
	script, err := os.ReadFile(filepath.Join(dir, "seed000", "deploy.sh"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mixed, "deploy.sh"), script, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		dir  string
		args []string
		code int
	}{
		{"procedure_seed000", "seed000", []string{"lint", "deploy.sh"}, exitFindings},
		{"procedure_seed000_show_source", "seed000", []string{"lint", "--show-source", "deploy.sh"}, exitFindings},
		{"procedure_seed000_json", "seed000", []string{"lint", "--format", "json", "deploy.sh"}, exitFindings},
		{"procedure_deploy_hooks", "d10_project", []string{"lint", "deploy/deploy.yml"}, exitFindings},
		{"procedure_with_module", "d10_project", []string{"lint", "web/modules/custom/shop_deploy", "deploy/deploy.yml"}, exitFindings},
		{"procedure_fail_on_error", "seed000", []string{"lint", "--fail-on", "error", "--format", "github", "deploy.sh"}, exitFindings},
		{"procedure_syntax_error", "broken", []string{"lint", "syntax.sh"}, exitFindings},
		{"procedure_suppressed", "broken", []string{"lint", "suppressed.sh"}, exitFindings},
		{"procedure_missing", "broken", []string{"lint", "no_such_deploy.sh"}, exitFailure},
		{"procedure_configured", "configured", []string{"lint"}, exitFindings},
		{"procedure_and_module", mixed, []string{"lint", "d7_clean", "deploy.sh"}, exitFindings},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			wd := tc.dir
			if !filepath.IsAbs(wd) {
				wd = filepath.Join(dir, wd)
			}
			r := runCLI(t, wd, tc.args...)
			if r.code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tc.code, r.stdout, r.stderr)
			}
			checkGolden(t, filepath.Join("testdata", "cli", "lint", tc.name+".golden"), r.transcript(tc.args))
		})
	}
}
