package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dcycle/dcycle/internal/gittest"
	"github.com/dcycle/dcycle/internal/phptest"
)

// moduleInRepo is where the history tests keep the deploy module.
const moduleInRepo = "sites/all/modules/custom/example_deploy"

// historyRepo is a git repository with the story behind DC022: a branch
// "feature" forked when the module had updates 7001–7002 and added its own
// 7003, while "main" added 7003 and 7004. "feature" is checked out.
type historyRepo struct {
	t   *testing.T
	dir string
}

func newHistoryRepo(t *testing.T) *historyRepo {
	t.Helper()
	r := &historyRepo{t: t, dir: gittest.Init(t)}
	r.copy("example_deploy.info", "example_deploy.info")
	r.copy("example_deploy.module", "example_deploy.module")
	r.copy("fork.install", "example_deploy.install")
	r.commit("deploy module with 7001–7002")
	r.git("branch", "feature")
	r.copy("main.install", "example_deploy.install")
	r.commit("7003 and 7004")
	r.git("checkout", "-q", "feature")
	r.copy("feature.install", "example_deploy.install")
	r.commit("feature: aggregate css")
	return r
}

func (r *historyRepo) git(args ...string) string {
	r.t.Helper()
	return gittest.Run(r.t, r.dir, args...)
}

// copy puts testdata/cli/renumber/from into the module as name.
func (r *historyRepo) copy(from, name string) {
	r.t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "cli", "renumber", from))
	if err != nil {
		r.t.Fatal(err)
	}
	r.write(name, string(src))
}

func (r *historyRepo) write(name, content string) {
	r.t.Helper()
	gittest.Write(r.t, r.dir, filepath.Join(moduleInRepo, name), content)
}

func (r *historyRepo) read(name string) string {
	r.t.Helper()
	src, err := os.ReadFile(filepath.Join(r.dir, moduleInRepo, name))
	if err != nil {
		r.t.Fatal(err)
	}
	return string(src)
}

func (r *historyRepo) commit(msg string) {
	r.t.Helper()
	r.git("add", "-A")
	r.git("commit", "-q", "-m", msg)
}

// edit replaces old with new in the module's .install, failing when old is
// not there.
func (r *historyRepo) edit(old, new string) {
	r.t.Helper()
	src := r.read("example_deploy.install")
	if !strings.Contains(src, old) {
		r.t.Fatalf("the .install has no %q", old)
	}
	r.write("example_deploy.install", strings.Replace(src, old, new, 1))
}

// TestLintBase runs lint --base on working trees that fire each history
// rule, and on ones that must not.
func TestLintBase(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		setup func(r *historyRepo)
		args  []string
	}{
		{
			name: "branch adds a number main already used",
			args: []string{"lint", "--base", "main"},
		},
		{
			name: "edited reformatted and removed on main",
			setup: func(r *historyRepo) {
				r.git("checkout", "-q", "main")
				r.edit("variable_set('preprocess_js', 1);", "variable_set('preprocess_js', 1);\n  variable_set('preprocess_css', 1);")
				r.edit(" * #102: Set the default theme.\n */", " * #102: Set the default theme.\n *\n * Bartik until the new theme is ready.\n */")
				r.edit("  variable_set('theme_default', 'bartik');", "  // The admin theme stays.\n  variable_set(\n    'theme_default',\n    'bartik'\n  );")
				src := r.read("example_deploy.install")
				r.write("example_deploy.install", src[:strings.Index(src, "\n/**\n * #104")+1])
			},
			args: []string{"lint", "--base", "HEAD"},
		},
		{
			name: "docblock reworded only",
			setup: func(r *historyRepo) {
				r.git("checkout", "-q", "main")
				r.edit(" * #101: Enable js aggregation.", " * #101: Enable JavaScript aggregation.\n *\n * Fewer requests per page.")
			},
			args: []string{"lint", "--base", "HEAD"},
		},
		{
			name: "json",
			args: []string{"lint", "--base", "main", "--format", "json"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newHistoryRepo(t)
			if tt.setup != nil {
				tt.setup(r)
			}
			res := runCLI(t, r.dir, tt.args...)
			checkGolden(t, filepath.Join("testdata", "cli", "renumber", "lint_"+strings.ReplaceAll(tt.name, " ", "_")+".golden"), res.transcript(tt.args))
		})
	}
}

