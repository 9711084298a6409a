package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/dcycle/dcycle/internal/phpast"
	"github.com/dcycle/dcycle/internal/phptest"
)

// newUpdateCase is one new-update run on a copy of a fixture.
type newUpdateCase struct {
	name    string
	fixture string
	// install is the .install path inside the fixture, module its name.
	install, module string
	args            []string
	// harness options for the replay of the result; the new update's
	// body runs, the others are simulated.
	enabled []string
	// noPHP is set for a fixture PHP 8 itself rejects.
	noPHP bool
	// replayProblem is the defect of a kept replay that the replay harness
	// reports (lint's business, not new-update's).
	replayProblem string
}

var newUpdateCases = []newUpdateCase{
	{name: "seed", fixture: "d7_seed", install: "example_deploy.install", module: "example_deploy",
		args: []string{"#12349 enable js aggregation"}},
	{name: "seed-recipes", fixture: "d7_seed", install: "example_deploy.install", module: "example_deploy",
		args: []string{"#12350: New admin tools and theme", "--set", "preprocess_css=1", "--enable", "admin_menu,views", "--disable", "toolbar,overlay",
			"--revert", "xyz_feature:views_view,field_base", "--revert", "other_feature", "--theme", "bartik", "--set", "site_name=It's a café", "--set", "page_cache_maximum_age=0.5", "--set", "cache=false"},
		enabled: []string{"xyz_feature", "other_feature"}},
	{name: "clean", fixture: "d7_clean", install: "tidy_deploy.install", module: "tidy_deploy",
		args: []string{"#404 name the site", "--set", "site_name=Tidy", "--set", "site_slogan=null"}},
	{name: "no-install-hook", fixture: "d7_no_install_hook", install: "noinstall_deploy.install", module: "noinstall_deploy",
		args: []string{"#204 enable views", "--enable", "views"}},
	{name: "no-install-hook-quiet", fixture: "d7_no_install_hook", install: "noinstall_deploy.install", module: "noinstall_deploy",
		args: []string{"-q", "#205 quietly"}},
	{name: "explicit-calls", fixture: "d7_explicit_calls", install: "explicit_deploy.install", module: "explicit_deploy",
		args: []string{"#316 revert the article type again", "--revert", "explicit_article:node"}, enabled: []string{"explicit_article"},
		// The list never called 7004 (DC005 says so); new-update adds only
		// the new update's call, it does not decide for the author.
		replayProblem: "want [7001,7002,7003,7004,7005]"},
	{name: "lint-broken", fixture: "d7_lint_broken", install: "risky_deploy.install", module: "risky_deploy",
		args: []string{"#77 disable overlay", "--disable", "overlay"}},
	{name: "last-removed", fixture: "d7_last_removed", install: "legacy_deploy.install", module: "legacy_deploy",
		args: []string{"#7778 new theme", "--theme", "bartik"}},
	{name: "sandbox", fixture: "d7_sandbox", install: "batch_deploy.install", module: "batch_deploy",
		args: []string{"#9 more batches"}, replayProblem: "ArgumentCountError"},
	{name: "crlf-bom", fixture: "d7_crlf_bom", install: "crlf_deploy.install", module: "crlf_deploy",
		args: []string{"#882 cache for ten minutes", "--set", "page_cache_maximum_age=600"}},
	{name: "messy", fixture: "d7_messy", install: "messy_deploy.install", module: "messy_deploy",
		args: []string{"#1009 access denied page", "--set", "site_403=node/1"}, noPHP: true},
	{name: "d7-root", fixture: "d7_root", install: "sites/all/modules/custom/acme_deploy/acme_deploy.install", module: "acme_deploy",
		args: []string{"#55 views everywhere", "--enable", "views"}},
	{name: "d10-site", fixture: "d10_site", install: "web/modules/custom/shop_deploy/shop_deploy.install", module: "shop_deploy",
		args: []string{"#12360 shop front", "--config", "system.performance:css.preprocess=true", "--enable", "views,shop_front",
			"--uninstall", "toolbar", "--theme", "olivero", "--config", "system.site:name=Shop's front", "--config", "shop.settings:limit=25"}},
	{name: "d10-docroot", fixture: "d10_docroot", install: "docroot/modules/custom/portal_deploy/portal_deploy.install", module: "portal_deploy",
		args: []string{"PORTAL-60 tidy up"}},
	{name: "two-modules", fixture: "two_deploy_modules", install: "web/modules/custom/beta_deploy/beta_deploy.install", module: "beta_deploy",
		args: []string{"--module", "beta_deploy", "#3 enable views", "--enable", "views"}},
}

