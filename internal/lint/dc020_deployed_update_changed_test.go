package lint

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/dcycle/dcycle/internal/history"
	"github.com/dcycle/dcycle/internal/phpast"
)

// caseOptions are the lint options of a rule test case. The history rules
// (DC020–DC022) need the module as it was at a base ref: a case NAME.install
// takes it from base/NAME.install beside it, and the fork point from
// fork/NAME.install when there is one, so that the cases need no git.
func caseOptions(t *testing.T, path string) Options {
	t.Helper()
	dir, name := filepath.Split(path)
	basePath := filepath.Join(dir, "base", name)
	fi, err := os.Stat(basePath)
	if err != nil {
		return Options{}
	}
	if fi.IsDir() {
		return folderCaseOptions(filepath.Join(dir, "fork", name), basePath)
	}
	read := func(p string, popts phpast.Options) (*phpast.Module, error) {
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		f, err := phpast.ParseFile("base:"+name, src, popts)
		if err != nil {
			return nil, err
		}
		return &phpast.Module{Name: popts.Module, Core: 7, Install: f}, nil
	}
	return Options{Base: func(m *phpast.Module, popts phpast.Options) (*history.Base, error) {
		b := &history.Base{Ref: "base"}
		var err error
		if b.Module, err = read(basePath, popts); err != nil {
			return nil, err
		}
		b.Fork, err = read(filepath.Join(dir, "fork", name), popts)
		if errors.Is(err, fs.ErrNotExist) {
			return b, nil
		}
		return b, err
	}}
}

// folderCaseOptions are caseOptions for a module folder: the module at the
// base ref is the folder base/NAME, and at the fork point fork/NAME when
// there is one.
func folderCaseOptions(forkPath, basePath string) Options {
	read := func(dir string, m *phpast.Module, popts phpast.Options) (*phpast.Module, error) {
		out, broken, err := phpast.LoadFS(labelledDir{os.DirFS(dir), "base:"}, m.Name, popts)
		if err == nil && len(broken) > 0 {
			err = broken[0].Err
		}
		if err != nil {
			return nil, err
		}
		out.Core = m.Core
		return out, nil
	}
	return Options{Base: func(m *phpast.Module, popts phpast.Options) (*history.Base, error) {
		b := &history.Base{Ref: "base"}
		var err error
		if b.Module, err = read(basePath, m, popts); err != nil {
			return nil, err
		}
		if _, err := os.Stat(forkPath); err == nil {
			b.Fork, err = read(forkPath, m, popts)
			return b, err
		}
		return b, nil
	}}
}

// labelledDir shows the files of a folder as LABELname, as a git ref's are.
type labelledDir struct {
	fs.FS
	label string
}

func (d labelledDir) Path(name string) string { return d.label + name }

// TestHistoryRulesNeedBase checks that without --base the history rules
// stay silent even on the cases where they fire with it.
func TestHistoryRulesNeedBase(t *testing.T) {
	t.Parallel()
	for _, id := range []string{"DC020", "DC021", "DC022"} {
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join("testdata", id, "fires.install")
			res, err := Run([]Target{caseTarget(t, path)}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range res.Findings {
				t.Errorf("unexpected finding without a base: %s %s %s", f.Location(), f.Rule, f.Message)
			}
		})
	}
}

// TestHistoryBaseError checks that a base that cannot be read stops the run
// with its error, rather than linting without the history rules.
func TestHistoryBaseError(t *testing.T) {
	t.Parallel()
	want := &history.Error{Msg: "unknown git ref"}
	opts := Options{Base: func(*phpast.Module, phpast.Options) (*history.Base, error) { return nil, want }}
	_, err := Run([]Target{caseTarget(t, filepath.Join("testdata", "DC020", "fires.install"))}, opts)
	if !errors.Is(err, want) {
		t.Errorf("Run error = %v, want %v", err, want)
	}
}
