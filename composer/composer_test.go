// Package composer_test installs the composer package for real: composer
// (from Debian in CI) installs it from a path repository into a scratch
// project, and vendor/bin/dcycle downloads the release from a local PHP
// web server, checks it, caches it, refuses a tampered one, and runs a
// local binary with DCYCLE_BINARY.
package composer_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dcycle/dcycle/internal/phptest"
	"github.com/dcycle/dcycle/internal/releasetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	releasetest.Cleanup()
	os.Exit(code)
}

// composerBin returns the composer command, skipping the test without it
// (failing it in CI).
func composerBin(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("composer")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("composer is required in CI (CI=true): %v", err)
		}
		t.Skipf("composer not found, skipping: %v", err)
	}
	return path
}

// scratch is a composer project with the package installed.
type scratch struct {
	t   *testing.T
	dir string
	env []string
}

// install creates a project requiring dcycle/dcycle from a path repository
// on this folder, with packagist off, and runs composer install.
func install(t *testing.T) *scratch {
	t.Helper()
	php := phptest.PHP(t)
	composer := composerBin(t)
	pkg, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	home := t.TempDir()
	project := `{
  "name": "example/site",
  "repositories": [
    {"packagist.org": false},
    {"type": "path", "url": "` + filepath.ToSlash(pkg) + `", "options": {"symlink": false}}
  ],
  "require-dev": {"dcycle/dcycle": "*"},
  "minimum-stability": "dev",
  "prefer-stable": true
}
`
	if err := os.WriteFile(filepath.Join(dir, "composer.json"), []byte(project), 0o644); err != nil {
		t.Fatal(err)
	}
	s := &scratch{t: t, dir: dir, env: []string{
		"PATH=" + filepath.Dir(php) + string(os.PathListSeparator) + os.Getenv("PATH"),
		"HOME=" + home,
		"COMPOSER_HOME=" + filepath.Join(home, "composer"),
		"COMPOSER_CACHE_DIR=" + filepath.Join(home, "composer-cache"),
		"COMPOSER_NO_INTERACTION=1",
		"COMPOSER_DISABLE_NETWORK=1",
	}}
	cmd := exec.Command(composer, "install", "--no-progress")
	cmd.Dir, cmd.Env = dir, s.env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("composer install: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "vendor", "bin", "dcycle")); err != nil {
		t.Fatalf("composer installed no vendor/bin/dcycle: %v", err)
	}
	return s
}

// run runs vendor/bin/dcycle with args and the environment variables vars.
func (s *scratch) run(vars map[string]string, args ...string) (stdout, stderr string, code int) {
	s.t.Helper()
	cmd := exec.Command(filepath.Join(s.dir, "vendor", "bin", "dcycle"), args...)
	cmd.Dir = s.dir
	cmd.Env = append([]string{}, s.env...)
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errorAs(err, &exit):
		code = exit.ExitCode()
	default:
		s.t.Fatalf("vendor/bin/dcycle: %v", err)
	}
	return out.String(), errb.String(), code
}

func errorAs(err error, exit **exec.ExitError) bool {
	e, ok := err.(*exec.ExitError)
	*exit = e
	return ok
}

