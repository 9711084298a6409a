// Package phptest runs the real PHP interpreter from Go tests: php -l on
// generated files, and the replay harness of testdata/harness, which runs a
// module's hook_install() against stubs of the Drupal API. Without php the
// tests skip, except in CI (CI=true), where a missing php fails them.
package phptest

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// PHP returns the path of the php binary. Without one it skips the test, or
// fails it when the CI environment variable is "true".
func PHP(t testing.TB) string {
	t.Helper()
	path, err := exec.LookPath("php")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("php is required in CI (CI=true) and was not found: %v", err)
		}
		t.Skipf("php not found, skipping: %v", err)
	}
	return path
}

// Lint fails the test when php -l rejects the file at path.
func Lint(t testing.TB, path string) {
	t.Helper()
	if out, err := LintOutput(t, path); err != nil {
		t.Errorf("php -l %s: %v\n%s", path, err, out)
	}
}

// LintOutput runs php -l on path and returns its output, and an error when
// php rejects the file.
func LintOutput(t testing.TB, path string) (string, error) {
	t.Helper()
	out, err := exec.Command(PHP(t), "-n", "-l", path).CombinedOutput()
	return string(out), err
}

// Harness is the path of testdata/harness/replay.php.
func Harness() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return filepath.Join("testdata", "harness", "replay.php")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata", "harness", "replay.php")
}

// ReplayOptions are the harness's options (see replay.php).
type ReplayOptions struct {
	// FailAt makes that update throw; 0 for none.
	FailAt int
	// FailWithError throws a PHP \Error instead of an Exception.
	FailWithError bool
	// Run lists the updates whose bodies really run: "" or "all" for
	// every one, "none", or numbers separated by commas. The others are
	// simulated.
	Run string
	// Passes is the number of calls a simulated &$sandbox update needs; 0
	// for the harness's default.
	Passes int
	// Missing are modules and themes absent from the code base.
	Missing []string
	// Enabled are modules enabled before the install: the features a
	// revert needs.
	Enabled []string
	// Overrides are settings.php overrides: NAME=JSON (Drupal 7 $conf) or
	// OBJECT:KEY=JSON (Drupal 8+ config).
	Overrides []string
}

func (o ReplayOptions) args() []string {
	var args []string
	if o.FailAt != 0 {
		args = append(args, "--fail-at", strconv.Itoa(o.FailAt))
	}
	if o.FailWithError {
		args = append(args, "--fail-with", "error")
	}
	if o.Run != "" {
		args = append(args, "--run", o.Run)
	}
	if o.Passes != 0 {
		args = append(args, "--passes", strconv.Itoa(o.Passes))
	}
	if len(o.Missing) > 0 {
		args = append(args, "--missing", strings.Join(o.Missing, ","))
	}
	if len(o.Enabled) > 0 {
		args = append(args, "--enabled", strings.Join(o.Enabled, ","))
	}
	for _, ov := range o.Overrides {
		args = append(args, "--override", ov)
	}
	return args
}

// Report is what the harness found.
type Report struct {
	// OK is true when every check held; Problems says which did not.
	OK           bool     `json:"ok"`
	Problems     []string `json:"problems"`
	Updates      []int    `json:"updates"`
	Calls        []Call   `json:"calls"`
	Completed    []int    `json:"completed"`
	SchemaBefore int      `json:"schema_before"`
	Schema       int      `json:"schema"`
	// Exception is what escaped hook_install(), nil when nothing did.
	Exception *Exception `json:"exception"`
	// Log lists the Drupal API calls that changed the stubbed site.
	Log       []string                  `json:"log"`
	Variables map[string]any            `json:"variables"`
	Modules   []string                  `json:"modules"`
	Themes    []string                  `json:"themes"`
	Config    map[string]map[string]any `json:"config"`
	// Output is what loading the file printed (a BOM, text around the
	// PHP tags).
	Output string `json:"output"`
}

// Call is one call of an update by the replay.
type Call struct {
	Update   int  `json:"update"`
	Pass     int  `json:"pass"`
	Finished bool `json:"finished"`
}

// Exception is a PHP exception or error.
type Exception struct {
	Class   string `json:"class"`
	Message string `json:"message"`
}

// Replay runs the harness on module's .install at path and returns its
// report; a failed check is in the report, not a test failure. The test
// fails when the harness cannot run (the file does not load).
func Replay(t testing.TB, module, path string, opts ReplayOptions) *Report {
	t.Helper()
	args := append([]string{Harness(), module, path}, opts.args()...)
	cmd := exec.Command(PHP(t), args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		t.Fatalf("php %s: %v\n%s%s", strings.Join(args, " "), err, stderr.String(), stdout.String())
	}
	var r Report
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatalf("php %s: reading its report: %v\n%s", strings.Join(args, " "), err, stdout.String())
	}
	return &r
}
