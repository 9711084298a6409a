package scaffold

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
)

// shadowWarning is what init says when the project holds an extension
// (module, theme or profile) called NAME beside the new NAME_deploy, on
// Drupal 8 and later: drush splits a deploy hook's name at its last
// "_deploy_", so once NAME is installed, every function of
// NAME_deploy.module named NAME_deploy_something is a deploy hook of NAME
// to drush, and drush deploy runs it (drush#6159). "" when there is none.
func shadowWarning(root, module string, display func(string) string) string {
	name, ok := strings.CutSuffix(module, "_deploy")
	if !ok || name == "" {
		return ""
	}
	found := findExtensions(root, name)
	if len(found) == 0 {
		return ""
	}
	return fmt.Sprintf("an extension called %s exists (%s): once it is installed, drush takes every function of %s.module named %s_…, hook implementations included, for a deploy hook of %s and runs it at the next drush deploy (drush#6159); choose another NAME, or keep such functions out of %s.module (name helpers _%s_…)",
		name, display(found[0]), module, module, name, module, module)
}

// findExtensions returns the info files of the extensions called name
// under root, in path order, searched as Drupal finds extensions: not in
// vendor, node_modules, hidden folders, tests folders or the uploaded
// files of sites/*/files. Unreadable folders are passed over.
func findExtensions(root, name string) []string {
	var out []string
	want := name + ".info.yml"
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if d != nil && d.IsDir() && path != root {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if path == root {
				return nil
			}
			base := d.Name()
			switch {
			case strings.HasPrefix(base, "."), base == "vendor", base == "node_modules", base == "tests",
				base == "files" && filepath.Base(filepath.Dir(filepath.Dir(path))) == "sites":
				return fs.SkipDir
			}
			return nil
		}
		if d.Name() == want {
			out = append(out, path)
		}
		return nil
	})
	sort.Strings(out)
	return out
}
