package gen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// listTree returns every path below dir, folders included.
func listTree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path != dir {
			rel, _ := filepath.Rel(dir, path)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestCreateFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := []ScaffoldFile{{Path: "m/m.info", Data: []byte("name = M\n")}, {Path: "m/m.install", Data: []byte("<?php\n")}}
	if err := CreateFiles(dir, files); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(listTree(t, dir), " "); got != "m m/m.info m/m.install" {
		t.Errorf("tree %q: a temporary file left behind, or a file missing", got)
	}
	for _, f := range files {
		info, err := os.Stat(filepath.Join(dir, f.Path))
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != 0o644 || linkCount(info) != 1 {
			t.Errorf("%s: mode %v, %d links; want 0644 and one link", f.Path, info.Mode().Perm(), linkCount(info))
		}
	}

	// An existing file is never overwritten, and nothing else is created.
	err := CreateFiles(dir, []ScaffoldFile{{Path: "n/n.info", Data: []byte("x")}, {Path: "m/m.install", Data: []byte("x")}})
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("err = %v, want the existing file refused", err)
	}
	if got := strings.Join(listTree(t, dir), " "); got != "m m/m.info m/m.install" {
		t.Errorf("tree after a refusal: %q", got)
	}

	// A failure half-way removes what was created.
	if err := os.WriteFile(filepath.Join(dir, "blocker"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	err = CreateFiles(dir, []ScaffoldFile{{Path: "p/p.info", Data: []byte("x")}, {Path: "blocker/p.install", Data: []byte("x")}})
	if err == nil {
		t.Fatal("a file under a regular file was created")
	}
	if got := strings.Join(listTree(t, dir), " "); got != "blocker m m/m.info m/m.install" {
		t.Errorf("tree after a failure: %q, want the created files and folders removed", got)
	}
}
