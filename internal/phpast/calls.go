package phpast

import (
	"sort"
	"strconv"
	"strings"

	"github.com/VKCOM/php-parser/pkg/ast"
	"github.com/VKCOM/php-parser/pkg/position"
	"github.com/VKCOM/php-parser/pkg/visitor/traverser"
)

// callCollector gathers, in source order, the calls of one function and the
// if statements that may enclose them.
type callCollector struct {
	// useCollector records how each call's result is used, in the same
	// walk.
	useCollector
	c     *converter
	calls []*Call
	ifs   []*ast.StmtIf
	// nested are the functions and classes declared inside the function.
	nested    []Span
	receivers []receiverNode
}

type receiverNode struct {
	call *Call
	n    ast.Vertex
}

func (v *callCollector) StmtFunction(n *ast.StmtFunction) {
	v.nested = append(v.nested, span(n.Position))
}
func (v *callCollector) StmtClass(n *ast.StmtClass) { v.nested = append(v.nested, span(n.Position)) }

func (v *callCollector) ExprFunctionCall(n *ast.ExprFunctionCall) {
	name := v.c.nameOf(n.Function)
	v.add(&Call{Kind: CallFunction, Name: name, Span: span(n.Position), NameSpan: span(n.Function.GetPosition()), Args: v.c.args(n.Args)})
}

func (v *callCollector) ExprMethodCall(n *ast.ExprMethodCall) {
	v.addMethod(v.c.method(n.Position, n.Method, n.Args), n.Var)
	v.useCollector.ExprMethodCall(n)
}

func (v *callCollector) ExprNullsafeMethodCall(n *ast.ExprNullsafeMethodCall) {
	v.addMethod(v.c.method(n.Position, n.Method, n.Args), n.Var)
	v.useCollector.ExprNullsafeMethodCall(n)
}

// addMethod adds a method call and remembers its receiver node, resolved
// to a variable or a call once every call is known.
func (v *callCollector) addMethod(c *Call, recv ast.Vertex) {
	v.add(c)
	v.receivers = append(v.receivers, receiverNode{call: c, n: recv})
}

func (v *callCollector) ExprStaticCall(n *ast.ExprStaticCall) {
	class, name := v.c.nameOf(n.Class), v.c.nameOf(n.Call)
	v.add(&Call{Kind: CallStatic, Class: class, Name: name, Span: span(n.Position), NameSpan: span(n.Call.GetPosition()), Args: v.c.args(n.Args)})
}

func (v *callCollector) ExprNew(n *ast.ExprNew) {
	class := v.c.nameOf(n.Class)
	v.add(&Call{Kind: CallNew, Class: class, Name: class, Span: span(n.Position), NameSpan: span(n.Class.GetPosition()), Args: v.c.args(n.Args)})
}

func (v *callCollector) StmtIf(n *ast.StmtIf) {
	v.ifs = append(v.ifs, n)
	v.useCollector.StmtIf(n)
}

func (v *callCollector) add(c *Call) { v.calls = append(v.calls, c) }

func (c *converter) method(p *position.Position, method ast.Vertex, args []ast.Vertex) *Call {
	name := c.nameOf(method)
	return &Call{Kind: CallMethod, Name: name, Span: span(p), NameSpan: span(method.GetPosition()), Args: c.args(args)}
}

// nameOf renders a name node without a leading backslash; anything else
// (a variable holding a callable, an expression) as its source text.
func (c *converter) nameOf(n ast.Vertex) string {
	switch n := n.(type) {
	case *ast.Name, *ast.NameFullyQualified, *ast.NameRelative:
		return strings.TrimPrefix(c.text(n.GetPosition()), "\\")
	case *ast.Identifier:
		return string(n.Value)
	case nil:
		return ""
	}
	return c.text(n.GetPosition())
}

func (c *converter) args(args []ast.Vertex) []Arg {
	out := make([]Arg, 0, len(args))
	for _, a := range args {
		arg, ok := a.(*ast.Argument)
		if !ok {
			continue
		}
		out = append(out, Arg{Name: c.nameOf(arg.Name), Value: c.value(arg.Expr), Span: span(arg.Position), Var: plainVariable(arg.Expr)})
	}
	return out
}

