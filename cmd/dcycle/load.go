package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/dcycle/dcycle/internal/gen"
	"github.com/dcycle/dcycle/internal/phpast"
	"github.com/dcycle/dcycle/internal/project"
	"github.com/dcycle/dcycle/templates"
)

// loadModules resolves command-line paths (or discovers the module when
// there are none) and parses each module.
func loadModules(g *globalOptions, e env, paths []string) ([]*phpast.Module, error) {
	found, cfg, err := project.Resolve(e.dir, paths, g.projectOptions())
	if err != nil {
		return nil, err
	}
	out := make([]*phpast.Module, 0, len(found))
	for _, f := range found {
		if !f.HasCode() {
			return nil, &project.Error{Path: displayPath(e.dir, f.Dir), Msg: f.Name + " has no " + f.Name + ".install, .post_update.php or .deploy.php to read"}
		}
		m, err := loadCode(f, cfg)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// loadOne is loadModules for commands that work on exactly one module.
func loadOne(g *globalOptions, e env, paths []string) (*phpast.Module, error) {
	found, cfg, err := resolveOne(g, e, paths, "to read")
	if err != nil {
		return nil, err
	}
	return loadCode(found, cfg)
}

// resolveOne finds the one module a command works on, with its .install;
// purpose completes "NAME has no NAME.install …" when it has none.
func resolveOne(g *globalOptions, e env, paths []string, purpose string) (*project.Module, *project.Config, error) {
	if len(paths) > 1 {
		return nil, nil, usagef("expected at most one module, got %d paths", len(paths))
	}
	found, cfg, err := project.Resolve(e.dir, paths, g.projectOptions())
	if err != nil {
		return nil, nil, err
	}
	if len(found) != 1 {
		names := make([]string, len(found))
		for i, m := range found {
			names[i] = displayPath(e.dir, m.Dir)
		}
		return nil, nil, &project.Error{Msg: fmt.Sprintf("%d deploy modules found; choose one with --module", len(found)), Candidates: names}
	}
	mod := found[0]
	if !mod.HasCode() {
		return nil, nil, &project.Error{Path: displayPath(e.dir, mod.Dir), Msg: mod.Name + " has no " + mod.Name + ".install, .post_update.php or .deploy.php " + purpose}
	}
	return mod, cfg, nil
}

// loadFound reads and parses a module found on disk with the one loader,
// which also settles its core major, for a command that cannot go on
// without every file: a file that does not parse stops it (exit 2).
func loadFound(f *project.Module, cfg *project.Config) (*phpast.Module, error) {
	pattern, err := cfg.IssueRegexp()
	if err != nil {
		return nil, err
	}
	return phpast.RequireAll(f.Load(phpast.Options{IssuePattern: pattern}))
}

// loadCode reads a module found on disk for a command that reads its code
// in whichever files hold it (list, next, new-update): a file that does
// not parse stops it (exit 2), a missing .install does not.
func loadCode(f *project.Module, cfg *project.Config) (*phpast.Module, error) {
	pattern, err := cfg.IssueRegexp()
	if err != nil {
		return nil, err
	}
	return f.LoadCode(phpast.Options{IssuePattern: pattern})
}

// displayPath shows path relative to the working folder when it lies below
// it, and as it is otherwise.
func displayPath(dir, path string) string {
	if !filepath.IsAbs(path) {
		return path
	}
	rel, err := filepath.Rel(dir, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return path
	}
	return rel
}

// templateFS returns the built-in PHP templates, overridden file by file by
// the *.php.tmpl files of dir when --templates names one.
func templateFS(e env, dir string) (fs.FS, error) {
	if dir == "" {
		return templates.PHP(), nil
	}
	path := dir
	if !filepath.IsAbs(path) {
		path = filepath.Join(e.dir, path)
	}
	if info, err := os.Stat(path); err != nil || !info.IsDir() {
		return nil, usagef("--templates %s: not a folder", dir)
	}
	return gen.Overlay(os.DirFS(path), templates.PHP()), nil
}