var functionLine = regexp.MustCompile(`^(\w+_update_(\d+)) `)

// TestNewUpdateGoldens runs new-update on every fixture that parses, compares
// the transcript and the resulting file with goldens, and checks the result
// with the real PHP: php -l, and the replay harness running the new update's
// body against the Drupal stubs, every update once, in order, resumably.
func TestNewUpdateGoldens(t *testing.T) {
	t.Parallel()
	for _, tc := range newUpdateCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := copyModule(t, tc.fixture)
			path := filepath.Join(dir, filepath.FromSlash(tc.install))
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			args := append([]string{"new-update"}, tc.args...)
			r := runCLI(t, dir, args...)
			checkGolden(t, filepath.Join("testdata", "cli", "new-update", tc.name+".txt"), r.transcript(args))
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, filepath.Join("testdata", "cli", "new-update", tc.name+".install"), string(after))

			m := functionLine.FindStringSubmatch(r.stdout)
			if m == nil {
				t.Fatalf("stdout %q does not start with the new function", r.stdout)
			}
			checkOldUpdatesKept(t, tc.module, before, after)
			if tc.noPHP {
				return
			}
			phptest.Lint(t, path)
			rep := phptest.Replay(t, tc.module, path, phptest.ReplayOptions{Run: m[2], Enabled: tc.enabled})
			if tc.replayProblem != "" {
				if rep.OK || !strings.Contains(strings.Join(rep.Problems, "\n"), tc.replayProblem) {
					t.Errorf("replay: ok %v, problems %q; want the kept replay's %s", rep.OK, rep.Problems, tc.replayProblem)
				}
				return
			}
			number, _ := strconv.Atoi(m[2])
			if !rep.OK || len(rep.Completed) == 0 || rep.Completed[len(rep.Completed)-1] != number {
				t.Errorf("replay: ok %v, completed %v, want every update through %d; problems %q", rep.OK, rep.Completed, number, rep.Problems)
			}
		})
	}
}

// checkOldUpdatesKept parses both versions and checks that every update of
// before is in after, byte for byte, and that after has exactly one more.
func checkOldUpdatesKept(t *testing.T, module string, before, after []byte) {
	t.Helper()
	opts := phpast.Options{Module: module}
	old, err := phpast.ParseFile("before", before, opts)
	if err != nil {
		t.Fatal(err)
	}
	updated, err := phpast.ParseFile("after", after, opts)
	if err != nil {
		t.Fatalf("result does not parse: %v", err)
	}
	count := func(f *phpast.File) int {
		n := 0
		for _, fn := range f.Functions {
			if fn.Kind == phpast.KindUpdate {
				n++
			}
		}
		return n
	}
	if count(updated) != count(old)+1 {
		t.Errorf("%d updates after, want %d", count(updated), count(old)+1)
	}
	for _, fn := range old.Functions {
		if fn.Kind == phpast.KindUpdate && !bytes.Contains(after, before[fn.Span.Start:fn.Span.End]) {
			t.Errorf("%s changed", fn.Name)
		}
	}
}

