package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dcycle/dcycle/internal/phptest"
)

// TestLintTranscripts runs lint over the fixtures and compares what it
// prints and its exit status with cmd/dcycle/testdata/cli/lint/*.golden.
func TestLintTranscripts(t *testing.T) {
	t.Parallel()
	dir := modulesDir(t)
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"broken", []string{"lint", "d7_lint_broken"}, exitFindings},
		{"broken_show_source", []string{"lint", "--show-source", "d7_lint_broken"}, exitFindings},
		{"broken_json", []string{"lint", "--format", "json", "d7_lint_broken"}, exitFindings},
		{"broken_fail_on_error", []string{"lint", "--fail-on", "error", "--format", "github", "d7_lint_broken/risky_deploy.install"}, exitFindings},
		{"clean", []string{"lint", "d7_clean"}, exitOK},
		{"clean_json", []string{"lint", "--format", "json", "d7_clean"}, exitOK},
		{"seed_fail_on_error", []string{"lint", "--fail-on", "error", "d7_seed"}, exitFindings},
		{"syntax_error", []string{"lint", "d7_syntax_error"}, exitFindings},
		{"project_root", []string{"lint", "d10_site"}, exitOK},
		{"two_modules", []string{"lint", "-q", "two_deploy_modules"}, exitOK},
		{"all_modules", []string{"lint", "--all-modules", "--format", "checkstyle", "d7_root"}, exitFindings},
		{"several_paths", []string{"lint", "d7_seed", "d7_messy", "d7_crlf_bom"}, exitFindings},
		{"bad_format", []string{"lint", "--format", "xml", "d7_clean"}, exitFailure},
		{"bad_fail_on", []string{"lint", "--fail-on", "off", "d7_clean"}, exitFailure},
		{"missing_path", []string{"lint", "no_such_module"}, exitFailure},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, dir, tc.args...)
			if r.code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tc.code, r.stdout, r.stderr)
			}
			checkGolden(t, filepath.Join("testdata", "cli", "lint", tc.name+".golden"), r.transcript(tc.args))
		})
	}
}

func TestLintColor(t *testing.T) {
	t.Parallel()
	dir := modulesDir(t)
	for _, tc := range []struct {
		args []string
		vars map[string]string
		want bool
	}{
		{[]string{"lint", "--color", "always", "d7_seed"}, nil, true},
		{[]string{"lint", "--color", "never", "d7_seed"}, nil, false},
		{[]string{"lint", "d7_seed"}, nil, false}, // not a terminal
		{[]string{"lint", "--color", "always", "--format", "json", "d7_seed"}, nil, false},
	} {
		r := runCLIEnv(t, dir, tc.vars, tc.args...)
		if got := strings.Contains(r.stdout, "\x1b["); got != tc.want {
			t.Errorf("%v: colour %v, want %v:\n%s", tc.args, got, tc.want, r.stdout)
		}
	}
}

// copyModule copies one fixture folder into a temporary folder.
func copyModule(t *testing.T, name string) string {
	t.Helper()
	src := filepath.Join(modulesDir(t), name)
	dst := filepath.Join(t.TempDir(), name)
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestLintConfig(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, config string
		code         int
		stdout       string
		stderr       string
	}{
		{"rules off", "rules:\n  DC006: off\n  DC009: off\n", exitOK, "no findings\n", ""},
		{"severity lowered", "rules:\n  DC006: off\n  DC009: info\n", exitOK, "example_deploy.install:49:3: info DC009 ", ""},
		{"severity raised", "rules:\n  DC009: error\n", exitFindings, "example_deploy.install:49:3: error DC009 ", ""},
		{"unknown rule", "rules:\n  DC098: off\n", exitFailure, "", "unknown rule DC098"},
		{"issue pattern", "issue_pattern: 'TICKET-[0-9]+'\n", exitFindings, "DC011 the docblock of example_deploy_update_7001 does not start with an issue reference", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := copyModule(t, "d7_seed")
			if err := os.WriteFile(filepath.Join(dir, ".dcycle.yml"), []byte(tc.config), 0o644); err != nil {
				t.Fatal(err)
			}
			r := runCLI(t, dir, "lint")
			if r.code != tc.code || !strings.Contains(r.stdout, tc.stdout) || !strings.Contains(r.stderr, tc.stderr) {
				t.Errorf("exit %d (want %d)\nstdout:\n%s(want %q)\nstderr:\n%s(want %q)", r.code, tc.code, r.stdout, tc.stdout, r.stderr, tc.stderr)
			}
		})
	}
}

