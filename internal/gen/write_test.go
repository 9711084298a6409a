package gen

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func writeFixture(t *testing.T, content string, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "m.install")
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
	return path
}

// onlyFile fails when the folder of path holds anything but path, or when
// its lock file is still there: a temporary or lock file left behind.
func onlyFile(t *testing.T, path string) {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != filepath.Base(path) {
			t.Errorf("%s left behind", e.Name())
		}
	}
	if _, err := os.Lstat(lockPath(path)); err == nil {
		t.Errorf("lock file %s left behind", lockPath(path))
	}
}

func TestWriteFile(t *testing.T) {
	t.Parallel()
	path := writeFixture(t, "old", 0o640)
	if warnings, err := writeFile(path, path, []byte("old"), []byte("new")); err != nil || warnings != nil {
		t.Fatalf("warnings %q, err %v", warnings, err)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != "new" {
		t.Fatalf("content %q, err %v; want new", got, err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, err %v; want 0640 kept", info.Mode().Perm(), err)
	}
	onlyFile(t, path)
}

func TestWriteFileThroughSymlink(t *testing.T) {
	t.Parallel()
	target := writeFixture(t, "old", 0o644)
	link := filepath.Join(t.TempDir(), "m.install")
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
	if _, err := writeFile(link, link, []byte("old"), []byte("new")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file (err %v)", err)
	}
	if got, _ := os.ReadFile(target); string(got) != "new" {
		t.Errorf("target holds %q, want new", got)
	}
	onlyFile(t, target)
}

func TestWriteFileRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		mode     os.FileMode
		expected string
		want     string
		is       error
	}{
		{name: "changed on disk", mode: 0o644, expected: "what we read", want: "changed on disk", is: ErrChanged},
		{name: "read-only", mode: 0o444, expected: "old", want: "read-only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := writeFixture(t, "old", tt.mode)
			_, err := writeFile(path, path, []byte(tt.expected), []byte("new"))
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), path+": ") {
				t.Fatalf("err = %v, want %q prefixed with the path", err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("errors.Is(err, %v) is false", tt.is)
			}
			var pe *PathError
			if !errors.As(err, &pe) || pe.Path != path {
				t.Errorf("err is not a *PathError for %s", path)
			}
			if got, _ := os.ReadFile(path); string(got) != "old" {
				t.Errorf("file now holds %q", got)
			}
			onlyFile(t, path)
		})
	}
	if _, err := writeFile(filepath.Join(t.TempDir(), "none.install"), "none.install", nil, []byte("x")); err == nil {
		t.Errorf("writing a missing file: no error")
	}
}

func TestLockExcludes(t *testing.T) {
	t.Parallel()
	path := writeFixture(t, "", 0o644)
	unlock, err := lock(path, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(lockPath(path)); err != nil {
		t.Errorf("lock file: %v", err)
	}
	var (
		mu       sync.Mutex
		order    []string
		acquired = make(chan struct{})
	)
	go func() {
		second, err := lock(path, path)
		if err != nil {
			t.Error(err)
			close(acquired)
			return
		}
		mu.Lock()
		order = append(order, "second")
		mu.Unlock()
		second()
		close(acquired)
	}()
	time.Sleep(50 * time.Millisecond)
	mu.Lock()
	order = append(order, "first released")
	mu.Unlock()
	unlock()
	<-acquired
	if strings.Join(order, ",") != "first released,second" {
		t.Errorf("order %v: the second lock was taken while the first was held", order)
	}
	onlyFile(t, path)
}

func TestLockManyGoroutines(t *testing.T) {
	t.Parallel()
	path := writeFixture(t, "", 0o644)
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		holders int
		most    int
	)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			unlock, err := lock(path, path)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			holders++
			most = max(most, holders)
			mu.Unlock()
			time.Sleep(2 * time.Millisecond)
			mu.Lock()
			holders--
			mu.Unlock()
			unlock()
		}()
	}
	wg.Wait()
	if most != 1 {
		t.Errorf("%d holders at once, want 1", most)
	}
	onlyFile(t, path)
}

// A write keeps the file's group where the process may set it: the
// temporary file is created with the process's group, so without the chown
// the group would change.
func TestWriteFileKeepsGroup(t *testing.T) {
	t.Parallel()
	path := writeFixture(t, "old", 0o664)
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	own, ok := fileGroup(info)
	if !ok {
		t.Skip("files have no group here")
	}
	other := -1
	if os.Geteuid() == 0 {
		other = own + 4242
	} else if groups, err := os.Getgroups(); err == nil {
		for _, g := range groups {
			if g != own {
				other = g
				break
			}
		}
	}
	if other < 0 {
		t.Skip("the process belongs to one group only")
	}
	if err := os.Chown(path, -1, other); err != nil {
		t.Skipf("cannot give the fixture another group: %v", err)
	}
	if _, err := writeFile(path, path, []byte("old"), []byte("new")); err != nil {
		t.Fatal(err)
	}
	info, err = os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if gid, _ := fileGroup(info); gid != other {
		t.Errorf("group %d after the write, want %d kept", gid, other)
	}
	if info.Mode().Perm() != 0o664 {
		t.Errorf("mode %v, want 0664", info.Mode().Perm())
	}
}

