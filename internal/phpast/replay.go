package phpast

import (
	"sort"
	"strconv"
	"strings"

	"github.com/VKCOM/php-parser/pkg/ast"
	"github.com/VKCOM/php-parser/pkg/visitor"
	"github.com/VKCOM/php-parser/pkg/visitor/traverser"
)

// replay classifies how hook_install() (or a helper it calls) replays the
// module's updates, and which of its statements are the replay. nodes are
// the parser nodes of fn.Stmts.
func (c *converter) replay(n *ast.StmtFunction, fn *Function, nodes []ast.Vertex) *Replay {
	a := &replayAnalysis{c: c, fn: fn, nodes: nodes, prefix: strings.ToLower(c.opts.Module) + "_update_"}
	r := &Replay{}
	defer func() { r.PostUpdates = a.postUpdates(n, r) }()
	switch {
	case a.loop(r):
	case a.explicit(r):
	case a.schemaReset(r):
	default:
		r.Unrecognised = a.unrecognised(n)
		return r
	}
	if len(r.Stmts) > 0 {
		r.Span = Span{Start: fn.Stmts[r.Stmts[0]].Span.Start, End: fn.Stmts[r.Stmts[len(r.Stmts)-1]].Span.End}
	}
	return r
}

type replayAnalysis struct {
	c      *converter
	fn     *Function
	nodes  []ast.Vertex
	prefix string
}

// updateNumber returns N when name is PREFIX_update_N of this module.
func (a *replayAnalysis) updateNumber(name string) (int, bool) {
	lower := strings.ToLower(name)
	if !strings.HasPrefix(lower, a.prefix) || !allDigits(lower[len(a.prefix):]) {
		return 0, false
	}
	n, err := strconv.Atoi(lower[len(a.prefix):])
	return n, err == nil
}

// loop recognises a foreach over the registry or a for over a numeric
// range that calls the updates through a variable.
func (a *replayAnalysis) loop(r *Replay) bool {
	at := -1
	for i, s := range a.fn.Stmts {
		switch n := a.nodes[i].(type) {
		case *ast.StmtForeach:
			if s.Kind == StmtForeach && a.c.isRegistryLoop(n.Expr) {
				r.Kind, at = ReplayRegistry, i
			}
		case *ast.StmtFor:
			if from, to, bound, inclusive, prefix, ok := a.c.rangeLoop(n); ok {
				r.Kind, r.From, r.To, r.Bound, r.BoundInclusive, r.Prefix, at = ReplayRange, from, to, bound, inclusive, prefix, i
			}
		}
		if at >= 0 {
			break
		}
	}
	if at < 0 {
		return false
	}
	top := a.fn.TopLevel(at)
	r.Stmts = append(a.setup(top), top)
	// The recording of the last completed update sits in a catch of the
	// statement around the loop (try { foreach … } catch …).
	topSpan := a.fn.Stmts[top].Span
	for _, call := range a.fn.Calls {
		if topSpan.Contains(call.Span) && call.Stmt >= 0 && a.fn.Within(call.Stmt, -1, StmtCatch) &&
			(strings.EqualFold(call.Name, "drupal_set_installed_schema_version") || call.Name == "setInstalledVersion") {
			r.Resumable = true
		}
	}
	a.sandbox(r, at)
	if r.Kind == ReplayRange {
		r.SeedForm = a.seedForm(at, top, r)
	}
	return true
}

// setup returns the top-level assignments just before statement top whose
// variables the replay reads and no other statement of the function
// mentions ($last = 7000; $registry = …): they belong to the replay.
func (a *replayAnalysis) setup(top int) []int {
	replayVars := variablesOf(a.nodes[top])
	tops := a.topLevel()
	pos := -1
	for k, i := range tops {
		if i == top {
			pos = k
		}
	}
	var setup []int
	for k := pos - 1; k >= 0; k-- {
		i := tops[k]
		e, ok := a.nodes[i].(*ast.StmtExpression)
		if !ok {
			break
		}
		assign, ok := e.Expr.(*ast.ExprAssign)
		if !ok {
			break
		}
		name := plainVariable(assign.Var)
		if name == "" || !replayVars[name] || a.mentionedElsewhere(name, tops, append(setup, i, top)) {
			break
		}
		setup = append([]int{i}, setup...)
	}
	return setup
}

