// Package drupaltest gives tests real Drupal: the Drupal 7 and Drupal 10
// codebases and the PHP CLI tools that build a throwaway SQLite site and run
// what drush runs on it. Stubs of the Drupal API agree with our assumptions;
// these sites are the judge of generated code.
//
// The codebases are named by DRUPAL7_SRC and DRUPAL10_SRC (what the shared
// drupal/unpack.sh prints); the tools are the d7/ and d10/ folders of
// DCYCLE_DRUPAL_TOOLS, by default the shared/drupal folder beside the
// repository. Without them a test is skipped locally and fails under
// CI=true, like the other tests that need PHP.
package drupaltest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dcycle/dcycle/internal/phptest"
)

// Environment variables that point the tests at real Drupal.
const (
	EnvDrupal7  = "DRUPAL7_SRC"
	EnvDrupal10 = "DRUPAL10_SRC"
	EnvTools    = "DCYCLE_DRUPAL_TOOLS"
)

// missing skips the test, or fails it under CI=true, where every real
// Drupal test must run.
func missing(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s (CI=true: real Drupal tests must run; .ci/run unpacks the codebases)", msg)
	}
	t.Skip(msg)
}

// Source returns the Drupal codebase of a core major (7 or 10).
func Source(t testing.TB, core int) string {
	t.Helper()
	env := EnvDrupal10
	if core == 7 {
		env = EnvDrupal7
	}
	dir := os.Getenv(env)
	if dir == "" {
		missing(t, "%s is not set: no Drupal %d codebase", env, core)
	}
	if _, err := os.Stat(dir); err != nil {
		missing(t, "%s=%s: %v", env, dir, err)
	}
	return dir
}

// Tools returns the folder of a core's site tools (…/d7 or …/d10).
func Tools(t testing.TB, core int) string {
	t.Helper()
	root := os.Getenv(EnvTools)
	if root == "" {
		repo, err := repoRoot()
		if err != nil {
			missing(t, "%s is not set and %v", EnvTools, err)
		}
		root = filepath.Join(filepath.Dir(repo), "shared", "drupal")
	}
	dir := filepath.Join(root, toolsFolder(core))
	if _, err := os.Stat(filepath.Join(dir, "setup.sh")); err != nil {
		missing(t, "no Drupal site tools in %s (set %s)", dir, EnvTools)
	}
	return dir
}

func toolsFolder(core int) string {
	if core == 7 {
		return "d7"
	}
	return "d10"
}

// repoRoot is the folder holding go.mod, found from the working folder up.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working folder")
		}
		dir = parent
	}
}

// Site is a throwaway Drupal site on SQLite, inside a test's temporary
// folder.
type Site struct {
	Core int
	// Dir is the site's root: the Drupal 7 root, or the Drupal 10 project
	// (with web/ and vendor/).
	Dir   string
	tools string
	php   string
}

// NewSite installs a fresh site of a core major with the minimal profile.
// A Drupal 10 site hard-links core and vendor: never edit those files in
// it. Tests that need many sites build one with Bases and copy it.
func NewSite(t testing.TB, core int) *Site {
	t.Helper()
	src, tools, php := Source(t, core), Tools(t, core), phptest.PHP(t)
	site, err := install(core, src, tools, php, filepath.Join(t.TempDir(), "site"), "")
	if err != nil {
		t.Fatal(err)
	}
	return site
}

