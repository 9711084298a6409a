package gen

import (
	"bytes"
	"fmt"
	"io/fs"
	"strings"
	"text/template"

	"github.com/dcycle/dcycle/internal/phpast"
)

// InstallChange tells what a new update did to hook_install().
type InstallChange int

// What happened to hook_install().
const (
	// InstallKept: it already replays the new update; not a byte changed.
	InstallKept InstallChange = iota
	// InstallCreated: there was none.
	InstallCreated
	// InstallRewritten: its replay did not reach the new update and was
	// replaced by the resumable form; the rest of the function is kept.
	InstallRewritten
)

// Result is a new update, planned, applied in memory and verified; nothing
// is written yet.
type Result struct {
	Number   int
	Function string
	// Old is the .install as read; New the same file with the edits
	// applied.
	Old, New []byte
	Edits    []phpast.Edit
	Install  InstallChange
	// File is New parsed.
	File *phpast.File
}

// Line is the 1-based line of the new function's declaration in New.
func (r *Result) Line() int { return r.lineOf(r.Function) }

// InstallLine is the line of hook_install() in New, 0 when there is none.
func (r *Result) InstallLine() int {
	for _, fn := range r.File.Functions {
		if fn.Kind == phpast.KindInstall {
			line, _ := r.File.Lines.Position(fn.DeclSpan.Start)
			return line
		}
	}
	return 0
}

func (r *Result) lineOf(name string) int {
	for _, fn := range r.File.Functions {
		if strings.EqualFold(fn.Name, name) {
			line, _ := r.File.Lines.Position(fn.DeclSpan.Start)
			return line
		}
	}
	return 0
}

// updateData is what the "update" template is executed with.
type updateData struct {
	Module   string
	Function string
	Number   int
	DocLine  string
	Issue    string
	Steps    []Recipe
}

// NewUpdate plans the next update of m: it picks the number, renders the
// function after the update that ends last in the .install, makes sure
// hook_install() replays it, applies the edits to the file's bytes and
// verifies the result. m.Install.Src is not modified.
func NewUpdate(m *phpast.Module, req Request, tmpl fs.FS) (*Result, error) {
	f := m.Install
	if f == nil {
		return nil, fmt.Errorf("%s has no .install file", m.Name)
	}
	number, err := NextNumber(m)
	if err != nil {
		return nil, err
	}
	if err := CheckCore(m.Core, m.Name, req.Recipes); err != nil {
		return nil, err
	}
	t, err := loadTemplates(tmpl, m.Core)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Path, err)
	}
	p, err := newPlanner(m, t)
	if err != nil {
		return nil, err
	}
	name := fmt.Sprintf("%s_update_%d", m.Name, number)
	fn, err := render(t, "update", updateData{
		Module: m.Name, Function: name, Number: number,
		DocLine: req.DocLine(), Issue: strings.Join(req.Issues, ", "), Steps: req.Recipes,
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Path, err)
	}

	// The "<?php" an empty file lacks comes first: other insertions at
	// offset 0 follow it.
	edits := p.header()
	res := &Result{Number: number, Function: name, Old: f.Src}
	want := []string{name}
	install := m.Find(phpast.KindInstall)
	if install == nil || !install.Replay.Covers(updatePrefix(m), number) {
		edit, created, err := p.replayEdit()
		if err != nil {
			return nil, err
		}
		edits = append(edits, edit)
		res.Install = InstallRewritten
		if created {
			res.Install = InstallCreated
			want = append(want, m.Name+"_install")
		}
	}
	edits = append(edits, p.appendFunction(fn, edits))
	if err := res.apply(f, edits, m.Name, want); err != nil {
		pos, _, afterFunction := p.appendPoint()
		if afterFunction || !f.HasCloseTag {
			return nil, err
		}
		// Before a trailing "?>", which also ends a statement, the code
		// may lack its ";" (<?php foo() ?>): end it and retry.
		for i := range edits {
			if edits[i].Start == pos && edits[i].End == pos {
				edits[i].New = ";" + edits[i].New
				break
			}
		}
		if res.apply(f, edits, m.Name, want) != nil {
			return nil, err
		}
	}
	return res, nil
}

// apply applies edits to f's bytes and verifies the result.
func (res *Result) apply(f *phpast.File, edits []phpast.Edit, module string, want []string) error {
	out, err := phpast.Apply(f.Src, edits)
	if err != nil {
		return fmt.Errorf("%s: %w", f.Path, err)
	}
	parsed, err := Verify(f, out, edits, phpast.Options{Module: module}, want...)
	if err != nil {
		return err
	}
	res.New, res.File, res.Edits = out, parsed, edits
	return nil
}

