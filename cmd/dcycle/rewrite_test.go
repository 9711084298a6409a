//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dcycle/dcycle/internal/gittest"
	"github.com/dcycle/dcycle/internal/phpast"
)

// A new-update killed at any moment leaves nothing git status shows but the
// .install, rewritten whole or not at all: no temporary file, no lock file.
// The kills land at spread-out moments of a run that takes milliseconds:
// before the read, during the planning, around the write.
func TestNewUpdateKilledLeavesNothing(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	repo := gittest.Init(t)
	module := filepath.Join(repo, "sites", "all", "modules", "custom", "example_deploy")
	if err := os.CopyFS(module, os.DirFS(filepath.Join(modulesDir(t), "d7_seed"))); err != nil {
		t.Fatal(err)
	}
	gittest.Run(t, repo, "add", "-A")
	gittest.Run(t, repo, "commit", "-q", "-m", "deploy module")
	install := filepath.Join(module, "example_deploy.install")
	original, err := os.ReadFile(install)
	if err != nil {
		t.Fatal(err)
	}
	before, err := phpast.ParseFile(install, original, phpast.Options{Module: "example_deploy"})
	if err != nil {
		t.Fatal(err)
	}
	rel := filepath.ToSlash(strings.TrimPrefix(install, repo+string(filepath.Separator)))
	rewritten := 0
	for delay := time.Duration(0); delay <= 40*time.Millisecond; delay += time.Millisecond {
		cmd := exec.Command(bin, "new-update", "#1 killed", "--set", "a=1")
		cmd.Dir = module
		cmd.Env = gittest.Env("")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()

		status := gittest.Run(t, repo, "status", "--porcelain", "--untracked-files=all")
		switch status {
		case "":
		case "M " + rel:
			rewritten++
			src, err := os.ReadFile(install)
			if err != nil {
				t.Fatal(err)
			}
			f, err := phpast.ParseFile(install, src, phpast.Options{Module: "example_deploy"})
			if err != nil {
				t.Fatalf("killed after %s: the .install does not parse: %v", delay, err)
			}
			if len(f.Functions) != len(before.Functions)+1 || !strings.Contains(string(src), "function example_deploy_update_7005()") {
				t.Fatalf("killed after %s: the .install is neither the old nor the new one:\n%s", delay, src)
			}
			gittest.Run(t, repo, "checkout", "--", rel)
		default:
			t.Fatalf("killed after %s: git status shows\n%s", delay, status)
		}
	}
	t.Logf("%d of 41 runs finished their write before the kill", rewritten)
}

// A write through new-update keeps the file's group and mode, and says when
// it breaks a hard link.
func TestNewUpdateKeepsGroupAndReportsHardLinks(t *testing.T) {
	t.Parallel()
	dir := copyModule(t, "d7_seed")
	install := filepath.Join(dir, "example_deploy.install")
	if err := os.Chmod(install, 0o664); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "copy.install")
	if err := os.Link(install, other); err != nil {
		t.Skipf("no hard links here: %v", err)
	}
	gid := -1
	if os.Geteuid() == 0 {
		gid = 4242
	} else if groups, _ := os.Getgroups(); len(groups) > 1 {
		gid = groups[1]
	}
	if gid >= 0 {
		if err := os.Chown(install, -1, gid); err != nil {
			gid = -1
		}
	}
	r := runCLI(t, dir, "new-update", "#1 linked", "--set", "a=1")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if want := "warning: example_deploy.install had 2 hard links; it is now a separate file\n"; r.stderr != want {
		t.Errorf("stderr %q, want %q", r.stderr, want)
	}
	if src, _ := os.ReadFile(other); strings.Contains(string(src), "_update_7005") {
		t.Errorf("the other link was written too")
	}
	info, err := os.Stat(install)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o664 {
		t.Errorf("mode %v, want 0664", info.Mode().Perm())
	}
	if st, ok := info.Sys().(*syscall.Stat_t); ok && gid >= 0 && int(st.Gid) != gid {
		t.Errorf("group %d, want %d kept", st.Gid, gid)
	}
}