// topLevel returns the indexes of the function's top-level statements.
func (a *replayAnalysis) topLevel() []int {
	var tops []int
	for i, s := range a.fn.Stmts {
		if s.Parent < 0 {
			tops = append(tops, i)
		}
	}
	return tops
}

// mentionedElsewhere reports whether a top-level statement other than
// those of mine reads or writes the variable.
func (a *replayAnalysis) mentionedElsewhere(name string, tops, mine []int) bool {
	for _, i := range tops {
		skip := false
		for _, m := range mine {
			skip = skip || m == i
		}
		if !skip && variablesOf(a.nodes[i])[name] {
			return true
		}
	}
	return false
}

// sandbox finds the loop's dynamic call of the update and whether it
// passes a variable and repeats while that variable's '#finished' is
// below 1.
func (a *replayAnalysis) sandbox(r *Replay, loop int) {
	loopSpan := a.fn.Stmts[loop].Span
	for _, call := range a.fn.Calls {
		if call.Kind != CallFunction || !strings.HasPrefix(call.Name, "$") || !loopSpan.Contains(call.Span) {
			continue
		}
		if len(call.Args) == 0 {
			continue
		}
		r.PassesSandbox = true
		v := call.Args[0].Var
		if v == "" {
			continue
		}
		for i := call.Stmt; i >= 0 && i != loop; i = a.fn.Stmts[i].Parent {
			if a.fn.Stmts[i].UntilFinished == v {
				r.Sandbox = true
			}
		}
	}
}

// finishedVariable returns NAME when a loop condition reads
// $NAME['#finished'], else "".
func finishedVariable(cond ast.Vertex) string {
	f := &finishedFinder{}
	traverser.NewTraverser(f).Traverse(cond)
	return f.found
}

// finishedFinder looks for the first $variable['#finished'].
type finishedFinder struct {
	visitor.Null
	found string
}

func (f *finishedFinder) ExprArrayDimFetch(n *ast.ExprArrayDimFetch) {
	key, ok := n.Dim.(*ast.ScalarString)
	name := plainVariable(n.Var)
	if ok && f.found == "" && name != "" && unquote(string(key.Value)) == "#finished" {
		f.found = name
	}
}

