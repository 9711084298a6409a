package phpast

import (
	"strconv"
	"strings"

	"github.com/VKCOM/php-parser/pkg/ast"
	"github.com/VKCOM/php-parser/pkg/visitor"
	"github.com/VKCOM/php-parser/pkg/visitor/traverser"
)

type loopCollector struct {
	visitor.Null
	fors     []*ast.StmtFor
	foreachs []*ast.StmtForeach
}

func (v *loopCollector) StmtFor(n *ast.StmtFor)         { v.fors = append(v.fors, n) }
func (v *loopCollector) StmtForeach(n *ast.StmtForeach) { v.foreachs = append(v.foreachs, n) }

// replay classifies how hook_install() replays the module's updates.
func (c *converter) replay(n *ast.StmtFunction, fn *Function) *Replay {
	prefix := strings.ToLower(c.opts.Module) + "_update_"
	loops := &loopCollector{}
	t := traverser.NewTraverser(loops)
	for _, s := range n.Stmts {
		t.Traverse(s)
	}
	r := &Replay{}
	var loop ast.Vertex
	for _, f := range loops.foreachs {
		if c.isRegistryLoop(f.Expr) {
			r.Kind, loop = ReplayRegistry, f
			break
		}
	}
	if loop == nil {
		for _, f := range loops.fors {
			if from, to, pfx, ok := c.rangeLoop(f); ok {
				r.Kind, r.From, r.To, r.Prefix, loop = ReplayRange, from, to, pfx, f
				break
			}
		}
	}
	if loop != nil {
		r.Span = c.replaySpan(n.Stmts, span(loop.GetPosition()), span(loop.GetPosition()))
	} else {
		var first, last Span
		var calls []Span
		for _, call := range fn.Calls {
			lower := strings.ToLower(call.Name)
			if call.Kind != CallFunction || !strings.HasPrefix(lower, prefix) {
				continue
			}
			number, err := strconv.Atoi(lower[len(prefix):])
			if err != nil {
				continue
			}
			r.Numbers = append(r.Numbers, number)
			calls = append(calls, call.Span)
			if len(call.Args) == 0 {
				r.SandboxlessCalls = append(r.SandboxlessCalls, number)
			}
			if first == (Span{}) {
				first = call.Span
			}
			last = call.Span
		}
		if len(r.Numbers) == 0 {
			return r
		}
		r.Kind = ReplayExplicit
		r.Span = c.replaySpan(n.Stmts, first, last)
		r.Kept = keptStatements(n.Stmts, r.Span, calls)
	}
	text := string(c.file.Src[r.Span.Start:r.Span.End])
	r.Sandbox = strings.Contains(text, "#finished")
	for _, call := range fn.Calls {
		if r.Span.Contains(call.Span) && (call.Name == "drupal_set_installed_schema_version" || call.Name == "setInstalledVersion") {
			r.Resumable = true
		}
	}
	return r
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
	}
	return false
}

// rangeLoop recognises for ($i = FROM; $i < TO; $i++) whose body builds a
// function name as 'PREFIX' . $i (or "PREFIX$i"), the seed article's form.
func (c *converter) rangeLoop(f *ast.StmtFor) (from, to int, prefix string, ok bool) {
	if len(f.Init) != 1 || len(f.Cond) != 1 {
		return 0, 0, "", false
	}
	assign, isAssign := f.Init[0].(*ast.ExprAssign)
	if !isAssign {
		return 0, 0, "", false
	}
	variable := c.text(assign.Var.GetPosition())
	if from, ok = intValue(assign.Expr); !ok {
		return 0, 0, "", false
	}
	switch cond := f.Cond[0].(type) {
	case *ast.ExprBinarySmaller:
		if c.text(cond.Left.GetPosition()) != variable {
			return 0, 0, "", false
		}
		to, ok = intValue(cond.Right)
		to--
	case *ast.ExprBinarySmallerOrEqual:
		if c.text(cond.Left.GetPosition()) != variable {
			return 0, 0, "", false
		}
		to, ok = intValue(cond.Right)
	default:
		return 0, 0, "", false
	}
	if !ok {
		return 0, 0, "", false
	}
	p := &prefixFinder{c: c, variable: variable}
	traverser.NewTraverser(p).Traverse(f.Stmt)
	if p.prefix == "" {
		return 0, 0, "", false
	}
	return from, to, p.prefix, true
}

type prefixFinder struct {
	visitor.Null
	c        *converter
	variable string
	prefix   string
}

func (p *prefixFinder) ExprBinaryConcat(n *ast.ExprBinaryConcat) {
	s, ok := n.Left.(*ast.ScalarString)
	if ok && p.prefix == "" && p.c.text(n.Right.GetPosition()) == p.variable {
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
	if ok && p.c.text(last.GetPosition()) == p.variable {
		p.prefix = strings.ToLower(string(part.Value))
	}
}

// keptStatements returns, for the top-level statements inside an explicit
// replay's span after its first update call, those that call no update,
// each with the text that precedes it since the statement before.
func keptStatements(stmts []ast.Vertex, replay Span, calls []Span) []Span {
	var kept []Span
	prevEnd := -1
	for _, s := range stmts {
		sp := span(s.GetPosition())
		if !replay.Contains(sp) {
			continue
		}
		callsUpdate := false
		for _, c := range calls {
			if sp.Contains(c) {
				callsUpdate = true
				break
			}
		}
		if !callsUpdate && prevEnd >= 0 {
			kept = append(kept, Span{Start: prevEnd, End: sp.End})
		}
		if callsUpdate || prevEnd >= 0 {
			prevEnd = sp.End
		}
	}
	return kept
}

// replaySpan widens [first, last] to whole top-level statements of the body,
// and takes in the assignments just before them that set up the replay's
// own variables ($last = 7000; $registry = ...), so a rewrite replaces the
// replay and nothing else.
func (c *converter) replaySpan(stmts []ast.Vertex, first, last Span) Span {
	lo, hi := -1, -1
	for i, s := range stmts {
		sp := span(s.GetPosition())
		if sp.Contains(first) && lo < 0 {
			lo = i
		}
		if sp.Contains(last) {
			hi = i
		}
	}
	if lo < 0 || hi < 0 {
		return Span{Start: first.Start, End: last.End}
	}
	body := string(c.file.Src[stmts[lo].GetPosition().StartPos:stmts[hi].GetPosition().EndPos])
	for lo > 0 {
		e, ok := stmts[lo-1].(*ast.StmtExpression)
		if !ok {
			break
		}
		a, ok := e.Expr.(*ast.ExprAssign)
		if !ok {
			break
		}
		if _, isVar := a.Var.(*ast.ExprVariable); !isVar || !strings.Contains(body, c.text(a.Var.GetPosition())) {
			break
		}
		lo--
	}
	return Span{Start: stmts[lo].GetPosition().StartPos, End: stmts[hi].GetPosition().EndPos}
}
