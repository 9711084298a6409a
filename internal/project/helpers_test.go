package project

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeTree creates files (slash-separated paths relative to a fresh temp
// folder, mapped to their content) and returns the folder. A name ending in
// "/" makes an empty folder.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// symlinks creates links (slash-separated link path → target, as written)
// inside root.
func symlinks(t *testing.T, root string, links map[string]string) {
	t.Helper()
	for link, target := range links {
		p := filepath.Join(root, filepath.FromSlash(link))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.FromSlash(target), p); err != nil {
			t.Skipf("symlinks unsupported: %v", err)
		}
	}
}

// requireNoRootAbove skips a test that needs the temp folder to have no
// project root above it (a .git in a parent of the temp folder would be one).
func requireNoRootAbove(t *testing.T, dir string) {
	t.Helper()
	if r, _ := ProjectRoot(filepath.Dir(dir)); r != "" {
		t.Skipf("the temp folder lies inside a project root (%s)", r)
	}
}

// under turns a slash-separated path relative to root into a path on disk;
// "" stays "" (an absent path) and "." is root itself.
func under(root, rel string) string {
	if rel == "" {
		return ""
	}
	return filepath.Join(root, filepath.FromSlash(rel))
}

// placed returns m with its paths made relative to root joined to root.
func placed(root string, m *Module) *Module {
	if m == nil {
		return nil
	}
	c := *m
	c.Dir, c.InstallPath, c.InfoPath, c.Root = under(root, c.Dir), under(root, c.InstallPath), under(root, c.InfoPath), under(root, c.Root)
	c.PostUpdatePath, c.DeployPath = under(root, c.PostUpdatePath), under(root, c.DeployPath)
	return &c
}

func merge(trees ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, t := range trees {
		maps.Copy(out, t)
	}
	return out
}

// d7Module is a Drupal 7 module: .info, .module and .install in dir/name.
func d7Module(dir, name string) map[string]string {
	p := dir + "/" + name + "/" + name
	return map[string]string{
		p + ".info":    "name = " + name + "\ncore = 7.x\n",
		p + ".module":  "<?php\n",
		p + ".install": "<?php\n",
	}
}

// d8Module is a Drupal 8+ module: .info.yml (with the given
// core_version_requirement, none when "") and .install in dir/name.
func d8Module(dir, name, requirement string) map[string]string {
	p := dir + "/" + name + "/" + name
	info := "name: " + name + "\ntype: module\n"
	if requirement != "" {
		info += "core_version_requirement: " + requirement + "\n"
	}
	return map[string]string{
		p + ".info.yml": info,
		p + ".install":  "<?php\n",
	}
}

// d7Root is a Drupal 7 web root.
var d7Root = map[string]string{
	"index.php":              "<?php\n",
	"includes/bootstrap.inc": "<?php\n",
}

// composerLock renders a composer.lock holding the given name → version
// packages.
func composerLock(t *testing.T, packages map[string]string) string {
	t.Helper()
	type pkg struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	var lock struct {
		Packages []pkg `json:"packages"`
	}
	for name, version := range packages {
		lock.Packages = append(lock.Packages, pkg{name, version})
	}
	b, err := json.Marshal(lock)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// composerJSON renders a composer.json requiring the given name →
// constraint packages.
func composerJSON(t *testing.T, require map[string]string) string {
	t.Helper()
	b, err := json.Marshal(map[string]any{"name": "acme/site", "require": require})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
