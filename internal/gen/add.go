package gen

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	udiff "github.com/aymanbagabas/go-udiff"

	"github.com/dcycle/dcycle/internal/phpast"
)

// RequestError is a request the module cannot take: a recipe or a kind of
// the other Drupal generation. The CLI reports it as a usage error.
type RequestError struct{ Err error }

func (e *RequestError) Error() string { return e.Err.Error() }

// Unwrap returns the refusal.
func (e *RequestError) Unwrap() error { return e.Err }

// Target is the module new-update adds to, as found on disk.
type Target struct {
	// Module is the module's name, Dir its folder on disk.
	Module string
	Dir    string
	// Load reads and parses every file of the module as it is now. Add
	// calls it again under each file's lock, so that a plan never rests
	// on bytes read before another dcycle wrote.
	Load func() (*phpast.Module, error)
	// Display turns a path into the form messages show; nil keeps it.
	Display func(path string) string
}

// AddOptions say what new-update adds.
type AddOptions struct {
	Kind      HookKind
	Request   Request
	Templates fs.FS
	// DryRun plans and checks everything and returns the diff, writing
	// nothing.
	DryRun bool
}

// Added is what Add did.
type Added struct {
	Function string
	// Path and Line are where the new function is, Path as shown.
	Path string
	Line int
	// Install is what happened to hook_install(); InstallPath and
	// InstallLine are where it is, when it changed.
	Install     InstallChange
	InstallPath string
	InstallLine int
	// Created are the files Add created (or would, in a dry run), as
	// shown.
	Created []string
	// Diff is the whole change as a unified diff, in a dry run.
	Diff string
	// Warnings are for the command to print (a file with hard links
	// became a file of its own).
	Warnings []string
}

// Add adds the next update, post-update or deploy hook to a module:
//   - an update goes to NAME.install (NewUpdate), which keeps hook_install()
//     replaying every update;
//   - a post-update goes to NAME.post_update.php, after hook_install() is
//     made to replay the post-updates (postReplayEdits) in NAME.install;
//   - a deploy hook goes to NAME.deploy.php; hook_install() never replays
//     those: Drupal does not record them at install, and the first drush
//     deploy runs them.
//
// A file that exists is changed through Rewrite (locked, re-read, verified,
// written atomically); one that does not is created whole through
// CreateFiles. NAME.install is written first: a replay of post-updates
// that are not there yet does nothing, while a post-update that no
// replay runs would be missing from every new site. An error means the
// file it names was not written (an earlier file may have been).
func Add(t Target, opts AddOptions) (*Added, error) {
	if t.Display == nil {
		t.Display = func(p string) string { return p }
	}
	a := &adder{t: t, opts: opts, out: &Added{}}
	var err error
	switch opts.Kind {
	case HookUpdate:
		err = a.update()
	case HookPostUpdate:
		if err = a.postUpdateReplay(); err == nil {
			err = a.hook()
		}
	case HookDeploy:
		err = a.hook()
	default:
		err = fmt.Errorf("unknown kind %q", opts.Kind)
	}
	if err != nil {
		return nil, err
	}
	return a.out, nil
}

type adder struct {
	t    Target
	opts AddOptions
	out  *Added
}

// load reads the module and checks that it can take the request.
func (a *adder) load() (*phpast.Module, error) {
	m, err := a.t.Load()
	if err != nil {
		return nil, err
	}
	if m.Core >= 7 {
		if err := CheckKind(m.Core, m.Name, a.opts.Kind); err != nil {
			return nil, &RequestError{Err: err}
		}
		if err := CheckCore(m.Core, m.Name, a.opts.Request.Recipes); err != nil {
			return nil, &RequestError{Err: err}
		}
	}
	return m, nil
}

// path is the file of the module named name, on disk.
func (a *adder) path(name string) string { return filepath.Join(a.t.Dir, name) }

// exists reports whether path names something: a file to rewrite rather
// than create.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// update adds a hook_update_N() to NAME.install, creating the file when
// the module has none yet.
func (a *adder) update() error {
	path := a.path(HookUpdate.File(a.t.Module))
	shown := a.t.Display(path)
	var res *Result
	plan := func(m *phpast.Module) (err error) {
		m.Install.Path = shown
		res, err = NewUpdate(m, a.opts.Request, a.opts.Templates)
		return err
	}
	install, err := a.writeFile(path, HookUpdate, plan, func() (*Result, []string) { return res, []string{res.Function} })
	if err != nil {
		return err
	}
	a.out.Function, a.out.Path, a.out.Line = res.Function, shown, res.Line()
	a.out.Install, a.out.InstallPath = res.Install, shown
	if install != nil {
		a.out.InstallLine = lineOfKind(install, phpast.KindInstall)
	}
	return nil
}

// postUpdateReplay makes hook_install() replay the post-updates, creating
// NAME.install when the module has none.
func (a *adder) postUpdateReplay() error {
	path := a.path(HookUpdate.File(a.t.Module))
	shown := a.t.Display(path)
	var (
		edits  []phpast.Edit
		change InstallChange
		f      *phpast.File
	)
	plan := func(m *phpast.Module) error {
		m.Install.Path = shown
		f = m.Install
		t, err := loadTemplates(a.opts.Templates, m.Core)
		if err != nil {
			return fmt.Errorf("%s: %w", shown, err)
		}
		p, err := newPlanner(m, t)
		if err != nil {
			return err
		}
		edits, change, err = p.postReplayEdits()
		return err
	}
	result := func() (*Result, []string) {
		res := &Result{Old: f.Src, Edits: edits}
		return res, nil
	}
	install, err := a.writeFile(path, HookUpdate, plan, result)
	if err != nil {
		return err
	}
	if install != nil {
		a.out.Install, a.out.InstallPath = change, shown
		a.out.InstallLine = lineOfKind(install, phpast.KindInstall)
	}
	return nil
}

