package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// procedureProject is a Drupal 10 project root with a .dcycle.yml that
// sets the PHP reset.
func procedureProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{".git", "web"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cfg := "core: 10\nprocedure:\n  reload: sudo systemctl reload php8.2-fpm\n"
	if err := os.WriteFile(filepath.Join(dir, ".dcycle.yml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestProcedureCommand writes the script, checks it (exit 0), checks it
// once changed (exit 1, the diff on stdout), and writes it again.
func TestProcedureCommand(t *testing.T) {
	t.Parallel()
	dir := procedureProject(t)
	steps := []struct {
		golden string
		args   []string
		edit   func()
	}{
		{golden: "write", args: []string{"procedure", "--root", "/var/www/shop"}},
		{golden: "check", args: []string{"procedure", "--root", "/var/www/shop", "--check"}},
		{golden: "check-stale", args: []string{"procedure", "--root", "/var/www/other", "--check"}},
		{golden: "check-missing", args: []string{"procedure", "--heads", "2", "--root", "/var/www/shop", "--check"}},
		{golden: "write-heads", args: []string{"procedure", "--heads", "2", "--root", "/var/www/shop", "--keep", "3"}},
		{golden: "foreign-file", args: []string{"procedure", "--heads", "2"}, edit: func() {
			if err := os.WriteFile(filepath.Join(dir, "deploy", "deploy.yml"), []byte("# ours\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, st := range steps {
		if st.edit != nil {
			st.edit()
		}
		r := runCLI(t, dir, st.args...)
		checkGolden(t, filepath.Join("testdata", "cli", "procedure", st.golden+".txt"), r.transcript(st.args))
	}
	script, err := os.ReadFile(filepath.Join(dir, "deploy", "deploy.sh"))
	if err != nil || !strings.Contains(string(script), "readonly root='/var/www/shop'") {
		t.Errorf("deploy.sh after --check of another root: %v\n%s", err, script)
	}
}

// TestProcedureCommandRefuses gives settings dcycle procedure cannot carry
// or that contradict each other: exit 2, one message, nothing written.
func TestProcedureCommandRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"heads and inventory", []string{"--heads", "3", "--inventory", "inv.ini"}, "--heads and --inventory exclude each other"},
		{"no head", []string{"--heads", "0"}, "--heads must be at least 1"},
		{"one release kept", []string{"--keep", "1"}, "--keep must be at least 2"},
		{"bash for three heads", []string{"--target", "bash", "--heads", "3"}, "--target: bash writes a script for one server"},
		{"drush on two lines", []string{"--drush", "drush\nrm -rf /"}, "--drush: spans several lines"},
		{"root that is not UTF-8", []string{"--root", "/var/www/caf\xe9"}, "--root: is not valid UTF-8"},
		{"relative root", []string{"--root", "www"}, `--root: "www" must be an absolute folder`},
		{"argument", []string{"deploy"}, "unknown command"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := procedureProject(t)
			r := runCLI(t, dir, append([]string{"procedure"}, tc.args...)...)
			if r.code != 2 || !strings.Contains(r.stderr, tc.want) || r.stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and %q", r.code, r.stdout, r.stderr, tc.want)
			}
			if _, err := os.Stat(filepath.Join(dir, "deploy")); err == nil {
				t.Error("a refused run wrote files")
			}
		})
	}
}
