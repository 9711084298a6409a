package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dcycle/dcycle/internal/gittest"
)

// buildBinary builds dcycle once for tests that must run it as git runs a
// hook: as a separate process found on PATH.
func buildBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "dcycle")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestTeamAdoptsDcycle is the five-minute adoption of the docs: a Drupal 7
// repository gets a deploy module, a first update and the pre-commit hook;
// then a broken module is refused at commit time, a clean one goes through,
// and a commit touching no deploy module does not run the linter.
func TestTeamAdoptsDcycle(t *testing.T) {
	t.Parallel()
	gittest.Need(t)
	bin := buildBinary(t)
	repo := t.TempDir()
	writeTree(t, repo, map[string]string{
		"index.php":              "<?php\n",
		"includes/bootstrap.inc": "<?php\n",
		"README.txt":             "site\n",
	})
	environ := gittest.Env(filepath.Dir(bin))
	sh := func(name string, args ...string) (string, error) {
		cmd := exec.Command(name, args...)
		cmd.Dir = repo
		cmd.Env = environ
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	must := func(name string, args ...string) string {
		t.Helper()
		out, err := sh(name, args...)
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return out
	}

	must("git", "init", "-q")
	must("git", "add", "README.txt", "index.php", "includes")
	must("git", "commit", "-qm", "site")
	must(bin, "init", "example")
	must(bin, "new-update", "#12345 enable js aggregation", "--set", "preprocess_js=1")
	if out := must(bin, "install-hook"); !strings.Contains(out, "installed .git/hooks/pre-commit") {
		t.Errorf("install-hook said %q", out)
	}

	must("git", "add", "sites")
	must("git", "commit", "-qm", "#12345 enable js aggregation")

	module := filepath.Join(repo, "sites", "all", "modules", "custom", "example_deploy")
	install := filepath.Join(module, "example_deploy.install")
	clean, err := os.ReadFile(install)
	if err != nil {
		t.Fatal(err)
	}
	broken := string(clean) + "\nfunction example_deploy_update_7005() {\n  db_create_table('x', array());\n}\n"
	if err := os.WriteFile(install, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	must("git", "add", install)
	out, err := sh("git", "commit", "-qm", "broken update")
	if err == nil {
		t.Fatalf("the hook let a broken deploy module through:\n%s", out)
	}
	for _, want := range []string{"DC001", "DC008", "DC011", "example_deploy.install"} {
		if !strings.Contains(out, want) {
			t.Errorf("refused commit does not show %s:\n%s", want, out)
		}
	}

	// Unstage the broken module: a commit of something else must not run
	// the linter, though the module on disk is still broken.
	must("git", "reset", "-q", "HEAD", install)
	writeTree(t, repo, map[string]string{"README.txt": "site, documented\n"})
	must("git", "add", "README.txt")
	must("git", "commit", "-qm", "docs")

	// Fix the module with a proper update: the commit goes through.
	if err := os.WriteFile(install, clean, 0o644); err != nil {
		t.Fatal(err)
	}
	must(bin, "new-update", "#12346 new theme", "--theme", "bartik")
	must("git", "add", install)
	must("git", "commit", "-qm", "#12346 new theme")
	if log := must("git", "log", "--format=%s"); !strings.HasPrefix(log, "#12346 new theme\ndocs\n#12345") {
		t.Errorf("git log:\n%s", log)
	}
}
