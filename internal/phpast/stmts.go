package phpast

import (
	"sort"
	"strings"

	"github.com/VKCOM/php-parser/pkg/ast"
	"github.com/VKCOM/php-parser/pkg/position"
	"github.com/VKCOM/php-parser/pkg/visitor"
	"github.com/VKCOM/php-parser/pkg/visitor/traverser"
)

// stmtBuilder lists a body's statements in pre-order, keeping beside each
// the parser node it came from (the model keeps only kinds and spans).
type stmtBuilder struct {
	stmts []Stmt
	nodes []ast.Vertex
	// keepNodes is false for updates, whose statements no analysis reads
	// again: most functions of a module are updates.
	keepNodes bool
}

func (b *stmtBuilder) add(kind StmtKind, n ast.Vertex, parent int) int {
	b.stmts = append(b.stmts, Stmt{Kind: kind, Span: span(n.GetPosition()), Parent: parent})
	if b.keepNodes {
		b.nodes = append(b.nodes, n)
	}
	return len(b.stmts) - 1
}

func (b *stmtBuilder) list(stmts []ast.Vertex, parent int) {
	for _, s := range stmts {
		b.stmt(s, parent)
	}
}

// stmt adds one statement and, for a compound one, what it holds. A block
// is not a statement of its own: its statements belong to the statement
// or clause around it.
func (b *stmtBuilder) stmt(n ast.Vertex, parent int) {
	switch n := n.(type) {
	case nil:
	case *ast.StmtStmtList:
		b.list(n.Stmts, parent)
	case *ast.StmtNop:
		// A lone ";" or the "?>" that ends a file: nothing runs.
	case *ast.StmtExpression:
		b.add(StmtExpression, n, parent)
	case *ast.StmtReturn:
		b.add(StmtReturn, n, parent)
	case *ast.StmtIf:
		i := b.add(StmtIf, n, parent)
		b.stmt(n.Stmt, i)
		for _, e := range n.ElseIf {
			if ei, ok := e.(*ast.StmtElseIf); ok {
				b.stmt(ei.Stmt, b.add(StmtElseIf, ei, i))
			}
		}
		if e, ok := n.Else.(*ast.StmtElse); ok {
			b.stmt(e.Stmt, b.add(StmtElse, e, i))
		}
	case *ast.StmtFor:
		b.stmt(n.Stmt, b.add(StmtFor, n, parent))
	case *ast.StmtForeach:
		b.stmt(n.Stmt, b.add(StmtForeach, n, parent))
	case *ast.StmtWhile:
		i := b.add(StmtWhile, n, parent)
		b.stmts[i].UntilFinished = finishedVariable(n.Cond)
		b.stmt(n.Stmt, i)
	case *ast.StmtDo:
		i := b.add(StmtDo, n, parent)
		b.stmts[i].UntilFinished = finishedVariable(n.Cond)
		b.stmt(n.Stmt, i)
	case *ast.StmtTry:
		i := b.add(StmtTry, n, parent)
		b.list(n.Stmts, i)
		for _, c := range n.Catches {
			if c, ok := c.(*ast.StmtCatch); ok {
				b.list(c.Stmts, b.add(StmtCatch, c, i))
			}
		}
		if f, ok := n.Finally.(*ast.StmtFinally); ok {
			b.list(f.Stmts, b.add(StmtFinally, f, i))
		}
	case *ast.StmtSwitch:
		i := b.add(StmtSwitch, n, parent)
		for _, c := range n.Cases {
			switch c := c.(type) {
			case *ast.StmtCase:
				b.list(c.Stmts, b.add(StmtCase, c, i))
			case *ast.StmtDefault:
				b.list(c.Stmts, b.add(StmtCase, c, i))
			}
		}
	case *ast.StmtFunction, *ast.StmtClass, *ast.StmtInterface, *ast.StmtTrait, *ast.StmtEnum:
		b.add(StmtDecl, n, parent)
	default:
		b.add(StmtOther, n, parent)
	}
}

