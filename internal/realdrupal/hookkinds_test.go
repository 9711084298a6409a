package realdrupal

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcycle/dcycle/internal/drupaltest"
	"github.com/dcycle/dcycle/internal/phptest"
)

// kindCase is one post-update or deploy hook made by new-update --kind,
// run on real Drupal 10 sites, fresh and updated, with the real drush.
type kindCase struct {
	name string
	// kind is new-update's --kind: post-update or deploy.
	kind string
	// flags are the recipe flags of the hook under test.
	flags []string
	// prepare, breaks, repair and want as in recipeCase: prepare on every
	// site before the module is enabled; breaks makes the hook's
	// precondition fail, repair fixes it (nil: nothing can); want are facts
	// the hook sets.
	prepare, breaks, repair func(t *testing.T, s *drupaltest.Site)
	want                    drupaltest.State
}

// TestHookKindsDrupal10 proves every recipe in a post-update and in a
// deploy hook on real Drupal 10.5.7 sites, as SPEC §3's table says they
// run:
//   - fresh site: installing the module replays its updates, then its
//     post-updates, all recorded as run; its deploy hooks are not, and the
//     first drush deploy runs them;
//   - updated site (the module's older version installed and deployed):
//     drush deploy runs the new update, then the new post-update (updb),
//     imports the configuration, then runs the new deploy hook;
//   - both end in the same state;
//   - a hook whose precondition fails is not recorded, and the next run
//     (updb, drush deploy) runs it once it is fixed: in the install's
//     replay, in updb and in drush deploy.
func TestHookKindsDrupal10(t *testing.T) {
	t.Parallel()
	probe := func(t *testing.T, s *drupaltest.Site) { addModule(t, s, "d10/probe") }
	noProbe := func(t *testing.T, s *drupaltest.Site) { removeModule(t, s, "probe") }
	probeInstalled := func(t *testing.T, s *drupaltest.Site) {
		addModule(t, s, "d10/probe")
		s.Must(t, "enable.php", "probe")
	}
	probetheme := func(t *testing.T, s *drupaltest.Site) { addTheme(t, s, "d10/probetheme") }
	noProbetheme := func(t *testing.T, s *drupaltest.Site) { removeTheme(t, s, "probetheme") }
	overridden := func(t *testing.T, s *drupaltest.Site) {
		override(t, s, "$config['system.performance']['cache']['page']['max_age'] = 60;")
	}
	var cases []kindCase
	for _, kind := range []string{"post-update", "deploy"} {
		cases = append(cases, []kindCase{{
			name: kind + "/empty body", kind: kind,
		}, {
			name: kind + "/enable", kind: kind, flags: []string{"--enable", "contact,probe"},
			prepare: probe, breaks: noProbe, repair: probe,
			want: drupaltest.State{
				"config core.extension:module.contact": "0", "config core.extension:module.probe": "0",
				"config system.maintenance:message": `"probed"`,
			},
		}, {
			name: kind + "/uninstall", kind: kind, flags: []string{"--uninstall", "probe"},
			prepare: probeInstalled, breaks: noProbe, repair: probe,
			want: drupaltest.State{"config core.extension:module.probe": "", "schema probe": ""},
		}, {
			name: kind + "/config", kind: kind, flags: []string{"--config", "system.performance:cache.page.max_age=3600"},
			breaks: overridden, repair: unoverride,
			want: drupaltest.State{"config system.performance:cache.page.max_age": "3600"},
		}, {
			name: kind + "/theme", kind: kind, flags: []string{"--theme", "probetheme"},
			prepare: probetheme, breaks: noProbetheme, repair: probetheme,
			want: drupaltest.State{"config core.extension:theme.probetheme": "0", "config system.theme:default": `"probetheme"`},
		}}...)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.run(t)
		})
	}
}

// printedHook reads the function new-update added from what it printed.
var printedHook = regexp.MustCompile(`(?m)^(\w+_(?:post_update|deploy|update)_\w+) \S+:\d+$`)

