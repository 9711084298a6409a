package main

import (
	"bytes"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/dcycle/dcycle/internal/golden"
)

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

// checkGolden compares got with the golden file at path (see package golden).
func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	golden.Check(t, path, []byte(got))
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
