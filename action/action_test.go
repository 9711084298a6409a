// Package action_test runs the GitHub Action's script (action.yml's steps)
// as a runner would, with fake GITHUB_* files: install downloads the
// release from a local server and checks it; lint annotates, fills the job
// summary and the step's outputs. It also validates action.yml.
package action_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"

	"github.com/dcycle/dcycle/internal/releasetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	releasetest.Cleanup()
	os.Exit(code)
}

// runner is the fake runner of one job: its temporary folders and the
// files the workflow commands write to.
type runner struct {
	t                     *testing.T
	temp, toolCache       string
	path, output, summary string
	extraPath             string
	env                   map[string]string
}

func newRunner(t *testing.T) *runner {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash not found")
	}
	dir := t.TempDir()
	r := &runner{t: t, temp: filepath.Join(dir, "temp"), toolCache: filepath.Join(dir, "tools"),
		path: filepath.Join(dir, "path"), output: filepath.Join(dir, "output"), summary: filepath.Join(dir, "summary"),
		env: map[string]string{}}
	for _, d := range []string{r.temp, r.toolCache} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{r.path, r.output, r.summary} {
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// run runs the script's subcommand in dir and returns its output and exit
// code.
func (r *runner) run(dir, sub string) (string, int) {
	r.t.Helper()
	script, err := filepath.Abs("dcycle-action.sh")
	if err != nil {
		r.t.Fatal(err)
	}
	cmd := exec.Command("bash", script, sub)
	cmd.Dir = dir
	osName := map[string]string{"linux": "Linux", "darwin": "macOS", "windows": "Windows"}[runtime.GOOS]
	arch := map[string]string{"amd64": "X64", "arm64": "ARM64"}[runtime.GOARCH]
	path := os.Getenv("PATH")
	if r.extraPath != "" {
		path = r.extraPath + string(os.PathListSeparator) + path
	}
	cmd.Env = []string{
		"PATH=" + path, "HOME=" + r.temp, "GITHUB_ACTIONS=true",
		"RUNNER_OS=" + osName, "RUNNER_ARCH=" + arch, "RUNNER_TEMP=" + r.temp, "RUNNER_TOOL_CACHE=" + r.toolCache,
		"GITHUB_PATH=" + r.path, "GITHUB_OUTPUT=" + r.output, "GITHUB_STEP_SUMMARY=" + r.summary,
	}
	for k, v := range r.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.CombinedOutput()
	code := 0
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else if err != nil {
		r.t.Fatal(err)
	}
	return string(out), code
}

func (r *runner) read(path string) string {
	r.t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		r.t.Fatal(err)
	}
	return string(data)
}

func serve(t *testing.T, dir string) string {
	t.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestActionInstall installs the release the way the action's first step
// does, then refuses a release whose binary does not match its checksum.
func TestActionInstall(t *testing.T) {
	t.Parallel()
	rel := releasetest.Get(t)
	r := newRunner(t)
	r.env["DCYCLE_VERSION"] = "v" + rel.Version
	r.env["DCYCLE_DOWNLOAD_URL"] = serve(t, rel.Dir)
	out, code := r.run(".", "install")
	if code != 0 {
		t.Fatalf("install: exit %d\n%s", code, out)
	}
	dir := strings.TrimSpace(r.read(r.path))
	if !strings.HasPrefix(dir, r.toolCache) {
		t.Fatalf("GITHUB_PATH = %q, want a folder of the tool cache", dir)
	}
	want, err := os.ReadFile(filepath.Join(rel.Dir, rel.Binary))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "dcycle"))
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("%s/dcycle is not the release binary: %v", dir, err)
	}
	version, err := exec.Command(filepath.Join(dir, "dcycle"), "version").Output()
	if err != nil || !strings.HasPrefix(string(version), "dcycle "+rel.Version+"\n") {
		t.Errorf("the installed dcycle says %q (%v)", version, err)
	}

	tampered := rel.Copy(t)
	if err := os.WriteFile(filepath.Join(tampered.Dir, rel.Binary), append(want, 0), 0o755); err != nil {
		t.Fatal(err)
	}
	r = newRunner(t)
	r.env["DCYCLE_VERSION"] = rel.Version
	r.env["DCYCLE_DOWNLOAD_URL"] = serve(t, tampered.Dir)
	out, code = r.run(".", "install")
	if code == 0 || !strings.Contains(out, "::error title=dcycle::"+rel.Binary+" does not match its checksum") {
		t.Errorf("tampered binary: exit %d\n%s", code, out)
	}
	if p := r.read(r.path); p != "" {
		t.Errorf("a refused binary was put on the PATH: %q", p)
	}
	if entries, _ := os.ReadDir(r.toolCache); len(entries) > 0 {
		t.Errorf("a refused binary was installed: %v", entries)
	}

	r.env["DCYCLE_VERSION"] = "9.9.9"
	if out, code := r.run(".", "install"); code == 0 || !strings.Contains(out, "::error title=dcycle::cannot download the checksums of dcycle 9.9.9") {
		t.Errorf("a release that does not exist: exit %d\n%s", code, out)
	}
}

