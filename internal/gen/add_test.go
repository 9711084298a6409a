package gen

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcycle/dcycle/internal/phpast"
	"github.com/dcycle/dcycle/internal/phptest"
)

// addTarget is a module folder on disk holding files, at a core major.
func addTarget(t *testing.T, name string, core int, files map[string]string) Target {
	t.Helper()
	dir := t.TempDir()
	for n, src := range files {
		writeTestFile(t, filepath.Join(dir, n), []byte(src))
	}
	return Target{Module: name, Dir: dir, Load: func() (*phpast.Module, error) {
		m, broken, err := phpast.LoadFS(phpast.ModuleDir(dir, name), name, phpast.Options{})
		if err != nil {
			return nil, err
		}
		if len(broken) > 0 {
			return nil, broken[0].Err
		}
		m.Core = core
		return m, nil
	}}
}

// folder reads every file of dir, by name.
func folder(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(data)
	}
	return out
}

func functionNames(t *testing.T, path, module string) []string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := phpast.ParseFile(path, src, phpast.Options{Module: module})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, fn := range f.Functions {
		names = append(names, fn.Name)
	}
	return names
}

// TestAddPostUpdate adds post-updates to a module with an .install and a
// .post_update.php: the hook goes after the last post-update, numbered
// after it, and hook_install() gets the replay once.
func TestAddPostUpdate(t *testing.T) {
	t.Parallel()
	install := "<?php\n\nfunction m_install($is_syncing) {\n" + registryReplay + "}\n" + updates
	tg := addTarget(t, "m", 10, map[string]string{"m.install": install, "m.post_update.php": postUpdates, "m.info.yml": "name: m\n"})
	out, err := Add(tg, AddOptions{Kind: HookPostUpdate, Request: mustRequest(t, "#12 rebuild menus"), Templates: builtin})
	if err != nil {
		t.Fatal(err)
	}
	post := filepath.Join(tg.Dir, "m.post_update.php")
	want := &Added{Function: "m_post_update_10003_rebuild_menus", Path: post, Line: 27,
		Install: InstallExtended, InstallPath: filepath.Join(tg.Dir, "m.install"), InstallLine: 3}
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("Add (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"m_post_update_10001_first", "m_post_update_10002_second", "m_post_update_10003_rebuild_menus"}, functionNames(t, post, "m")); diff != "" {
		t.Errorf("post-updates (-want +got):\n%s", diff)
	}
	again, err := Add(tg, AddOptions{Kind: HookPostUpdate, Request: mustRequest(t, "#13 and again"), Templates: builtin})
	if err != nil {
		t.Fatal(err)
	}
	if again.Function != "m_post_update_10004_and_again" || again.Install != InstallKept {
		t.Errorf("second Add: %s, install %d; want m_post_update_10004_and_again and hook_install() kept", again.Function, again.Install)
	}
	phptest.Lint(t, post)
	phptest.Lint(t, filepath.Join(tg.Dir, "m.install"))
	checkRegistryHarnessWith(t, tg.Dir)
}

// checkRegistryHarnessWith runs the module through the registry harness
// once, all well: every update, then every post-update, in order, each
// once.
func checkRegistryHarnessWith(t *testing.T, dir string) {
	t.Helper()
	res := runRegistryHarness(t, dir, "")
	if res.Error != "" || len(res.Updb) != 0 {
		t.Errorf("harness: %+v", res)
	}
	recorded := append([]string(nil), res.Recorded...)
	if !sort.StringsAreSorted(recorded) || len(recorded) < 2 {
		t.Errorf("recorded %v, want every post-update in name order", recorded)
	}
}

