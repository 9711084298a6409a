package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dcycle/dcycle/internal/gittest"
	"github.com/dcycle/dcycle/internal/listing"
	"github.com/dcycle/dcycle/internal/phpast"
	"github.com/dcycle/dcycle/internal/phptest"
)

// shopDir is the deploy module folder of the d10_site fixture.
const shopDir = "web/modules/custom/shop_deploy"

// hookOnlyModule is a Drupal 10 deploy module whose code is only in
// NAME.deploy.php, in a composer project.
var hookOnlyModule = map[string]string{
	"composer.json": `{"require": {"drupal/core-recommended": "^10.3"}}` + "\n",
	"web/index.php": "<?php\n",
	"web/modules/custom/blog_deploy/blog_deploy.info.yml": "name: Blog deploy\ntype: module\ncore_version_requirement: ^10\n",
	"web/modules/custom/blog_deploy/blog_deploy.deploy.php": `<?php

/**
 * @file
 * Deploy hooks.
 */

/**
 * #40: Tag the front page.
 */
function blog_deploy_deploy_10001_front_tag(array &$sandbox): string {
  return 'Tagged.';
}
`,
}

// TestNewUpdateKinds runs new-update --kind on real-looking modules and
// compares the transcript and every file it wrote with goldens; each
// written file passes php -l and parses with the new function once.
func TestNewUpdateKinds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		fixture string
		files   map[string]string
		args    []string
		// module is the folder, written the files compared.
		module  string
		written []string
	}{
		{name: "post-update", fixture: "d10_site", module: shopDir,
			args:    []string{"--kind", "post-update", "#12370 shop menus", "--enable", "menu_ui", "--config", "system.menu.main:label=Shop"},
			written: []string{"shop_deploy.install", "shop_deploy.post_update.php"}},
		{name: "deploy", fixture: "d10_site", module: shopDir,
			args:    []string{"--kind", "deploy", "#12371 front theme", "--theme", "olivero"},
			written: []string{"shop_deploy.deploy.php"}},
		{name: "post-update-hook-only-module", files: hookOnlyModule, module: "web/modules/custom/blog_deploy",
			args:    []string{"--kind", "post-update", "#41 rebuild the blog menu"},
			written: []string{"blog_deploy.install", "blog_deploy.post_update.php"}},
		{name: "deploy-hook-only-module", files: hookOnlyModule, module: "web/modules/custom/blog_deploy",
			args:    []string{"--kind", "deploy", "#42 uninstall the old blog", "--uninstall", "old_blog"},
			written: []string{"blog_deploy.deploy.php"}},
		{name: "update-hook-only-module", files: hookOnlyModule, module: "web/modules/custom/blog_deploy",
			args:    []string{"#43 css aggregation", "--config", "system.performance:css.preprocess=true"},
			written: []string{"blog_deploy.install"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if tt.fixture != "" {
				dir = copyModule(t, tt.fixture)
			}
			writeTree(t, dir, tt.files)
			args := append([]string{"new-update"}, tt.args...)
			r := runCLI(t, dir, args...)
			goldens := filepath.Join("testdata", "cli", "new-update-kinds", tt.name)
			checkGolden(t, goldens+".txt", r.transcript(args))
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			function := strings.Fields(r.stdout)[0]
			for _, name := range tt.written {
				path := filepath.Join(dir, tt.module, name)
				src, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				checkGolden(t, goldens+"."+strings.TrimPrefix(name, strings.SplitN(name, ".", 2)[0]+"."), string(src))
				phptest.Lint(t, path)
				f, err := phpast.ParseFile(path, src, phpast.Options{Module: strings.SplitN(name, ".", 2)[0]})
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, fn := range f.Functions {
					if fn.Name == function {
						n++
					}
				}
				if want := name == tt.written[len(tt.written)-1]; (n == 1) != want {
					t.Errorf("%s declares %s %d times", name, function, n)
				}
			}
		})
	}
}

// TestNewUpdateKindsDryRun prints the change of both files, one created,
// and writes nothing.
func TestNewUpdateKindsDryRun(t *testing.T) {
	t.Parallel()
	dir := copyModule(t, "d10_site")
	before := snapshot(t, dir)
	args := []string{"new-update", "--kind", "deploy", "--dry-run", "#12372 front page", "--config", "system.site:page.front=/shop"}
	r := runCLI(t, dir, args...)
	checkGolden(t, filepath.Join("testdata", "cli", "new-update-kinds", "dry-run.txt"), r.transcript(args))
	if r.code != 0 || !strings.HasPrefix(r.stdout, "--- /dev/null\n+++ b/"+shopDir+"/shop_deploy.deploy.php\n") {
		t.Errorf("exit %d, stdout:\n%s", r.code, r.stdout)
	}
	if !maps(before, snapshot(t, dir)) {
		t.Errorf("a dry run changed files")
	}
}

