package history

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/dcycle/dcycle/internal/gittest"
	"github.com/dcycle/dcycle/internal/phpast"
)

// testRepo is a throwaway git repository, isolated from the user's and the
// system's git configuration.
type testRepo struct {
	t   *testing.T
	dir string
}

func newTestRepo(t *testing.T) *testRepo {
	t.Helper()
	r := &testRepo{t: t, dir: gittest.Init(t)}
	return r
}

func (r *testRepo) git(args ...string) string {
	r.t.Helper()
	return gittest.Run(r.t, r.dir, args...)
}

func (r *testRepo) write(path, content string) {
	r.t.Helper()
	gittest.Write(r.t, r.dir, path, content)
}

func (r *testRepo) commit(msg string) {
	r.t.Helper()
	r.git("add", "-A")
	r.git("commit", "-q", "--allow-empty", "-m", msg)
}

const moduleDir = "sites/all/modules/custom/example_deploy"

func (r *testRepo) load(t *testing.T) *phpast.Module {
	t.Helper()
	m, err := phpast.LoadModule("example_deploy", filepath.Join(r.dir, moduleDir, "example_deploy.install"), phpast.Options{})
	if err != nil {
		t.Fatal(err)
	}
	m.Core = 7
	return m
}

func TestLoad(t *testing.T) {
	t.Parallel()
	r := newTestRepo(t)
	r.write(moduleDir+"/example_deploy.install", install(u7001, u7002))
	r.commit("first")
	r.git("branch", "feature")
	r.write(moduleDir+"/example_deploy.install", install(u7001, u7002, u7003m, u7004m))
	r.commit("main moves on")
	r.git("checkout", "-q", "feature")
	r.write(moduleDir+"/example_deploy.install", install(u7001, u7002, u7003b))
	r.commit("feature adds 7003")

	base, err := Load(r.load(t), "main", phpast.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := base.Module.HighestUpdate(); got != 7004 {
		t.Errorf("highest update at main = %d, want 7004", got)
	}
	if want := "main:" + moduleDir + "/example_deploy.install"; base.Module.Install.Path != want {
		t.Errorf("base path = %q, want %q", base.Module.Install.Path, want)
	}
	if base.Fork == nil || base.Fork.HighestUpdate() != 7002 {
		t.Fatalf("fork = %v, want the module with 7001–7002", base.Fork)
	}
	c := Compare(r.load(t), base)
	if len(c.Below) != 1 || len(c.Changed) != 0 || len(c.Removed) != 0 {
		t.Errorf("below %d, changed %d, removed %d; want 1, 0, 0", len(c.Below), len(c.Changed), len(c.Removed))
	}

	// The base resolves from any ref form git knows, and a commit that is
	// HEAD's ancestor is its own fork point.
	first := r.git("rev-parse", "HEAD~1")
	base, err = Load(r.load(t), first[:10], phpast.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if base.Commit != first || base.Fork != base.Module {
		t.Errorf("commit %s fork %p, want %s and the base itself", base.Commit, base.Fork, first)
	}
}

func TestLoadModuleAbsentAtRef(t *testing.T) {
	t.Parallel()
	r := newTestRepo(t)
	r.write("README", "x\n")
	r.commit("before the module")
	r.write(moduleDir+"/example_deploy.install", install(u7001))
	r.write(moduleDir+"/example_deploy.post_update.php", "<?php\n")
	r.commit("module")
	base, err := Load(r.load(t), "HEAD~1", phpast.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if base.Module.Install != nil || len(base.Module.Other) != 0 || base.Module.HighestUpdate() != 0 {
		t.Errorf("module at HEAD~1 has files %v, want none", base.Module.Files())
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	r := newTestRepo(t)
	r.write(moduleDir+"/example_deploy.install", "<?php\nfunction example_deploy_update_7001( {\n}\n")
	r.commit("broken")
	r.write(moduleDir+"/example_deploy.install", install(u7001))
	r.commit("fixed")

	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "example_deploy.install"), []byte(install(u7001)), 0o644); err != nil {
		t.Fatal(err)
	}
	lone, err := phpast.LoadModule("example_deploy", filepath.Join(outside, "example_deploy.install"), phpast.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		module *phpast.Module
		ref    string
		want   string
	}{
		{"outside a repository", lone, "main", outside + ": not inside a git repository, which --base needs"},
		{"unknown ref", r.load(t), "origin/nope", `unknown git ref "origin/nope": no commit of that name in this repository (fetch it first?)`},
		{"option-like ref", r.load(t), "--all", `unknown git ref "--all": no commit of that name in this repository (fetch it first?)`},
		{"tree, not a commit", r.load(t), "HEAD^{tree}", `unknown git ref "HEAD^{tree}": no commit of that name in this repository (fetch it first?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Load(tt.module, tt.ref, phpast.Options{})
			var herr *Error
			if !errors.As(err, &herr) {
				t.Fatalf("Load error = %v (%T), want *history.Error", err, err)
			}
			if herr.Error() != tt.want {
				t.Errorf("error = %q, want %q", herr.Error(), tt.want)
			}
		})
	}

	t.Run("base does not parse", func(t *testing.T) {
		t.Parallel()
		_, err := Load(r.load(t), "HEAD~1", phpast.Options{})
		var perr *phpast.Error
		if !errors.As(err, &perr) {
			t.Fatalf("Load error = %v, want a *phpast.Error", err)
		}
		if want := "HEAD~1:" + moduleDir + "/example_deploy.install"; perr.Path != want || perr.Line != 2 {
			t.Errorf("error at %s:%d, want %s:2", perr.Path, perr.Line, want)
		}
	})
}

// TestLoadFolderNames checks that a module below folders with spaces and
// non-ASCII letters is found at the ref and named as git names it.
func TestLoadFolderNames(t *testing.T) {
	t.Parallel()
	r := newTestRepo(t)
	dir := "sites/all/modules/cüstom modules/example_deploy"
	r.write(dir+"/example_deploy.install", install(u7001, u7002))
	r.write(dir+"/example_deploy.deploy.php", "<?php\n\nfunction example_deploy_update_7005() {\n}\n")
	r.commit("module")
	m, err := phpast.LoadModule("example_deploy", filepath.Join(r.dir, dir, "example_deploy.install"), phpast.Options{})
	if err != nil {
		t.Fatal(err)
	}
	base, err := Load(m, "main", phpast.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range base.Module.Files() {
		paths = append(paths, f.Path)
	}
	want := []string{"main:" + dir + "/example_deploy.install", "main:" + dir + "/example_deploy.deploy.php"}
	if !slices.Equal(paths, want) {
		t.Errorf("files at main = %q, want %q", paths, want)
	}
	if got := base.Module.HighestUpdate(); got != 7005 {
		t.Errorf("highest update at main = %d, want 7005", got)
	}
}

// TestReadTreeIndex checks that the tree reader reads the index as it reads
// a commit: rev "" is the staged file, shown as git spells it, ":path".
func TestReadTreeIndex(t *testing.T) {
	t.Parallel()
	r := newTestRepo(t)
	path := moduleDir + "/example_deploy.install"
	r.write(path, "committed\n")
	r.commit("first")
	r.write(path, "staged\n")
	r.git("add", path)
	r.write(path, "in the working tree\n")

	names := phpast.ModuleFiles("example_deploy")
	for _, tc := range []struct {
		rev, label, want, shown string
	}{
		{"", "", "staged\n", ":" + path},
		{"HEAD", "HEAD", "committed\n", "HEAD:" + path},
	} {
		fsys, err := readTree(filepath.Join(r.dir, moduleDir), moduleDir+"/", tc.rev, tc.label, names)
		if err != nil {
			t.Fatal(err)
		}
		got, err := fs.ReadFile(fsys, names[0])
		if err != nil || string(got) != tc.want {
			t.Errorf("rev %q: %s = %q, %v; want %q", tc.rev, names[0], got, err, tc.want)
		}
		if shown := fsys.Path(names[0]); shown != tc.shown {
			t.Errorf("rev %q: shown as %q, want %q", tc.rev, shown, tc.shown)
		}
		if _, err := fs.ReadFile(fsys, names[1]); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("rev %q: %s: error %v, want it not to exist", tc.rev, names[1], err)
		}
		f, err := fsys.Open(names[0])
		if err != nil {
			t.Fatal(err)
		}
		info, err := f.Stat()
		if err != nil || info.Name() != names[0] || info.Size() != int64(len(tc.want)) || !info.Mode().IsRegular() {
			t.Errorf("rev %q: Stat = %v, %v; want a regular file of %d bytes", tc.rev, info, err, len(tc.want))
		}
		if got, err := io.ReadAll(f); err != nil || string(got) != tc.want {
			t.Errorf("rev %q: read %q, %v from the open file; want %q", tc.rev, got, err, tc.want)
		}
		f.Close()
	}
}
