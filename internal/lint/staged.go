package lint

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/dcycle/dcycle/internal/history"
	"github.com/dcycle/dcycle/internal/phpast"
	"github.com/dcycle/dcycle/internal/project"
)

// load reads a target from the working tree, or from the git index when
// the run is --staged.
func (o Options) load(t *Target, popts phpast.Options) (*phpast.Module, []phpast.BrokenFile, error) {
	if !o.Staged {
		return t.Load(popts)
	}
	fsys, err := history.Index(t.Files())
	if err != nil {
		return nil, nil, err
	}
	return t.LoadFS(fsys, popts)
}

// moduleFileSuffixes are the files that tell a commit touches a module.
var moduleFileSuffixes = []string{".install", ".post_update.php", ".deploy.php", ".info", ".info.yml", ".module"}

// StagedModules finds what lint --staged checks when no path is given: the
// deploy modules a commit touches, in the repository holding dir. A staged
// file of a module (its .install, .post_update.php, .deploy.php, info file
// or .module) brings in the module when it is a deploy module: its name
// ends in _deploy, or the .dcycle.yml that applies names it (module:), or
// allModules is set. A staged .dcycle.yml that names a module brings that
// module in. Modules come in the order of their staged files, once each.
func StagedModules(dir string, opts project.Options) ([]*project.Module, *project.Config, error) {
	files, err := history.StagedFiles(dir)
	if err != nil {
		return nil, nil, err
	}
	cfg, err := project.LoadOptionsConfig(dir, opts)
	if err != nil {
		return nil, nil, err
	}
	named := ""
	if cfg != nil {
		named = configModuleName(cfg.Module)
	}
	var mods []*project.Module
	seen := map[string]bool{}
	add := func(m *project.Module) {
		key, err := filepath.Abs(filepath.Join(m.Dir, m.Name))
		if err != nil || seen[key] {
			return
		}
		seen[key] = true
		mods = append(mods, m)
	}
	for _, file := range files {
		if filepath.Base(file) == project.ConfigFile && named != "" {
			m, _, err := project.Discover(dir, opts)
			if err != nil {
				return nil, nil, err
			}
			add(m)
			continue
		}
		if !hasModuleSuffix(file) {
			continue
		}
		if _, err := os.Stat(file); err != nil {
			// Staged, then deleted from the working tree: there is no
			// module folder to find it in.
			continue
		}
		found, fcfg, err := project.Resolve(dir, []string{file}, opts)
		if err != nil {
			// Not a file of a module (a .module with no info file
			// beside it): nothing to lint.
			continue
		}
		for _, m := range found {
			if !m.HasCode() {
				continue
			}
			if opts.AllModules || strings.HasSuffix(m.Name, "_deploy") || m.Name == named ||
				fcfg != nil && m.Name == configModuleName(fcfg.Module) {
				add(m)
			}
		}
	}
	return mods, cfg, nil
}

func hasModuleSuffix(file string) bool {
	for _, s := range moduleFileSuffixes {
		if strings.HasSuffix(file, s) {
			return true
		}
	}
	return false
}

// configModuleName is the machine name of the module that .dcycle.yml's
// module: names, as a name or as a path to its folder or .install file.
func configModuleName(value string) string {
	name := filepath.Base(filepath.FromSlash(strings.TrimRight(value, "/")))
	for _, s := range moduleFileSuffixes {
		if n, ok := strings.CutSuffix(name, s); ok {
			return n
		}
	}
	if name == "." || name == ".." || name == string(filepath.Separator) {
		return ""
	}
	return name
}
