package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcycle/dcycle/internal/gittest"
)

// legacyInstall is a Drupal 7 deploy module whose first two updates have
// findings (DC008 in 7001, DC009 in 7002) and ran in production long ago;
// extra is appended as later updates.
func legacyInstall(extra string) string {
	return `<?php

/**
 * @file
 * Site deployment functions.
 */

/**
 * Implements hook_install().
 */
function legacy_deploy_install() {
  $last = 7000;
  try {
    foreach (drupal_get_schema_versions('legacy_deploy') as $number) {
      $sandbox = array();
      do {
        $function = 'legacy_deploy_update_' . $number;
        $function($sandbox);
      } while (isset($sandbox['#finished']) && $sandbox['#finished'] < 1);
      $last = $number;
    }
  }
  catch (Exception $e) {
    drupal_set_installed_schema_version('legacy_deploy', $last);
    throw $e;
  }
}

/**
 * #101: Store newsletter subscriptions in their own table.
 */
function legacy_deploy_update_7001() {
  db_create_table('legacy_newsletter', array(
    'fields' => array('id' => array('type' => 'serial')),
    'primary key' => array('id'),
  ));
}

/**
 * #102: Enable the admin menu.
 */
function legacy_deploy_update_7002() {
  module_enable(array('admin_menu'));
}
` + extra
}

// update7003 is a new update with a finding of its own (DC008).
const update7003 = `
/**
 * #103: Store the votes.
 */
function legacy_deploy_update_7003() {
  db_create_table('legacy_votes', array(
    'fields' => array('id' => array('type' => 'serial')),
    'primary key' => array('id'),
  ));
}
`

// legacyRepo is a repository holding the legacy module, committed and
// tagged prod: the state production runs.
func legacyRepo(t *testing.T) (dir, install string) {
	t.Helper()
	dir = gittest.Init(t)
	module := filepath.Join("sites", "all", "modules", "custom", "legacy_deploy")
	writeTree(t, dir, map[string]string{
		"index.php":              "<?php\n",
		"includes/bootstrap.inc": "<?php\n",
		filepath.Join(module, "legacy_deploy.info"):    "name = Legacy deploy\ncore = 7.x\n",
		filepath.Join(module, "legacy_deploy.module"):  "<?php\n",
		filepath.Join(module, "legacy_deploy.install"): legacyInstall(""),
	})
	gittest.Run(t, dir, "add", ".")
	gittest.Run(t, dir, "commit", "-qm", "legacy")
	gittest.Run(t, dir, "tag", "prod")
	return dir, filepath.Join(dir, module, "legacy_deploy.install")
}

