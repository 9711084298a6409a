package phpast

import (
	"errors"
	"fmt"
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

// LoadModule reads and parses installPath and, beside it, the module's
// NAME.post_update.php and NAME.deploy.php when they exist.
func LoadModule(name, installPath string, opts Options) (*Module, error) {
	opts.Module = name
	m := &Module{Name: name, Dir: filepath.Dir(installPath)}
	src, err := os.ReadFile(installPath)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", installPath, err)
	}
	if m.Install, err = ParseFile(installPath, src, opts); err != nil {
		return nil, err
	}
	for _, suffix := range []string{".post_update.php", ".deploy.php"} {
		path := filepath.Join(m.Dir, name+suffix)
		src, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		f, err := ParseFile(path, src, opts)
		if err != nil {
			return nil, err
		}
		m.Other = append(m.Other, f)
	}
	return m, nil
}