// seedForm reports whether the range loop at index loop is exactly the
// seed article's: for ($i = N001; $i < M000; $i++) { $c = 'PREFIX' . $i;
// if (function_exists($c)) { $c(); } }, a statement of its own, with $i and
// $c mentioned by no other statement of the function.
func (a *replayAnalysis) seedForm(loop, top int, r *Replay) bool {
	f := a.nodes[loop].(*ast.StmtFor)
	if loop != top || r.BoundInclusive || r.From%1000 != 1 || (r.To+1)%1000 != 0 || len(f.Loop) != 1 {
		return false
	}
	i := plainVariable(f.Init[0].(*ast.ExprAssign).Var)
	switch step := f.Loop[0].(type) {
	case *ast.ExprPostInc:
		if plainVariable(step.Var) != i {
			return false
		}
	case *ast.ExprPreInc:
		if plainVariable(step.Var) != i {
			return false
		}
	default:
		return false
	}
	body, ok := f.Stmt.(*ast.StmtStmtList)
	if !ok || len(body.Stmts) != 2 {
		return false
	}
	first, ok := body.Stmts[0].(*ast.StmtExpression)
	if !ok {
		return false
	}
	assign, ok := first.Expr.(*ast.ExprAssign)
	if !ok {
		return false
	}
	candidate := plainVariable(assign.Var)
	concat, ok := assign.Expr.(*ast.ExprBinaryConcat)
	if !ok || candidate == "" || candidate == i || plainVariable(concat.Right) != i {
		return false
	}
	if _, ok := concat.Left.(*ast.ScalarString); !ok {
		return false
	}
	guard, ok := body.Stmts[1].(*ast.StmtIf)
	if !ok || guard.Else != nil || len(guard.ElseIf) > 0 {
		return false
	}
	exists, ok := guard.Cond.(*ast.ExprFunctionCall)
	if !ok || !strings.EqualFold(nameText(exists.Function), "function_exists") || len(exists.Args) != 1 {
		return false
	}
	if arg, ok := exists.Args[0].(*ast.Argument); !ok || plainVariable(arg.Expr) != candidate {
		return false
	}
	inner := guard.Stmt
	if list, ok := inner.(*ast.StmtStmtList); ok {
		if len(list.Stmts) != 1 {
			return false
		}
		inner = list.Stmts[0]
	}
	run, ok := inner.(*ast.StmtExpression)
	if !ok {
		return false
	}
	call, ok := run.Expr.(*ast.ExprFunctionCall)
	if !ok || plainVariable(call.Function) != candidate || len(call.Args) != 0 {
		return false
	}
	tops := a.topLevel()
	return !a.mentionedElsewhere(i, tops, []int{top}) && !a.mentionedElsewhere(candidate, tops, []int{top})
}

// explicit recognises updates called by name.
func (a *replayAnalysis) explicit(r *Replay) bool {
	for _, call := range a.fn.Calls {
		if call.Kind != CallFunction {
			continue
		}
		number, ok := a.updateNumber(call.Name)
		if !ok {
			continue
		}
		r.Numbers = append(r.Numbers, number)
		r.Calls = append(r.Calls, call)
		if len(call.Args) == 0 {
			r.SandboxlessCalls = append(r.SandboxlessCalls, number)
		}
		if call.Stmt >= 0 {
			if top := a.fn.TopLevel(call.Stmt); len(r.Stmts) == 0 || r.Stmts[len(r.Stmts)-1] != top {
				r.Stmts = append(r.Stmts, top)
			}
		}
	}
	if len(r.Numbers) == 0 {
		return false
	}
	r.Kind = ReplayExplicit
	return true
}

// schemaReset recognises the seed's alternative: hook_install() sets the
// module's installed schema version back to a literal (7000), outside any
// catch, so that the next updb runs every update above it. Three ways are
// recognised: drupal_set_installed_schema_version('MODULE', N), the update
// registry's setInstalledVersion('MODULE', N), and
// db_update('system')->fields(array('schema_version' => N))->condition('name', 'MODULE')->execute().
func (a *replayAnalysis) schemaReset(r *Replay) bool {
	module := strings.ToLower(a.c.opts.Module)
	for _, call := range a.fn.Calls {
		if call.Stmt < 0 || a.fn.Within(call.Stmt, -1, StmtCatch) {
			continue
		}
		reset := false
		switch {
		case call.Kind == CallFunction && strings.EqualFold(call.Name, "drupal_set_installed_schema_version"),
			call.Kind == CallMethod && call.Name == "setInstalledVersion":
			reset = strings.EqualFold(call.Arg(0).Text, module) && call.Arg(0).Kind == ValueString && call.Arg(1).Kind == ValueInt
		case call.Kind == CallMethod && strings.EqualFold(call.Name, "execute"):
			reset = systemSchemaUpdate(call, module)
		}
		if reset {
			r.Kind = ReplaySchemaReset
			r.Stmts = []int{a.fn.TopLevel(call.Stmt)}
			return true
		}
	}
	return false
}