// findingsOf runs lint with --format json and returns "RULE function" for
// each finding, with the exit code and stderr.
func findingsOf(t *testing.T, dir string, args ...string) ([]string, int, string) {
	t.Helper()
	r := runCLI(t, dir, append([]string{"lint", "--format", "json"}, args...)...)
	if r.code == exitFailure {
		t.Fatalf("lint %s: exit 2\n%s", strings.Join(args, " "), r.stderr)
	}
	var doc struct {
		Findings []struct{ Rule, Function string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("lint %s: %v\n%s", strings.Join(args, " "), err, r.stdout)
	}
	out := []string{}
	for _, f := range doc.Findings {
		out = append(out, f.Rule+" "+f.Function)
	}
	return out, r.code, r.stderr
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLintNewSinceAndBaseline adopts dcycle on a legacy module whose old
// updates have findings that cannot be fixed any more: --new-since reports
// only the new update's; a baseline hides the old ones, keeps hiding them
// when lines are inserted above them, and reports its entry for an update
// that was fixed.
func TestLintNewSinceAndBaseline(t *testing.T) {
	t.Parallel()
	dir, install := legacyRepo(t)
	old := []string{"DC008 legacy_deploy_update_7001", "DC009 legacy_deploy_update_7002"}
	got, code, _ := findingsOf(t, dir)
	if diff := cmp.Diff(old, got); diff != "" || code != exitFindings {
		t.Fatalf("legacy module: exit %d, findings (-want +got):\n%s", code, diff)
	}
	r := runCLI(t, dir, "lint", "--generate-baseline", "dcycle-baseline.json")
	if r.code != exitOK || r.stdout != "" || r.stderr != "dcycle-baseline.json: 2 findings recorded in 2 entries\n" {
		t.Fatalf("--generate-baseline: exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if got, code, _ := findingsOf(t, dir, "--baseline", "dcycle-baseline.json"); len(got) != 0 || code != exitOK {
		t.Fatalf("with the baseline: exit %d, findings %v, want none", code, got)
	}

	writeFile(t, install, legacyInstall(update7003))
	newOnly := []string{"DC008 legacy_deploy_update_7003"}
	for _, args := range [][]string{{"--new-since", "prod"}, {"--baseline", "dcycle-baseline.json"}} {
		got, code, stderr := findingsOf(t, dir, args...)
		if diff := cmp.Diff(newOnly, got); diff != "" || code != exitFindings || stderr != "" {
			t.Errorf("lint %s: exit %d, stderr %q, findings (-want +got):\n%s", strings.Join(args, " "), code, stderr, diff)
		}
	}
	if got, _, _ := findingsOf(t, dir); len(got) != 3 {
		t.Errorf("without either: %v, want all three findings", got)
	}

	// Lines inserted above the old updates, and a comment and new
	// indentation inside one: the baseline is not keyed by line.
	moved := strings.Replace(legacyInstall(update7003), "<?php\n", "<?php\n\n// Deployment history of the site.\n// Do not edit the updates below: they ran in production.\n", 1)
	moved = strings.Replace(moved, "  module_enable(array('admin_menu'));", "  // Enables the admin menu.\n    module_enable(array('admin_menu'));", 1)
	writeFile(t, install, moved)
	if got, _, stderr := findingsOf(t, dir, "--baseline", "dcycle-baseline.json"); !cmp.Equal(newOnly, got) || stderr != "" {
		t.Errorf("after lines moved: findings %v (want %v), stderr %q", got, newOnly, stderr)
	}
	if got, _, _ := findingsOf(t, dir, "--new-since", "prod"); !cmp.Equal(newOnly, got) {
		t.Errorf("--new-since after lines moved: findings %v, want %v", got, newOnly)
	}

	// Update 7002 fixed (which DC020 would report with --base): its entry
	// is stale, and said so; the run's result depends on findings only.
	fixed := strings.Replace(moved, "    module_enable(array('admin_menu'));", "    if (!module_enable(array('admin_menu'))) {\n    throw new DrupalUpdateException('admin_menu is missing.');\n  }", 1)
	writeFile(t, install, fixed)
	got, code, stderr := findingsOf(t, dir, "--baseline", "dcycle-baseline.json")
	if !cmp.Equal(newOnly, got) || code != exitFindings {
		t.Errorf("after the fix: exit %d, findings %v, want %v", code, got, newOnly)
	}
	want := "dcycle-baseline.json: baseline entry DC009 in legacy_deploy_update_7002() matches no finding: the code changed or was fixed; remove the entry, or regenerate the baseline with --generate-baseline\n"
	if stderr != want {
		t.Errorf("stale entry: stderr\n%q\nwant\n%q", stderr, want)
	}
	// An edited update counts as new code for --new-since.
	if got, _, _ := findingsOf(t, dir, "--new-since", "prod"); !cmp.Equal(newOnly, got) {
		t.Errorf("--new-since after the fix: findings %v, want %v", got, newOnly)
	}
}

// TestLintNewSinceKeepsEditedUpdates: an update that exists at the ref but
// whose code changed since is new code, held to the rules.
func TestLintNewSinceKeepsEditedUpdates(t *testing.T) {
	t.Parallel()
	dir, install := legacyRepo(t)
	edited := strings.Replace(legacyInstall(""), "  module_enable(array('admin_menu'));", "  module_enable(array('admin_menu', 'toolbar'));", 1)
	writeFile(t, install, edited)
	got, _, _ := findingsOf(t, dir, "--new-since", "prod")
	if diff := cmp.Diff([]string{"DC009 legacy_deploy_update_7002"}, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	r := runCLI(t, dir, "lint", "--new-since", "no-such-ref")
	if r.code != exitFailure || !strings.Contains(r.stderr, `unknown git ref "no-such-ref"`) {
		t.Errorf("unknown ref: exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestLintStaged is the pre-commit view: lint --staged reads the index.
// A broken version staged with a fixed one in the working tree fails; the
// reverse passes.
func TestLintStaged(t *testing.T) {
	t.Parallel()
	dir, install := legacyRepo(t)
	clean := strings.Replace(strings.Replace(legacyInstall(""),
		"  db_create_table(", "  if (!db_table_exists('legacy_newsletter')) {\n  db_create_table(", 1),
		"  ));\n}", "  ));\n  }\n}", 1)
	clean = strings.Replace(clean, "  module_enable(array('admin_menu'));", "  if (!module_enable(array('admin_menu'))) {\n    throw new DrupalUpdateException('admin_menu is missing.');\n  }", 1)
	writeFile(t, install, clean)
	if got, code, _ := findingsOf(t, dir); len(got) != 0 || code != exitOK {
		t.Fatalf("the clean module: exit %d, findings %v", code, got)
	}
	gittest.Run(t, dir, "add", ".")
	gittest.Run(t, dir, "commit", "-qm", "clean")

	broken := clean + "\nfunction legacy_deploy_update_7003() {\n  $x = ;\n}\n"
	writeFile(t, install, broken)
	gittest.Run(t, dir, "add", ".")
	writeFile(t, install, clean)
	rel := filepath.ToSlash(filepath.Join("sites", "all", "modules", "custom", "legacy_deploy", "legacy_deploy.install"))
	for _, args := range [][]string{{"--staged"}, {"--staged", rel}, {"--staged", "--module", "legacy_deploy"}} {
		r := runCLI(t, dir, append([]string{"lint"}, args...)...)
		if r.code != exitFindings || !regexp.MustCompile(`(?m)^`+regexp.QuoteMeta(rel)+`:\d+:\d+: error DC000 `).MatchString(r.stdout) {
			t.Errorf("lint %s with a staged syntax error: exit %d\n%s%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
		}
	}
	if r := runCLI(t, dir, "lint"); r.code != exitOK {
		t.Errorf("lint of the fixed working tree: exit %d\n%s", r.code, r.stdout)
	}

	// The reverse: the fixed version staged, the broken one in the tree.
	gittest.Run(t, dir, "add", ".")
	writeFile(t, install, broken)
	if r := runCLI(t, dir, "lint", "--staged"); r.code != exitOK || r.stdout != "no findings\n" {
		t.Errorf("lint --staged with a clean index: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runCLI(t, dir, "lint"); r.code != exitFindings {
		t.Errorf("lint of the broken working tree: exit %d\n%s", r.code, r.stdout)
	}

	// Nothing staged of a deploy module: nothing to lint.
	gittest.Run(t, dir, "reset", "-q")
	writeTree(t, dir, map[string]string{"README.txt": "x\n"})
	gittest.Run(t, dir, "add", "README.txt")
	if r := runCLI(t, dir, "lint", "--staged"); r.code != exitOK || r.stdout != "no findings\n" {
		t.Errorf("lint --staged with no module staged: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestLintStagedOutsideGit(t *testing.T) {
	gittest.Need(t)
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	r := runCLI(t, dir, "lint", "--staged")
	if r.code != exitFailure || !strings.Contains(r.stderr, "not inside a git repository, which --staged needs") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestLintAdoptionUsage(t *testing.T) {
	t.Parallel()
	dir := modulesDir(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--report", "gitlab"}, `--report takes FORMAT=FILE, not "gitlab"`},
		{[]string{"--report", "xml=x.xml"}, `--report: the format must be one of`},
		{[]string{"--staged", "--fix"}, "--fix writes the working tree, --staged reads the index"},
		{[]string{"--baseline", "a", "--generate-baseline", "b"}, "use one of them"},
		{[]string{"--generate-baseline", "b", "--fix"}, "run one, then the other"},
		{[]string{"--baseline", "no-such-baseline.json"}, "no-such-baseline.json: cannot read the baseline"},
	} {
		r := runCLI(t, dir, append([]string{"lint", "d7_clean"}, tc.args...)...)
		if r.code != exitFailure || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("lint %s: exit %d, stderr %q, want %q", strings.Join(tc.args, " "), r.code, r.stderr, tc.want)
		}
	}
}

// TestLintReports writes several reports in one run beside the main
// output; each equals what --format writes.
func TestLintReports(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	modules := modulesDir(t)
	r := runCLI(t, modules, "lint", "d7_lint_broken", "--report", "gitlab="+filepath.Join(dir, "gl.json"), "--report", "junit="+filepath.Join(dir, "junit.xml"))
	main := runCLI(t, modules, "lint", "d7_lint_broken")
	if r.code != exitFindings || r.stdout != main.stdout {
		t.Errorf("exit %d; the main output changed with --report:\n%s", r.code, r.stdout)
	}
	for name, file := range map[string]string{"gitlab": "gl.json", "junit": "junit.xml"} {
		want := runCLI(t, modules, "lint", "d7_lint_broken", "--format", name)
		got, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want.stdout, string(got)); diff != "" {
			t.Errorf("--report %s=%s (-want +got):\n%s", name, file, diff)
		}
	}
	// A report to a folder that does not exist is an I/O error.
	r = runCLI(t, modules, "lint", "d7_clean", "--report", "junit="+filepath.Join(dir, "no", "such", "x.xml"))
	if r.code != exitFailure || !strings.Contains(r.stderr, "--report junit=") {
		t.Errorf("report into a missing folder: exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestLintGitHubActions: in a GitHub Actions job, lint writes workflow
// commands unless --format says otherwise.
func TestLintGitHubActions(t *testing.T) {
	t.Parallel()
	dir := modulesDir(t)
	actions := map[string]string{"GITHUB_ACTIONS": "true"}
	r := runCLIEnv(t, dir, actions, "lint", "d7_lint_broken")
	if !strings.HasPrefix(r.stdout, "::error file=d7_lint_broken/risky_deploy.install,line=12,") {
		t.Errorf("under GITHUB_ACTIONS=true: %q", r.stdout)
	}
	if r := runCLIEnv(t, dir, actions, "lint", "--format", "text", "d7_lint_broken"); strings.Contains(r.stdout, "::error") {
		t.Errorf("--format text under GITHUB_ACTIONS=true wrote workflow commands:\n%s", r.stdout)
	}
	if r := runCLIEnv(t, dir, map[string]string{"GITHUB_ACTIONS": "false"}, "lint", "d7_lint_broken"); strings.Contains(r.stdout, "::error") {
		t.Errorf("GITHUB_ACTIONS=false wrote workflow commands:\n%s", r.stdout)
	}
}
