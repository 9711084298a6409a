package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/dcycle/dcycle/internal/drupaltest"
	"github.com/dcycle/dcycle/internal/gittest"
	"github.com/dcycle/dcycle/internal/phptest"
)

// verifyReport is the part of `verify --format json` the tests read.
type verifyReport struct {
	Version     int
	Same        bool
	Ran         []string
	Differences []struct {
		Kind, Key      string
		Fresh, Updated json.RawMessage
		SetBy          []struct{ Function string } `json:"set_by"`
		Note           string
	}
	Failures []struct{ Site, Step, Update, Message string }
	Sites    map[string]string
}

// difference returns the difference of a kind and key, failing the test
// when there is none.
func (r *verifyReport) difference(t *testing.T, kind, key string) (fresh, updated string, setBy []string, note string) {
	t.Helper()
	for _, d := range r.Differences {
		if d.Kind == kind && d.Key == key {
			for _, s := range d.SetBy {
				setBy = append(setBy, s.Function)
			}
			return string(d.Fresh), string(d.Updated), setBy, d.Note
		}
	}
	t.Fatalf("no difference %s %s in %+v", kind, key, r.Differences)
	return
}

// verifyProject makes a project from a real Drupal codebase (hard-linked,
// copied across file systems) with the deploy module of
// testdata/verify/CASE in its conventional place, and returns its root and
// the module's folder.
func verifyProject(t *testing.T, core int, testCase string) (root, module string) {
	t.Helper()
	src := drupaltest.Source(t, core)
	phptest.PHP(t)
	root = filepath.Join(t.TempDir(), "project")
	if err := linkCodebase(src, root); err != nil {
		t.Fatal(err)
	}
	module = filepath.Join(root, "sites", "all", "modules", "custom", "acme_deploy")
	if core != 7 {
		module = filepath.Join(root, "web", "modules", "custom", "acme_deploy")
	}
	putVerifyModule(t, testCase, module)
	return root, module
}

// putVerifyModule replaces the module folder with testdata/verify/CASE/acme_deploy.
func putVerifyModule(t *testing.T, testCase, module string) {
	t.Helper()
	if err := os.RemoveAll(module); err != nil {
		t.Fatal(err)
	}
	if err := copyModuleDir(filepath.Join("testdata", "verify", filepath.FromSlash(testCase), "acme_deploy"), module); err != nil {
		t.Fatal(err)
	}
}

// linkCodebase hard-links the files of src into dst, or copies them where the
// file system refuses links.
func linkCodebase(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			to, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(to, target)
		}
		if os.Link(p, target) == nil {
			return nil
		}
		return copyFileTo(p, target)
	})
}

func copyModuleDir(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		return copyFileTo(p, filepath.Join(dst, rel))
	})
}

func copyFileTo(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}

