// Package realdrupal holds tests only: they run what dcycle generates on
// real Drupal 7 and Drupal 10 sites (internal/drupaltest) and hold the
// workflow to its promise. A module is made by the dcycle binary as a user
// makes it (init, new-update); a site that had an older version of it runs
// the new updates with the real updb, a fresh site enables the whole
// module, and the two must end in the same state. An update whose
// precondition does not hold must fail loudly, stay unrecorded, and run on
// the next updb once the cause is fixed.
package realdrupal

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/dcycle/dcycle/internal/drupaltest"
)

// bases are the installed sites every test copies, one per core.
var bases drupaltest.Bases

// binary is the dcycle command, built once for the test binary.
var binary struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if err := bases.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	if binary.dir != "" {
		os.RemoveAll(binary.dir)
	}
	os.Exit(code)
}

// dcyclePath builds the dcycle command the first time a test needs it.
func dcyclePath(t *testing.T) string {
	t.Helper()
	binary.once.Do(func() {
		binary.dir, binary.err = os.MkdirTemp("", "realdrupal-")
		if binary.err != nil {
			return
		}
		path := filepath.Join(binary.dir, "dcycle")
		out, err := exec.Command("go", "build", "-o", path, "github.com/dcycle/dcycle/cmd/dcycle").CombinedOutput()
		if err != nil {
			binary.err = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		binary.path = path
	})
	if binary.err != nil {
		t.Fatal(binary.err)
	}
	return binary.path
}

// run is one run of the dcycle command.
type run struct {
	stdout, stderr string
	exit           int
}

// dcycle runs the dcycle command in dir.
func dcycle(t *testing.T, dir string, args ...string) run {
	t.Helper()
	cmd := exec.Command(dcyclePath(t), args...)
	cmd.Dir = dir
	cmd.Env = cleanEnv()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := run{stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		r.exit = exit.ExitCode()
	case err != nil:
		t.Fatalf("dcycle %s: %v", strings.Join(args, " "), err)
	}
	return r
}

// cleanEnv is the environment dcycle runs with: the test's, without what
// changes what dcycle prints (a CI that picks a format, colour settings),
// and with NO_COLOR.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if name == "GITHUB_ACTIONS" || name == "GITLAB_CI" || name == "NO_COLOR" || strings.HasPrefix(name, "CLICOLOR") || strings.HasPrefix(name, "DCYCLE_") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "NO_COLOR=1")
}

// mustDcycle runs the dcycle command, which must succeed, and returns what
// it printed.
func mustDcycle(t *testing.T, dir string, args ...string) string {
	t.Helper()
	r := dcycle(t, dir, args...)
	if r.exit != 0 {
		t.Fatalf("dcycle %s: exit %d\n%s%s", strings.Join(args, " "), r.exit, r.stdout, r.stderr)
	}
	return r.stdout
}

// newFunction reads the update new-update added from what it printed:
// "example_deploy_update_7002 PATH:LINE".
var newFunction = regexp.MustCompile(`(?m)^(\w+_update_(\d+)) \S+:\d+$`)

// newUpdate runs new-update in dir and returns the new function's name and
// number.
func newUpdate(t *testing.T, dir string, args ...string) (string, int) {
	t.Helper()
	out := mustDcycle(t, dir, append([]string{"new-update"}, args...)...)
	m := newFunction.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("dcycle new-update %s printed no new function:\n%s", strings.Join(args, " "), out)
	}
	n, err := strconv.Atoi(m[2])
	if err != nil {
		t.Fatal(err)
	}
	return m[1], n
}

// schema is the installed schema version of a module.
func schema(t *testing.T, site *drupaltest.Site, module string) int {
	t.Helper()
	out := strings.TrimSpace(site.Must(t, "schema.php", module))
	n, err := strconv.Atoi(out)
	if err != nil {
		t.Fatalf("schema.php %s printed %q", module, out)
	}
	return n
}

// copyDir copies the folder from into the folder to, which must not exist.
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("cp", "-r", from, to).CombinedOutput(); err != nil {
		t.Fatalf("copy %s: %v\n%s", from, err, out)
	}
}

// testdata is the path of a stand-in extension under testdata.
func testdata(t *testing.T, rel string) string {
	t.Helper()
	path, err := filepath.Abs(filepath.Join("testdata", filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// addModule puts a stand-in module of testdata (d7/probe…) in the site's
// code base; addTheme does the same for a theme.
func addModule(t *testing.T, site *drupaltest.Site, rel string) {
	t.Helper()
	copyDir(t, testdata(t, rel), filepath.Join(site.ModulesDir(), filepath.Base(rel)))
}

func addTheme(t *testing.T, site *drupaltest.Site, rel string) {
	t.Helper()
	copyDir(t, testdata(t, rel), filepath.Join(site.ThemesDir(), filepath.Base(rel)))
}

// removeModule and removeTheme take an extension out of the code base, as
// a deploy that forgot (or removed too early) its code does.
func removeModule(t *testing.T, site *drupaltest.Site, name string) {
	t.Helper()
	if err := os.RemoveAll(filepath.Join(site.ModulesDir(), name)); err != nil {
		t.Fatal(err)
	}
}

func removeTheme(t *testing.T, site *drupaltest.Site, name string) {
	t.Helper()
	if err := os.RemoveAll(filepath.Join(site.ThemesDir(), name)); err != nil {
		t.Fatal(err)
	}
}

// overrideMarker starts what override appends to settings.php.
const overrideMarker = "\n// Override made by the test.\n"

// override appends PHP to the site's settings.php: a $conf (Drupal 7) or
// $config (Drupal 10) override, which wins over the database on every
// request. unoverride takes it away.
func override(t *testing.T, site *drupaltest.Site, php string) {
	t.Helper()
	data, err := os.ReadFile(site.SettingsFile())
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, overrideMarker+php+"\n"...)
	if err := os.WriteFile(site.SettingsFile(), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func unoverride(t *testing.T, site *drupaltest.Site) {
	t.Helper()
	data, err := os.ReadFile(site.SettingsFile())
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(data, []byte(overrideMarker))
	if i < 0 {
		t.Fatal("settings.php has no override to take away")
	}
	if err := os.WriteFile(site.SettingsFile(), data[:i], 0o644); err != nil {
		t.Fatal(err)
	}
}