// The seed module gets example_deploy_update_7005 appended and nothing else
// changes: the result is the original with one insertion.
func TestNewUpdateSeedOnlyAppends(t *testing.T) {
	t.Parallel()
	dir := copyModule(t, "d7_seed")
	path := filepath.Join(dir, "example_deploy.install")
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, dir, "new-update", "#12349 enable js aggregation", "--set", "preprocess_js=1")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if want := "example_deploy_update_7005 example_deploy.install:56\n"; r.stdout != want {
		t.Errorf("stdout %q, want %q", r.stdout, want)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// The seed ends with "}\n": the new function goes after the brace, the
	// final newline stays last.
	head := before[:len(before)-1]
	if !bytes.HasPrefix(after, head) || !bytes.HasSuffix(after, []byte("\n}\n")) {
		t.Fatalf("the original is not kept around the insertion:\n%s", after)
	}
	inserted := string(after[len(head) : len(after)-1])
	want := "\n\n/**\n * #12349: Enable js aggregation.\n */\nfunction example_deploy_update_7005() {\n"
	if !strings.HasPrefix(inserted, want) || strings.Count(inserted, "\nfunction ") != 1 || strings.Contains(inserted, "example_deploy_install") {
		t.Errorf("inserted text is not just the new function:\n%s", inserted)
	}
	if !strings.Contains(inserted, "  variable_set('preprocess_js', 1);\n") {
		t.Errorf("inserted text does not set preprocess_js:\n%s", inserted)
	}
}

// Failures exit 2 with one clear line and leave every file as it was.
func TestNewUpdateRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, fixture string
		args          []string
		// prepare changes the copy before the run.
		prepare func(t *testing.T, dir string)
	}{
		{name: "syntax-error", fixture: "d7_syntax_error", args: []string{"#1 x"}},
		{name: "no-issue", fixture: "d7_seed", args: []string{"enable js aggregation"}},
		{name: "no-summary", fixture: "d7_seed", args: []string{"#12"}},
		{name: "two-modules", fixture: "two_deploy_modules", args: []string{"#1 x"}},
		{name: "unknown-module", fixture: "d7_seed", args: []string{"--module", "nope_deploy", "#1 x"}},
		{name: "d7-recipe-on-d10", fixture: "d10_site", args: []string{"#1 x", "--set", "preprocess_js=1"}},
		{name: "revert-on-d10", fixture: "d10_site", args: []string{"#1 x", "--revert", "f"}},
		{name: "disable-on-d10", fixture: "d10_site", args: []string{"#1 x", "--disable", "toolbar"}},
		{name: "uninstall-on-d7", fixture: "d7_seed", args: []string{"#1 x", "--uninstall", "toolbar"}},
		{name: "config-on-d7", fixture: "d7_seed", args: []string{"#1 x", "--config", "system.site:name=x"}},
		{name: "bad-recipe", fixture: "d7_seed", args: []string{"#1 x", "--enable", "views;drop"}},
		{name: "bad-templates", fixture: "d7_seed", args: []string{"#1 x", "--templates", "no/such/dir"}},
		{name: "no-argument", fixture: "d7_seed", args: []string{}},
		{name: "no-number-left", fixture: "d7_seed", args: []string{"#1 x"}, prepare: useLastD7Number},
		{name: "read-only", fixture: "d7_seed", args: []string{"#1 x"}, prepare: func(t *testing.T, dir string) {
			if err := os.Chmod(filepath.Join(dir, "example_deploy.install"), 0o444); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "binary", fixture: "d7_seed", args: []string{"#1 x"}, prepare: func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, "example_deploy.install"), []byte("<?php\n\x00\x01\x02"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "not-php", fixture: "d7_seed", args: []string{"#1 x"}, prepare: func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, "example_deploy.install"), []byte("Just notes, no code.\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "template-breaks-php", fixture: "d7_seed", args: []string{"#1 x", "--templates", "tmpl"}, prepare: func(t *testing.T, dir string) {
			writeTree(t, dir, map[string]string{"tmpl/d7.update.php.tmpl": `{{define "update"}}function {{.Function}}( {{end}}`})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := copyModule(t, tt.fixture)
			if tt.prepare != nil {
				tt.prepare(t, dir)
			}
			before := snapshot(t, dir)
			args := append([]string{"new-update"}, tt.args...)
			r := runCLI(t, dir, args...)
			// Discovery names the folder it searched, which is temporary.
			checkGolden(t, filepath.Join("testdata", "cli", "new-update", "refuse-"+tt.name+".txt"), strings.ReplaceAll(r.transcript(args), dir, "$DIR"))
			if r.code != 2 {
				t.Errorf("exit %d, want 2", r.code)
			}
			if lines := strings.Count(strings.TrimSuffix(r.stderr, "Run 'dcycle new-update --help' for usage.\n"), "\n"); lines != 1 && tt.name != "two-modules" {
				t.Errorf("stderr has %d lines, want one:\n%s", lines, r.stderr)
			}
			if strings.Contains(r.stderr, "goroutine") || r.stdout != "" {
				t.Errorf("stdout %q, stderr %q", r.stdout, r.stderr)
			}
			if after := snapshot(t, dir); !maps(before, after) {
				t.Errorf("files changed")
			}
		})
	}
}

