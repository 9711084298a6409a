package githook

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"

	"github.com/dcycle/dcycle/internal/gittest"
)

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	return gittest.Run(t, dir, args...)
}

func newRepo(t *testing.T) string {
	t.Helper()
	return gittest.Init(t)
}

func write(t *testing.T, path, content string) {
	t.Helper()
	gittest.Write(t, filepath.Dir(path), filepath.Base(path), content)
}

func TestInstallWritesExecutableHook(t *testing.T) {
	t.Parallel()
	dir := newRepo(t)
	path, err := Install(dir, "/opt/dcycle", "", false)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, ".git", "hooks", "pre-commit"); path != want {
		t.Errorf("path = %s, want %s", path, want)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm()&0o111 == 0 {
		t.Errorf("hook mode %v is not executable", info.Mode())
	}
	data, _ := os.ReadFile(path)
	if diff := cmp.Diff(Script("/opt/dcycle", ""), string(data)); diff != "" {
		t.Errorf("hook content (-want +got):\n%s", diff)
	}
	if out, err := exec.Command("sh", "-n", path).CombinedOutput(); err != nil {
		t.Errorf("sh -n: %v\n%s", err, out)
	}
}

func TestInstallHonoursHooksPath(t *testing.T) {
	t.Parallel()
	dir := newRepo(t)
	git(t, dir, "config", "core.hooksPath", "githooks")
	path, err := Install(dir, "dcycle", "", false)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "githooks", "pre-commit"); path != want {
		t.Errorf("path = %s, want %s", path, want)
	}
}

func TestInstallRefusesForeignHook(t *testing.T) {
	t.Parallel()
	dir := newRepo(t)
	hook := filepath.Join(dir, ".git", "hooks", "pre-commit")
	write(t, hook, "#!/bin/sh\nmake check\n")
	_, err := Install(dir, "dcycle", "", false)
	var herr *Error
	if !errors.As(err, &herr) || !strings.Contains(herr.Msg, "--force") {
		t.Fatalf("err = %v, want an *Error mentioning --force", err)
	}
	if data, _ := os.ReadFile(hook); string(data) != "#!/bin/sh\nmake check\n" {
		t.Errorf("foreign hook changed: %q", data)
	}
	if _, err := Install(dir, "dcycle", "", true); err != nil {
		t.Fatalf("--force: %v", err)
	}
	if data, _ := os.ReadFile(hook); !strings.Contains(string(data), Marker) {
		t.Errorf("--force did not replace the hook: %q", data)
	}
	// A hook dcycle wrote is replaced without --force, so upgrades work.
	if _, err := Install(dir, "/new/dcycle", "", false); err != nil {
		t.Fatalf("reinstall over own hook: %v", err)
	}
}

func TestInstallOutsideGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	_, err := Install(dir, "dcycle", "", false)
	var herr *Error
	if !errors.As(err, &herr) || !strings.Contains(herr.Msg, "not a git repository") {
		t.Fatalf("err = %v, want not a git repository", err)
	}
}

// hookUnderTest is a hook installed in a fresh repository, calling a fake
// dcycle that records the arguments it gets.
type hookUnderTest struct {
	t            *testing.T
	dir          string
	path, record string
}

func installWithFakeDcycle(t *testing.T, base string) *hookUnderTest {
	t.Helper()
	h := &hookUnderTest{t: t, dir: newRepo(t)}
	bin := t.TempDir()
	h.record = filepath.Join(bin, "args")
	fake := filepath.Join(bin, "fake-dcycle")
	write(t, fake, "#!/bin/sh\nprintf '%s\\n' \"$@\" > "+h.record+"\n")
	if err := os.Chmod(fake, 0o755); err != nil {
		t.Fatal(err)
	}
	var err error
	if h.path, err = Install(h.dir, fake, base, false); err != nil {
		t.Fatal(err)
	}
	return h
}

