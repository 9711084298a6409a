package procedure_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/dcycle/dcycle/internal/lint"
	"github.com/dcycle/dcycle/internal/procedure"
	"github.com/dcycle/dcycle/templates"
)

// TestGeneratedProceduresLintClean lints every kind of generated procedure
// with the procedure rules (DC101–DC111): what dcycle writes must be what
// its lint asks for, Drupal 7 with drush rr and a Drupal 10 module with
// deploy hooks included. So that the test cannot pass by reading nothing,
// each procedure is also linted with its database step's -y taken away,
// and DC109 must then fire.
func TestGeneratedProceduresLintClean(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	hooks := filepath.Join(dir, "shop_deploy.deploy.php")
	if err := os.WriteFile(hooks, []byte("<?php\n\nfunction shop_deploy_deploy_10001_hello() {\n  return 'hello';\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var targets, mutated []lint.ProcedureTarget
	for i, s := range []procedure.Settings{
		{Target: procedure.TargetBash, Core: 10, Heads: 1},
		{Target: procedure.TargetBash, Core: 7, Heads: 1, RegistryRebuild: true},
		{Target: procedure.TargetAnsible, Core: 10, Heads: 3},
		{Target: procedure.TargetAnsible, Core: 7, Heads: 2, RegistryRebuild: true},
		{Target: procedure.TargetAnsible, Core: 11, Inventory: "../inventory/production.ini"},
	} {
		s.Root, s.Keep, s.Reload = "/var/www/site", 5, "sudo systemctl reload php8.2-fpm"
		s.Drush, s.Shared = "vendor/bin/drush", []string{"web/sites/default/settings.php", "web/sites/default/files"}
		if s.Core == 7 {
			s.Drush, s.Shared = "sudo -u www-data drush", []string{"sites/default/settings.php", "sites/default/files"}
		}
		files, err := procedure.Generate(s, templates.Procedure())
		if err != nil {
			t.Fatal(err)
		}
		sub := filepath.Join(dir, string(rune('a'+i)))
		if err := os.Mkdir(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(sub, files[0].Name)
		if err := os.WriteFile(path, files[0].Data, files[0].Mode); err != nil {
			t.Fatal(err)
		}
		target := lint.ProcedureTarget{Path: path, Core: s.Core}
		if s.Core != 7 {
			target.DeployHooks = hooks
		}
		targets = append(targets, target)

		step := "deploy -y"
		if s.Core == 7 {
			step = "updb -y"
		}
		old, no := "  drush "+step+"\n", "  drush "+step[:len(step)-3]+"\n"
		if s.Target == procedure.TargetAnsible {
			old, no = "'{{ drush }} "+step+"'", "'{{ drush }} "+step[:len(step)-3]+"'"
		}
		if bytes.Count(files[0].Data, []byte(old)) != 1 {
			t.Fatalf("%s: the database step %q is not there once", path, old)
		}
		mutant := filepath.Join(sub, "no-yes-"+files[0].Name)
		if err := os.WriteFile(mutant, bytes.Replace(files[0].Data, []byte(old), []byte(no), 1), 0o644); err != nil {
			t.Fatal(err)
		}
		mutated = append(mutated, lint.ProcedureTarget{Path: mutant, Core: s.Core, DeployHooks: target.DeployHooks})
	}
	findings, err := lint.RunProcedures(targets, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		t.Errorf("%s:%d:%d: %s %s\n\t%s", f.Path, f.Line, f.Column, f.Rule, f.Message, f.SourceLine)
	}
	for _, target := range mutated {
		findings, err := lint.RunProcedures([]lint.ProcedureTarget{target}, lint.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(findings) != 1 || findings[0].Rule != "DC109" {
			t.Errorf("%s: %d findings %v, want DC109 alone", target.Path, len(findings), findings)
		}
	}
}