// TestAddCreatesFiles: a module whose code is only in NAME.deploy.php gets
// NAME.install (with a hook_install() replaying updates and post-updates)
// and NAME.post_update.php (with its header) for its first post-update;
// its first deploy hook gets NAME.deploy.php and no .install at all.
func TestAddCreatesFiles(t *testing.T) {
	t.Parallel()
	t.Run("post-update", func(t *testing.T) {
		t.Parallel()
		deploy := "<?php\n\nfunction m_deploy_10001_a(array &$sandbox): string {\n  return 'a';\n}\n"
		tg := addTarget(t, "m", 10, map[string]string{"m.info.yml": "name: m\n", "m.deploy.php": deploy})
		out, err := Add(tg, AddOptions{Kind: HookPostUpdate, Request: mustRequest(t, "#1 first post-update"), Templates: builtin})
		if err != nil {
			t.Fatal(err)
		}
		install, post := filepath.Join(tg.Dir, "m.install"), filepath.Join(tg.Dir, "m.post_update.php")
		if diff := cmp.Diff([]string{install, post}, out.Created); diff != "" {
			t.Errorf("created (-want +got):\n%s", diff)
		}
		if out.Function != "m_post_update_10001_first_postupdate" || out.Install != InstallCreated {
			t.Errorf("Add = %+v", out)
		}
		files := folder(t, tg.Dir)
		if files["m.deploy.php"] != deploy {
			t.Errorf("m.deploy.php changed")
		}
		if !strings.HasPrefix(files["m.post_update.php"], "<?php\n\n/**\n * @file\n * Post-update hooks of m.\n") {
			t.Errorf("m.post_update.php starts:\n%s", files["m.post_update.php"])
		}
		f, err := phpast.ParseFile(install, []byte(files["m.install"]), phpast.Options{Module: "m"})
		if err != nil {
			t.Fatal(err)
		}
		if r := lookup(t, f, "m_install").Replay; r.Kind != phpast.ReplayRegistry || !r.PostUpdates.Resumable {
			t.Errorf("created hook_install() replays %s / %+v", r.Kind, r.PostUpdates)
		}
		phptest.Lint(t, install)
		phptest.Lint(t, post)
	})
	t.Run("deploy", func(t *testing.T) {
		t.Parallel()
		tg := addTarget(t, "m", 11, map[string]string{"m.info.yml": "name: m\n", "m.post_update.php": postUpdates})
		out, err := Add(tg, AddOptions{Kind: HookDeploy, Request: mustRequest(t, "#2 front page", Recipe{Kind: RecipeConfig, Object: "system.site", Name: "page.front", Value: "'/shop'"}), Templates: builtin})
		if err != nil {
			t.Fatal(err)
		}
		deploy := filepath.Join(tg.Dir, "m.deploy.php")
		if diff := cmp.Diff(&Added{Function: "m_deploy_11001_front_page", Path: deploy, Line: 24, Created: []string{deploy}}, out); diff != "" {
			t.Errorf("Add (-want +got):\n%s", diff)
		}
		if _, err := os.Stat(filepath.Join(tg.Dir, "m.install")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("a deploy hook made an .install: %v", err)
		}
		phptest.Lint(t, deploy)
	})
	t.Run("update", func(t *testing.T) {
		t.Parallel()
		tg := addTarget(t, "m", 10, map[string]string{"m.info.yml": "name: m\n", "m.post_update.php": postUpdates})
		out, err := Add(tg, AddOptions{Kind: HookUpdate, Request: mustRequest(t, "#3 first update"), Templates: builtin})
		if err != nil {
			t.Fatal(err)
		}
		install := filepath.Join(tg.Dir, "m.install")
		if out.Function != "m_update_10001" || out.Install != InstallCreated || len(out.Created) != 1 || out.Created[0] != install {
			t.Errorf("Add = %+v", out)
		}
		if diff := cmp.Diff([]string{"m_install", "m_update_10001"}, functionNames(t, install, "m")); diff != "" {
			t.Errorf("functions (-want +got):\n%s", diff)
		}
		checkRegistryHarnessWith(t, tg.Dir)
	})
}

