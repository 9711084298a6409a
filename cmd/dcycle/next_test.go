package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// useLastD7Number gives the seed module in dir its update 7999, the last
// number a Drupal 7 update can have.
func useLastD7Number(t *testing.T, dir string) {
	t.Helper()
	path := filepath.Join(dir, "example_deploy.install")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	src = append(src, "\n/**\n * #12999: Last of the numbers.\n */\nfunction example_deploy_update_7999() {\n  variable_set('site_slogan', 'full');\n}\n"...)
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
}

// A Drupal 7 module that used 7999 has no number left: next fails with exit
// 2 and one line saying what to do, and prints no number.
func TestNextNoNumberLeft(t *testing.T) {
	t.Parallel()
	dir := copyModule(t, "d7_seed")
	useLastD7Number(t, dir)
	args := []string{"next"}
	r := runCLI(t, dir, args...)
	checkGolden(t, filepath.Join("testdata", "cli", "next", "no-number-left.txt"), r.transcript(args))
	if r.code != 2 || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 2, no number and one line", r.code, r.stdout, r.stderr)
	}
}