// run runs the hook with no dcycle on PATH, so that the fallback is used,
// and returns the arguments lint got, one per line, or "(not run)".
func (h *hookUnderTest) run() string {
	h.t.Helper()
	os.Remove(h.record)
	cmd := exec.Command("sh", h.path)
	cmd.Dir = h.dir
	cmd.Env = []string{"PATH=/usr/bin:/bin"}
	if out, err := cmd.CombinedOutput(); err != nil {
		h.t.Fatalf("hook: %v\n%s", err, out)
	}
	data, err := os.ReadFile(h.record)
	if err != nil {
		return "(not run)"
	}
	return string(data)
}

// TestHookRunsOnlyForModuleFiles runs the hook on a commit touching no
// module, then on commits staging a module file or a .dcycle.yml: lint
// --staged runs, and itself keeps the deploy modules among them.
func TestHookRunsOnlyForModuleFiles(t *testing.T) {
	h := installWithFakeDcycle(t, "")
	dir := h.dir

	write(t, filepath.Join(dir, "README.txt"), "hello\n")
	write(t, filepath.Join(dir, "web", "modules", "custom", "shop", "shop.php"), "<?php\n")
	git(t, dir, "add", ".")
	if got := h.run(); got != "(not run)" {
		t.Errorf("commit touching no module ran lint with %q", got)
	}
	git(t, dir, "commit", "-qm", "readme")

	for _, file := range []string{
		"web/modules/custom/my site_deploy/shop_deploy.install",
		"web/modules/custom/dpl_update/dpl_update.info.yml",
		"web/modules/custom/dpl_update/dpl_update.deploy.php",
		"sites/all/modules/custom/x/x.module",
		"top.post_update.php",
		".dcycle.yml",
	} {
		write(t, filepath.Join(dir, filepath.FromSlash(file)), "x\n")
		git(t, dir, "add", ".")
		if got := h.run(); got != "lint\n--staged\n" {
			t.Errorf("staging %s: lint arguments %q, want lint --staged", file, got)
		}
		git(t, dir, "commit", "-qm", file)
	}
}

// TestHookPassesBase runs a hook installed with a base ref: lint gets
// --base REF, quoted as a shell word.
func TestHookPassesBase(t *testing.T) {
	h := installWithFakeDcycle(t, "origin/main")
	write(t, filepath.Join(h.dir, "x_deploy.install"), "<?php\n")
	git(t, h.dir, "add", ".")
	if got, want := h.run(), "lint\n--staged\n--base\norigin/main\n"; got != want {
		t.Errorf("lint arguments %q, want %q", got, want)
	}
}

// TestPreCommitFrameworkHook checks .pre-commit-hooks.yaml against the
// hook: the same lint --staged, run on the same staged files, and given no
// file names (dcycle finds the modules from the index).
func TestPreCommitFrameworkHook(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join("..", "..", ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID            string `yaml:"id"`
		Entry         string `yaml:"entry"`
		Files         string `yaml:"files"`
		PassFilenames *bool  `yaml:"pass_filenames"`
	}
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) != 1 || hooks[0].ID != "dcycle-lint" {
		t.Fatalf("hooks = %+v, want dcycle-lint", hooks)
	}
	h := hooks[0]
	if h.Entry != "dcycle lint --staged" || h.Files != StagedFilesPattern || h.PassFilenames == nil || *h.PassFilenames {
		t.Errorf("dcycle-lint = %+v, want entry dcycle lint --staged, files %s, pass_filenames false", h, StagedFilesPattern)
	}
	re := regexp.MustCompile(StagedFilesPattern)
	for path, want := range map[string]bool{
		"web/modules/custom/dpl_update/dpl_update.install":  true,
		"web/modules/custom/dpl_update/dpl_update.info.yml": true,
		"x_deploy.deploy.php":                               true,
		"sites/all/modules/custom/x/x.post_update.php":      true,
		".dcycle.yml":                                        true,
		"web/.dcycle.yml":                                    true,
		"README.md":                                          false,
		"web/modules/custom/x/src/Form.php":                  false,
		"web/modules/custom/x/x.install.orig":                false,
		"web/modules/custom/x/my.dcycle.yml":                 false,
		"web/modules/custom/x/config/install/x.settings.yml": false,
	} {
		if re.MatchString(path) != want {
			t.Errorf("pattern on %s: %v, want %v", path, !want, want)
		}
	}
}