// snapshot reads every file below dir.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		files[path] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func maps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestNewUpdateDryRun(t *testing.T) {
	t.Parallel()
	for fixture, install := range map[string]string{"d7_no_install_hook": "noinstall_deploy.install", "d7_crlf_bom": "crlf_deploy.install"} {
		t.Run(fixture, func(t *testing.T) {
			t.Parallel()
			dir := copyModule(t, fixture)
			before := snapshot(t, dir)
			args := []string{"new-update", "#1 try it", "--enable", "views", "--dry-run"}
			r := runCLI(t, dir, args...)
			checkGolden(t, filepath.Join("testdata", "cli", "new-update", "dry-run-"+fixture+".txt"), r.transcript(args))
			if r.code != 0 {
				t.Errorf("exit %d", r.code)
			}
			if !maps(before, snapshot(t, dir)) {
				t.Errorf("--dry-run wrote")
			}
			// The diff, applied with patch, gives what a real run writes.
			patch, err := exec.LookPath("patch")
			if err != nil {
				t.Skip("patch not found")
			}
			realDir := copyModule(t, fixture)
			if real := runCLI(t, realDir, args[:len(args)-1]...); real.code != 0 {
				t.Fatalf("real run: exit %d", real.code)
			}
			cmd := exec.Command(patch, "-s", "-p1")
			cmd.Dir = dir
			cmd.Stdin = strings.NewReader(r.stdout)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("patch: %v\n%s", err, out)
			}
			patched, _ := os.ReadFile(filepath.Join(dir, install))
			written, _ := os.ReadFile(filepath.Join(realDir, install))
			if !bytes.Equal(patched, written) {
				t.Errorf("the dry-run diff does not give the file a real run writes")
			}
		})
	}
}

// Recipes run in the order of the command line, across flags.
func TestNewUpdateRecipeOrder(t *testing.T) {
	t.Parallel()
	dir := copyModule(t, "d7_seed")
	r := runCLI(t, dir, "new-update", "#1 order", "--set", "a=1", "--enable", "views", "--set", "b=2", "--theme", "bartik", "--enable", "ctools")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	rep := phptest.Replay(t, "example_deploy", filepath.Join(dir, "example_deploy.install"), phptest.ReplayOptions{Run: "7005"})
	want := []string{"variable_set a 1", "module_enable views", "variable_set b 2", "theme_enable bartik", `variable_set theme_default "bartik"`, "module_enable ctools"}
	if !slices.Equal(rep.Log, want) || !rep.OK {
		t.Errorf("log %q, want %q; problems %q", rep.Log, want, rep.Problems)
	}
}

