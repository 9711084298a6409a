package realdrupal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcycle/dcycle/internal/drupaltest"
	"github.com/dcycle/dcycle/internal/phptest"
)

// importChange is one configuration change of testdata/d10/import, named by
// the "// W:NAME" comment on its line.
type importChange struct {
	// flagged is what DC014 must say: the import undoes the change.
	flagged bool
	// deployHook is true for a change a deploy hook makes: it runs after
	// the import, so only the next deploy can undo it.
	deployHook bool
	// inEffect is PHP that is TRUE while the site is as the change left it.
	inEffect string
}

var importChanges = map[string]importChange{
	"css_contradicted":       {flagged: true, inEffect: `\Drupal::config('system.performance')->get('css.preprocess') === FALSE`},
	"js_agreed":              {inEffect: `\Drupal::config('system.performance')->get('js.preprocess') === FALSE`},
	"object_not_in_sync":     {flagged: true, inEffect: `\Drupal::config('example_deploy.settings')->get('mode') === 'live'`},
	"key_agreed":             {inEffect: `\Drupal::config('example_deploy.flags')->get('enabled') === TRUE`},
	"key_not_in_sync":        {flagged: true, inEffect: `\Drupal::config('example_deploy.flags')->get('extra') === 5`},
	"module_not_in_sync":     {flagged: true, inEffect: `\Drupal::moduleHandler()->moduleExists('help')`},
	"module_agreed":          {inEffect: `\Drupal::moduleHandler()->moduleExists('ban')`},
	"uninstall_contradicted": {flagged: true, inEffect: `!\Drupal::moduleHandler()->moduleExists('dblog')`},
	"post_contradicted":      {flagged: true, inEffect: `\Drupal::config('node.settings')->get('use_admin_theme') === TRUE`},
	"post_agreed":            {inEffect: `\Drupal::config('system.site')->get('page.front') === '/node'`},
	"theme_not_in_sync":      {flagged: true, inEffect: `\Drupal::service('theme_handler')->themeExists('claro')`},
	"deploy_contradicted":    {flagged: true, deployHook: true, inEffect: `\Drupal::config('system.site')->get('slogan') === 'Set by a deploy hook'`},
	"deploy_agreed":          {deployHook: true, inEffect: `\Drupal::config('system.site')->get('name') === 'Agreed name'`},
	"deploy_not_in_sync":     {flagged: true, deployHook: true, inEffect: `\Drupal::config('example_deploy.deployed')->get('at') === 1`},
}