// TestComposerPackage downloads the release through vendor/bin/dcycle: the
// first run fetches the checksums and the binary, checks and caches it;
// the next runs start the cached binary, with the server gone; arguments,
// output and exit codes pass through.
func TestComposerPackage(t *testing.T) {
	t.Parallel()
	s := install(t)
	rel := releasetest.Get(t)
	url, requests, stop := releasetest.ServePHP(t, phptest.PHP(t), rel.Dir)
	cache := t.TempDir()
	vars := map[string]string{"DCYCLE_DOWNLOAD_URL": url, "DCYCLE_VERSION": rel.Version, "DCYCLE_CACHE_DIR": cache}

	stdout, stderr, code := s.run(vars, "version")
	if code != 0 || !strings.HasPrefix(stdout, "dcycle "+rel.Version+"\n") {
		t.Fatalf("vendor/bin/dcycle version: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if !regexp.MustCompile(`(?m)^commit [0-9a-f]{40}$`).MatchString(stdout) {
		t.Errorf("the release binary does not say its commit:\n%s", stdout)
	}
	log := requests()
	for _, file := range []string{"dcycle_" + rel.Version + "_checksums.txt", rel.Binary} {
		if !strings.Contains(log, "[200]: GET /"+file) {
			t.Errorf("the server did not serve %s:\n%s", file, log)
		}
	}
	cached := filepath.Join(cache, rel.Version, rel.Binary)
	want, err := os.ReadFile(filepath.Join(rel.Dir, rel.Binary))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(cached); err != nil || !bytes.Equal(got, want) {
		t.Errorf("the cache does not hold the release binary at %s: %v", cached, err)
	}

	// The server is gone: the cached binary runs, and says nothing of a
	// download.
	stop()
	stdout, stderr, code = s.run(vars, "version")
	if code != 0 || !strings.HasPrefix(stdout, "dcycle "+rel.Version+"\n") || stderr != "" {
		t.Errorf("second run from the cache: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	module, err := filepath.Abs(filepath.Join("..", "testdata", "modules", "d7_lint_broken"))
	if err != nil {
		t.Fatal(err)
	}
	stdout, _, code = s.run(vars, "lint", "--format", "junit", module)
	if code != 1 || !strings.Contains(stdout, "<testsuites") {
		t.Errorf("lint of a broken module through the wrapper: exit %d, want 1\n%s", code, stdout)
	}
}

// TestComposerRefusesTamperedBinary serves a release whose binary does not
// match its checksum: the wrapper refuses it, runs nothing and caches
// nothing. A release with no binary for this machine is refused too.
func TestComposerRefusesTamperedBinary(t *testing.T) {
	t.Parallel()
	s := install(t)
	rel := releasetest.Get(t).Copy(t)
	path := filepath.Join(rel.Dir, rel.Binary)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// A script in place of the binary, as an attacker would serve.
	tampered := append([]byte("#!/bin/sh\necho pwned\n#"), data...)
	if err := os.WriteFile(path, tampered, 0o755); err != nil {
		t.Fatal(err)
	}
	url, _, _ := releasetest.ServePHP(t, phptest.PHP(t), rel.Dir)
	cache := t.TempDir()
	vars := map[string]string{"DCYCLE_DOWNLOAD_URL": url, "DCYCLE_VERSION": rel.Version, "DCYCLE_CACHE_DIR": cache}
	stdout, stderr, code := s.run(vars, "version")
	if code != 2 || stdout != "" || !strings.Contains(stderr, rel.Binary+" does not match its checksum") || !strings.Contains(stderr, "refusing to run it") {
		t.Errorf("tampered binary: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	var files []string
	filepath.WalkDir(cache, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	if len(files) > 0 {
		t.Errorf("the refused download left %v in the cache", files)
	}

	vars["DCYCLE_VERSION"] = "9.9.9"
	if _, stderr, code := s.run(vars, "version"); code != 2 || !strings.Contains(stderr, "cannot download "+url+"/dcycle_9.9.9_checksums.txt") {
		t.Errorf("a release that does not exist: exit %d\nstderr:\n%s", code, stderr)
	}
}

// TestComposerLocalBinary runs the binary DCYCLE_BINARY names, with no
// server to download from and an empty cache.
func TestComposerLocalBinary(t *testing.T) {
	t.Parallel()
	s := install(t)
	rel := releasetest.Get(t)
	cache := t.TempDir()
	vars := map[string]string{
		"DCYCLE_BINARY":       filepath.Join(rel.Dir, rel.Binary),
		"DCYCLE_DOWNLOAD_URL": "http://127.0.0.1:9",
		"DCYCLE_CACHE_DIR":    cache,
	}
	stdout, stderr, code := s.run(vars, "version")
	if code != 0 || !strings.HasPrefix(stdout, "dcycle "+rel.Version+"\n") || stderr != "" {
		t.Errorf("DCYCLE_BINARY: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if entries, _ := os.ReadDir(cache); len(entries) > 0 {
		t.Errorf("DCYCLE_BINARY downloaded into the cache: %v", entries)
	}
	vars["DCYCLE_BINARY"] = filepath.Join(cache, "missing")
	if _, stderr, code := s.run(vars, "version"); code != 2 || !strings.Contains(stderr, "which is not a file") {
		t.Errorf("a missing DCYCLE_BINARY: exit %d, stderr %q", code, stderr)
	}
}