func TestLintSuppression(t *testing.T) {
	t.Parallel()
	dir := copyModule(t, "d7_seed")
	// The seed's replay is not resumable (DC006): only DC009 is at stake.
	if err := os.WriteFile(filepath.Join(dir, ".dcycle.yml"), []byte("rules:\n  DC006: off\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "example_deploy.install")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, comment string
		code          int
		want          string
	}{
		{"with reason", "  // dcycle-ignore DC009 -- admin_menu is a hard dependency of the .info\n", exitOK, "no findings\n"},
		{"without reason", "  // dcycle-ignore DC009\n", exitFindings, "DC099 dcycle-ignore DC009 gives no reason"},
	} {
		edited := strings.Replace(string(src), "  module_enable(array('admin_menu_toolbar'));\n", tc.comment+"  module_enable(array('admin_menu_toolbar'));\n", 1)
		if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
		r := runCLI(t, dir, "lint")
		if r.code != tc.code || !strings.Contains(r.stdout, tc.want) {
			t.Errorf("%s: exit %d (want %d)\n%s(want %q)", tc.name, r.code, tc.code, r.stdout, tc.want)
		}
	}
}

// TestLintFix fixes the replay of modules whose hook_install() misses
// updates or breaks sandbox updates, then checks what it wrote: lint finds
// nothing left of those rules, a second --fix changes nothing, and PHP
// accepts the result.
func TestLintFix(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		module, name, fixed string
		// resumable is true when the fix writes the resumable replay; an
		// explicit list or a loop that is not the seed's exact form is only
		// extended, and a loop stays reported as not resumable (DC006).
		resumable bool
	}{
		{"d7_sandbox", "batch_deploy", "fixed DC006", true},
		{"d7_no_install_hook", "noinstall_deploy", "fixed DC005", true},
		{"d7_explicit_calls", "explicit_deploy", "fixed DC005", false},
		{"d7_lint_broken", "risky_deploy", "fixed DC005", false},
	} {
		t.Run(tc.module, func(t *testing.T) {
			t.Parallel()
			dir := copyModule(t, tc.module)
			path := filepath.Join(dir, tc.name+".install")
			if rep := phptest.Replay(t, tc.name, path, phptest.ReplayOptions{Run: "none"}); rep.OK {
				t.Fatalf("the replay harness accepts %s before the fix: the test proves nothing", tc.module)
			}
			r := runCLI(t, dir, "lint", "--fix", "--format", "json")
			if !strings.Contains(r.stderr, tc.name+".install: "+tc.fixed) {
				t.Errorf("stderr %q does not report %q", r.stderr, tc.fixed)
			}
			if strings.Contains(r.stdout, `"DC005"`) || tc.resumable && strings.Contains(r.stdout, `"DC006"`) {
				t.Errorf("DC005/DC006 left after --fix:\n%s", r.stdout)
			}
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			again := runCLI(t, dir, "lint", "--fix", "-q")
			after, _ := os.ReadFile(path)
			if again.stderr != "" || string(before) != string(after) {
				t.Errorf("second --fix changed the file or reported %q", again.stderr)
			}
			phptest.Lint(t, path)
			rep := phptest.Replay(t, tc.name, path, phptest.ReplayOptions{Run: "none"})
			if !rep.OK {
				t.Fatalf("the replay harness rejects the fixed %s: %v", tc.module, rep.Problems)
			}
			if !tc.resumable {
				return
			}
			// The fixed replay is resumable: when the second update fails,
			// the install fails and the schema is left at the first.
			if len(rep.Updates) < 2 {
				t.Fatalf("want at least two updates, the harness saw %v", rep.Updates)
			}
			failed := phptest.Replay(t, tc.name, path, phptest.ReplayOptions{Run: "none", FailAt: rep.Updates[1]})
			if failed.Exception == nil || failed.Schema != rep.Updates[0] {
				t.Errorf("update %d failing: exception %v, schema %d, want an exception and schema %d", rep.Updates[1], failed.Exception, failed.Schema, rep.Updates[0])
			}
		})
	}
}