// addHook runs new-update in dir and returns the new function's name.
func addHook(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out := mustDcycle(t, dir, append([]string{"new-update"}, args...)...)
	m := printedHook.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("dcycle new-update %s printed no new function:\n%s", strings.Join(args, " "), out)
	}
	return m[1]
}

// drushRun runs the site's own drush, as a deploy does; it returns what it
// printed and its exit status.
func drushRun(t *testing.T, site *drupaltest.Site, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(phptest.PHP(t), append([]string{filepath.Join(site.Dir, "vendor", "bin", "drush"), "--root=" + filepath.Join(site.Dir, "web")}, args...)...)
	cmd.Dir = site.Dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &exit):
		return out.String(), exit.ExitCode()
	}
	t.Fatalf("drush %s: %v", strings.Join(args, " "), err)
	return "", 0
}

// mustDrush runs drush, which must succeed.
func mustDrush(t *testing.T, site *drupaltest.Site, args ...string) string {
	t.Helper()
	out, code := drushRun(t, site, args...)
	if code != 0 {
		t.Fatalf("drush %s: exit %d\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// ranHooks lists, in order, the updates, post-updates and deploy hooks a
// drush run started: its own log lines start the line with ">"; a failed
// deploy:hook prints them again, indented, inside its error.
var startedHook = regexp.MustCompile(`(?m)^>[> ]*\[notice\] (?:Update started|Deploy hook started): (\w+)`)

func ranHooks(out string) []string {
	var ran []string
	for _, m := range startedHook.FindAllStringSubmatch(out, -1) {
		ran = append(ran, m[1])
	}
	return ran
}

// noChanges is what drush deploy's configuration import says when the
// sync directory holds exactly the site's configuration.
const noChanges = "There are no changes to import."

// syncDir is the site's config sync directory, named in its settings.php
// by the site tools.
func syncDir(t *testing.T, site *drupaltest.Site) string {
	t.Helper()
	dir := strings.TrimSpace(site.Eval(t, "echo \\Drupal\\Core\\Site\\Settings::get('config_sync_directory');"))
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(site.Dir, "web", dir)
	}
	return dir
}

// setSync replaces the site's sync directory with a copy of from: the
// configuration the team committed.
func setSync(t *testing.T, site *drupaltest.Site, from string) {
	t.Helper()
	to := syncDir(t, site)
	if err := os.RemoveAll(to); err != nil {
		t.Fatal(err)
	}
	copyDir(t, from, to)
}

func (c kindCase) run(t *testing.T) {
	// The module as deployed before: an update, a post-update and a deploy
	// hook; then the change under test and, after it, one more update, so
	// that updb has an update and a post-update pending.
	fresh := bases.Copy(t, 10)
	mustDcycle(t, fresh.Dir, "init", "example")
	module := filepath.Join(fresh.ModulesDir(), "example_deploy")
	olderUpdate := addHook(t, fresh.Dir, "#1 older update", "--config", "system.site:slogan=older")
	olderPost := addHook(t, fresh.Dir, "--kind", "post-update", "#2 older post-update")
	olderDeploy := addHook(t, fresh.Dir, "--kind", "deploy", "#3 older deploy hook")
	older := filepath.Join(t.TempDir(), "example_deploy")
	copyDir(t, module, older)
	hook := addHook(t, fresh.Dir, append([]string{"--kind", c.kind, "#4 the hook under test"}, c.flags...)...)
	newUpdate := addHook(t, fresh.Dir, "#5 a newer update")
	posts, deploys := []string{olderPost}, []string{olderDeploy}
	if c.kind == "post-update" {
		posts = append(posts, hook)
	} else {
		deploys = append(deploys, hook)
	}

	// Fresh site: the install replays updates and post-updates and
	// records them; deploy hooks wait for the first drush deploy.
	if c.prepare != nil {
		c.prepare(t, fresh)
	}
	fresh.Must(t, "enable.php", "example_deploy")
	installed := fresh.State(t)
	for _, p := range posts {
		if installed["post_update "+p] != "ran" {
			t.Errorf("fresh site: %s not recorded as run after the install", p)
		}
	}
	for _, d := range deploys {
		if installed["deploy_hook "+d] != "" {
			t.Errorf("fresh site: deploy hook %s recorded at install", d)
		}
	}
	if installed["config system.site:slogan"] != `"older"` {
		t.Errorf("fresh site: %s did not run at install: slogan %s", olderUpdate, installed["config system.site:slogan"])
	}
	c.checkWant(t, "fresh site after the install", installed, c.kind == "post-update")
	// What the team commits: the configuration exported after the change.
	mustDrush(t, fresh, "config:export", "-y")
	sync := filepath.Join(t.TempDir(), "sync")
	copyDir(t, syncDir(t, fresh), sync)
	out := mustDrush(t, fresh, "deploy", "-y")
	if !strings.Contains(out, noChanges) {
		t.Errorf("fresh site: the configuration import changed something:\n%s", out)
	}
	if diff := cmp.Diff(deploys, ranHooks(out)); diff != "" {
		t.Errorf("fresh site: the first drush deploy ran (-want +got):\n%s\n%s", diff, out)
	}
	want := fresh.State(t)
	c.checkWant(t, "fresh site after drush deploy", want, true)
	if out := mustDrush(t, fresh, "deploy", "-y"); len(ranHooks(out)) > 0 {
		t.Errorf("fresh site: a second drush deploy ran %v", ranHooks(out))
	}

	// Updated site: the older module installed and deployed, then the new
	// code and configuration, deployed with the hook's precondition broken
	// (when it can be), then fixed.
	updated := bases.Copy(t, 10)
	if c.prepare != nil {
		c.prepare(t, updated)
	}
	copyDir(t, older, filepath.Join(updated.ModulesDir(), "example_deploy"))
	updated.Must(t, "enable.php", "example_deploy")
	if out := mustDrush(t, updated, "deploy:hook", "-y"); !cmp.Equal([]string{olderDeploy}, ranHooks(out)) {
		t.Fatalf("updated site: deploying the older version ran %v, want %s", ranHooks(out), olderDeploy)
	}
	if err := os.RemoveAll(filepath.Join(updated.ModulesDir(), "example_deploy")); err != nil {
		t.Fatal(err)
	}
	copyDir(t, module, filepath.Join(updated.ModulesDir(), "example_deploy"))
	setSync(t, updated, sync)
	// The deploy in its two halves, so that the site is compared before
	// the configuration import, which would hide a difference: drush updb
	// runs the newer update, then a post-update; drush deploy then imports
	// the configuration and runs a deploy hook.
	updb := []string{newUpdate}
	if c.kind == "post-update" {
		updb = append(updb, hook)
	}
	if c.breaks != nil && c.kind == "post-update" {
		c.breaks(t, updated)
		out, code := drushRun(t, updated, "updatedb", "-y")
		if code == 0 || !cmp.Equal(updb, ranHooks(out)) {
			t.Errorf("updated site, precondition broken: drush updb exit %d, ran %v; want a failure in %s after %s\n%s", code, ranHooks(out), hook, newUpdate, out)
		}
		if updated.State(t)["post_update "+hook] != "" {
			t.Errorf("updated site: the failed %s was recorded as run", hook)
		}
		c.repair(t, updated)
		updb = []string{hook}
	}
	out = mustDrush(t, updated, "updatedb", "-y")
	if diff := cmp.Diff(updb, ranHooks(out)); diff != "" {
		t.Errorf("updated site: drush updb ran (-want +got):\n%s\n%s", diff, out)
	}
	// The older version was deployed: its deploy hook ran there already.
	installed["deploy_hook "+olderDeploy] = "ran"
	if diff := cmp.Diff(installed, updated.State(t)); diff != "" {
		t.Errorf("after drush updb the updated site differs from the fresh one after its install (-fresh +updated):\n%s", diff)
	}
	var deploy []string
	if c.kind == "deploy" {
		deploy = []string{hook}
		if c.breaks != nil {
			c.breaks(t, updated)
			out, code := drushRun(t, updated, "deploy", "-y")
			if code == 0 || !cmp.Equal(deploy, ranHooks(out)) {
				t.Errorf("updated site, precondition broken: drush deploy exit %d, ran %v; want a failure in %s\n%s", code, ranHooks(out), hook, out)
			}
			if updated.State(t)["deploy_hook "+hook] != "" {
				t.Errorf("updated site: the failed %s was recorded as run", hook)
			}
			c.repair(t, updated)
		}
	}
	out = mustDrush(t, updated, "deploy", "-y")
	if diff := cmp.Diff(deploy, ranHooks(out)); diff != "" {
		t.Errorf("updated site: drush deploy ran (-want +got):\n%s\n%s", diff, out)
	}
	if diff := cmp.Diff(want, updated.State(t)); diff != "" {
		t.Errorf("the updated site differs from the fresh one (-fresh +updated):\n%s", diff)
	}

	if c.breaks == nil {
		return
	}
	// A fresh site whose precondition is broken: a post-update fails in
	// the install's replay and the next updb runs it; a deploy hook fails
	// in the first drush deploy and the next one runs it.
	broken := bases.Copy(t, 10)
	if c.prepare != nil {
		c.prepare(t, broken)
	}
	copyDir(t, module, filepath.Join(broken.ModulesDir(), "example_deploy"))
	setSync(t, broken, sync)
	c.breaks(t, broken)
	if c.kind == "post-update" {
		if r := broken.Run(t, "enable.php", nil, "example_deploy"); r.Exit != 1 {
			t.Errorf("enabling the module with the precondition broken: exit %d, want 1\n%s%s", r.Exit, r.Stdout, r.Stderr)
		}
		st := broken.State(t)
		if st["post_update "+olderPost] != "ran" || st["post_update "+hook] != "" || st["schema example_deploy"] != want["schema example_deploy"] {
			t.Errorf("after the failed install: %s %q, %s %q, schema %s; want the older post-update recorded, not the failed one, every update run",
				olderPost, st["post_update "+olderPost], hook, st["post_update "+hook], st["schema example_deploy"])
		}
		c.repair(t, broken)
		if got := broken.Must(t, "updb.php"); got != hook+"\n" {
			t.Errorf("updb after the failed install ran %q, want %s", got, hook)
		}
	} else {
		broken.Must(t, "enable.php", "example_deploy")
		out, code := drushRun(t, broken, "deploy", "-y")
		if code == 0 || broken.State(t)["deploy_hook "+hook] != "" {
			t.Errorf("first drush deploy with the precondition broken: exit %d, %s recorded %q\n%s", code, hook, broken.State(t)["deploy_hook "+hook], out)
		}
		c.repair(t, broken)
		if out := mustDrush(t, broken, "deploy", "-y"); !cmp.Equal([]string{hook}, ranHooks(out)) {
			t.Errorf("the next drush deploy ran %v, want %s\n%s", ranHooks(out), hook, out)
		}
	}
	if c.kind == "post-update" {
		out = mustDrush(t, broken, "deploy", "-y")
		if diff := cmp.Diff(deploys, ranHooks(out)); diff != "" {
			t.Errorf("resumed site: the first drush deploy ran (-want +got):\n%s", diff)
		}
	}
	if diff := cmp.Diff(want, broken.State(t)); diff != "" {
		t.Errorf("the site that failed and resumed differs from the fresh one (-fresh +resumed):\n%s", diff)
	}
}

// checkWant checks the facts the hook sets: set when done is true, each
// still as before otherwise (a deploy hook has not run yet).
func (c kindCase) checkWant(t *testing.T, where string, st drupaltest.State, done bool) {
	t.Helper()
	for key, value := range c.want {
		if got := st[key]; (got == value) != done {
			t.Errorf("%s: %s = %q, want %q: %v", where, key, got, value, done)
		}
	}
}
