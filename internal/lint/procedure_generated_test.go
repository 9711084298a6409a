package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/dcycle/dcycle/internal/procedure"
	"github.com/dcycle/dcycle/templates"
)

// TestGeneratedProceduresAreClean lints what dcycle procedure writes —
// the bash script and the Ansible playbook, for Drupal 7 (with and without
// drush rr) and Drupal 10 and 11, with each usual kind of PHP reset — and
// expects no finding: the generator and the rules agree on what a sound
// deployment is. The D8+ site has deploy hooks, which the procedure must
// run.
func TestGeneratedProceduresAreClean(t *testing.T) {
	t.Parallel()
	type shape struct {
		core int
		rr   bool
	}
	shapes := []shape{{7, true}, {7, false}, {10, false}, {11, false}}
	reloads := []string{
		"sudo systemctl reload php8.2-fpm",
		"sudo service php7.4-fpm reload",
		"cachetool opcache:reset --fcgi=/run/php/php8.3-fpm.sock",
	}
	for _, target := range []procedure.Target{procedure.TargetBash, procedure.TargetAnsible} {
		for _, sh := range shapes {
			for _, reload := range reloads {
				name := fmt.Sprintf("%s/d%d/rr=%v/%s", target, sh.core, sh.rr, reload)
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					s := procedure.Settings{
						Target: target, Core: sh.core, Root: "/var/www/site", Drush: "vendor/bin/drush",
						Reload: reload, Keep: 5, RegistryRebuild: sh.rr,
						Shared: []string{"web/sites/default/settings.php", "web/sites/default/files"},
					}
					if target == procedure.TargetAnsible {
						s.Heads = 3
					}
					if sh.core == 7 {
						s.Drush = "sudo -u www-data drush"
						s.Shared = []string{"sites/default/settings.php", "sites/default/files"}
					}
					files, err := procedure.Generate(s, templates.Procedure())
					if err != nil {
						t.Fatal(err)
					}
					dir := t.TempDir()
					var targets []ProcedureTarget
					for _, f := range files {
						path := filepath.Join(dir, f.Name)
						if err := os.WriteFile(path, f.Data, 0o644); err != nil {
							t.Fatal(err)
						}
						if _, ok := procedure.Detect(path, f.Data); !ok || f.Name == procedure.InventoryFile {
							continue
						}
						target := ProcedureTarget{Path: path, Core: sh.core}
						if sh.core >= 8 {
							target.DeployHooks = "example_deploy.deploy.php"
						}
						targets = append(targets, target)
					}
					if len(targets) != 1 {
						t.Fatalf("%d procedures generated, want 1", len(targets))
					}
					findings, err := RunProcedures(targets, Options{})
					if err != nil {
						t.Fatal(err)
					}
					for _, f := range findings {
						t.Errorf("%s:%d:%d: %s %s", filepath.Base(f.Path), f.Line, f.Column, f.Rule, f.Message)
					}
					// The model saw the procedure, not an empty file: maintenance
					// on, the switch, the reset and the database steps.
					proc, err := procedure.Load(targets[0].Path, procedure.Options{Core: sh.core})
					if err != nil {
						t.Fatal(err)
					}
					seen := map[procedure.Kind]bool{}
					updates := false
					for _, st := range proc.MainSteps() {
						seen[st.Kind] = true
						updates = updates || (st.Drush != nil && st.Drush.IsUpdateDB())
					}
					for _, k := range []procedure.Kind{procedure.KindMaintenanceOn, procedure.KindSwitch, procedure.KindReset, procedure.KindMaintenanceOff} {
						if !seen[k] {
							t.Errorf("the model of the generated procedure has no step of kind %d", k)
						}
					}
					if !updates {
						t.Error("the model of the generated procedure runs no database update")
					}
				})
			}
		}
	}
}
