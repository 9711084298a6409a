package site

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Codebase is a project's Drupal code, as each site copies it.
type Codebase struct {
	// Core is the Drupal core major.
	Core int
	// Root is the folder a site copies, absolute: the Drupal 7 root, or the
	// Drupal 8+ composer project holding vendor/ (the docroot itself when
	// vendor/ lies inside it).
	Root string
	// DocRoot is the Drupal root relative to Root, slash separated: "" when
	// they are the same folder, else "web", "docroot"…
	DocRoot string
	// Drush is the project's drush relative to Root ("vendor/bin/drush"),
	// "" when it has none (Drupal 8+); with DrushOnPath, the drush found on
	// the PATH instead, absolute.
	Drush       string
	DrushOnPath bool
	// Module is the deploy module's folder relative to Root, slash
	// separated, and ModuleName its machine name.
	Module     string
	ModuleName string
	// Sync is the config sync directory (Drupal 8+), absolute, "" when the
	// project has none, and SiteUUID the UUID of its system.site, which
	// the sites take so that a config import accepts them. Set by the
	// caller (package configsync reads them).
	Sync     string
	SiteUUID string
}

// FindCodebase finds the Drupal codebase around a deploy module's folder:
// the nearest folder above it that is a Drupal root of the core major
// (includes/bootstrap.inc for Drupal 7, core/lib/Drupal.php for 8+), and for
// Drupal 8+ the composer project holding its vendor/autoload.php.
func FindCodebase(moduleDir, name string, core int) (*Codebase, error) {
	abs, err := filepath.Abs(moduleDir)
	if err != nil {
		return nil, err
	}
	marker := filepath.Join("core", "lib", "Drupal.php")
	if core == 7 {
		marker = filepath.Join("includes", "bootstrap.inc")
	}
	docroot := ""
	for d := filepath.Dir(abs); ; d = filepath.Dir(d) {
		if isFile(filepath.Join(d, marker)) {
			docroot = d
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	if docroot == "" {
		return nil, fmt.Errorf("%s: no Drupal %s codebase around the module (no %s in a folder above it); verify builds sites from the project's own Drupal", moduleDir, coreName(core), filepath.ToSlash(marker))
	}
	cb := &Codebase{Core: core, Root: docroot, ModuleName: name}
	if core != 7 {
		root := ""
		for d := docroot; ; d = filepath.Dir(d) {
			if isFile(filepath.Join(d, "vendor", "autoload.php")) {
				root = d
				break
			}
			if filepath.Dir(d) == d {
				break
			}
		}
		if root == "" {
			return nil, fmt.Errorf("%s: no vendor/autoload.php in or above the Drupal root; run composer install first", docroot)
		}
		cb.Root = root
		if isFile(filepath.Join(root, "vendor", "bin", "drush")) {
			cb.Drush = "vendor/bin/drush"
		}
	}
	if cb.DocRoot, err = relSlash(cb.Root, docroot); err != nil {
		return nil, err
	}
	if cb.Module, err = relSlash(cb.Root, abs); err != nil {
		return nil, err
	}
	if cb.Module == "" {
		return nil, fmt.Errorf("%s: the module folder is the Drupal root", moduleDir)
	}
	return cb, nil
}

// relSlash is filepath.Rel, slash separated, "" for the same folder.
func relSlash(base, target string) (string, error) {
	rel, err := filepath.Rel(base, target)
	if err != nil {
		return "", err
	}
	if rel == "." {
		return "", nil
	}
	return filepath.ToSlash(rel), nil
}

func coreName(core int) string {
	if core >= 8 {
		return fmt.Sprintf("%d", core)
	}
	return "7"
}

// docPath joins the docroot and a slash path below it.
func (cb *Codebase) docPath(rel string) string {
	if cb.DocRoot == "" {
		return rel
	}
	return cb.DocRoot + "/" + rel
}

// plan is how a site copies the codebase: everything is hard-linked except
// what the site writes to, and the project's own site settings, public
// files, VCS data, node_modules and the config sync directory (each site
// has its own copy beside it) are left out. The deploy module is a copy:
// verify replaces it.
func (cb *Codebase) plan() copyPlan {
	sites := cb.docPath("sites")
	syncRel := ""
	if cb.Sync != "" {
		if rel, err := relSlash(cb.Root, cb.Sync); err == nil && !strings.HasPrefix(rel, "../") {
			syncRel = rel
		}
	}
	return copyPlan{
		skip: func(rel string, dir bool) bool {
			base := rel[strings.LastIndexByte(rel, '/')+1:]
			if dir && (base == ".git" || base == "node_modules") || under(rel, syncRel) {
				return true
			}
			if rel == sites+"/sites.php" {
				// Maps host names to site folders: the throwaway site is
				// sites/default whatever the project says.
				return true
			}
			if parent, ok := strings.CutPrefix(rel, sites+"/"); ok {
				parts := strings.Split(parent, "/")
				switch {
				case len(parts) == 2 && parts[1] == "files":
					// sites/*/files: public files, possibly gigabytes.
					return true
				case len(parts) == 2 && parts[0] == "default" && !dir && strings.HasPrefix(parts[1], "settings") && strings.HasSuffix(parts[1], ".php"):
					// The project's settings: the site writes its own.
					return true
				}
			}
			return false
		},
		copied: func(rel string) bool {
			return under(rel, cb.Module) || under(rel, sites+"/default")
		},
	}
}

func isFile(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular()
}

func isDir(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.IsDir()
}
