package realdrupal

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestThemeTurnsFunctionIntoDeployHook reproduces drush#6159 on Drupal 10
// and holds DC017 to it: with a theme called example installed beside
// example_deploy, drush deploy runs example_deploy_mark() of the .module,
// once, as deploy hook "mark" of the theme; the module's own deploy hook
// runs as its own. DC017 reports that function, and only it.
func TestThemeTurnsFunctionIntoDeployHook(t *testing.T) {
	t.Parallel()
	site := bases.Copy(t, 10)
	module := filepath.Join(site.ModulesDir(), "example_deploy")
	copyDir(t, testdata(t, "d10/shadow/example_deploy"), module)
	copyDir(t, testdata(t, "d10/shadow/example"), filepath.Join(site.ThemesDir(), "example"))
	site.Must(t, "enable.php", "example_deploy")
	site.Must(t, "run.php", `\Drupal::service('theme_installer')->install(['example']);`)
	appendSiteSettings(t, site, "$settings['config_sync_directory'] = '../config/sync';")
	siteDrush(t, site, "config:export", "-y")

	r := dcycle(t, site.Dir, "lint", "--format", "json", module)
	if r.exit > 1 {
		t.Fatalf("dcycle lint: exit %d\n%s%s", r.exit, r.stdout, r.stderr)
	}
	var out struct {
		Findings []struct{ Rule, Path, Function, Message string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("dcycle lint --format json: %v\n%s", err, r.stdout)
	}
	var reported []string
	for _, f := range out.Findings {
		if f.Rule == "DC017" {
			reported = append(reported, filepath.Base(f.Path)+" "+f.Function)
			t.Logf("%s", f.Message)
		}
	}
	if diff := cmp.Diff([]string{"example_deploy.module example_deploy_mark"}, reported); diff != "" {
		t.Errorf("DC017 findings (-want +got):\n%s", diff)
	}

	status := siteDrush(t, site, "deploy:hook-status")
	if !regexp.MustCompile(`(?m)^\s*example\s+mark\b`).MatchString(status) {
		t.Errorf("drush deploy:hook-status does not list mark as a hook of example:\n%s", status)
	}
	siteDrush(t, site, "deploy", "-y")
	siteDrush(t, site, "deploy", "-y")
	counts := strings.TrimSpace(site.Must(t, "run.php", `print json_encode([\Drupal::state()->get('example_deploy.mark'), \Drupal::state()->get('example_deploy.own')]);`))
	if counts != "[1,1]" {
		t.Errorf("calls of example_deploy_mark() and of the module's own deploy hook after two deploys = %s, want [1,1]", counts)
	}
}