// innermostStmt returns the index of the innermost statement holding s, or
// -1. Statements are in pre-order, so their starts never decrease and the
// last one starting at or before s is the innermost candidate; its parents
// are the others.
func innermostStmt(stmts []Stmt, s Span) int {
	i := sort.Search(len(stmts), func(i int) bool { return stmts[i].Span.Start > s.Start }) - 1
	for i >= 0 && !stmts[i].Span.Contains(s) {
		i = stmts[i].Parent
	}
	return i
}

// TopLevel returns the index of the top-level statement of f that holds
// statement i (i itself when it is one).
func (f *Function) TopLevel(i int) int {
	for i >= 0 && f.Stmts[i].Parent >= 0 {
		i = f.Stmts[i].Parent
	}
	return i
}

// Within reports whether statement i lies inside a statement or clause of
// one of the kinds, below stop (exclusive; -1 for the whole body).
func (f *Function) Within(i, stop int, kinds ...StmtKind) bool {
	for i = f.Stmts[i].Parent; i >= 0 && i != stop; i = f.Stmts[i].Parent {
		for _, k := range kinds {
			if f.Stmts[i].Kind == k {
				return true
			}
		}
	}
	return false
}

// useInfo is what the parent of a call does with its result.
type useInfo struct {
	use      UseKind
	target   string
	silenced bool
}

// useCollector records, by the span of the expression, how the result of
// every expression that a parent uses whole is used: the statement,
// assignment, argument, return and receiver positions. Calls found at no
// such position are part of a larger expression.
type useCollector struct {
	visitor.Null
	uses   map[Span]useInfo
	assign []assignNode
}

type assignNode struct {
	target string
	n      *ast.ExprAssign
}

// mark records the use of n, looking through brackets and "@", which keep
// the value as it is.
func (v *useCollector) mark(n ast.Vertex, use UseKind, target string) {
	n, silenced := unwrapSilenced(n)
	if n == nil {
		return
	}
	v.uses[span(n.GetPosition())] = useInfo{use: use, target: target, silenced: silenced}
}

func (v *useCollector) StmtExpression(n *ast.StmtExpression) { v.mark(n.Expr, UseStatement, "") }
func (v *useCollector) StmtReturn(n *ast.StmtReturn)         { v.mark(n.Expr, UseReturned, "") }
func (v *useCollector) Argument(n *ast.Argument)             { v.mark(n.Expr, UseArgument, "") }
func (v *useCollector) ExprMethodCall(n *ast.ExprMethodCall) { v.mark(n.Var, UseReceiver, "") }
func (v *useCollector) ExprNullsafeMethodCall(n *ast.ExprNullsafeMethodCall) {
	v.mark(n.Var, UseReceiver, "")
}

func (v *useCollector) ExprAssign(n *ast.ExprAssign) {
	target := assignedVariable(n.Var)
	if target != "" {
		v.assign = append(v.assign, assignNode{target: target, n: n})
	}
	v.mark(n.Expr, UseAssigned, target)
}

func (v *useCollector) ExprAssignReference(n *ast.ExprAssignReference) {
	v.mark(n.Expr, UseAssigned, assignedVariable(n.Var))
}

func (v *useCollector) StmtIf(n *ast.StmtIf)         { v.condition(n.Cond) }
func (v *useCollector) StmtElseIf(n *ast.StmtElseIf) { v.condition(n.Cond) }
func (v *useCollector) StmtWhile(n *ast.StmtWhile)   { v.condition(n.Cond) }
func (v *useCollector) StmtDo(n *ast.StmtDo)         { v.condition(n.Cond) }