// Generated code checks that it worked and throws when it did not; the
// resumable replay then records the last completed update.
func TestNewUpdateRecipesFailLoudly(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, fixture, install, module string
		args                           []string
		opts                           phptest.ReplayOptions
		class, message                 string
	}{
		{"enable missing module", "d7_clean", "tidy_deploy.install", "tidy_deploy", []string{"--enable", "views,nope"},
			phptest.ReplayOptions{Missing: []string{"nope"}}, "DrupalUpdateException", "views, nope could not be enabled"},
		{"theme missing", "d7_clean", "tidy_deploy.install", "tidy_deploy", []string{"--theme", "nope"},
			phptest.ReplayOptions{Missing: []string{"nope"}}, "DrupalUpdateException", "The nope theme is not enabled"},
		{"variable overridden in settings.php", "d7_clean", "tidy_deploy.install", "tidy_deploy", []string{"--set", "preprocess_js=1"},
			phptest.ReplayOptions{Overrides: []string{"preprocess_js=0"}}, "DrupalUpdateException", "preprocess_js is overridden in settings.php"},
		{"feature not enabled", "d7_clean", "tidy_deploy.install", "tidy_deploy", []string{"--revert", "f:node"},
			phptest.ReplayOptions{}, "DrupalUpdateException", "The f feature is not enabled"},
		{"d10 config overridden", "d10_site", "web/modules/custom/shop_deploy/shop_deploy.install", "shop_deploy", []string{"--config", "system.performance:css.preprocess=true"},
			phptest.ReplayOptions{Overrides: []string{"system.performance:css.preprocess=false"}}, `Drupal\Core\Utility\UpdateException`, "system.performance:css.preprocess did not keep its new value"},
		{"d10 theme missing", "d10_site", "web/modules/custom/shop_deploy/shop_deploy.install", "shop_deploy", []string{"--theme", "nope"},
			phptest.ReplayOptions{Missing: []string{"nope"}}, "Exception", "Unknown themes: nope."},
		{"d10 module missing", "d10_site", "web/modules/custom/shop_deploy/shop_deploy.install", "shop_deploy", []string{"--enable", "nope"},
			phptest.ReplayOptions{Missing: []string{"nope"}}, "Exception", "module 'nope' is missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := copyModule(t, tt.fixture)
			r := runCLI(t, dir, append([]string{"new-update", "#1 try"}, tt.args...)...)
			m := functionLine.FindStringSubmatch(r.stdout)
			if r.code != 0 || m == nil {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			opts := tt.opts
			opts.Run = m[2]
			rep := phptest.Replay(t, tt.module, filepath.Join(dir, filepath.FromSlash(tt.install)), opts)
			if rep.Exception == nil || rep.Exception.Class != tt.class || !strings.Contains(rep.Exception.Message, tt.message) {
				t.Fatalf("exception %+v, want %s with %q", rep.Exception, tt.class, tt.message)
			}
			number, _ := strconv.Atoi(m[2])
			if want := rep.Updates[len(rep.Updates)-2]; rep.Schema != want || len(rep.Completed) != len(rep.Updates)-1 || slices.Contains(rep.Completed, number) {
				t.Errorf("schema %d, completed %v; want %d and every update but %d", rep.Schema, rep.Completed, want, number)
			}
		})
	}
}