// value resolves literal expressions; anything else keeps its source text.
func (c *converter) value(n ast.Vertex) Value {
	switch n := n.(type) {
	case *ast.ScalarString:
		return Value{Kind: ValueString, Text: unquote(string(n.Value))}
	case *ast.ScalarLnumber:
		return Value{Kind: ValueInt, Text: string(n.Value)}
	case *ast.ScalarDnumber:
		return Value{Kind: ValueFloat, Text: string(n.Value)}
	case *ast.ExprUnaryMinus:
		if v := c.value(n.Expr); v.Kind == ValueInt || v.Kind == ValueFloat {
			v.Text = "-" + v.Text
			return v
		}
	case *ast.ExprConstFetch:
		name := c.nameOf(n.Const)
		switch strings.ToUpper(name) {
		case "TRUE", "FALSE":
			return Value{Kind: ValueBool, Text: strings.ToUpper(name)}
		case "NULL":
			return Value{Kind: ValueNull, Text: "NULL"}
		}
		return Value{Kind: ValueConst, Text: name}
	case *ast.ExprCastObject:
		if inner := c.value(n.Expr); inner.Kind == ValueArray {
			inner.Kind = ValueObject
			return inner
		}
	case *ast.ExprArray:
		v := Value{Kind: ValueArray, Items: make([]Item, 0, len(n.Items))}
		var keys []Value // one allocation for every key of the array
		for _, it := range n.Items {
			item, ok := it.(*ast.ExprArrayItem)
			if !ok || item.Val == nil {
				continue
			}
			var key *Value
			if item.Key != nil {
				if keys == nil {
					keys = make([]Value, 0, len(n.Items))
				}
				keys = append(keys, c.value(item.Key))
				key = &keys[len(keys)-1]
			}
			v.Items = append(v.Items, Item{Key: key, Value: c.value(item.Val)})
		}
		return v
	case nil:
		return Value{}
	}
	return Value{Kind: ValueOther, Text: c.text(n.GetPosition())}
}