// TestNewUpdateKindsRefuse: exit 2, one line, nothing written.
func TestNewUpdateKindsRefuse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, fixture string
		args          []string
	}{
		{name: "post-update-on-d7", fixture: "d7_seed", args: []string{"--kind", "post-update", "#1 x"}},
		{name: "deploy-on-d7", fixture: "d7_seed", args: []string{"--kind", "deploy", "#1 x"}},
		{name: "unknown-kind", fixture: "d10_site", args: []string{"--kind", "post_update", "#1 x"}},
		{name: "d7-recipe-in-deploy-hook", fixture: "d10_site", args: []string{"--kind", "deploy", "#1 x", "--set", "site_name=x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := copyModule(t, tt.fixture)
			before := snapshot(t, dir)
			args := append([]string{"new-update"}, tt.args...)
			r := runCLI(t, dir, args...)
			checkGolden(t, filepath.Join("testdata", "cli", "new-update-kinds", "refuse-"+tt.name+".txt"), r.transcript(args))
			if r.code != 2 || r.stdout != "" {
				t.Errorf("exit %d, stdout %q; want 2 and nothing", r.code, r.stdout)
			}
			if lines := strings.Count(strings.TrimSuffix(r.stderr, "Run 'dcycle new-update --help' for usage.\n"), "\n"); lines != 1 {
				t.Errorf("stderr has %d lines, want one:\n%s", lines, r.stderr)
			}
			if !maps(before, snapshot(t, dir)) {
				t.Errorf("files changed")
			}
		})
	}
}

// TestNextKinds: next --kind prints the number of the next update, or the
// name the next post-update or deploy hook starts with; the name new-update
// then writes starts with it.
func TestNextKinds(t *testing.T) {
	t.Parallel()
	dir := copyModule(t, "d10_site")
	writeTree(t, dir, map[string]string{shopDir + "/shop_deploy.deploy.php": "<?php\nfunction shop_deploy_deploy_10004_old(array &$sandbox): string {\n  return 'x';\n}\n"})
	for _, tt := range []struct {
		kind, want string
		code       int
	}{
		{"update", "10004\n", 0},
		{"post-update", "shop_deploy_post_update_10001\n", 0},
		{"deploy", "shop_deploy_deploy_10005\n", 0},
		{"post_update", "", 2},
	} {
		r := runCLI(t, dir, "next", "--kind", tt.kind)
		if r.stdout != tt.want || r.code != tt.code {
			t.Errorf("next --kind %s: exit %d, %q %q; want exit %d, %q", tt.kind, r.code, r.stdout, r.stderr, tt.code, tt.want)
		}
		if tt.code != 0 || tt.kind == "update" {
			continue
		}
		added := runCLI(t, dir, "new-update", "--kind", tt.kind, "#1 next one")
		if !strings.HasPrefix(added.stdout, strings.TrimSpace(tt.want)+"_next_one ") {
			t.Errorf("new-update --kind %s printed %q, want the name next gave", tt.kind, added.stdout)
		}
	}
	r := runCLI(t, copyModule(t, "d7_seed"), "next", "--kind", "deploy")
	if r.code != 2 || !strings.Contains(r.stderr, "example_deploy is a Drupal 7 module: --kind deploy is for Drupal 8 and later") {
		t.Errorf("next --kind deploy on Drupal 7: exit %d, %q", r.code, r.stderr)
	}
}