// NewSiteWithProfile installs a fresh site with the install profile in
// profileDir (a folder named after the profile, holding NAME.info or
// NAME.info.yml, and its modules/ if it brings any): the profile goes into
// a copy of the codebase (hard-linked for Drupal 10), so the codebase
// itself is never changed. A module the profile depends on is enabled inside the site
// install, where Drupal runs in maintenance mode.
func NewSiteWithProfile(t testing.TB, core int, profileDir string) *Site {
	t.Helper()
	src, tools, php := Source(t, core), Tools(t, core), phptest.PHP(t)
	tmp := t.TempDir()
	code := filepath.Join(tmp, "codebase")
	// Drupal 7's codebase is small, and its setup reads it with tar, which
	// fails on a file whose link count changes under it: copy it for real.
	copyCode := linkTree
	if core == 7 {
		copyCode = copyTree
	}
	if err := copyCode(src, code); err != nil {
		t.Fatal(err)
	}
	profiles := filepath.Join(code, "profiles")
	if core != 7 {
		profiles = filepath.Join(code, "web", "profiles")
	}
	name := filepath.Base(profileDir)
	if out, err := exec.Command("cp", "-r", profileDir, filepath.Join(profiles, name)).CombinedOutput(); err != nil {
		t.Fatalf("copy the profile %s: %v\n%s", name, err, out)
	}
	site, err := setup(core, code, tools, php, filepath.Join(tmp, "site"), name)
	if err != nil {
		t.Fatal(err)
	}
	return site
}

// install makes a new site in dir from the codebase src, with profile (""
// for minimal). Drupal 7's setup.sh copies the codebase with tar, which
// fails when another test hard-links the same files meanwhile (their
// change time moves): it reads a private copy instead.
func install(core int, src, tools, php, dir, profile string) (*Site, error) {
	if core == 7 {
		private := dir + "-codebase"
		if err := copyTree(src, private); err != nil {
			return nil, err
		}
		defer os.RemoveAll(private)
		src = private
	}
	return setup(core, src, tools, php, dir, profile)
}

// setup runs the tools' setup.sh.
func setup(core int, src, tools, php, dir, profile string) (*Site, error) {
	args := []string{filepath.Join(tools, "setup.sh"), src, dir}
	if profile != "" {
		args = append(args, profile)
	}
	cmd := exec.Command("bash", args...)
	cmd.Env = append(os.Environ(), "PHP="+php, "D10H_COPY=link")
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("set up a Drupal %d site: %v\n%s", core, err, out)
	}
	return &Site{Core: core, Dir: dir, tools: tools, php: php}, nil
}

// copyTree makes dst a copy of src.
func copyTree(src, dst string) error {
	if out, err := exec.Command("cp", "-a", src, dst).CombinedOutput(); err != nil {
		return fmt.Errorf("copy %s: %v\n%s", src, err, out)
	}
	return nil
}

// linkTree makes dst a copy of src whose files are hard links (a real copy
// when the two are on different file systems). Folders are new, so adding
// or removing a file in dst leaves src alone; writing into a file that
// was there does not.
func linkTree(src, dst string) error {
	if out, err := exec.Command("cp", "-al", src, dst).CombinedOutput(); err != nil {
		if rmErr := os.RemoveAll(dst); rmErr != nil {
			return rmErr
		}
		if err := copyTree(src, dst); err != nil {
			return fmt.Errorf("%w (hard links failed too: %s)", err, bytes.TrimSpace(out))
		}
	}
	return nil
}

// Copy returns an independent copy of the site (its SQLite database lives
// inside it), in another temporary folder: one installed site serves many
// cases. The code is hard-linked and only the folders that tests and Drupal
// write to are real copies: sites/ (Drupal 7), and web/sites, web/modules,
// web/themes and web/profiles (Drupal 10). Add and remove files anywhere,
// but never write into a file outside those folders. Drupal 10 core's
// tests folders, which a site never reads, are links to the original's.
func (s *Site) Copy(t testing.TB) *Site {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	if err := s.copyTo(dir); err != nil {
		t.Fatal(err)
	}
	c := *s
	c.Dir = dir
	return &c
}