// condition marks the operands of a condition's boolean logic: their
// values decide the branch, so none of them is ignored.
func (v *useCollector) condition(n ast.Vertex) {
	switch e := n.(type) {
	case *ast.ExprBrackets:
		v.condition(e.Expr)
	case *ast.ExprBooleanNot:
		v.condition(e.Expr)
	case *ast.ExprBinaryBooleanAnd:
		v.condition(e.Left)
		v.condition(e.Right)
	case *ast.ExprBinaryBooleanOr:
		v.condition(e.Left)
		v.condition(e.Right)
	case *ast.ExprBinaryLogicalAnd:
		v.condition(e.Left)
		v.condition(e.Right)
	case *ast.ExprBinaryLogicalOr:
		v.condition(e.Left)
		v.condition(e.Right)
	case nil:
	default:
		v.mark(n, UseCondition, "")
	}
}

// assignedVariable names the variable an assignment stores into: $x, $x[]
// and $x['k'] all store into x; a property or a dynamic variable is "".
func assignedVariable(n ast.Vertex) string {
	for {
		switch e := n.(type) {
		case *ast.ExprArrayDimFetch:
			n = e.Var
			continue
		case *ast.ExprVariable:
			return variableName(e)
		}
		return ""
	}
}

// variableName is the name of $name without "$", "" for $$name.
func variableName(v *ast.ExprVariable) string {
	if id, ok := v.Name.(*ast.Identifier); ok {
		return strings.TrimPrefix(string(id.Value), "$")
	}
	return ""
}

// plainVariable returns the name of n when it is a plain variable.
func plainVariable(n ast.Vertex) string {
	if v, ok := n.(*ast.ExprVariable); ok {
		return variableName(v)
	}
	return ""
}

// truthWalk tells, for the calls and variables of a condition, what each
// must be for the condition to hold.
type truthWalk struct {
	calls []spanTruth
	vars  []CondVar
}

type spanTruth struct {
	span  Span
	truth Truth
}

func newTruthWalk(cond ast.Vertex) *truthWalk {
	w := &truthWalk{}
	w.walk(cond, TruthTrue)
	return w
}

// truthOf returns what the call at s must be for the condition to hold.
func (w *truthWalk) truthOf(s Span) Truth {
	for _, c := range w.calls {
		if c.span == s {
			return c.truth
		}
	}
	return TruthUnknown
}

func (w *truthWalk) call(p *position.Position, t Truth) {
	w.calls = append(w.calls, spanTruth{span: span(p), truth: t})
}

// walk visits n, whose value is t when the condition holds.
func (w *truthWalk) walk(n ast.Vertex, t Truth) {
	switch e := n.(type) {
	case nil:
	case *ast.ExprBrackets:
		w.walk(e.Expr, t)
	case *ast.ExprErrorSuppress:
		w.walk(e.Expr, t)
	case *ast.ExprBooleanNot:
		w.walk(e.Expr, t.Flip())
	case *ast.ExprEmpty:
		w.walk(e.Expr, t.Flip())
	case *ast.ExprIsset:
		for _, v := range e.Vars {
			w.walk(v, onlyTrue(t))
		}
	case *ast.ExprBinaryBooleanAnd:
		w.both(e.Left, e.Right, onlyTrue(t))
	case *ast.ExprBinaryLogicalAnd:
		w.both(e.Left, e.Right, onlyTrue(t))
	case *ast.ExprBinaryBooleanOr:
		w.both(e.Left, e.Right, onlyFalse(t))
	case *ast.ExprBinaryLogicalOr:
		w.both(e.Left, e.Right, onlyFalse(t))
	case *ast.ExprBinaryIdentical:
		w.compare(e.Left, e.Right, onlyTrue(t).Flip())
	case *ast.ExprBinaryEqual:
		w.compare(e.Left, e.Right, onlyTrue(t).Flip())
	case *ast.ExprBinaryNotIdentical:
		w.compare(e.Left, e.Right, onlyTrue(t))
	case *ast.ExprBinaryNotEqual:
		w.compare(e.Left, e.Right, onlyTrue(t))
	case *ast.ExprBinaryGreater:
		w.compare(e.Left, e.Right, onlyTrue(t))
	case *ast.ExprAssign:
		w.walk(e.Expr, t)
		if name := plainVariable(e.Var); name != "" {
			w.vars = append(w.vars, CondVar{Name: name, Truth: t})
		}
	case *ast.ExprVariable:
		if name := variableName(e); name != "" {
			w.vars = append(w.vars, CondVar{Name: name, Truth: t})
		}
	case *ast.ExprFunctionCall:
		w.call(e.Position, t)
		if strings.EqualFold(nameText(e.Function), "count") && len(e.Args) == 1 {
			// count($rows) is truthy exactly when $rows holds something.
			if a, ok := e.Args[0].(*ast.Argument); ok {
				w.walk(a.Expr, t)
			}
		}
	case *ast.ExprMethodCall:
		w.call(e.Position, t)
		// A chain such as db_query(…)->fetchField() is truthy when its
		// query found something: the receiver shares the answer.
		w.walk(e.Var, t)
	case *ast.ExprNullsafeMethodCall:
		w.call(e.Position, t)
		w.walk(e.Var, t)
	case *ast.ExprStaticCall:
		w.call(e.Position, t)
	}
}

