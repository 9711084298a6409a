package gen

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/dcycle/dcycle/internal/phpast"
)

// hookData is what the "hook" template is executed with.
type hookData struct {
	Module   string
	Function string
	Kind     HookKind
	DocLine  string
	Issue    string
	// Message is what the hook returns, which drush shows after running
	// it.
	Message string
	Steps   []Recipe
}

// fileData is what the file templates are executed with.
type fileData struct{ Module string }

// NewHook plans the next post-update or deploy hook of m in f, its file
// (NAME.post_update.php or NAME.deploy.php): f is that file as m read it,
// or, when it does not exist yet, NewHookFile's bytes parsed. The function
// is named by NextHook and the summary's Slug, and added after the last
// hook of its kind in f (after the last function, or at the end, when there
// is none); the edits are applied to f's bytes in memory and verified.
// f.Src is not modified.
func NewHook(m *phpast.Module, f *phpast.File, kind HookKind, req Request, tmpl fs.FS) (*Result, error) {
	if kind == HookUpdate {
		return nil, fmt.Errorf("NewHook adds post-updates and deploy hooks; NewUpdate adds updates")
	}
	if err := CheckKind(m.Core, m.Name, kind); err != nil {
		return nil, err
	}
	if err := CheckCore(m.Core, m.Name, req.Recipes); err != nil {
		return nil, err
	}
	stem, err := NextHook(m, kind)
	if err != nil {
		return nil, err
	}
	name := stem
	if slug := Slug(req.Summary); slug != "" {
		name += "_" + slug
	}
	t, err := loadTemplates(tmpl, m.Core)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Path, err)
	}
	p, err := newFilePlanner(m, f, kind.PHPKind(), t)
	if err != nil {
		return nil, err
	}
	fn, err := render(t, "hook", hookData{
		Module: m.Name, Function: name, Kind: kind, DocLine: req.DocLine(),
		Issue: strings.Join(req.Issues, ", "), Message: req.Summary, Steps: req.Recipes,
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Path, err)
	}
	edits := p.header()
	edits = append(edits, p.appendFunction(fn, edits))
	res := &Result{Function: name, Old: f.Src}
	if err := res.apply(f, edits, m.Name, []string{name}); err != nil {
		return nil, err
	}
	return res, nil
}

// NewHookFile renders the start of the file hooks of kind go to, when the
// module has none yet: "<?php" and a @file docblock saying when its hooks
// run. NewHook then adds the hook to it. For HookUpdate it is the start of
// a new .install.
func NewHookFile(module string, core int, kind HookKind, tmpl fs.FS) ([]byte, error) {
	t, err := loadTemplates(tmpl, core)
	if err != nil {
		return nil, err
	}
	name := map[HookKind]string{HookUpdate: "install_header", HookPostUpdate: "post_update_file", HookDeploy: "deploy_file"}[kind]
	text, err := render(t, name, fileData{Module: module})
	if err != nil {
		return nil, err
	}
	return []byte(text + "\n"), nil
}

// ParseNew parses the bytes of a file new-update is about to create, named
// path, for planning in it as in a file that exists.
func ParseNew(path, module string, src []byte) (*phpast.File, error) {
	f, err := phpast.ParseFile(path, src, phpast.Options{Module: module})
	if err != nil {
		return nil, fmt.Errorf("%s: the template renders PHP that does not parse: %w", filepath.Base(path), err)
	}
	return f, nil
}
