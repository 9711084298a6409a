package project

import (
	"io/fs"
	"path/filepath"

	"github.com/dcycle/dcycle/internal/phpast"
)

// Files returns the module's files in the working tree as phpast's loader
// reads them: its .install (as found, even when its name is not the
// module's) and the NAME.post_update.php and NAME.deploy.php beside it.
func (m *Module) Files() phpast.DiskFiles {
	dir := m.Dir
	if m.InstallPath != "" {
		dir = filepath.Dir(m.InstallPath)
	}
	files := phpast.ModuleDir(dir, m.Name)
	if m.InstallPath != "" {
		files[m.Name+".install"] = m.InstallPath
	}
	return files
}

// Load reads and parses the module's files from the working tree with the
// one module loader (phpast.LoadFS), and settles its core major: the one
// discovery detected, else, when nothing in the project told, the major of
// the highest update number. Every command that reads a module found on
// disk loads it here, so the core is decided in one place; with nothing
// else to tell, a module with a .post_update.php or .deploy.php is a
// Drupal 8 one, the first core that runs them. Files that do not parse are
// returned apart, for lint's DC000 or a command's exit 2.
func (m *Module) Load(opts phpast.Options) (*phpast.Module, []phpast.BrokenFile, error) {
	return m.LoadFS(m.Files(), opts)
}

// LoadFS is Load from fsys instead of the working tree: the module's files
// as the git index stages them (lint --staged), named in fsys as in Files.
func (m *Module) LoadFS(fsys fs.FS, opts phpast.Options) (*phpast.Module, []phpast.BrokenFile, error) {
	pm, broken, err := phpast.LoadFS(fsys, m.Name, opts)
	if err != nil {
		return nil, nil, err
	}
	pm.Core = m.Core
	if pm.Core == 0 {
		pm.Core = coreOfUpdate(pm.HighestUpdate())
	}
	if pm.Core == 0 && (m.PostUpdatePath != "" || m.DeployPath != "") {
		// Post-updates and deploy hooks exist from Drupal 8 on: a lone
		// .post_update.php is at least that.
		pm.Core = 8
	}
	return pm, broken, nil
}

// LoadCode is Load for a command that reads all of the module's deployment
// code, in whichever of its files it is (list, next, new-update): a file
// that does not parse is the error, a missing .install is not.
func (m *Module) LoadCode(opts phpast.Options) (*phpast.Module, error) {
	pm, broken, err := m.Load(opts)
	if err != nil {
		return nil, err
	}
	if len(broken) > 0 {
		return nil, broken[0].Err
	}
	return pm, nil
}