func (w *truthWalk) both(a, b ast.Vertex, t Truth) {
	w.walk(a, t)
	w.walk(b, t)
}

// compare walks the operand of a comparison with a falsy literal (FALSE,
// NULL, 0, ”, array()): x === FALSE holds when x is falsy. A comparison
// with anything else tells nothing.
func (w *truthWalk) compare(left, right ast.Vertex, whenFalsy Truth) {
	switch {
	case isFalsyLiteral(right):
		w.walk(left, whenFalsy)
	case isFalsyLiteral(left):
		w.walk(right, whenFalsy)
	default:
		w.walk(left, TruthUnknown)
		w.walk(right, TruthUnknown)
	}
}

// onlyTrue keeps a truth that flows to both operands of "and" when it is
// true; a false "and" says nothing about either operand.
func onlyTrue(t Truth) Truth {
	if t == TruthTrue {
		return t
	}
	return TruthUnknown
}

// onlyFalse is onlyTrue for "or": a false "or" has both operands false.
func onlyFalse(t Truth) Truth {
	if t == TruthFalse {
		return t
	}
	return TruthUnknown
}

func isFalsyLiteral(n ast.Vertex) bool {
	switch e := n.(type) {
	case *ast.ExprConstFetch:
		name := strings.ToUpper(nameText(e.Const))
		return name == "FALSE" || name == "NULL"
	case *ast.ScalarLnumber:
		return string(e.Value) == "0"
	case *ast.ScalarString:
		return len(e.Value) == 2
	case *ast.ExprArray:
		return len(e.Items) == 0
	}
	return false
}

// nameText is a name node's text without a leading backslash.
func nameText(n ast.Vertex) string {
	switch n := n.(type) {
	case *ast.Name:
		return joinParts(n.Parts)
	case *ast.NameFullyQualified:
		return joinParts(n.Parts)
	case *ast.NameRelative:
		return joinParts(n.Parts)
	case *ast.Identifier:
		return string(n.Value)
	}
	return ""
}

func joinParts(parts []ast.Vertex) string {
	if len(parts) == 1 {
		if p, ok := parts[0].(*ast.NamePart); ok {
			return string(p.Value)
		}
	}
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteByte('\\')
		}
		if p, ok := p.(*ast.NamePart); ok {
			b.Write(p.Value)
		}
	}
	return b.String()
}

// variableCollector gathers the names of the plain variables a node reads
// or writes.
type variableCollector struct {
	visitor.Null
	names map[string]bool
}

func (v *variableCollector) ExprVariable(n *ast.ExprVariable) {
	if name := variableName(n); name != "" {
		v.names[name] = true
	}
}

// variablesOf returns the plain variables n mentions, as nodes: $f and
// $function are two variables, whatever their spelling shares.
func variablesOf(n ast.Vertex) map[string]bool {
	v := &variableCollector{names: map[string]bool{}}
	traverser.NewTraverser(v).Traverse(n)
	return v.names
}