// ReplayEdit returns the edit that makes hook_install() replay every update
// of m in the resumable, sandbox-safe form: it creates hook_install() when
// there is none, inserts the replay at the start of one that has none, and
// otherwise replaces exactly the statements of its replay. changed is false,
// and the edit empty, when the replay already has that form.
func ReplayEdit(m *phpast.Module, tmpl fs.FS) (edit phpast.Edit, changed bool, err error) {
	if m.Install == nil {
		return phpast.Edit{}, false, fmt.Errorf("%s has no .install file", m.Name)
	}
	if r := m.Find(phpast.KindInstall); r != nil && r.Replay != nil &&
		r.Replay.Kind == phpast.ReplayRegistry && r.Replay.Sandbox && r.Replay.Resumable {
		return phpast.Edit{}, false, nil
	}
	if m.Core < 7 {
		return phpast.Edit{}, false, fmt.Errorf("%s: cannot tell the Drupal core major of %s; pass --core", m.Install.Path, m.Name)
	}
	t, err := loadTemplates(tmpl, m.Core)
	if err != nil {
		return phpast.Edit{}, false, fmt.Errorf("%s: %w", m.Install.Path, err)
	}
	p, err := newPlanner(m, t)
	if err != nil {
		return phpast.Edit{}, false, err
	}
	edit, _, err = p.replayEdit()
	return edit, err == nil, err
}

func updatePrefix(m *phpast.Module) string { return strings.ToLower(m.Name) + "_update_" }

// planner places generated text in one .install file.
type planner struct {
	m   *phpast.Module
	f   *phpast.File
	t   *template.Template
	src []byte
	// eol and unit are the file's line ending and indentation unit.
	eol, unit string
	// opens is true when the file has no "<?php" yet (an empty file): the
	// first insertion starts with one.
	opens bool
}

func newPlanner(m *phpast.Module, t *template.Template) (*planner, error) {
	f := m.Install
	p := &planner{m: m, f: f, t: t, src: f.Src, eol: f.EOL, unit: f.Indent}
	if f.OpenTag.Start < 0 {
		if len(bytes.TrimSpace(f.Src)) > 0 {
			return nil, &phpast.Error{Path: f.Path, Line: 1, Col: 1, Msg: "no <?php tag: not a PHP file"}
		}
		p.opens = true
	}
	return p, nil
}

// header is the "<?php" an empty file needs before anything is added.
func (p *planner) header() []phpast.Edit {
	if !p.opens {
		return nil
	}
	return []phpast.Edit{phpast.Insert(0, "<?php"+p.eol)}
}

// lastFunction returns the function of the .install that ends last among
// those kind accepts, or nil.
func (p *planner) lastFunction(accept func(*phpast.Function) bool) *phpast.Function {
	var last *phpast.Function
	for _, fn := range p.f.Functions {
		if accept(fn) && (last == nil || fn.Span.End > last.Span.End) {
			last = fn
		}
	}
	return last
}

func isUpdate(fn *phpast.Function) bool { return fn.Kind == phpast.KindUpdate }
func isAny(*phpast.Function) bool       { return true }

// appendFunction returns the edit that adds fn after the update function
// that ends last in the file (after the last function when there is no
// update; at the end, before a trailing "?>", when there is no function).
// earlier are the edits already planned, which may insert at the same place.
func (p *planner) appendFunction(fn string, earlier []phpast.Edit) phpast.Edit {
	pos, base, afterFunction := p.appendPoint()
	if afterFunction {
		// The bytes after the closing brace stay where they are, after the
		// new function.
		return phpast.Insert(pos, style("\n\n"+fn, p.eol, p.unit, base))
	}
	lead := separator(p.textBefore(pos, earlier))
	return phpast.Insert(pos, style(lead+fn+"\n", p.eol, p.unit, base))
}

// appendPoint is where a function is added: just after the closing brace of
// the last update (or function), or, with no function, the end of the file
// or the start of a trailing "?>". base is the indentation of the function
// it follows.
func (p *planner) appendPoint() (pos int, base string, afterFunction bool) {
	last := p.lastFunction(isUpdate)
	if last == nil {
		last = p.lastFunction(isAny)
	}
	if last != nil {
		return last.Span.End, p.indentAt(last.Span.Start), true
	}
	if p.f.HasCloseTag {
		return p.f.CloseTag.Start, "", false
	}
	return len(p.src), "", false
}

// textBefore is the text that precedes offset pos once the earlier edits at
// or before it are applied, as far as needed to decide on blank lines.
func (p *planner) textBefore(pos int, earlier []phpast.Edit) string {
	before := string(p.src[max(0, pos-2):pos])
	for _, e := range earlier {
		if e.End == pos || (e.Start == pos && e.End == pos) {
			before += strings.ReplaceAll(e.New, "\r\n", "\n")
		}
	}
	if p.opens && pos == len(p.src) && strings.TrimSpace(before) == "" {
		before = "<?php\n"
	}
	return strings.ReplaceAll(before, "\r\n", "\n")
}

// separator returns the line breaks that put one blank line between what
// precedes and a new function.
func separator(before string) string {
	switch {
	case before == "" || strings.HasSuffix(before, "\n\n"):
		return ""
	case strings.HasSuffix(before, "\n"):
		return "\n"
	}
	return "\n\n"
}