// treeState records every file, folder and link below root: content hash,
// size and permission bits (a chmod through a hard link would show),
// never times.
func treeState(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			out[rel] = fmt.Sprintf("dir %v", info.Mode())
		case d.Type()&fs.ModeSymlink != 0:
			to, err := os.Readlink(p)
			if err != nil {
				return err
			}
			out[rel] = "link " + to
		default:
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			defer f.Close()
			h := sha256.New()
			if _, err := io.Copy(h, f); err != nil {
				return err
			}
			out[rel] = fmt.Sprintf("file %v %d %s", info.Mode(), info.Size(), hex.EncodeToString(h.Sum(nil)))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameTreeState fails the test when the tree changed since the snapshot.
func sameTreeState(t *testing.T, root string, before map[string]string) {
	t.Helper()
	after := treeState(t, root)
	var changed []string
	for p, v := range before {
		if after[p] != v {
			changed = append(changed, fmt.Sprintf("%s: %q -> %q", p, v, after[p]))
		}
	}
	for p, v := range after {
		if _, ok := before[p]; !ok {
			changed = append(changed, fmt.Sprintf("%s: new %q", p, v))
		}
	}
	slices.Sort(changed)
	if len(changed) > 0 {
		t.Errorf("verify changed the project (%d entries):\n%s", len(changed), strings.Join(changed[:min(len(changed), 20)], "\n"))
	}
}

// noProcessUnder fails the test when a process still runs from, or names,
// a folder below dir (Linux, through /proc).
func noProcessUnder(t *testing.T, dir string) {
	t.Helper()
	if runtime.GOOS != "linux" {
		return
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		pid := e.Name()
		if pid[0] < '0' || pid[0] > '9' {
			continue
		}
		cmdline, _ := os.ReadFile(filepath.Join("/proc", pid, "cmdline"))
		cwd, _ := os.Readlink(filepath.Join("/proc", pid, "cwd"))
		if strings.Contains(string(cmdline), dir) || strings.HasPrefix(cwd, dir) {
			t.Errorf("process %s is still running: %s (in %s)", pid, strings.ReplaceAll(string(cmdline), "\x00", " "), cwd)
		}
	}
}

// runVerify runs `dcycle verify --format json ARGS` in dir with its own
// temporary folder, checks that the project did not change, that no
// process was left running and (without --keep) that nothing was left in
// the temporary folder, and returns the exit code and report.
func runVerify(t *testing.T, dir, project string, args ...string) (int, *verifyReport, result) {
	t.Helper()
	tmp := filepath.Join(t.TempDir(), "tmp")
	if err := os.Mkdir(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	before := treeState(t, project)
	r := runCLIEnv(t, dir, map[string]string{"TMPDIR": tmp}, append([]string{"verify", "--format", "json"}, args...)...)
	sameTreeState(t, project, before)
	noProcessUnder(t, tmp)
	if !slices.Contains(args, "--keep") {
		if left, _ := os.ReadDir(tmp); len(left) > 0 {
			t.Errorf("verify left %d entries in its temporary folder", len(left))
		}
	}
	rep := &verifyReport{}
	if r.code != exitFailure {
		if err := json.Unmarshal([]byte(r.stdout), rep); err != nil {
			t.Fatalf("verify printed no JSON report (exit %d): %v\n%s\n%s", r.code, err, r.stdout, r.stderr)
		}
		if rep.Version != 1 {
			t.Errorf("report version %d, want 1", rep.Version)
		}
	}
	return r.code, rep, r
}

func TestVerifyDrupal7(t *testing.T) {
	t.Parallel()
	t.Run("agree", func(t *testing.T) {
		t.Parallel()
		root, module := verifyProject(t, 7, "d7/agree")
		code, rep, r := runVerify(t, module, root)
		if code != exitOK || !rep.Same {
			t.Fatalf("exit %d, same %v, want 0 and true\n%s", code, rep.Same, r.stderr)
		}
		want := []string{"acme_deploy_update_7001", "acme_deploy_update_7002", "acme_deploy_update_7003"}
		if !slices.Equal(rep.Ran, want) {
			t.Errorf("updb ran %v, want every update %v", rep.Ran, want)
		}
	})
	t.Run("base", func(t *testing.T) {
		t.Parallel()
		gittest.Need(t)
		root, module := verifyProject(t, 7, "d7/base")
		gittest.Run(t, root, "init", "-q", "-b", "main")
		gittest.Run(t, root, "add", "sites/all/modules/custom")
		gittest.Run(t, root, "commit", "-qm", "deployed")
		putVerifyModule(t, "d7/agree", module)
		code, rep, r := runVerify(t, root, root, "--base", "main")
		if code != exitOK || !rep.Same {
			t.Fatalf("exit %d, same %v, want 0 and true\n%s", code, rep.Same, r.stderr)
		}
		// The updated site started from the module at main: only the update
		// added since ran through updb.
		if want := []string{"acme_deploy_update_7003"}; !slices.Equal(rep.Ran, want) {
			t.Errorf("updb ran %v, want %v", rep.Ran, want)
		}
	})
	t.Run("diverge", func(t *testing.T) {
		t.Parallel()
		root, module := verifyProject(t, 7, "d7/diverge")
		code, rep, r := runVerify(t, module, root)
		if code != exitFindings || rep.Same {
			t.Fatalf("exit %d, same %v, want 1 and false\n%s", code, rep.Same, r.stderr)
		}
		// hook_install() sets the slogan after the replay: fresh sites
		// keep its value, updated sites have the update's.
		fresh, updated, setBy, note := rep.difference(t, "variable", "site_slogan")
		if fresh != `"Installed"` || updated != `"Deployed"` {
			t.Errorf("site_slogan: fresh %s, updated %s", fresh, updated)
		}
		if !slices.Contains(setBy, "acme_deploy_update_7003") || !slices.Contains(setBy, "acme_deploy_install") {
			t.Errorf("site_slogan set by %v, want the update and hook_install()", setBy)
		}
		if !strings.Contains(note, "acme_deploy_install() changes it after the replay") {
			t.Errorf("site_slogan note %q does not blame hook_install()", note)
		}
		// The guard skips update 7001 on a fresh site, and 7002 only works
		// where 7001 ran.
		fresh, updated, setBy, _ = rep.difference(t, "variable", "contact_default_status")
		if fresh != "null" || updated != "0" || !slices.Equal(setBy, []string{"acme_deploy_update_7002"}) {
			t.Errorf("contact_default_status: fresh %s, updated %s, set by %v", fresh, updated, setBy)
		}
		if _, _, setBy, _ = rep.difference(t, "module", "contact"); !slices.Equal(setBy, []string{"acme_deploy_update_7001"}) {
			t.Errorf("contact set by %v", setBy)
		}
		if len(rep.Failures) != 0 {
			t.Errorf("failures %+v, want none", rep.Failures)
		}
	})
	t.Run("unknown profile", func(t *testing.T) {
		t.Parallel()
		root, module := verifyProject(t, 7, "d7/agree")
		code, _, r := runVerify(t, module, root, "--profile", "nosuch")
		if code != exitFailure || !strings.Contains(r.stderr, "no install profile nosuch") {
			t.Errorf("exit %d, stderr %q; want 2: the site could not be built", code, r.stderr)
		}
	})
	t.Run("fails", func(t *testing.T) {
		t.Parallel()
		root, module := verifyProject(t, 7, "d7/fails")
		code, rep, r := runVerify(t, module, root)
		if code != exitFindings {
			t.Fatalf("exit %d, want 1\n%s", code, r.stderr)
		}
		// list_themes() reads the disk under updb: the check that passes in
		// hook_install() fails on the updated site, with Drupal's message.
		if len(rep.Failures) != 1 {
			t.Fatalf("failures %+v, want one", rep.Failures)
		}
		f := rep.Failures[0]
		if f.Site != "updated" || f.Update != "acme_deploy_update_7002" || !strings.Contains(f.Message, "garland is not enabled") {
			t.Errorf("failure %+v, want acme_deploy_update_7002 on the updated site with Drupal's message", f)
		}
		if strings.Contains(f.Message, "dcycle-verify-") || !strings.Contains(f.Message, module) {
			t.Errorf("failure message %q names the throwaway site, not the project's file", f.Message)
		}
		if fresh, updated, _, _ := rep.difference(t, "variable", "theme_default"); fresh != `"garland"` || updated != `"bartik"` {
			t.Errorf("theme_default: fresh %s, updated %s", fresh, updated)
		}
	})
}

func TestVerifyDrupal10(t *testing.T) {
	t.Parallel()
	root, module := verifyProject(t, 10, "d10/agree")

	// Without a config sync directory: updb, cache rebuild, deploy hooks.
	code, rep, r := runVerify(t, module, root, "--keep")
	if code != exitOK || !rep.Same {
		t.Fatalf("exit %d, same %v, want 0 and true\n%s\n%s", code, rep.Same, r.stdout, r.stderr)
	}
	want := []string{"acme_deploy_update_10001", "acme_deploy_update_10002", "acme_deploy_post_update_10003_front_page", "acme_deploy_deploy_10004_site_name"}
	if !slices.Equal(rep.Ran, want) {
		t.Errorf("the updated site ran %v, want %v", rep.Ran, want)
	}
	fresh := rep.Sites["fresh"]
	if fresh == "" {
		t.Fatalf("--keep kept no fresh site: %v", rep.Sites)
	}
	t.Cleanup(func() { removeWritable(filepath.Dir(fresh)) })

	// The project's config is the fresh site's, exported; its settings.php
	// names the sync directory.
	sync := filepath.Join(root, "config", "sync")
	if err := os.MkdirAll(sync, 0o755); err != nil {
		t.Fatal(err)
	}
	export := exec.Command(phptest.PHP(t), filepath.Join(fresh, "vendor", "bin", "drush"), "--root="+filepath.Join(fresh, "web"), "config:export", "--yes", "--destination="+sync)
	export.Env = append(os.Environ(), "HOME="+t.TempDir())
	if out, err := export.CombinedOutput(); err != nil {
		t.Fatalf("drush config:export: %v\n%s", err, out)
	}
	settings := filepath.Join(root, "web", "sites", "default", "settings.php")
	if err := os.WriteFile(settings, []byte("<?php\n$settings['config_sync_directory'] = '../config/sync';\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	putVerifyModule(t, "d10/diverge", module)
	code, rep, r = runVerify(t, module, root)
	if code != exitFindings || rep.Same {
		t.Fatalf("exit %d, same %v, want 1 and false\n%s\n%s", code, rep.Same, r.stdout, r.stderr)
	}
	// The sync directory says true: drush deploy's import undoes update
	// 10004 on the updated site only.
	f, u, setBy, note := rep.difference(t, "config", "system.performance:css.preprocess")
	if f != "false" || u != "true" || !slices.Equal(setBy, []string{"acme_deploy_update_10004"}) {
		t.Errorf("css.preprocess: fresh %s, updated %s, set by %v", f, u, setBy)
	}
	if !strings.Contains(note, "the config import undoes acme_deploy_update_10004()") {
		t.Errorf("css.preprocess note %q does not blame the import", note)
	}
	// hook_install() overwrites the slogan after the replay.
	f, u, setBy, note = rep.difference(t, "config", "system.site:slogan")
	if f != `"Installed"` || u != `"Deployed"` || !slices.Contains(setBy, "acme_deploy_install") || !slices.Contains(setBy, "acme_deploy_update_10002") {
		t.Errorf("slogan: fresh %s, updated %s, set by %v", f, u, setBy)
	}
	if !strings.Contains(note, "after the replay") {
		t.Errorf("slogan note %q does not blame hook_install()", note)
	}
	// The guard skips 10001 on a fresh site; 10003 creates its account
	// only where 10001 ran.
	if _, _, setBy, _ = rep.difference(t, "module", "contact"); !slices.Equal(setBy, []string{"acme_deploy_update_10001"}) {
		t.Errorf("contact set by %v", setBy)
	}
	if f, u, _, _ = rep.difference(t, "table", "users_field_data"); f != "2" || u != "3" {
		t.Errorf("users_field_data: fresh %s, updated %s", f, u)
	}
	// The deploy hook that throws fails on both sites, with its message.
	var sites []string
	for _, fl := range rep.Failures {
		if fl.Update == "acme_deploy_deploy_10005_mail_server" && strings.Contains(fl.Message, "no mail server is configured") {
			sites = append(sites, fl.Site)
		}
	}
	if slices.Sort(sites); !slices.Equal(sites, []string{"fresh", "updated"}) || len(rep.Failures) != 2 {
		t.Errorf("failures %+v, want the deploy hook on both sites", rep.Failures)
	}
}

// removeWritable removes a folder that Drupal made read-only in places.
func removeWritable(dir string) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			_ = os.Chmod(p, 0o755)
		}
		return nil
	})
	_ = os.RemoveAll(dir)
}

