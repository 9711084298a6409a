// Package gittest runs the git binary for tests: isolated from the
// configuration of whoever runs them, with a fixed author and fixed dates so
// that commits are reproducible. It is imported by tests alone.
package gittest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Env is the environment git runs with: the caller's, without its git
// configuration, with a fixed identity and dates and NO_COLOR, and with
// binDir (if any) first on PATH so hooks find a freshly built dcycle.
func Env(binDir string) []string {
	env := append(os.Environ(),
		"GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.com",
		"GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.com",
		"GIT_AUTHOR_DATE=2024-01-01T00:00:00Z", "GIT_COMMITTER_DATE=2024-01-01T00:00:00Z",
		"NO_COLOR=1",
	)
	if binDir != "" {
		env = append(env, "PATH="+binDir+string(os.PathListSeparator)+os.Getenv("PATH"))
	}
	return env
}

// Need skips the test when git is not installed.
func Need(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
}

// Init creates a repository with branch main in a new temporary folder.
func Init(t testing.TB) string {
	t.Helper()
	Need(t)
	dir := t.TempDir()
	Run(t, dir, "init", "-q", "-b", "main")
	return dir
}

// Command returns git with args, to run in dir with Env(binDir).
func Command(dir, binDir string, args ...string) *exec.Cmd {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = Env(binDir)
	return cmd
}

// Run runs git in dir, fails the test when git fails, and returns its
// output without surrounding white space.
func Run(t testing.TB, dir string, args ...string) string {
	t.Helper()
	out, err := Command(dir, "", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// Write creates or replaces dir/path with content, making folders as needed.
func Write(t testing.TB, dir, path, content string) {
	t.Helper()
	full := filepath.Join(dir, path)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