// systemSchemaUpdate reports whether execute() ends
// db_update('system')->fields(['schema_version' => N])->condition('name', MODULE).
func systemSchemaUpdate(execute *Call, module string) bool {
	var fields, name, table bool
	for e := execute.Receiver; e != nil && e.Kind == ExprCall; e = e.Call.Receiver {
		c := e.Call
		switch {
		case c.Kind == CallMethod && strings.EqualFold(c.Name, "fields"):
			for _, it := range c.Arg(0).Items {
				fields = fields || it.Key != nil && it.Key.Text == "schema_version" && it.Value.Kind == ValueInt
			}
		case c.Kind == CallMethod && strings.EqualFold(c.Name, "condition"):
			name = name || c.Arg(0).Text == "name" && strings.EqualFold(c.Arg(1).Text, module) && c.Arg(1).Kind == ValueString
		case c.Kind == CallFunction && strings.EqualFold(c.Name, "db_update"):
			table = c.Arg(0).Kind == ValueString && c.Arg(0).Text == "system"
		}
	}
	return fields && name && table
}

func (c *converter) isRegistryLoop(expr ast.Vertex) bool {
	switch e := expr.(type) {
	case *ast.ExprFunctionCall:
		return strings.EqualFold(c.nameOf(e.Function), "drupal_get_schema_versions")
	case *ast.ExprMethodCall:
		return c.nameOf(e.Method) == "getAvailableUpdates"
	case *ast.ExprTernary:
		// drupal_get_schema_versions() ?: array(): D7 returns FALSE when a
		// module has no update, and foreach over FALSE warns.
		return e.IfTrue == nil && c.isRegistryLoop(e.Cond)
	case *ast.ExprBinaryCoalesce:
		return c.isRegistryLoop(e.Left)
	}
	return false
}

// rangeLoop recognises for ($i = FROM; $i < TO; $i++) whose body builds a
// function name as 'PREFIX' . $i (or "PREFIX$i"), the seed article's form.
// bound is the span of the TO literal.
func (c *converter) rangeLoop(f *ast.StmtFor) (from, to int, bound Span, inclusive bool, prefix string, ok bool) {
	if len(f.Init) != 1 || len(f.Cond) != 1 {
		return
	}
	assign, isAssign := f.Init[0].(*ast.ExprAssign)
	if !isAssign {
		return
	}
	variable := plainVariable(assign.Var)
	if variable == "" {
		return
	}
	if from, ok = intValue(assign.Expr); !ok {
		return
	}
	var right ast.Vertex
	switch cond := f.Cond[0].(type) {
	case *ast.ExprBinarySmaller:
		if plainVariable(cond.Left) != variable {
			return 0, 0, Span{}, false, "", false
		}
		right = cond.Right
	case *ast.ExprBinarySmallerOrEqual:
		if plainVariable(cond.Left) != variable {
			return 0, 0, Span{}, false, "", false
		}
		right, inclusive = cond.Right, true
	default:
		return 0, 0, Span{}, false, "", false
	}
	if to, ok = intValue(right); !ok {
		return 0, 0, Span{}, false, "", false
	}
	if !inclusive {
		to--
	}
	bound = span(right.GetPosition())
	p := &prefixFinder{variable: variable}
	traverser.NewTraverser(p).Traverse(f.Stmt)
	if p.prefix == "" {
		return 0, 0, Span{}, false, "", false
	}
	return from, to, bound, inclusive, p.prefix, true
}

type prefixFinder struct {
	visitor.Null
	variable string
	prefix   string
}

func (p *prefixFinder) ExprBinaryConcat(n *ast.ExprBinaryConcat) {
	s, ok := n.Left.(*ast.ScalarString)
	if ok && p.prefix == "" && plainVariable(n.Right) == p.variable {
		p.prefix = strings.ToLower(unquote(string(s.Value)))
	}
}

