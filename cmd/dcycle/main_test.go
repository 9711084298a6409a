package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// update rewrites golden files instead of comparing against them. It is the
// one -update flag of this package's tests.
var update = flag.Bool("update", false, "rewrite golden files")

// result is what one in-process run of dcycle produced.
type result struct {
	stdout, stderr string
	code           int
}

// runCLI runs dcycle in-process in dir with a fixed environment: no colour
// unless asked for, and no variable of the calling shell.
func runCLI(t *testing.T, dir string, args ...string) result {
	t.Helper()
	return runCLIEnv(t, dir, map[string]string{}, args...)
}

func runCLIEnv(t *testing.T, dir string, vars map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	s := &streams{in: strings.NewReader(""), out: &out, err: &errb}
	code := run(args, s, env{getenv: func(k string) string { return vars[k] }, dir: dir})
	return result{stdout: out.String(), stderr: errb.String(), code: code}
}

// transcript renders a run for a golden file.
func (r result) transcript(args []string) string {
	return "$ dcycle " + strings.Join(args, " ") + "\nexit " + strconv.Itoa(r.code) + "\n-- stdout --\n" + r.stdout + "-- stderr --\n" + r.stderr
}

// checkGolden compares got with the golden file at path; -update rewrites it.
// A missing golden fails: goldens are written on purpose, never implicitly.
func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

// modulesDir is the fixtures folder, absolute so tests can run dcycle from
// any working folder.
func modulesDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "modules"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}