func TestNewUpdateTemplatesFlag(t *testing.T) {
	t.Parallel()
	dir := copyModule(t, "d7_seed")
	writeTree(t, dir, map[string]string{"tmpl/d7.update.php.tmpl": `{{define "update"}}/**
 * {{.DocLine}}
 */
function {{.Function}}() {
  // House style.
}{{end}}`})
	r := runCLI(t, dir, "new-update", "#1 our way", "--templates", "tmpl")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	b, err := os.ReadFile(filepath.Join(dir, "example_deploy.install"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(string(b), "}\n\n/**\n * #1: Our way.\n */\nfunction example_deploy_update_7005() {\n  // House style.\n}\n") {
		t.Errorf("override not used:\n%s", b)
	}
}

// Several new-update processes at once on one module get distinct,
// consecutive numbers, and the file parses and replays.
func TestNewUpdateConcurrentProcesses(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	dir := copyModule(t, "d7_seed")
	const runs = 6
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		numbers []int
	)
	for i := 0; i < runs; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(bin, "new-update", fmt.Sprintf("#%d concurrent", i), "--set", fmt.Sprintf("v%d=%d", i, i))
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "NO_COLOR=1")
			out, err := cmd.Output()
			if err != nil {
				t.Errorf("run %d: %v\n%s", i, err, out)
				return
			}
			m := functionLine.FindStringSubmatch(string(out))
			if m == nil {
				t.Errorf("run %d: output %q", i, out)
				return
			}
			n, _ := strconv.Atoi(m[2])
			mu.Lock()
			numbers = append(numbers, n)
			mu.Unlock()
		}()
	}
	wg.Wait()
	slices.Sort(numbers)
	if want := []int{7005, 7006, 7007, 7008, 7009, 7010}; !slices.Equal(numbers, want) {
		t.Errorf("numbers %v, want %v", numbers, want)
	}
	path := filepath.Join(dir, "example_deploy.install")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := phpast.ParseFile(path, b, phpast.Options{Module: "example_deploy"})
	if err != nil {
		t.Fatalf("result does not parse: %v", err)
	}
	seen := 0
	for _, fn := range f.Functions {
		if fn.Kind == phpast.KindUpdate {
			seen++
		}
	}
	if seen != 4+runs {
		t.Errorf("%d updates, want %d", seen, 4+runs)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("%s left behind", e.Name())
		}
	}
	phptest.Lint(t, path)
	if rep := phptest.Replay(t, "example_deploy", path, phptest.ReplayOptions{}); !rep.OK || len(rep.Completed) != 4+runs {
		t.Errorf("replay: ok %v, completed %v, problems %q", rep.OK, rep.Completed, rep.Problems)
	}
}

// BenchmarkNewUpdateCommand is new-update as the user runs it, in process:
// discovery, lock, read, parse, generate, verify, atomic write, on a module
// of 1,000 updates. Each iteration starts from the same file.
func BenchmarkNewUpdateCommand(b *testing.B) {
	dir := b.TempDir()
	var src strings.Builder
	// Drupal 10: a Drupal 7 module holds at most 999 updates.
	src.WriteString("<?php\n\nfunction big_deploy_install($is_syncing) {\n  $registry = \\Drupal::service('update.update_hook_registry');\n  $last = 10000;\n  try {\n    foreach ($registry->getAvailableUpdates('big_deploy') as $number) {\n      $sandbox = [];\n      do {\n        $function = 'big_deploy_update_' . $number;\n        $function($sandbox);\n      } while (isset($sandbox['#finished']) && $sandbox['#finished'] < 1);\n      $last = $number;\n    }\n  }\n  catch (\\Throwable $e) {\n    $registry->setInstalledVersion('big_deploy', $last);\n    throw $e;\n  }\n}\n")
	for i := 1; i <= 1000; i++ {
		fmt.Fprintf(&src, "\n/**\n * #%d: Set key number %d.\n */\nfunction big_deploy_update_%d() {\n  \\Drupal::configFactory()->getEditable('big.settings')->set('k_%d', %d)->save();\n}\n", 10000+i, i, 10000+i+i/1000, i, i)
	}
	install := filepath.Join(dir, "big_deploy.install")
	if err := os.WriteFile(filepath.Join(dir, "big_deploy.info.yml"), []byte("name: Big deploy\ntype: module\ncore_version_requirement: ^10\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	s := &streams{in: strings.NewReader(""), out: io.Discard, err: io.Discard}
	e := env{getenv: func(string) string { return "" }, dir: dir}
	for b.Loop() {
		b.StopTimer()
		if err := os.WriteFile(install, []byte(src.String()), 0o644); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if code := run([]string{"new-update", "#1 bench", "--config", "system.performance:css.preprocess=true"}, s, e); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