// TestRenumber renumbers the branch's 7003 above main's 7004 and checks the
// result the way CI would: lint --base main is clean, PHP accepts the file,
// the replay harness runs every update, the docblock came along.
func TestRenumber(t *testing.T) {
	t.Parallel()
	r := newHistoryRepo(t)
	before := r.read("example_deploy.install")

	dry := []string{"renumber", "--base", "main", "--dry-run"}
	res := runCLI(t, r.dir, dry...)
	checkGolden(t, filepath.Join("testdata", "cli", "renumber", "renumber_dry_run.golden"), res.transcript(dry))
	if got := r.read("example_deploy.install"); got != before {
		t.Fatal("--dry-run changed the file")
	}

	args := []string{"renumber", "--base", "main"}
	res = runCLI(t, r.dir, args...)
	checkGolden(t, filepath.Join("testdata", "cli", "renumber", "renumber.golden"), res.transcript(args))
	after := r.read("example_deploy.install")
	checkGolden(t, filepath.Join("testdata", "cli", "renumber", "feature_renumbered.install"), after)
	wantDoc := "/**\n * #109: Aggregate css too.\n *\n * The theme of 7002 ships its css in many small files.\n */\nfunction example_deploy_update_7005() {\n  variable_set('preprocess_css', 1);\n}\n"
	if !strings.Contains(after, wantDoc) {
		t.Errorf("the renumbered update lost its docblock or body:\n%s", after)
	}

	// The branch has not merged main's 7003–7004 yet (DC001 says so), but
	// no history rule fires any more.
	lintArgs := []string{"lint", "--base", "main", "--format", "json"}
	res = runCLI(t, r.dir, lintArgs...)
	var report struct {
		Findings []struct{ Rule string } `json:"findings"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &report); err != nil {
		t.Fatalf("%v: %s", err, res.transcript(lintArgs))
	}
	for _, f := range report.Findings {
		if strings.HasPrefix(f.Rule, "DC02") {
			t.Errorf("after renumber %s still fires: %s", f.Rule, res.transcript(lintArgs))
		}
	}
	if res := runCLI(t, r.dir, args...); res.code != 0 || !strings.HasPrefix(res.stdout, "nothing to renumber") {
		t.Errorf("second renumber: %s", res.transcript(args))
	}
	checkPHP(t, filepath.Join(r.dir, moduleInRepo, "example_deploy.install"))
}

// TestRenumberAfterMerge is the state CI sees: main merged into the branch,
// the conflict resolved by keeping both 7003s. renumber leaves main's 7003
// alone, moves the branch's above 7004, and the module is clean.
func TestRenumberAfterMerge(t *testing.T) {
	t.Parallel()
	r := newHistoryRepo(t)
	cmd := exec.Command("git", "merge", "-q", "main")
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Fatalf("merge without a conflict, the story is wrong: %s", out)
	}
	r.copy("main.install", "example_deploy.install")
	mainSrc := r.read("example_deploy.install")
	r.copy("feature.install", "example_deploy.install")
	feature := r.read("example_deploy.install")
	r.write("example_deploy.install", mainSrc+feature[strings.Index(feature, "\n/**\n * #109")+1:])
	r.commit("merge main, keeping both 7003s")

	lintArgs := []string{"lint", "--base", "main"}
	res := runCLI(t, r.dir, lintArgs...)
	checkGolden(t, filepath.Join("testdata", "cli", "renumber", "lint_merged.golden"), res.transcript(lintArgs))

	args := []string{"renumber", "--base", "main"}
	res = runCLI(t, r.dir, args...)
	checkGolden(t, filepath.Join("testdata", "cli", "renumber", "renumber_merged.golden"), res.transcript(args))
	if res := runCLI(t, r.dir, lintArgs...); res.code != 0 {
		t.Errorf("after renumber: %s", res.transcript(lintArgs))
	}
	checkPHP(t, filepath.Join(r.dir, moduleInRepo, "example_deploy.install"))
}

// checkPHP runs php -l and the replay harness on a renumbered .install.
func checkPHP(t *testing.T, path string) {
	t.Helper()
	phptest.Lint(t, path)
	if report := phptest.Replay(t, "example_deploy", path, phptest.ReplayOptions{}); !report.OK {
		t.Errorf("replay harness: %v", report.Problems)
	}
}

func TestRenumberErrors(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	outside := t.TempDir()
	for _, f := range []struct{ from, to string }{{"example_deploy.info", "example_deploy.info"}, {"example_deploy.module", "example_deploy.module"}, {"feature.install", "example_deploy.install"}} {
		src, err := os.ReadFile(filepath.Join("testdata", "cli", "renumber", f.from))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(outside, f.to), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := newHistoryRepo(t)
	tests := []struct {
		name   string
		dir    string
		args   []string
		stderr string
	}{
		{"renumber outside git", outside, []string{"renumber", "--base", "main"}, "dcycle: " + outside + ": not inside a git repository, which --base needs\n"},
		{"lint outside git", outside, []string{"lint", "--base", "main"}, "dcycle: " + outside + ": not inside a git repository, which --base needs\n"},
		{"renumber bad ref", r.dir, []string{"renumber", "--base", "origin/nope"}, "dcycle: unknown git ref \"origin/nope\": no commit of that name in this repository (fetch it first?)\n"},
		{"lint bad ref", r.dir, []string{"lint", "--base", "nope"}, "dcycle: unknown git ref \"nope\": no commit of that name in this repository (fetch it first?)\n"},
		{"renumber without base", r.dir, []string{"renumber"}, "dcycle: renumber needs --base REF, the git ref the module is deployed from\nRun 'dcycle renumber --help' for usage.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := runCLI(t, tt.dir, tt.args...)
			if res.code != exitFailure || res.stderr != tt.stderr || res.stdout != "" {
				t.Errorf("got %s\nwant exit 2, stderr %q", res.transcript(tt.args), tt.stderr)
			}
		})
	}
}