func TestVerifyNeedsPHPAndDrush(t *testing.T) {
	t.Parallel()
	d7 := filepath.Join(modulesDir(t), "d7_root")
	t.Run("no php", func(t *testing.T) {
		t.Parallel()
		r := runCLIEnv(t, d7, map[string]string{"DCYCLE_PHP": filepath.Join(t.TempDir(), "php"), "TMPDIR": t.TempDir()}, "verify")
		if r.code != exitFailure || !strings.Contains(r.stderr, "php is missing") || !strings.Contains(r.stderr, "apt-get install php-cli") {
			t.Errorf("exit %d, stderr %q; want 2 and how to install php", r.code, r.stderr)
		}
	})
	t.Run("no pdo_sqlite", func(t *testing.T) {
		t.Parallel()
		php := phptest.PHP(t)
		if runtime.GOOS == "windows" {
			t.Skip("a shell script stands in for php")
		}
		// php -n loads no extension that is built as one, as Debian
		// builds pdo_sqlite.
		if exec.Command(php, "-n", "-r", "exit(extension_loaded('pdo_sqlite') ? 0 : 1);").Run() == nil {
			t.Skip("this php has pdo_sqlite built in")
		}
		wrapper := filepath.Join(t.TempDir(), "php")
		if err := os.WriteFile(wrapper, []byte("#!/bin/sh\nexec "+php+" -n \"$@\"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		r := runCLIEnv(t, d7, map[string]string{"DCYCLE_PHP": wrapper, "TMPDIR": t.TempDir()}, "verify")
		if r.code != exitFailure || !strings.Contains(r.stderr, "has no pdo_sqlite") || !strings.Contains(r.stderr, "php-sqlite3") {
			t.Errorf("exit %d, stderr %q; want 2 and the missing extension", r.code, r.stderr)
		}
	})
	t.Run("no drush", func(t *testing.T) {
		t.Parallel()
		phptest.PHP(t)
		if _, err := exec.LookPath("drush"); err == nil {
			t.Skip("a drush on the PATH stands in for the project's")
		}
		root := t.TempDir()
		for path, content := range map[string]string{
			"composer.json":           "{}\n",
			"vendor/autoload.php":     "<?php\n",
			"web/core/lib/Drupal.php": "<?php\n",
			"web/index.php":           "<?php\n",
			"web/modules/custom/acme_deploy/acme_deploy.info.yml": "name: Acme\ntype: module\ncore_version_requirement: ^10\n",
			"web/modules/custom/acme_deploy/acme_deploy.install":  "<?php\n",
		} {
			p := filepath.Join(root, filepath.FromSlash(path))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		tmp := t.TempDir()
		r := runCLIEnv(t, root, map[string]string{"TMPDIR": tmp}, "verify", "--core", "10")
		if r.code != exitFailure || !strings.Contains(r.stderr, "drush is missing") {
			t.Errorf("exit %d, stderr %q; want 2 and drush missing", r.code, r.stderr)
		}
		if left, _ := os.ReadDir(tmp); len(left) > 0 {
			t.Errorf("verify left %d entries in its temporary folder", len(left))
		}
	})
}