// TestAddDryRun writes nothing and shows every file's change: a rewrite
// as a/ b/, a new file from /dev/null.
func TestAddDryRun(t *testing.T) {
	t.Parallel()
	install := "<?php\n\nfunction m_install($is_syncing) {\n" + registryReplay + "}\n" + updates
	tg := addTarget(t, "m", 10, map[string]string{"m.install": install})
	before := folder(t, tg.Dir)
	out, err := Add(tg, AddOptions{Kind: HookPostUpdate, Request: mustRequest(t, "#12 rebuild menus"), Templates: builtin, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, folder(t, tg.Dir)); diff != "" {
		t.Errorf("a dry run changed the folder (-before +after):\n%s", diff)
	}
	post := filepath.Join(tg.Dir, "m.post_update.php")
	for _, want := range []string{"--- a/" + filepath.Join(tg.Dir, "m.install"), "+  $post_updates->filterOutInvokedUpdatesByExtension('m');", "--- /dev/null\n+++ b/" + post, "+function m_post_update_10001_rebuild_menus(array &$sandbox): string {"} {
		if !strings.Contains(out.Diff, want) {
			t.Errorf("diff lacks %q:\n%s", want, out.Diff)
		}
	}
}

// TestAddRefuses: post-updates and deploy hooks on Drupal 7, a Drupal 7
// recipe on a Drupal 10 hook, and a file that does not parse.
func TestAddRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		core    int
		files   map[string]string
		kind    HookKind
		recipe  Recipe
		request bool
		want    string
	}{
		{name: "post-update on Drupal 7", core: 7, files: map[string]string{"m.install": "<?php\n"}, kind: HookPostUpdate, request: true,
			want: "m is a Drupal 7 module: --kind post-update is for Drupal 8 and later; use --kind update"},
		{name: "deploy hook on Drupal 7", core: 7, files: map[string]string{"m.install": "<?php\n"}, kind: HookDeploy, request: true,
			want: "m is a Drupal 7 module: --kind deploy is for Drupal 8 and later; use --kind update"},
		{name: "variable_set in a deploy hook", core: 10, files: map[string]string{"m.deploy.php": "<?php\n"}, kind: HookDeploy, request: true,
			recipe: Recipe{Kind: RecipeSet, Name: "x", Value: "1"}, want: "m is a Drupal 10 module: --set is for Drupal 7 variables"},
		{name: "a broken hook file", core: 10, files: map[string]string{"m.post_update.php": "<?php\nfunction m_post_update_a( {\n"}, kind: HookPostUpdate,
			want: "m.post_update.php"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tg := addTarget(t, "m", tt.core, tt.files)
			before := folder(t, tg.Dir)
			req := mustRequest(t, "#1 something")
			if tt.recipe.Kind != "" {
				req.Recipes = []Recipe{tt.recipe}
			}
			_, err := Add(tg, AddOptions{Kind: tt.kind, Request: req, Templates: builtin})
			var refused *RequestError
			if err == nil || !strings.Contains(err.Error(), tt.want) || errors.As(err, &refused) != tt.request {
				t.Fatalf("err = %v (request error %v), want %q", err, errors.As(err, &refused), tt.want)
			}
			if diff := cmp.Diff(before, folder(t, tg.Dir)); diff != "" {
				t.Errorf("a refusal changed the folder (-before +after):\n%s", diff)
			}
		})
	}
}

// TestAddCreateRace: when another dcycle creates the hook file between the
// check and the creation, Add adds to that file instead, numbered after
// the hook it holds.
func TestAddCreateRace(t *testing.T) {
	t.Parallel()
	install := "<?php\n\nfunction m_install($is_syncing) {\n" + registryReplay + "}\n" + updates
	tg := addTarget(t, "m", 10, map[string]string{"m.install": install})
	load := tg.Load
	path := filepath.Join(tg.Dir, "m.post_update.php")
	calls := 0
	tg.Load = func() (*phpast.Module, error) {
		m, err := load()
		calls++
		if calls == 2 {
			// The post-update's file is planned from this read; the
			// other dcycle writes it now.
			writeTestFile(t, path, []byte("<?php\n\nfunction m_post_update_10001_theirs(array &$sandbox): string {\n  return 'theirs';\n}\n"))
		}
		return m, err
	}
	out, err := Add(tg, AddOptions{Kind: HookPostUpdate, Request: mustRequest(t, "#2 mine"), Templates: builtin})
	if err != nil {
		t.Fatal(err)
	}
	if out.Function != "m_post_update_10002_mine" || len(out.Created) != 0 || calls != 3 {
		t.Errorf("Add = %+v after %d reads; want m_post_update_10002_mine added to their file, nothing created, 3 reads", out, calls)
	}
	if diff := cmp.Diff([]string{"m_post_update_10001_theirs", "m_post_update_10002_mine"}, functionNames(t, path, "m")); diff != "" {
		t.Errorf("post-updates (-want +got):\n%s", diff)
	}
}