// Renaming over a file with hard links breaks them: the write says so
// instead of doing it silently.
func TestWriteFileHardLinks(t *testing.T) {
	t.Parallel()
	path := writeFixture(t, "old", 0o644)
	other := filepath.Join(t.TempDir(), "copy.install")
	if err := os.Link(path, other); err != nil {
		t.Skipf("no hard links here: %v", err)
	}
	if n := linkCount(mustStat(t, path)); n != 2 {
		t.Skipf("link count %d: this system does not report links", n)
	}
	warnings, err := writeFile(path, "m.install", []byte("old"), []byte("new"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"m.install had 2 hard links; it is now a separate file"}
	if !slices.Equal(warnings, want) {
		t.Errorf("warnings %q, want %q", warnings, want)
	}
	if got, _ := os.ReadFile(other); string(got) != "old" {
		t.Errorf("the other link holds %q, want the old bytes", got)
	}
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Errorf("the file holds %q, want new", got)
	}
}

func mustStat(t *testing.T, path string) os.FileInfo {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// In a git working tree the temporary file and the lock live in the git
// directory, where git status does not look; a ".git" file (a worktree or
// a submodule) is followed to the directory it names.
func TestTempAndLockOutsideTheModule(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	module := filepath.Join(repo, "sites", "all", "modules", "m")
	if err := os.MkdirAll(module, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	worktree := t.TempDir()
	if err := os.WriteFile(filepath.Join(worktree, ".git"), []byte("gitdir: ../"+filepath.Base(repo)+"/.git\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	outside := t.TempDir()
	tests := []struct {
		name, file, gitDir string
	}{
		{"repository", filepath.Join(module, "m.install"), filepath.Join(repo, ".git")},
		{"worktree", filepath.Join(worktree, "m.install"), filepath.Join(repo, ".git")},
		{"no repository", filepath.Join(outside, "m.install"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dirs := tempDirs(tt.file)
			first := os.TempDir()
			if tt.gitDir != "" {
				first = tt.gitDir
			}
			if !sameDir(t, dirs[0], first) || !sameDir(t, dirs[len(dirs)-1], filepath.Dir(tt.file)) {
				t.Errorf("temporary folders %q: want %s first and the file's folder last", dirs, first)
			}
			if got := filepath.Dir(lockPath(tt.file)); !sameDir(t, got, first) {
				t.Errorf("lock in %s, want %s", got, first)
			}
		})
	}
	if lockPath(filepath.Join(module, "m.install")) == lockPath(filepath.Join(outside, "m.install")) {
		t.Errorf("two files with one name share a lock")
	}
}

func sameDir(t *testing.T, a, b string) bool {
	t.Helper()
	ia, err := os.Stat(a)
	if err != nil {
		t.Fatal(err)
	}
	ib, err := os.Stat(b)
	if err != nil {
		t.Fatal(err)
	}
	return os.SameFile(ia, ib)
}

// A temporary folder on another filesystem cannot be renamed from: the
// write moves on to the next folder and leaves nothing in the first.
func TestPlaceViaTempCrossDevice(t *testing.T) {
	t.Parallel()
	path := writeFixture(t, "old", 0o644)
	dirs := tempDirs(path)
	var tried []string
	place := func(tmp, target string) error {
		tried = append(tried, tmp)
		if len(tried) == 1 {
			return &os.LinkError{Op: "rename", Old: tmp, New: target, Err: syscall.EXDEV}
		}
		return os.Rename(tmp, target)
	}
	if err := placeViaTemp(path, []byte("new"), nil, place); err != nil {
		t.Fatal(err)
	}
	if len(tried) != 2 || filepath.Dir(tried[0]) != dirs[0] || filepath.Dir(tried[1]) != dirs[1] {
		t.Errorf("tried %q, want one file in each of the first two of %q", tried, dirs)
	}
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Errorf("file holds %q, want new", got)
	}
	if _, err := os.Lstat(tried[0]); err == nil {
		t.Errorf("%s left behind", tried[0])
	}
	// Any other failure is the target's: no second attempt.
	tried = nil
	refuse := func(tmp, target string) error {
		tried = append(tried, tmp)
		return &os.LinkError{Op: "rename", Old: tmp, New: target, Err: syscall.EACCES}
	}
	if err := placeViaTemp(path, []byte("x"), nil, refuse); !errors.Is(err, syscall.EACCES) || len(tried) != 1 {
		t.Errorf("err %v after %d attempts, want EACCES after one", err, len(tried))
	}
}
