package phpast

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
)

// Module is a deploy module as every command sees it: its files parsed into
// functions, with the updates in number order.
type Module struct {
	Name string
	Dir  string
	// Core is the Drupal core major (7, 8, 9, 10, 11…), 0 when unknown.
	Core int
	// Install is NAME.install. Other holds NAME.post_update.php and
	// NAME.deploy.php when present.
	Install *File
	Other   []*File
}

// Files returns every parsed file of the module, the .install first.
func (m *Module) Files() []*File {
	files := make([]*File, 0, 1+len(m.Other))
	if m.Install != nil {
		files = append(files, m.Install)
	}
	return append(files, m.Other...)
}

// FileFunction is a function with the file that declares it.
type FileFunction struct {
	File *File
	*Function
}

// Updates returns every hook_update_N() of the module, in number order
// (declaration order among equal numbers).
func (m *Module) Updates() []FileFunction {
	var out []FileFunction
	for _, f := range m.Files() {
		for _, fn := range f.Functions {
			if fn.Kind == KindUpdate {
				out = append(out, FileFunction{File: f, Function: fn})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	return out
}

// Find returns the first function of a kind in the .install file, or nil.
func (m *Module) Find(kind Kind) *Function {
	if m.Install == nil {
		return nil
	}
	for _, fn := range m.Install.Functions {
		if fn.Kind == kind {
			return fn
		}
	}
	return nil
}

// HighestUpdate is the largest update number, 0 when there is none.
func (m *Module) HighestUpdate() int {
	u := m.Updates()
	if len(u) == 0 {
		return 0
	}
	return u[len(u)-1].Number
}

// LastRemoved is what hook_update_last_removed() returns when that is a
// literal number, else 0.
func (m *Module) LastRemoved() int {
	fn := m.Find(KindUpdateLastRemoved)
	if fn == nil || fn.Return == nil || fn.Return.Kind != ValueInt {
		return 0
	}
	n, err := strconv.ParseInt(fn.Return.Text, 0, 64)
	if err != nil {
		return 0
	}
	return int(n)
}

// ModuleFiles are the files of module name that can hold its deploy
// functions, in the order the loader reads them: NAME.install,
// NAME.post_update.php, NAME.deploy.php.
func ModuleFiles(name string) []string {
	return []string{name + ".install", name + ".post_update.php", name + ".deploy.php"}
}

// PathFS is an fs.FS that knows how each of its files is shown to users, in
// File.Path and in error messages: the path on disk for the working tree,
// REF:path for a git ref. LoadFS shows the files of a plain fs.FS by their
// names in it.
type PathFS interface {
	fs.FS
	Path(name string) string
}

// DiskFiles is the working tree as LoadFS reads it: each name it maps
// (NAME.install, …) is the file at that path on disk, and is shown as that
// path, relative or absolute as given. A name it does not map does not
// exist.
type DiskFiles map[string]string

// ModuleDir returns the DiskFiles of module name in folder dir: its
// ModuleFiles, whether they exist or not.
func ModuleDir(dir, name string) DiskFiles {
	files := DiskFiles{}
	for _, f := range ModuleFiles(name) {
		files[f] = filepath.Join(dir, f)
	}
	return files
}

// Open opens the file name maps to.
func (d DiskFiles) Open(name string) (fs.File, error) {
	path, ok := d[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return os.Open(path)
}

// ReadFile reads the file name maps to.
func (d DiskFiles) ReadFile(name string) ([]byte, error) {
	path, ok := d[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return os.ReadFile(path)
}

// Path is the path on disk name maps to, or name itself.
func (d DiskFiles) Path(name string) string {
	if path, ok := d[name]; ok {
		return path
	}
	return name
}

// BrokenFile is a file of a module that was read but does not parse. lint
// reports it as DC000; a command that reads or changes the whole module
// stops with Err (exit 2).
type BrokenFile struct {
	Err *Error
	// Src is the file as read, for showing the line Err points at.
	Src []byte
}

// LoadFS is the one module loader: it reads the ModuleFiles of module name
// from fsys, whose root is the module folder (the working tree, a git ref,
// the index), and parses each one that exists. A missing file is left out,
// the .install too (Install is then nil); a file that does not parse is
// returned as a BrokenFile, in file order, and left out of the module. The
// error is a file that exists but cannot be read, as an *fs.PathError
// naming the file as it is shown. Files are named as fsys shows them when
// it is a PathFS; Dir is the folder of the .install so named.
func LoadFS(fsys fs.FS, name string, opts Options) (*Module, []BrokenFile, error) {
	opts.Module = name
	show := func(file string) string { return file }
	if p, ok := fsys.(PathFS); ok {
		show = p.Path
	}
	m := &Module{Name: name, Dir: filepath.Dir(show(name + ".install"))}
	var broken []BrokenFile
	for i, file := range ModuleFiles(name) {
		src, err := fs.ReadFile(fsys, file)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			var perr *fs.PathError
			if errors.As(err, &perr) {
				err = perr.Err
			}
			return nil, nil, &fs.PathError{Op: "read", Path: show(file), Err: err}
		}
		f, err := ParseFile(show(file), src, opts)
		var perr *Error
		if errors.As(err, &perr) {
			broken = append(broken, BrokenFile{Err: perr, Src: src})
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		if i == 0 {
			m.Install = f
		} else {
			m.Other = append(m.Other, f)
		}
	}
	return m, broken, nil
}

// RequireAll takes what LoadFS returns, for a caller that cannot go on
// without every file of the module (a command that writes it, or reports on
// all of it): the first file that does not parse, or a missing .install, is
// then the error. Call it as RequireAll(LoadFS(…)).
func RequireAll(m *Module, broken []BrokenFile, err error) (*Module, error) {
	switch {
	case err != nil:
		return nil, err
	case len(broken) > 0:
		return nil, broken[0].Err
	case m.Install == nil:
		return nil, &fs.PathError{Op: "read", Path: filepath.Join(m.Dir, m.Name+".install"), Err: fs.ErrNotExist}
	}
	return m, nil
}

// LoadModule is RequireAll(LoadFS(…)) over the working tree, for a module
// whose .install is installPath.
func LoadModule(name, installPath string, opts Options) (*Module, error) {
	files := ModuleDir(filepath.Dir(installPath), name)
	files[name+".install"] = installPath
	return RequireAll(LoadFS(files, name, opts))
}