// TestLintHookFiles: a lone .post_update.php or .deploy.php, and a module
// whose code is only in them, are linted: each defect is found, exit 1.
func TestLintHookFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"lone/twice_deploy.post_update.php": "<?php\n\n/**\n * #1: A.\n */\nfunction twice_deploy_post_update_10001_a(array &$sandbox): string {\n  return 'a';\n}\n\n/**\n * #1: A.\n */\nfunction twice_deploy_post_update_10001_a(array &$sandbox): string {\n  return 'a';\n}\n",
		"lone/broken_deploy.deploy.php":     "<?php\n\nfunction broken_deploy_deploy_10001_a(array &$sandbox): string {\n  return 'a'\n}\n",
		"lone/old_deploy.deploy.php":        "<?php\n\n/**\n * #2: Front page.\n */\nfunction old_deploy_deploy_10001_front(array &$sandbox): string {\n  variable_set('site_frontpage', 'node/1');\n  return 'Front page.';\n}\n",
		"lone/clean_deploy.deploy.php":      "<?php\n\n/**\n * #3: Nothing.\n */\nfunction clean_deploy_deploy_10001_nothing(array &$sandbox): string {\n  return 'Nothing.';\n}\n",
	})
	writeTree(t, dir, map[string]string{
		"project/composer.json": `{"require": {"drupal/core-recommended": "^10.3"}}` + "\n",
	})
	for path, content := range hookOnlyModule {
		if strings.HasPrefix(path, "web/") {
			writeTree(t, dir, map[string]string{"project/" + path: content})
		}
	}
	writeTree(t, dir, map[string]string{"project/web/modules/custom/blog_deploy/blog_deploy.post_update.php": "<?php\nfunction blog_deploy_post_update_a( {\n"})
	tests := []struct {
		paths []string
		rules []string
		code  int
	}{
		{[]string{"lone/twice_deploy.post_update.php"}, []string{"DC002"}, 1},
		{[]string{"lone/broken_deploy.deploy.php"}, []string{"DC000"}, 1},
		{[]string{"lone/old_deploy.deploy.php"}, []string{"DC012"}, 1},
		{[]string{"lone/clean_deploy.deploy.php"}, nil, 0},
		{[]string{"project"}, []string{"DC000"}, 1},
		{[]string{"project/web/modules/custom/blog_deploy/blog_deploy.deploy.php"}, []string{"DC000"}, 1},
	}
	for _, tt := range tests {
		r := runCLI(t, dir, append([]string{"lint", "--format", "json"}, tt.paths...)...)
		var doc struct {
			Findings []struct{ Rule, Path string } `json:"findings"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
			t.Fatalf("lint %v: exit %d, %v\n%s%s", tt.paths, r.code, err, r.stdout, r.stderr)
		}
		var rules []string
		for _, f := range doc.Findings {
			if !slices.Contains(rules, f.Rule) {
				rules = append(rules, f.Rule)
			}
		}
		for _, want := range tt.rules {
			if !slices.Contains(rules, want) {
				t.Errorf("lint %v: rules %v, want %s", tt.paths, rules, want)
			}
		}
		if r.code != tt.code || tt.code == 0 && len(rules) > 0 {
			t.Errorf("lint %v: exit %d with %v, want %d", tt.paths, r.code, rules, tt.code)
		}
	}
}

// TestListHookOnlyModule lists a module whose code is only in its
// .deploy.php: discovered from the project root, shown by that file.
func TestListHookOnlyModule(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTree(t, dir, hookOnlyModule)
	r := runCLI(t, dir, "list", "--format", "json")
	var doc listing.Document
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || r.code != 0 {
		t.Fatalf("exit %d, %v\n%s", r.code, err, r.stderr)
	}
	path := filepath.Join("web", "modules", "custom", "blog_deploy", "blog_deploy.deploy.php")
	if len(doc.Modules) != 1 || doc.Modules[0].Path != path || len(doc.Modules[0].DeployHooks) != 1 ||
		doc.Modules[0].DeployHooks[0].Function != "blog_deploy_deploy_10001_front_tag" || doc.Modules[0].DeployHooks[0].Runs != "drush deploy" {
		t.Errorf("list: %+v", doc.Modules)
	}
}

// TestLintBaseWithoutInstall: a module whose .install was removed since
// the base, its code left in its .post_update.php, is linted against the
// base like any other: the removed update is reported at the file that is
// left (it made a lint worker dereference the missing .install).
func TestLintBaseWithoutInstall(t *testing.T) {
	t.Parallel()
	dir := gittest.Init(t)
	writeTree(t, dir, map[string]string{
		"x_deploy/x_deploy.info.yml":        "name: X\ntype: module\ncore_version_requirement: ^10\n",
		"x_deploy/x_deploy.install":         "<?php\n\n/**\n * #1: A.\n */\nfunction x_deploy_update_10001() {\n}\n",
		"x_deploy/x_deploy.post_update.php": "<?php\n\n/**\n * #2: B.\n */\nfunction x_deploy_post_update_10001_b(array &$sandbox): string {\n  return 'b';\n}\n",
	})
	gittest.Run(t, dir, "add", ".")
	gittest.Run(t, dir, "commit", "-qm", "base")
	gittest.Run(t, dir, "rm", "-q", "x_deploy/x_deploy.install")
	r := runCLI(t, dir, "lint", "--base", "main", "--format", "json", "x_deploy")
	var doc struct {
		Findings []struct{ Rule, Path string } `json:"findings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || r.code != 1 {
		t.Fatalf("exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	found := false
	for _, f := range doc.Findings {
		found = found || f.Rule == "DC021" && f.Path == filepath.Join("x_deploy", "x_deploy.post_update.php")
	}
	if !found {
		t.Errorf("findings %+v, want DC021 at x_deploy/x_deploy.post_update.php", doc.Findings)
	}
}