// TestConfigImportUndoesWhatDC014Flags holds DC014 to what Drupal 10 does:
// a module whose updates, post-updates and deploy hooks change
// configuration, on a site whose sync directory (named in settings.php)
// contradicts some changes, agrees with others and lacks some objects, keys
// and extensions. After two drush deploy runs every change DC014 flags is
// undone — an update's by the first deploy, a deploy hook's by the second —
// and every change it does not flag is still there.
func TestConfigImportUndoesWhatDC014Flags(t *testing.T) {
	t.Parallel()
	site := bases.Copy(t, 10)
	module := filepath.Join(site.ModulesDir(), "example_deploy")
	src := testdata(t, "d10/import/example_deploy")

	// The module as deployed before: no hooks yet, so that its updates
	// run through updb (installing it would mark them all as run).
	copyNamedFiles(t, src, module, "example_deploy.info.yml")
	site.Must(t, "enable.php", "example_deploy")
	appendSiteSettings(t, site, "$settings['config_sync_directory'] = '../config/sync';")
	siteDrush(t, site, "config:export", "-y")

	// What the team commits with the hooks: the sync directory agrees with
	// some changes, and has neither help, claro, nor example_deploy.settings.
	sync := filepath.Join(site.Dir, "config", "sync")
	replaceOnce(t, filepath.Join(sync, "system.performance.yml"), "js:\n  preprocess: true", "js:\n  preprocess: false")
	replaceOnce(t, filepath.Join(sync, "system.site.yml"), "name: 'd10 test site'", "name: 'Agreed name'")
	replaceOnce(t, filepath.Join(sync, "system.site.yml"), "front: /user/login", "front: /node")
	replaceOnce(t, filepath.Join(sync, "core.extension.yml"), "\n  block: 0\n", "\n  ban: 0\n  block: 0\n")
	if err := os.WriteFile(filepath.Join(sync, "example_deploy.flags.yml"), []byte("enabled: true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	copyNamedFiles(t, src, module, "example_deploy.install", "example_deploy.post_update.php", "example_deploy.deploy.php")

	flagged := dc014Flags(t, site, module)
	wantFlagged := map[string]bool{}
	for name, c := range importChanges {
		wantFlagged[name] = c.flagged
	}
	if diff := cmp.Diff(wantFlagged, flagged); diff != "" {
		t.Fatalf("changes DC014 flags (-want +got):\n%s", diff)
	}

	siteDrush(t, site, "deploy", "-y")
	first := inEffect(t, site)
	siteDrush(t, site, "deploy", "-y")
	second := inEffect(t, site)
	for name, c := range importChanges {
		// A change the import undoes is gone after the deploy that runs
		// the import after it; a deploy hook's change lives until the next.
		if want := !c.flagged || c.deployHook; first[name] != want {
			t.Errorf("%s: in effect after the first deploy = %v, want %v (DC014 flags it: %v)", name, first[name], want, c.flagged)
		}
		if want := !c.flagged; second[name] != want {
			t.Errorf("%s: in effect after the second deploy = %v, want %v (DC014 flags it: %v)", name, second[name], want, c.flagged)
		}
	}
}

// dc014Flags runs dcycle lint on the module, from the site's root, and
// says for each change whether DC014 reports its line.
func dc014Flags(t *testing.T, site *drupaltest.Site, module string) map[string]bool {
	t.Helper()
	r := dcycle(t, site.Dir, "lint", "--format", "json", module)
	if r.exit > 1 {
		t.Fatalf("dcycle lint: exit %d\n%s%s", r.exit, r.stdout, r.stderr)
	}
	var out struct {
		Findings []struct {
			Rule, Path, Message string
			Line                int
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("dcycle lint --format json: %v\n%s", err, r.stdout)
	}
	markers := changeMarkers(t, module)
	flagged := map[string]bool{}
	for name := range importChanges {
		flagged[name] = false
	}
	for _, f := range out.Findings {
		if f.Rule != "DC014" {
			continue
		}
		name, ok := markers[fmt.Sprintf("%s:%d", filepath.Base(f.Path), f.Line)]
		if !ok {
			t.Errorf("DC014 on a line that names no change: %s:%d: %s", f.Path, f.Line, f.Message)
			continue
		}
		flagged[name] = true
		t.Logf("%s: %s", name, f.Message)
	}
	return flagged
}

var changeMarker = regexp.MustCompile(`// W:(\w+)`)

// changeMarkers maps "FILE:LINE" to the change its "// W:NAME" names.
func changeMarkers(t *testing.T, module string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir(module)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		src, err := os.ReadFile(filepath.Join(module, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(src), "\n") {
			if m := changeMarker.FindStringSubmatch(line); m != nil {
				out[fmt.Sprintf("%s:%d", e.Name(), i+1)] = m[1]
			}
		}
	}
	return out
}

// inEffect evaluates every change's inEffect on the site, in one request.
func inEffect(t *testing.T, site *drupaltest.Site) map[string]bool {
	t.Helper()
	names := make([]string, 0, len(importChanges))
	for name := range importChanges {
		names = append(names, name)
	}
	sort.Strings(names)
	var code strings.Builder
	code.WriteString("$r = [];\n")
	for _, name := range names {
		fmt.Fprintf(&code, "$r['%s'] = (bool) (%s);\n", name, importChanges[name].inEffect)
	}
	code.WriteString("print json_encode($r);\n")
	var got map[string]bool
	if err := json.Unmarshal([]byte(site.Must(t, "run.php", code.String())), &got); err != nil {
		t.Fatal(err)
	}
	return got
}

// siteDrush runs the site's own drush, as a deployment does, and fails the test
// when it fails.
func siteDrush(t *testing.T, site *drupaltest.Site, args ...string) string {
	t.Helper()
	cmd := exec.Command(phptest.PHP(t), append([]string{filepath.Join(site.Dir, "vendor", "bin", "drush"), "--root=" + filepath.Join(site.Dir, "web")}, args...)...)
	cmd.Dir = site.Dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Fatalf("drush %s: %v", strings.Join(args, " "), err)
		}
		t.Fatalf("drush %s: exit %d\n%s", strings.Join(args, " "), exit.ExitCode(), out.String())
	}
	return out.String()
}

// appendSiteSettings adds PHP at the end of the site's settings.php, which wins
// over what the file set before.
func appendSiteSettings(t *testing.T, site *drupaltest.Site, php string) {
	t.Helper()
	f, err := os.OpenFile(site.SettingsFile(), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("\n" + php + "\n"); err != nil {
		f.Close()
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// replaceOnce replaces the one occurrence of old in a file.
func replaceOnce(t *testing.T, path, old, new string) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(src, []byte(old)); n != 1 {
		t.Fatalf("%s holds %q %d times, want once:\n%s", path, old, n, src)
	}
	if err := os.WriteFile(path, bytes.Replace(src, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// copyNamedFiles copies the named files of the folder from into the folder to.
func copyNamedFiles(t *testing.T, from, to string, names ...string) {
	t.Helper()
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		src, err := os.ReadFile(filepath.Join(from, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, name), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