func (p *prefixFinder) ScalarEncapsed(n *ast.ScalarEncapsed) {
	if len(n.Parts) != 2 || p.prefix != "" {
		return
	}
	part, ok := n.Parts[0].(*ast.ScalarEncapsedStringPart)
	last := n.Parts[1]
	if b, braced := last.(*ast.ScalarEncapsedStringBrackets); braced { // "prefix{$i}"
		last = b.Var
	}
	if ok && plainVariable(last) == p.variable {
		p.prefix = strings.ToLower(string(part.Value))
	}
}

// replayThroughHelper looks, for a hook_install() without a replay of its
// own, for a function of the same file that it calls and that replays the
// updates.
func (c *converter) replayThroughHelper(install *Function, decls map[string]*funcDecl) {
	if install.Replay == nil || install.Replay.Kind != ReplayNone {
		return
	}
	for _, call := range install.Calls {
		if call.Kind != CallFunction {
			continue
		}
		d, ok := decls[strings.ToLower(call.Name)]
		if !ok || d.fn == install || d.fn.Kind == KindUpdate {
			continue
		}
		r := c.replay(d.node, d.fn, d.nodes)
		if r.Kind != ReplayNone {
			r.Via = d.fn
			install.Replay = r
			return
		}
	}
}

// unrecognised returns the span of the first string in the function that
// starts with the module's update prefix, or of a call that runs updates
// by name: a replay in a form dcycle does not know.
func (a *replayAnalysis) unrecognised(n *ast.StmtFunction) Span {
	for _, call := range a.fn.Calls {
		switch strings.ToLower(call.Name) {
		case "call_user_func", "call_user_func_array", "update_do_one", "drupal_get_schema_versions", "getavailableupdates":
			return call.Span
		}
	}
	f := &prefixStringFinder{prefix: a.prefix}
	t := traverser.NewTraverser(f)
	for _, s := range n.Stmts {
		t.Traverse(s)
	}
	return f.found
}

type prefixStringFinder struct {
	visitor.Null
	prefix string
	found  Span
}

func (f *prefixStringFinder) see(value string, s Span) {
	if f.found == (Span{}) && strings.HasPrefix(strings.ToLower(value), f.prefix) {
		f.found = s
	}
}

func (f *prefixStringFinder) ScalarString(n *ast.ScalarString) {
	f.see(unquote(string(n.Value)), span(n.Position))
}

func (f *prefixStringFinder) ScalarEncapsedStringPart(n *ast.ScalarEncapsedStringPart) {
	f.see(string(n.Value), span(n.Position))
}

// PostReplayKind tells how hook_install() replays the module's
// post-updates.
type PostReplayKind int

// Post-update replay kinds.
const (
	PostReplayNone PostReplayKind = iota
	// PostReplayLoop runs the post-updates the post-update registry lists
	// (getPendingUpdateFunctions(), getUpdateFunctions()), each through a
	// variable.
	PostReplayLoop
	// PostReplayReset makes the post-update registry forget the module's
	// post-updates (filterOutInvokedUpdatesByExtension(), …ByModule() before
	// Drupal 10) and runs none: the next updb runs them all, after the
	// updates.
	PostReplayReset
	// PostReplayExplicit calls post-updates by name.
	PostReplayExplicit
)

var postReplayNames = [...]string{"none", "loop", "reset", "explicit"}

func (k PostReplayKind) String() string { return postReplayNames[k] }