func (s *Site) copyTo(dir string) error {
	written := map[string]bool{}
	for _, rel := range s.written() {
		written[rel] = true
	}
	err := filepath.WalkDir(s.Dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(s.Dir, path)
		if err != nil {
			return err
		}
		to := filepath.Join(dir, rel)
		switch {
		case written[rel]:
			if out, err := exec.Command("cp", "-a", path, to).CombinedOutput(); err != nil {
				return fmt.Errorf("copy site: %v\n%s", err, out)
			}
			return fs.SkipDir
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			return os.Symlink(target, to)
		case d.IsDir() && s.Core != 7 && d.Name() == "tests" && strings.HasPrefix(rel, filepath.Join("web", "core")+string(filepath.Separator)):
			// Drupal reads no tests folder unless told to scan them; a
			// link to the original saves a third of the files to link.
			abs, err := filepath.Abs(path)
			if err != nil {
				return err
			}
			if err := os.Symlink(abs, to); err != nil {
				return err
			}
			return fs.SkipDir
		case d.IsDir():
			info, err := d.Info()
			if err != nil {
				return err
			}
			return os.Mkdir(to, info.Mode().Perm()|0o700)
		default:
			if os.Link(path, to) == nil {
				return nil
			}
			return copyFile(path, to)
		}
	})
	if err != nil {
		return fmt.Errorf("copy site %s: %w", s.Dir, err)
	}
	return nil
}

// copyFile copies one file, with its mode: what a hard link becomes
// across file systems.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	info, err := in.Stat()
	if err != nil {
		return err
	}
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, info.Mode().Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// written are the folders, relative to the site, whose files a test or
// Drupal changes in place: the settings, the database, uploaded files,
// custom modules and themes.
func (s *Site) written() []string {
	if s.Core == 7 {
		return []string{"sites"}
	}
	return []string{filepath.Join("web", "sites"), filepath.Join("web", "modules"), filepath.Join("web", "themes"), filepath.Join("web", "profiles")}
}

// ModulesDir is where a custom module of the site goes.
func (s *Site) ModulesDir() string {
	if s.Core == 7 {
		return filepath.Join(s.Dir, "sites", "all", "modules", "custom")
	}
	return filepath.Join(s.Dir, "web", "modules", "custom")
}

// ThemesDir is where a custom theme of the site goes.
func (s *Site) ThemesDir() string {
	if s.Core == 7 {
		return filepath.Join(s.Dir, "sites", "all", "themes")
	}
	return filepath.Join(s.Dir, "web", "themes", "custom")
}

// SettingsFile is the site's settings.php, a real copy in every site:
// tests append overrides to it ($conf on Drupal 7, $config on Drupal 10).
func (s *Site) SettingsFile() string {
	if s.Core == 7 {
		return filepath.Join(s.Dir, "sites", "default", "settings.php")
	}
	return filepath.Join(s.Dir, "web", "sites", "default", "settings.php")
}

// Result is what one tool printed and how it exited: 0 done, 1 Drupal said
// no (a failed update, a module that did not enable), 2 a usage or
// bootstrap problem.
type Result struct {
	Stdout, Stderr string
	Exit           int
}

// Run runs one PHP tool of the site's core (enable.php, updb.php,
// vget.php…) on the site, with extra environment settings (D7H_STRICT=1…).
// A tool that cannot run at all (exit 2) fails the test.
func (s *Site) Run(t testing.TB, tool string, env []string, args ...string) Result {
	t.Helper()
	cmd := exec.Command(s.php, append([]string{filepath.Join(s.tools, tool), s.Dir}, args...)...)
	cmd.Env = append(append(os.Environ(), "PHP="+s.php), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := Result{Stdout: stdout.String(), Stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		r.Exit = exit.ExitCode()
	default:
		t.Fatalf("%s: %v", tool, err)
	}
	if r.Exit == 2 {
		t.Fatalf("%s %s: exit 2\n%s%s", tool, strings.Join(args, " "), r.Stderr, r.Stdout)
	}
	return r
}

// Must runs a tool that must succeed and returns its standard output.
func (s *Site) Must(t testing.TB, tool string, args ...string) string {
	t.Helper()
	r := s.Run(t, tool, nil, args...)
	if r.Exit != 0 {
		t.Fatalf("%s %s: exit %d\n%s%s", tool, strings.Join(args, " "), r.Exit, r.Stderr, r.Stdout)
	}
	return r.Stdout
}