// hook adds a post-update or deploy hook to its file, creating the file
// when the module has none yet.
func (a *adder) hook() error {
	kind := a.opts.Kind
	path := a.path(kind.File(a.t.Module))
	shown := a.t.Display(path)
	var res *Result
	plan := func(m *phpast.Module) error {
		f := hookFile(m, kind)
		f.Path = shown
		var err error
		res, err = NewHook(m, f, kind, a.opts.Request, a.opts.Templates)
		return err
	}
	if _, err := a.writeFile(path, kind, plan, func() (*Result, []string) { return res, []string{res.Function} }); err != nil {
		return err
	}
	a.out.Function, a.out.Path, a.out.Line = res.Function, shown, res.Line()
	return nil
}

// writeFile plans a change of the file of kind at path and writes it: when
// the file exists, through Rewrite, plan working on the module as read
// under the file's lock; when it does not, plan works on the start of a new
// file (NewHookFile), and the result is created whole. result returns the
// planned Result (Old, Edits, and New and File when the planner verified
// them) and the functions the file must then declare. It returns the
// written file parsed, nil when nothing changed.
func (a *adder) writeFile(path string, kind HookKind, plan func(*phpast.Module) error, result func() (*Result, []string)) (*phpast.File, error) {
	shown := a.t.Display(path)
	if !exists(path) {
		f, created, err := a.create(path, kind, plan, result)
		if err == nil || !created {
			return f, err
		}
		// Another dcycle created it in the meantime: add to it instead.
	}
	out, err := Rewrite(path, RewriteOptions{Display: shown, DryRun: a.opts.DryRun}, func([]byte) (*Change, error) {
		m, err := a.load()
		if err != nil {
			return nil, err
		}
		if kind == HookUpdate && m.Install == nil || kind != HookUpdate && hookFile(m, kind) == nil {
			return nil, pathErrorf(shown, "%w; nothing was written, run the command again", ErrChanged)
		}
		if err := plan(m); err != nil {
			return nil, err
		}
		res, want := result()
		file := hookFile(m, kind)
		return &Change{File: file, Edits: res.Edits, Options: phpast.Options{Module: m.Name}, Want: want, Parsed: res.File}, nil
	})
	if err != nil {
		return nil, err
	}
	a.out.Warnings = append(a.out.Warnings, out.Warnings...)
	a.out.Diff += out.Diff
	return out.File, nil
}

// create plans in the start of a new file and creates it whole. raced is
// true when the file appeared after all, created by someone else: the
// caller then rewrites it.
func (a *adder) create(path string, kind HookKind, plan func(*phpast.Module) error, result func() (*Result, []string)) (f *phpast.File, raced bool, err error) {
	shown := a.t.Display(path)
	m, err := a.load()
	if err != nil {
		return nil, false, err
	}
	if m.Core < 8 && kind != HookUpdate {
		return nil, false, CheckKind(m.Core, m.Name, kind)
	}
	src, err := NewHookFile(m.Name, max(m.Core, 8), kind, a.opts.Templates)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", shown, err)
	}
	start, err := ParseNew(shown, m.Name, src)
	if err != nil {
		return nil, false, err
	}
	if kind == HookUpdate {
		m.Install = start
	} else {
		m.Other = append(m.Other, start)
	}
	if err := plan(m); err != nil {
		return nil, false, err
	}
	res, want := result()
	if res.File == nil {
		c := &Change{File: start, Edits: res.Edits, Options: phpast.Options{Module: m.Name}, Want: want}
		if res.File, err = c.Apply(); err != nil {
			return nil, false, err
		}
	}
	data := res.File.Src
	a.out.Created = append(a.out.Created, shown)
	if a.opts.DryRun {
		a.out.Diff += newFileDiff(shown, data)
		return res.File, false, nil
	}
	if err := CreateFiles(filepath.Dir(path), []ScaffoldFile{{Path: filepath.Base(path), Data: data}}); err != nil {
		a.out.Created = a.out.Created[:len(a.out.Created)-1]
		if exists(path) {
			return nil, true, err
		}
		var perr *PathError
		if errors.As(err, &perr) {
			perr.Path = shown
		}
		return nil, false, err
	}
	return res.File, false, nil
}

// newFileDiff is the unified diff that creates a file, as git shows it.
func newFileDiff(shown string, data []byte) string {
	out, err := udiff.ToUnified("/dev/null", "b/"+shown, "", []udiff.Edit{{Start: 0, End: 0, New: string(data)}}, diffContext)
	if err != nil {
		return ""
	}
	return out
}

// lineOfKind is the line of the first function of kind in f, 0 when none.
func lineOfKind(f *phpast.File, kind phpast.Kind) int {
	for _, fn := range f.Functions {
		if fn.Kind == kind {
			line, _ := f.Lines.Position(fn.DeclSpan.Start)
			return line
		}
	}
	return 0
}