// indentAt is the whitespace between the start of the line holding offset
// and offset, when only whitespace lies there.
func (p *planner) indentAt(offset int) string {
	start := bytes.LastIndexByte(p.src[:offset], '\n') + 1
	ws := p.src[start:offset]
	if len(bytes.TrimLeft(ws, " \t")) != 0 {
		return ""
	}
	return string(ws)
}

// installData is what the "install" and "replay" templates are executed
// with.
type installData struct {
	Module   string
	Function string
	// Prefix is what an update's name starts with: MODULE_update_.
	Prefix string
	// Last is the schema version to record when the first update fails.
	Last int
	// Registry is true from Drupal 10, which reads and records update
	// numbers through the update.update_hook_registry service.
	Registry bool
}

func (p *planner) installData() installData {
	last := max(p.m.Core*1000, p.m.LastRemoved())
	if u := p.m.Updates(); len(u) > 0 && u[0].Number-1 < last {
		// Updates below core*1000 (a Drupal 8 numbering in a Drupal 9
		// module): recording core*1000 would skip them.
		last = u[0].Number - 1
	}
	return installData{
		Module: p.m.Name, Function: p.m.Name + "_install", Prefix: p.m.Name + "_update_",
		Last: last, Registry: p.m.Core >= 10,
	}
}

// replayEdit returns the edit that makes hook_install() replay every update
// resumably; created is true when it adds the whole function.
func (p *planner) replayEdit() (phpast.Edit, bool, error) {
	data := p.installData()
	install := p.m.Find(phpast.KindInstall)
	if install == nil {
		fn, err := render(p.t, "install", data)
		if err != nil {
			return phpast.Edit{}, false, fmt.Errorf("%s: %w", p.f.Path, err)
		}
		return p.insertInstall(fn), true, nil
	}
	replay, err := render(p.t, "replay", data)
	if err != nil {
		return phpast.Edit{}, false, fmt.Errorf("%s: %w", p.f.Path, err)
	}
	r := install.Replay
	if r != nil && r.Kind != phpast.ReplayNone && r.Span.End > r.Span.Start {
		text := style(replay, p.eol, p.unit, p.indentAt(r.Span.Start))
		// Statements written between explicit update calls are not the
		// replay: they stay, in order, after it.
		for _, k := range r.Kept {
			text += string(p.src[k.Start:k.End])
		}
		return phpast.Replace(r.Span, text), false, nil
	}
	return p.insertReplay(install, replay)
}

// insertInstall places a new hook_install() before the first update, where
// Drupal developers look for it, or, with no update, where the new update
// goes (the update is then inserted after it).
func (p *planner) insertInstall(fn string) phpast.Edit {
	var first *phpast.Function
	for _, f := range p.f.Functions {
		if f.Kind == phpast.KindUpdate && (first == nil || f.Span.Start < first.Span.Start) {
			first = f
		}
	}
	if first != nil {
		// The update keeps its indentation: the new text ends with it.
		base := p.indentAt(first.Span.Start)
		return phpast.Insert(first.Span.Start, style(fn+"\n\n", p.eol, p.unit, base)+base)
	}
	// With no update the install goes where the new update will, just
	// before it.
	return p.appendFunction(fn, p.header())
}

// insertReplay puts the replay at the start of the body of a hook_install()
// that has none, keeping the statements it has after it.
func (p *planner) insertReplay(install *phpast.Function, replay string) (phpast.Edit, bool, error) {
	body := install.BodySpan
	if body.End-body.Start < 2 || p.src[body.Start] != '{' {
		return phpast.Edit{}, false, &phpast.Error{Path: p.f.Path, Line: p.line(install.DeclSpan.Start), Col: 1, Msg: install.Name + " has no body to add the replay to"}
	}
	inner := p.src[body.Start+1 : body.End-1]
	base := p.indentAt(install.DeclSpan.Start)
	indented := indentLines(replay, "  ")
	if len(bytes.TrimSpace(inner)) == 0 {
		// An empty body: replace its blank inside.
		return phpast.Replace(phpast.Span{Start: body.Start + 1, End: body.End - 1}, style("\n"+indented+"\n", p.eol, p.unit, base)), false, nil
	}
	if nl := bytes.IndexByte(inner, '\n'); nl >= 0 && len(bytes.TrimSpace(inner[:nl])) == 0 {
		// "{" ends its line: the replay goes on the lines after it, then a
		// blank line, then the statements that were there.
		pos := body.Start + 1 + nl + 1
		text := style("\n"+indented+"\n\n", p.eol, p.unit, base)
		return phpast.Insert(pos, strings.TrimPrefix(text, p.eol)), false, nil
	}
	return phpast.Insert(body.Start+1, style("\n"+indented+"\n", p.eol, p.unit, base)), false, nil
}

func (p *planner) line(offset int) int {
	line, _ := p.f.Lines.Position(offset)
	return line
}