// PostUpdateReplay describes how a hook_install() replays the module's
// post-updates. Drupal records every post-update of a module as run when
// it installs the module, before hook_install() runs, so a fresh site runs
// only what the replay runs; the resumable form first makes the registry
// forget them, then records each one as it completes.
type PostUpdateReplay struct {
	Kind PostReplayKind
	// Stmts index the top-level statements of the function (in
	// Function.Stmts) that make up the post-update replay, in order: the
	// registry's assignment, the forget, the loop or the explicit calls.
	Stmts []int
	// Forget indexes the top-level statement that makes the registry
	// forget the module's post-updates, -1 when there is none (and 0, like
	// every field, when Kind is PostReplayNone).
	Forget int
	// Loop indexes the top-level statement holding the loop, -1 when
	// there is none.
	Loop int
	// Names are the post-updates an explicit replay calls, in call order.
	Names []string
	// Sandbox is true when the loop passes a variable to each post-update
	// and repeats until its '#finished' reaches 1.
	Sandbox bool
	// Resumable is true when the registry forgets the module's
	// post-updates before the updates are replayed and the loop records
	// each one as run once it completes (registerInvokedUpdates()): a
	// failure anywhere leaves exactly the completed ones recorded, and the
	// next updb runs the rest.
	Resumable bool
	// Unrecognised covers the first thing that reads the post-update
	// registry or names the module's post-updates (a string
	// 'NAME_post_update_') outside a recognised form, zero when none.
	Unrecognised Span
}

// Covers reports whether the replay runs every post-update of the module,
// at install or (a reset) at the next updb.
func (p PostUpdateReplay) Covers() bool {
	return p.Kind == PostReplayLoop || p.Kind == PostReplayReset
}

// postRegistryLists are the post-update registry's methods that list
// post-update functions, in every Drupal from 8.
var postRegistryLists = map[string]bool{"getpendingupdatefunctions": true, "getupdatefunctions": true, "getmoduleupdatefunctions": true}

// postRegistryForgets are the methods that make the post-update registry
// forget an extension's post-updates: Drupal 8 and 9, then Drupal 9.4+.
var postRegistryForgets = map[string]bool{"filteroutinvokedupdatesbymodule": true, "filteroutinvokedupdatesbyextension": true}

// postUpdates classifies how the function replays the module's
// post-updates; r is its update replay, already classified.
func (a *replayAnalysis) postUpdates(n *ast.StmtFunction, r *Replay) PostUpdateReplay {
	module := strings.ToLower(a.c.opts.Module)
	prefix := module + "_post_update_"
	p := PostUpdateReplay{Forget: -1, Loop: -1}
	if module == "" {
		return p
	}
	var tops []int
	registryVars := map[string]bool{}
	known := map[*Call]bool{}
	for _, call := range a.fn.Calls {
		name := strings.ToLower(call.Name)
		switch {
		case call.Kind == CallFunction && strings.HasPrefix(name, prefix):
			p.Names = append(p.Names, name)
			known[call] = true
			if call.Stmt >= 0 {
				tops = append(tops, a.fn.TopLevel(call.Stmt))
			}
		case call.Kind == CallMethod && postRegistryForgets[name] && p.Forget < 0 && call.Stmt >= 0 &&
			call.Arg(0).Kind == ValueString && strings.ToLower(call.Arg(0).Text) == module && !a.fn.Within(call.Stmt, -1, StmtCatch):
			p.Forget = a.fn.TopLevel(call.Stmt)
			known[call] = true
			registryVars[receiverVar(call)] = true
		}
	}
	for i, s := range a.fn.Stmts {
		loop, ok := a.nodes[i].(*ast.StmtForeach)
		if !ok || s.Kind != StmtForeach || p.Loop >= 0 {
			continue
		}
		list := a.postRegistryList(loop.Expr)
		if list == nil {
			continue
		}
		run := a.dynamicCall(s.Span)
		if run == nil {
			continue
		}
		p.Loop = a.fn.TopLevel(i)
		known[list] = true
		registryVars[receiverVar(list)] = true
		for _, call := range a.fn.Calls {
			if s.Span.Contains(call.Span) && call.Kind == CallMethod && strings.EqualFold(call.Name, "registerInvokedUpdates") {
				known[call] = true
				p.Resumable = true
			}
		}
		if len(run.Args) > 0 && run.Args[0].Var != "" {
			for j := run.Stmt; j >= 0 && j != i; j = a.fn.Stmts[j].Parent {
				if a.fn.Stmts[j].UntilFinished == run.Args[0].Var {
					p.Sandbox = true
				}
			}
		}
	}
	switch {
	case p.Loop >= 0:
		p.Kind, tops = PostReplayLoop, []int{p.Loop}
	case len(p.Names) > 0:
		p.Kind = PostReplayExplicit
	case p.Forget >= 0:
		p.Kind = PostReplayReset
	}
	if p.Kind == PostReplayNone {
		return PostUpdateReplay{Unrecognised: a.postUnrecognised(n, prefix)}
	}
	if p.Forget >= 0 {
		tops = append(tops, p.Forget)
	}
	// The registry's assignment belongs to the replay when it is a
	// top-level statement of its own.
	delete(registryVars, "")
	for _, as := range a.fn.Assigns {
		if as.Element || !registryVars[as.Var] || as.Call == nil || !isPostRegistryService(as.Call) {
			continue
		}
		if i := innermostStmt(a.fn.Stmts, as.Span); i >= 0 && a.fn.Stmts[i].Parent < 0 && a.fn.Stmts[i].Kind == StmtExpression {
			tops = append(tops, i)
		}
	}
	p.Stmts = sortedUnique(tops)
	if p.Resumable {
		// Forgetting must come first: before the update replay, whose
		// failure would otherwise leave every post-update recorded as run.
		first := p.Loop
		if len(r.Stmts) > 0 && r.Via == nil {
			first = min(first, r.Stmts[0])
		}
		p.Resumable = p.Forget >= 0 && p.Forget < first
	}
	return p
}