// singleQuoted decodes the two escapes a single-quoted string knows.
var singleQuoted = strings.NewReplacer(`\\`, `\`, `\'`, `'`)

// unquote decodes a single- or double-quoted PHP string literal that has no
// interpolation (the parser makes interpolated strings a different node).
// Bytes are kept as they are: a Latin-1 file gives Latin-1 strings.
func unquote(lit string) string {
	if len(lit) < 2 {
		return lit
	}
	quote := lit[0]
	if quote == 'b' || quote == 'B' { // b'binary' prefix
		lit, quote = lit[1:], lit[1]
	}
	body := lit[1 : len(lit)-1]
	if strings.IndexByte(body, '\\') < 0 {
		return body
	}
	if quote == '\'' {
		return singleQuoted.Replace(body)
	}
	var b strings.Builder
	b.Grow(len(body))
	for i := 0; i < len(body); i++ {
		ch := body[i]
		if ch != '\\' || i+1 == len(body) {
			b.WriteByte(ch)
			continue
		}
		i++
		switch c := body[i]; c {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'v':
			b.WriteByte('\v')
		case 'e':
			b.WriteByte(0x1b)
		case 'f':
			b.WriteByte('\f')
		case '\\', '$', '"':
			b.WriteByte(c)
		case '0', '1', '2', '3', '4', '5', '6', '7':
			// \[0-7]{1,3}: an octal byte; PHP keeps the low 8 bits of \777.
			n, j := 0, i
			for ; j < len(body) && j < i+3 && '0' <= body[j] && body[j] <= '7'; j++ {
				n = n*8 + int(body[j]-'0')
			}
			b.WriteByte(byte(n))
			i = j - 1
		case 'x':
			// \x[0-9A-Fa-f]{1,2}; a lone \x stays as written.
			n, j := 0, i+1
			for ; j < len(body) && j < i+3; j++ {
				d, ok := hexDigit(body[j])
				if !ok {
					break
				}
				n = n*16 + d
			}
			if j == i+1 {
				b.WriteString(`\x`)
				continue
			}
			b.WriteByte(byte(n))
			i = j - 1
		case 'u':
			// \u{1F600}: a code point, written as UTF-8.
			end := strings.IndexByte(body[i:], '}')
			if i+1 < len(body) && body[i+1] == '{' && end > 2 {
				if r, err := strconv.ParseUint(body[i+2:i+end], 16, 32); err == nil {
					b.WriteString(string(rune(r)))
					i += end
					continue
				}
			}
			b.WriteString(`\u`)
		default:
			b.WriteByte('\\')
			b.WriteByte(c)
		}
	}
	return b.String()
}

func hexDigit(c byte) (int, bool) {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0'), true
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10, true
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10, true
	}
	return 0, false
}

// calls collects every call of a function with the conditions that guard
// it: the enclosing if/elseif/else branches, and early-exit guards among the
// body's top-level statements ("if (db_table_exists('t')) { return; }").
// Functions and classes declared inside the function are not part of it:
// their bodies run only when called, if ever.
func (c *converter) calls(n *ast.StmtFunction, fn *Function) []*Call {
	v := &callCollector{c: c}
	if c.uses == nil {
		c.uses = make(map[Span]useInfo, 64)
	}
	clear(c.uses)
	v.useCollector.uses = c.uses
	uses := &v.useCollector
	t := traverser.NewTraverser(v)
	for _, s := range n.Stmts {
		t.Traverse(s)
	}
	byStart := make(map[Span]*Call, len(v.calls))
	for _, call := range v.calls {
		byStart[call.Span] = call
		if u, ok := uses.uses[call.Span]; ok {
			call.Use, call.Target, call.Silenced = u.use, u.target, u.silenced
		}
		call.Stmt = innermostStmt(fn.Stmts, call.Span)
	}
	for _, r := range v.receivers {
		r.call.Receiver = c.expr(r.n, byStart)
	}
	for _, a := range uses.assign {
		_, element := a.n.Var.(*ast.ExprArrayDimFetch)
		as := Assign{Var: a.target, Value: c.value(a.n.Expr), Span: span(a.n.Position), Element: element}
		as.Call = byStart[span(unwrap(a.n.Expr).GetPosition())]
		fn.Assigns = append(fn.Assigns, as)
	}
	calls := v.calls
	if len(v.nested) > 0 {
		calls = calls[:0:0]
		for _, call := range v.calls {
			if !insideAny(v.nested, call.Span) {
				calls = append(calls, call)
			}
		}
	}
	conds := c.branches(v.ifs, calls)
	guards := c.guards(n.Stmts, calls)
	for _, b := range conds {
		for _, call := range within(calls, b.body) {
			call.Conditions = append(call.Conditions, b.conds...)
		}
	}
	for _, g := range guards {
		for _, call := range calls {
			if call.Span.Start >= g.after {
				call.Conditions = append(call.Conditions, g.cond)
			}
		}
	}
	return calls
}

func insideAny(spans []Span, s Span) bool {
	for _, o := range spans {
		if o.Contains(s) {
			return true
		}
	}
	return false
}

// within returns the calls inside s. calls are in traversal order, so
// their starts never decrease and those inside s are found by binary
// search: conditions cost the calls they hold, not every call of the
// function.
func within(calls []*Call, s Span) []*Call {
	lo := sort.Search(len(calls), func(i int) bool { return calls[i].Span.Start >= s.Start })
	hi := lo
	for hi < len(calls) && calls[hi].Span.Start < s.End {
		hi++
	}
	in := calls[lo:hi:hi]
	for i, call := range in {
		if !s.Contains(call.Span) {
			// Rare: a call that starts inside s but ends after it.
			out := append([]*Call(nil), in[:i]...)
			for _, call := range in[i+1:] {
				if s.Contains(call.Span) {
					out = append(out, call)
				}
			}
			return out
		}
	}
	if len(in) == 0 {
		return nil
	}
	// Shared with the function's calls, capped so that an append copies.
	return in
}

// branch is the body of an if, elseif or else with the conditions under
// which it runs: an elseif runs when every earlier condition of its chain
// is false and its own is true, an else when all of them are false.
type branch struct {
	body  Span
	conds []Condition
}

func (c *converter) branches(ifs []*ast.StmtIf, calls []*Call) []branch {
	var out []branch
	for _, n := range ifs {
		cond := c.condition(n.Cond, calls, false)
		if n.Stmt != nil {
			out = append(out, branch{body: span(n.Stmt.GetPosition()), conds: []Condition{cond}})
		}
		negated := []Condition{negate(cond)}
		for _, e := range n.ElseIf {
			ei, ok := e.(*ast.StmtElseIf)
			if !ok {
				continue
			}
			own := c.condition(ei.Cond, calls, false)
			// The elseif's own condition is evaluated only when the earlier
			// ones are false.
			out = append(out, branch{body: own.Span, conds: negated[:len(negated):len(negated)]})
			if ei.Stmt != nil {
				conds := append(negated[:len(negated):len(negated)], own)
				out = append(out, branch{body: span(ei.Stmt.GetPosition()), conds: conds})
			}
			negated = append(negated, negate(own))
		}
		if e, ok := n.Else.(*ast.StmtElse); ok && e.Stmt != nil {
			out = append(out, branch{body: span(e.Stmt.GetPosition()), conds: negated})
		}
	}
	return out
}

func negate(c Condition) Condition {
	c.Negated = true
	return c
}

func (c *converter) condition(n ast.Vertex, calls []*Call, negated bool) Condition {
	cond := Condition{Span: span(n.GetPosition()), Negated: negated}
	cond.Calls = within(calls, cond.Span)
	w := newTruthWalk(n)
	for _, call := range cond.Calls {
		call.Truth = w.truthOf(call.Span)
	}
	cond.Vars = w.vars
	return cond
}

// expr turns a receiver node into the model's node: a variable, or one of
// the calls already collected.
func (c *converter) expr(n ast.Vertex, calls map[Span]*Call) *Expr {
	n = unwrap(n)
	if n == nil {
		return nil
	}
	e := &Expr{Kind: ExprOther, Span: span(n.GetPosition())}
	if name := plainVariable(n); name != "" {
		e.Kind, e.Var = ExprVar, name
	} else if call, ok := calls[e.Span]; ok {
		e.Kind, e.Call = ExprCall, call
	}
	return e
}

// unwrap looks through brackets and "@", which keep a value as it is.
func unwrap(n ast.Vertex) ast.Vertex {
	n, _ = unwrapSilenced(n)
	return n
}

// unwrapSilenced is unwrap that also says whether an "@" was on the way.
func unwrapSilenced(n ast.Vertex) (inner ast.Vertex, silenced bool) {
	for {
		switch e := n.(type) {
		case *ast.ExprBrackets:
			n = e.Expr
		case *ast.ExprErrorSuppress:
			n, silenced = e.Expr, true
		default:
			return n, silenced
		}
	}
}

type guard struct {
	after int
	cond  Condition
}

// guards finds top-level "if (x) { return; }" (or throw) statements without
// an else: every later statement runs only when x is false.
func (c *converter) guards(stmts []ast.Vertex, calls []*Call) []guard {
	var out []guard
	for _, s := range stmts {
		n, ok := s.(*ast.StmtIf)
		if !ok || n.Else != nil || len(n.ElseIf) > 0 || !exits(n.Stmt) {
			continue
		}
		out = append(out, guard{after: n.Position.EndPos, cond: c.condition(n.Cond, calls, true)})
	}
	return out
}

func exits(n ast.Vertex) bool {
	switch n := n.(type) {
	case *ast.StmtReturn, *ast.StmtThrow:
		return true
	case *ast.StmtExpression:
		_, ok := n.Expr.(*ast.ExprThrow)
		return ok
	case *ast.StmtStmtList:
		return len(n.Stmts) > 0 && exits(n.Stmts[len(n.Stmts)-1])
	}
	return false
}

// intValue returns the integer of a literal number node.
func intValue(n ast.Vertex) (int, bool) {
	l, ok := n.(*ast.ScalarLnumber)
	if !ok {
		return 0, false
	}
	// Base 0 reads a literal as PHP does: 0x hex, 0b binary, leading 0 octal.
	v, err := strconv.ParseInt(strings.ReplaceAll(string(l.Value), "_", ""), 0, 64)
	return int(v), err == nil
}
