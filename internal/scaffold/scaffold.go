// Package scaffold creates a new site deployment module for `dcycle init`:
// it settles the module's name, where it goes and which core it is for (the
// project as internal/project sees it), renders its files with gen and
// writes them all or none, never over an existing file.
package scaffold

import (
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/dcycle/dcycle/internal/gen"
	"github.com/dcycle/dcycle/internal/project"
)

// Options are what `dcycle init` was asked.
type Options struct {
	// Name is the NAME of `dcycle init NAME`; the module is NAME_deploy
	// (NAME may already end in _deploy).
	Name string
	// WorkDir is the working folder: the project is found from it and a
	// relative Dir is relative to it.
	WorkDir string
	// Dir is the folder to create the module folder in; "" means the
	// project's custom modules folder.
	Dir string
	// Project holds --core and --config.
	Project project.Options
	// Templates are the PHP templates the files are rendered from.
	Templates fs.FS
	// Display turns a path into the form messages show; nil keeps it.
	Display func(path string) string
}

// Result is the module created.
type Result struct {
	// Module is the module's machine name.
	Module string
	// Dir is the module folder.
	Dir string
	// Files are the files created, in the order written.
	Files []string
	// Warnings are for the command to print: an extension called NAME
	// beside NAME_deploy on Drupal 8 and later.
	Warnings []string
}

// InputError is a NAME or a project init cannot work with as asked: the
// command line has to change.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

// Init creates the module. Nothing is written when any file of it exists.
func Init(opts Options) (*Result, error) {
	display := opts.Display
	if display == nil {
		display = func(p string) string { return p }
	}
	module, err := gen.DeployModuleName(opts.Name)
	if err != nil {
		return nil, &InputError{Msg: err.Error()}
	}
	place, err := project.PlaceNewModule(opts.WorkDir, opts.Project)
	if err != nil {
		return nil, err
	}
	if place.Core == 0 {
		return nil, &InputError{Msg: fmt.Sprintf("cannot tell the Drupal core major of %s; pass --core 7, 8, 9, 10 or 11", display(place.Root))}
	}
	parent := place.CustomDir()
	if opts.Dir != "" {
		parent = opts.Dir
		if !filepath.IsAbs(parent) {
			parent = filepath.Join(opts.WorkDir, parent)
		}
	}
	files, err := gen.Scaffold(module, place.Core, opts.Templates)
	if err != nil {
		return nil, err
	}
	res := &Result{Module: module, Dir: filepath.Join(parent, module)}
	if err := gen.CreateFiles(res.Dir, files); err != nil {
		return nil, err
	}
	for _, f := range files {
		res.Files = append(res.Files, filepath.Join(res.Dir, f.Path))
	}
	if place.Core >= 8 {
		if w := shadowWarning(place.Root, module, display); w != "" {
			res.Warnings = append(res.Warnings, w)
		}
	}
	return res, nil
}
