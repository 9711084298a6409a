package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// lint --fix --dry-run prints on stdout the diff of what --fix writes, and
// nothing else; it writes nothing and exits 1 when there is something to
// fix. The diff, applied with patch, gives the file --fix writes.
func TestLintFixDryRun(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		module, install, stderr string
		code                    int
	}{
		{"d7_no_install_hook", "noinstall_deploy.install", "noinstall_deploy.install: would fix DC005\n", exitFindings},
		{"d7_sandbox", "batch_deploy.install", "batch_deploy.install: would fix DC006\n", exitFindings},
		{"d7_clean", "tidy_deploy.install", "", exitOK},
	} {
		t.Run(tc.module, func(t *testing.T) {
			t.Parallel()
			dir := copyModule(t, tc.module)
			before := snapshot(t, dir)
			r := runCLI(t, dir, "lint", "--fix", "--dry-run")
			if r.code != tc.code || r.stderr != tc.stderr {
				t.Fatalf("exit %d (want %d), stderr %q (want %q)\nstdout:\n%s", r.code, tc.code, r.stderr, tc.stderr, r.stdout)
			}
			if !maps(before, snapshot(t, dir)) {
				t.Errorf("--fix --dry-run wrote")
			}
			fixedDir := copyModule(t, tc.module)
			runCLI(t, fixedDir, "lint", "--fix")
			fixed, err := os.ReadFile(filepath.Join(fixedDir, tc.install))
			if err != nil {
				t.Fatal(err)
			}
			if tc.code == exitOK {
				if r.stdout != "" {
					t.Errorf("stdout %q, want nothing", r.stdout)
				}
				return
			}
			if !strings.HasPrefix(r.stdout, "--- a/"+tc.install+"\n+++ b/"+tc.install+"\n@@ ") {
				t.Fatalf("stdout is not a diff of %s alone:\n%s", tc.install, r.stdout)
			}
			patch, err := exec.LookPath("patch")
			if err != nil {
				t.Skip("patch not found")
			}
			cmd := exec.Command(patch, "-s", "-p1")
			cmd.Dir = dir
			cmd.Stdin = strings.NewReader(r.stdout)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("patch: %v\n%s", err, out)
			}
			if patched, _ := os.ReadFile(filepath.Join(dir, tc.install)); !bytes.Equal(patched, fixed) {
				t.Errorf("the --dry-run diff does not give the file --fix writes:\n%s", patched)
			}
		})
	}
	if r := runCLI(t, modulesDir(t), "lint", "--dry-run", "d7_clean"); r.code != exitFailure || !strings.Contains(r.stderr, "--dry-run shows what --fix would write: add --fix") {
		t.Errorf("--dry-run without --fix: exit %d, stderr %q", r.code, r.stderr)
	}
}
