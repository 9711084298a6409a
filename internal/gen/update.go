package gen

import (
	"bytes"
	"fmt"
	"io/fs"
	"strconv"
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
	// InstallRewritten: it had no replay; the resumable replay was added
	// after its statements, which are all kept.
	InstallRewritten
	// InstallExtended: its replay did not reach the new update and was
	// extended in its own style (a loop's bound raised, a call appended);
	// no other byte changed.
	InstallExtended
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
		edit, change, err := p.replayEdit(number)
		if err != nil {
			return nil, err
		}
		edits = append(edits, edit)
		res.Install = change
		if change == InstallCreated {
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

// apply applies edits to f's bytes and verifies the result, as every
// Change is (Change.Apply).
func (res *Result) apply(f *phpast.File, edits []phpast.Edit, module string, want []string) error {
	c := &Change{File: f, Edits: edits, Options: phpast.Options{Module: module}, Want: want}
	parsed, err := c.Apply()
	if err != nil {
		return err
	}
	res.New, res.File, res.Edits = parsed.Src, parsed, edits
	return nil
}

// ReplayEdit returns the safe fix of the replay rules (DC005, DC006). It
// creates hook_install() when there is none, adds the resumable,
// sandbox-safe replay to one that has no replay, replaces the seed
// article's loop when it is exactly that loop, and extends a range or an
// explicit list that misses only updates above the last one it runs.
// changed is false, and the edit empty, when the replay needs nothing or
// when no edit is provably safe: then the finding stays for a human, and
// not a byte is touched.
func ReplayEdit(m *phpast.Module, tmpl fs.FS) (edit phpast.Edit, changed bool, err error) {
	if m.Install == nil {
		return phpast.Edit{}, false, fmt.Errorf("%s has no .install file", m.Name)
	}
	install := m.Find(phpast.KindInstall)
	var r *phpast.Replay
	if install != nil {
		r = install.Replay
		if r.Kind == phpast.ReplayRegistry && r.Sandbox && r.Resumable || r.Kind == phpast.ReplaySchemaReset {
			return phpast.Edit{}, false, nil
		}
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
	switch {
	case install == nil || r.Kind == phpast.ReplayNone && r.Unrecognised == (phpast.Span{}):
		edit, _, err := p.replayEdit(m.HighestUpdate())
		return edit, err == nil, err
	case r.Via != nil || r.Kind == phpast.ReplayNone:
		return phpast.Edit{}, false, nil
	case r.SeedForm:
		replay, err := render(t, "replay", p.installData())
		if err != nil {
			return phpast.Edit{}, false, fmt.Errorf("%s: %w", m.Install.Path, err)
		}
		return phpast.Replace(r.Span, style(replay, p.eol, p.unit, p.indentAt(r.Span.Start))), true, nil
	}
	var missing []int
	highest := 0
	for _, u := range m.Updates() {
		if !r.Covers(updatePrefix(m), u.Number) && (len(missing) == 0 || missing[len(missing)-1] != u.Number) {
			missing = append(missing, u.Number)
		}
	}
	for _, n := range r.Numbers {
		highest = max(highest, n)
	}
	switch {
	case len(missing) == 0:
		return phpast.Edit{}, false, nil
	case r.Kind == phpast.ReplayRange && r.Prefix == updatePrefix(m) && missing[0] > r.To:
		edit, _, err := p.replayEdit(missing[len(missing)-1])
		return edit, err == nil, err
	case r.Kind == phpast.ReplayExplicit && missing[0] > highest:
		edit, err := p.appendCall(install, r, missing)
		if err != nil {
			// A list whose last call is guarded has no safe fix.
			return phpast.Edit{}, false, nil
		}
		return edit, true, nil
	}
	return phpast.Edit{}, false, nil
}

func updatePrefix(m *phpast.Module) string { return strings.ToLower(m.Name) + "_update_" }

// planner places generated text in one file of a module: the .install, or
// the file of a post-update or deploy hook.
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
	// kind is the kind of function a new one follows: the last of that
	// kind in the file.
	kind phpast.Kind
	// post is true when hook_install() must replay the post-updates too:
	// a Drupal 8+ module that has some (see postReplayEdits).
	post bool
}

// newPlanner plans in the module's .install.
func newPlanner(m *phpast.Module, t *template.Template) (*planner, error) {
	return newFilePlanner(m, m.Install, phpast.KindUpdate, t)
}

// newFilePlanner plans in f, a file of m, adding functions after the last
// one of kind.
func newFilePlanner(m *phpast.Module, f *phpast.File, kind phpast.Kind, t *template.Template) (*planner, error) {
	p := &planner{m: m, f: f, t: t, src: f.Src, eol: f.EOL, unit: f.Indent, kind: kind, post: m.Core >= 8 && len(hooksOf(m, phpast.KindPostUpdate)) > 0}
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

func isAny(*phpast.Function) bool { return true }

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
	last := p.lastFunction(func(fn *phpast.Function) bool { return fn.Kind == p.kind })
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
	// PostUpdates is true when the install replays the post-updates too,
	// after the updates; PostPrefix is what their names start with.
	PostUpdates bool
	PostPrefix  string
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
		PostUpdates: p.post, PostPrefix: strings.ToLower(p.m.Name) + "_post_update_",
	}
}

// replayEdit returns the edit that makes hook_install() replay update
// number n: it creates hook_install() when there is none, adds a replay
// after the statements of one that has none, and otherwise extends the
// replay it has in its own style (raises a loop's bound, appends a call to
// an explicit list) without touching any other byte. A replay it does not
// understand exactly is refused with an error saying what to add by hand.
func (p *planner) replayEdit(n int) (phpast.Edit, InstallChange, error) {
	data := p.installData()
	install := p.m.Find(phpast.KindInstall)
	if install == nil {
		fn, err := render(p.t, "install", data)
		if err != nil {
			return phpast.Edit{}, 0, fmt.Errorf("%s: %w", p.f.Path, err)
		}
		return p.insertInstall(fn), InstallCreated, nil
	}
	r := install.Replay
	call := fmt.Sprintf("%s_update_%d()", p.m.Name, n)
	switch {
	case r.Via != nil:
		return phpast.Edit{}, 0, p.refuse(r.Via.DeclSpan.Start, "%s() replays the updates through %s(), which does not reach %d; dcycle does not edit helpers: make it call %s by hand", install.Name, r.Via.Name, n, call)
	case r.Kind == phpast.ReplayRange:
		if r.Prefix != updatePrefix(p.m) {
			return phpast.Edit{}, 0, p.refuse(r.Bound.Start, "the replay loop of %s() calls %s… functions, not %s…; add %s by hand", install.Name, r.Prefix, updatePrefix(p.m), call)
		}
		bound := n
		if !r.BoundInclusive {
			bound = n + 1
		}
		return phpast.Replace(r.Bound, strconv.Itoa(bound)), InstallExtended, nil
	case r.Kind == phpast.ReplayExplicit:
		edit, err := p.appendCall(install, r, []int{n})
		return edit, InstallExtended, err
	case r.Kind == phpast.ReplayNone && r.Unrecognised != (phpast.Span{}):
		return phpast.Edit{}, 0, p.refuse(r.Unrecognised.Start, "%s() seems to replay the updates in a form dcycle does not recognise; adding a replay would run them twice: make it run %s by hand", install.Name, call)
	case r.Kind == phpast.ReplayNone:
		replay, err := p.replayText(install, data)
		if err != nil {
			return phpast.Edit{}, 0, err
		}
		edit, err := p.insertReplay(install, replay)
		return edit, InstallRewritten, err
	}
	// A registry loop or a schema reset covers every update: only a caller
	// that did not ask Covers gets here.
	return phpast.Edit{}, InstallKept, nil
}

// refuse is the error for a hook_install() dcycle will not edit: it names
// the place and says what to add by hand.
func (p *planner) refuse(offset int, format string, args ...any) error {
	line, col := p.f.Lines.Position(offset)
	return &phpast.Error{Path: p.f.Path, Line: line, Col: col, Msg: fmt.Sprintf(format, args...) + "; nothing was written"}
}

// appendCall adds calls of the updates numbers after the last update call
// of an explicit replay, each a copy of that call's statement with the
// number changed: "$messages[] = x_update_7003();" gives
// "$messages[] = x_update_7004();". A last call batched in a loop that runs
// until its sandbox is '#finished' is followed after that loop, in the form
// of the list's last plain call. A last call that runs under a condition,
// in any other loop, or in a larger statement is refused: whether the new
// update belongs there is the module author's decision.
func (p *planner) appendCall(install *phpast.Function, r *phpast.Replay, numbers []int) (phpast.Edit, error) {
	last := r.Calls[len(r.Calls)-1]
	want := make([]string, len(numbers))
	for i, n := range numbers {
		want[i] = fmt.Sprintf("%s_update_%d();", p.m.Name, n)
	}
	byHand := strings.Join(want, " ")
	if last.Stmt < 0 {
		return phpast.Edit{}, p.refuse(last.Span.Start, "%s() calls %s() outside any statement; add %s by hand", install.Name, last.Name, byHand)
	}
	after := last.Stmt
	if loop := install.Stmts[after].Parent; loop >= 0 && len(last.Args) > 0 && last.Args[0].Var != "" &&
		install.Stmts[loop].UntilFinished == last.Args[0].Var && p.onlyStatementOf(install, loop, after) {
		after = loop
	}
	if install.Within(after, -1, guardingKinds...) || install.Stmts[after].Kind != phpast.StmtExpression && after == last.Stmt {
		return phpast.Edit{}, p.refuse(last.Span.Start, "%s() calls %s() under a condition or in a loop, and dcycle cannot tell whether the new update belongs there; add %s to %s() by hand", install.Name, last.Name, byHand, install.Name)
	}
	stmt := install.Stmts[after].Span
	for _, c := range r.Calls {
		if c != last && stmt.Contains(c.Span) {
			return phpast.Edit{}, p.refuse(last.Span.Start, "the statement that calls %s() calls another update too; add %s to %s() by hand", last.Name, byHand, install.Name)
		}
	}
	model := p.plainCall(install, r)
	indent := p.indentAt(stmt.Start)
	var out strings.Builder
	for _, n := range numbers {
		name := fmt.Sprintf("%s_update_%d", p.m.Name, n)
		out.WriteString(p.eol + indent)
		if model == nil {
			out.WriteString(name + "();")
			continue
		}
		text := string(p.src[model.stmt.Start:model.stmt.End])
		out.WriteString(text[:model.call.NameSpan.Start-model.stmt.Start] + name + text[model.call.NameSpan.End-model.stmt.Start:])
	}
	return phpast.Insert(stmt.End, out.String()), nil
}

// onlyStatementOf reports whether statement i is the only statement of the
// loop at index loop.
func (p *planner) onlyStatementOf(install *phpast.Function, loop, i int) bool {
	for j, s := range install.Stmts {
		if s.Parent == loop && j != i {
			return false
		}
	}
	return true
}

// callStatement is an update call that is a plain statement of the list,
// with that statement's span.
type callStatement struct {
	call *phpast.Call
	stmt phpast.Span
}

// plainCall returns the last update call of the replay that is an
// unguarded expression statement calling that update alone, the model for
// a new call; nil when there is none.
func (p *planner) plainCall(install *phpast.Function, r *phpast.Replay) *callStatement {
	for i := len(r.Calls) - 1; i >= 0; i-- {
		c := r.Calls[i]
		if c.Stmt < 0 || install.Stmts[c.Stmt].Kind != phpast.StmtExpression || install.Within(c.Stmt, -1, guardingKinds...) {
			continue
		}
		stmt := install.Stmts[c.Stmt].Span
		alone := true
		for _, other := range r.Calls {
			alone = alone && (other == c || !stmt.Contains(other.Span))
		}
		if alone && len(c.Args) == 0 {
			return &callStatement{call: c, stmt: stmt}
		}
	}
	return nil
}

// guardingKinds are the statements and clauses under which a call runs
// only sometimes, or more than once.
var guardingKinds = []phpast.StmtKind{
	phpast.StmtIf, phpast.StmtElseIf, phpast.StmtElse, phpast.StmtFor, phpast.StmtForeach,
	phpast.StmtWhile, phpast.StmtDo, phpast.StmtSwitch, phpast.StmtCase, phpast.StmtCatch, phpast.StmtFinally,
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

// insertReplay adds the replay to a hook_install() that has none, after
// the module's own statements (the baseline they set up comes first, then
// the updates), before a final return; before the post-updates it replays,
// which run after the updates.
func (p *planner) insertReplay(install *phpast.Function, replay string) (phpast.Edit, error) {
	if at := postReplayRuns(install.Replay.PostUpdates); at >= 0 {
		return p.insertBefore(install.Stmts[at].Span.Start, replay), nil
	}
	body := install.BodySpan
	if body.End-body.Start < 2 || p.src[body.Start] != '{' {
		return phpast.Edit{}, &phpast.Error{Path: p.f.Path, Line: p.line(install.DeclSpan.Start), Col: 1, Msg: install.Name + " has no body to add the replay to"}
	}
	base := p.indentAt(install.DeclSpan.Start)
	var first, last, final = -1, -1, -1
	for i, s := range install.Stmts {
		if s.Parent >= 0 {
			continue
		}
		if first < 0 {
			first = i
		}
		last = i
	}
	if last >= 0 && install.Stmts[last].Kind == phpast.StmtReturn {
		final, last = last, -1
		for i := final - 1; i >= 0; i-- {
			if install.Stmts[i].Parent < 0 {
				last = i
				break
			}
		}
	}
	if first < 0 {
		// An empty body (comments at most): the replay goes on the lines
		// after "{", the comments stay after it.
		inner := p.src[body.Start+1 : body.End-1]
		indented := indentLines(replay, "  ")
		if len(bytes.TrimSpace(inner)) == 0 {
			return phpast.Replace(phpast.Span{Start: body.Start + 1, End: body.End - 1}, style("\n"+indented+"\n", p.eol, p.unit, base)), nil
		}
		if nl := bytes.IndexByte(inner, '\n'); nl >= 0 && len(bytes.TrimSpace(inner[:nl])) == 0 {
			text := style("\n"+indented+"\n", p.eol, p.unit, base)
			return phpast.Insert(body.Start+1+nl+1, strings.TrimPrefix(text, p.eol)), nil
		}
		return phpast.Insert(body.Start+1, style("\n"+indented+"\n", p.eol, p.unit, base)), nil
	}
	indent := p.indentAt(install.Stmts[first].Span.Start)
	if indent == "" {
		indent = base + p.unit
	}
	lines := style(replay, p.eol, p.unit, indent)
	if last < 0 {
		// Only a return: the replay goes before it.
		at := install.Stmts[final].Span.Start
		return phpast.Insert(at, lines+p.eol+p.eol+p.indentAt(at)), nil
	}
	// After the last statement of the module's own, a blank line, then
	// the replay; a final return keeps the bytes between it and what
	// precedes it. A closing brace on the line of the last statement moves
	// to a line of its own.
	end := install.Stmts[last].Span.End
	text := p.eol + p.eol + indent + lines
	if final < 0 && !bytes.Contains(p.src[end:body.End-1], []byte("\n")) {
		text += p.eol + base
	}
	return phpast.Insert(end, text), nil
}

func (p *planner) line(offset int) int {
	line, _ := p.f.Lines.Position(offset)
	return line
}