// postRegistryList returns the call of a foreach expression that lists
// post-update functions, nil when it is something else.
func (a *replayAnalysis) postRegistryList(expr ast.Vertex) *Call {
	if _, ok := expr.(*ast.ExprMethodCall); !ok {
		return nil
	}
	s := span(expr.GetPosition())
	for _, call := range a.fn.Calls {
		if call.Span == s && call.Kind == CallMethod && postRegistryLists[strings.ToLower(call.Name)] {
			return call
		}
	}
	return nil
}

// dynamicCall returns the first call through a variable ($function())
// inside s, nil when there is none.
func (a *replayAnalysis) dynamicCall(s Span) *Call {
	for _, call := range a.fn.Calls {
		if call.Kind == CallFunction && strings.HasPrefix(call.Name, "$") && s.Contains(call.Span) {
			return call
		}
	}
	return nil
}

// receiverVar is the variable a method is called on, "" when the receiver
// is not a plain variable.
func receiverVar(c *Call) string {
	if c.Receiver != nil && c.Receiver.Kind == ExprVar {
		return c.Receiver.Var
	}
	return ""
}

// isPostRegistryService reports whether c is
// \Drupal::service('update.post_update_registry').
func isPostRegistryService(c *Call) bool {
	return c.Kind == CallStatic && strings.EqualFold(strings.TrimPrefix(c.Class, "\\"), "Drupal") &&
		strings.EqualFold(c.Name, "service") && c.Arg(0).Text == "update.post_update_registry"
}

// postUnrecognised returns the span of the first call of the post-update
// registry's listing or recording methods, or of the first string that
// starts with the module's post-update prefix: a post-update replay in a
// form dcycle does not know.
func (a *replayAnalysis) postUnrecognised(n *ast.StmtFunction, prefix string) Span {
	for _, call := range a.fn.Calls {
		name := strings.ToLower(call.Name)
		if call.Kind == CallMethod && (postRegistryLists[name] || postRegistryForgets[name] || name == "registerinvokedupdates") {
			return call.Span
		}
	}
	f := &prefixStringFinder{prefix: prefix}
	t := traverser.NewTraverser(f)
	for _, s := range n.Stmts {
		t.Traverse(s)
	}
	return f.found
}

// sortedUnique sorts ints and drops repeats.
func sortedUnique(xs []int) []int {
	sort.Ints(xs)
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}
