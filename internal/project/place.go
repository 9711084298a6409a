package project

import "path/filepath"

// Place is where a new module goes: the project around the working folder
// and the core major the module is for.
type Place struct {
	// Root is the project root, or the working folder when there is none.
	Root   string
	Layout Layout
	// Core is --core, else .dcycle.yml's core, else what the project's files
	// say (DetectCore); 0 when nothing tells.
	Core int
}

// PlaceNewModule finds where a module created from the working folder wd
// goes, reading --config or the nearest .dcycle.yml as Discover does.
func PlaceNewModule(wd string, opts Options) (*Place, error) {
	absWd, err := filepath.Abs(wd)
	if err != nil {
		return nil, &Error{Path: wd, Msg: "cannot resolve folder", Err: err}
	}
	cfg, err := LoadOptionsConfig(wd, opts)
	if err != nil {
		return nil, err
	}
	p := &Place{Root: absWd}
	if root := projectRootAbs(absWd); root != "" {
		p.Root, p.Layout = root, layoutOf(root)
	}
	p.Core = DetectCore(&Module{Dir: absWd, Root: p.Root, Layout: p.Layout}, opts, cfg)
	return p, nil
}

// CustomDir is the folder custom modules go in (ConventionalCustomDir).
func (p *Place) CustomDir() string { return ConventionalCustomDir(p.Root, p.Layout, p.Core) }