// dcycleOnPath makes a folder whose dcycle is the release binary, as the
// install step leaves it.
func dcycleOnPath(t *testing.T, rel releasetest.Release) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Symlink(filepath.Join(rel.Dir, rel.Binary), filepath.Join(dir, "dcycle")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestActionLint runs the lint step on a module with findings and on a
// clean one: annotations on stdout, every finding in the job summary, their
// number in the step's outputs, and lint's exit status.
func TestActionLint(t *testing.T) {
	t.Parallel()
	rel := releasetest.Get(t)
	bin := dcycleOnPath(t, rel)
	modules, err := filepath.Abs(filepath.Join("..", "testdata", "modules"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(bin, "dcycle"), "lint", "d7_lint_broken")
	cmd.Dir = modules
	text, _ := cmd.Output()
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(string(text)), "\n") {
		if strings.Contains(l, ": error DC") || strings.Contains(l, ": warning DC") {
			lines = append(lines, l)
		}
	}
	if len(lines) != 7 {
		t.Fatalf("dcycle lint d7_lint_broken printed %d findings, want 7:\n%s", len(lines), text)
	}

	r := newRunner(t)
	r.extraPath = bin
	r.env["DCYCLE_ARGS"] = "d7_lint_broken"
	out, code := r.run(modules, "lint")
	if code != 1 {
		t.Errorf("lint of a broken module: exit %d, want 1\n%s", code, out)
	}
	var annotations int
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "::error file=d7_lint_broken/risky_deploy.install,") || strings.HasPrefix(l, "::warning file=d7_lint_broken/risky_deploy.install,") {
			annotations++
		}
	}
	if annotations != 7 {
		t.Errorf("%d annotations, want 7:\n%s", annotations, out)
	}
	summary := r.read(r.summary)
	if !strings.HasPrefix(summary, "### dcycle lint\n\n7 findings (2 errors, 5 warnings)\n\n```\n") {
		t.Errorf("summary starts:\n%s", summary)
	}
	for _, l := range lines {
		if !strings.Contains(summary, "\n"+l+"\n") {
			t.Errorf("the summary lacks the finding %q:\n%s", l, summary)
		}
	}
	if got := r.read(r.output); got != "findings=7\n" {
		t.Errorf("GITHUB_OUTPUT = %q", got)
	}

	// A clean module, appended to the same summary as a second run would.
	r.env["DCYCLE_ARGS"] = "d7_clean"
	out, code = r.run(modules, "lint")
	if code != 0 || strings.Contains(out, "::") {
		t.Errorf("lint of a clean module: exit %d\n%s", code, out)
	}
	if !strings.HasSuffix(r.read(r.summary), "### dcycle lint\n\nNo findings.\n") {
		t.Errorf("clean summary:\n%s", r.read(r.summary))
	}
	if got := r.read(r.output); got != "findings=7\nfindings=0\n" {
		t.Errorf("GITHUB_OUTPUT = %q", got)
	}

	// fail-on reaches lint: a module whose one finding is a warning (an
	// update without its issue reference) passes at error.
	warned := t.TempDir()
	for _, f := range []string{"tidy_deploy.info", "tidy_deploy.module", "tidy_deploy.install"} {
		data, err := os.ReadFile(filepath.Join(modules, "d7_clean", f))
		if err != nil {
			t.Fatal(err)
		}
		data = bytes.Replace(data, []byte(" * #401: Enable javascript aggregation."), []byte(" * Enable javascript aggregation."), 1)
		if err := os.WriteFile(filepath.Join(warned, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for fail, want := range map[string]int{"error": 0, "warning": 1} {
		r = newRunner(t)
		r.extraPath = bin
		r.env["DCYCLE_ARGS"] = warned
		r.env["DCYCLE_FAIL_ON"] = fail
		out, code := r.run(modules, "lint")
		if code != want || !strings.Contains(out, "::warning ") || !strings.Contains(r.read(r.output), "findings=1") {
			t.Errorf("fail-on %s on a warning: exit %d, want %d\n%s", fail, code, want, out)
		}
	}

	// A usage error: lint cannot run, the summary says so.
	r = newRunner(t)
	r.extraPath = bin
	r.env["DCYCLE_ARGS"] = "--fail-on nothing d7_clean"
	out, code = r.run(modules, "lint")
	if code != 2 || !strings.Contains(r.read(r.summary), "dcycle lint could not run (exit 2)") {
		t.Errorf("usage error: exit %d\n%s\nsummary:\n%s", code, out, r.read(r.summary))
	}
}

// TestActionYAML checks action.yml: its steps run the script that is here,
// with the inputs it declares, and the action-validator from npm (CI
// installs it; DCYCLE_ACTION_VALIDATOR or PATH) accepts it and rejects a
// broken copy.
func TestActionYAML(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join("..", "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Inputs map[string]struct{ Default string }
		Runs   struct {
			Using string
			Steps []struct {
				Run string
				Env map[string]string
			}
		}
	}
	if err := yaml.Unmarshal(data, &action); err != nil {
		t.Fatal(err)
	}
	if action.Runs.Using != "composite" || len(action.Runs.Steps) != 2 {
		t.Fatalf("runs = %+v, want two composite steps", action.Runs)
	}
	var subs []string
	for _, s := range action.Runs.Steps {
		sub, ok := strings.CutPrefix(s.Run, `bash "$GITHUB_ACTION_PATH/action/dcycle-action.sh" `)
		if !ok {
			t.Errorf("step runs %q, not the action's script", s.Run)
		}
		subs = append(subs, sub)
		for k, v := range s.Env {
			input, ok := strings.CutPrefix(v, "${{ inputs.")
			input = strings.TrimSuffix(input, " }}")
			if _, declared := action.Inputs[input]; !ok || !declared {
				t.Errorf("env %s = %s: not a declared input", k, v)
			}
		}
	}
	if diff := cmp.Diff([]string{"install", "lint"}, subs); diff != "" {
		t.Errorf("steps (-want +got):\n%s", diff)
	}

	validator := os.Getenv("DCYCLE_ACTION_VALIDATOR")
	if validator == "" {
		validator, err = exec.LookPath("action-validator")
	}
	if validator == "" || err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("action-validator (npm @action-validator/cli) is required in CI (CI=true): set DCYCLE_ACTION_VALIDATOR")
		}
		t.Skip("action-validator not found: npm install @action-validator/cli, and set DCYCLE_ACTION_VALIDATOR")
	}
	if out, err := exec.Command(validator, filepath.Join("..", "action.yml")).CombinedOutput(); err != nil {
		t.Errorf("action-validator rejects action.yml: %v\n%s", err, out)
	}
	broken := filepath.Join(t.TempDir(), "action.yml")
	if err := os.WriteFile(broken, bytes.Replace(data, []byte("  using: composite"), []byte("  using: compost"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(validator, broken).CombinedOutput(); err == nil {
		t.Errorf("action-validator accepts runs.using: compost: the check proves nothing\n%s", out)
	}
}
