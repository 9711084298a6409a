package gen

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
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

// onlyFile fails when the folder of path holds anything but path: a
// temporary or lock file left behind.
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
}

func TestWriteFile(t *testing.T) {
	t.Parallel()
	path := writeFixture(t, "old", 0o640)
	if err := WriteFile(path, []byte("old"), []byte("new")); err != nil {
		t.Fatal(err)
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
	if err := WriteFile(link, []byte("old"), []byte("new")); err != nil {
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
			err := WriteFile(path, []byte(tt.expected), []byte("new"))
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
	if err := WriteFile(filepath.Join(t.TempDir(), "none.install"), nil, []byte("x")); err == nil {
		t.Errorf("writing a missing file: no error")
	}
}

func TestLockExcludes(t *testing.T) {
	t.Parallel()
	path := writeFixture(t, "", 0o644)
	unlock, err := Lock(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(LockPath(path)); err != nil {
		t.Errorf("lock file: %v", err)
	}
	var (
		mu       sync.Mutex
		order    []string
		acquired = make(chan struct{})
	)
	go func() {
		second, err := Lock(path)
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
			unlock, err := Lock(path)
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
