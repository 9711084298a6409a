package phpast

import (
	"github.com/VKCOM/php-parser/pkg/ast"
	"github.com/VKCOM/php-parser/pkg/visitor"
	"github.com/VKCOM/php-parser/pkg/visitor/traverser"
)

// Dim is one element of a plain variable read or written with a literal
// key: $sandbox['#finished'], $items[0]. Only the first key after the
// variable counts: $a['x']['y'] is the element 'x' of $a.
type Dim struct {
	// Var is the variable's name without "$".
	Var string
	// Key is the literal key: a ValueString (decoded) or a ValueInt.
	Key Value
	// Span covers the variable through the key's closing bracket.
	Span Span
	// KeySpan covers the key as written, quotes included.
	KeySpan Span
	// Write is true when the element is assigned, changed in place (+=,
	// .=, ++), taken by reference or unset, itself or an element of it.
	Write bool
}

// dimCollector gathers the element accesses of a function body and the
// expressions that are written to.
type dimCollector struct {
	visitor.Null
	c      *converter
	dims   []Dim
	writes []Span
	// nested are the functions and classes declared inside the function:
	// their bodies are not the function's.
	nested []Span
}

// dims collects the element accesses with a literal key of a function
// body, in source order.
func (c *converter) dims(n *ast.StmtFunction) []Dim {
	v := &dimCollector{c: c}
	t := traverser.NewTraverser(v)
	for _, s := range n.Stmts {
		t.Traverse(s)
	}
	if len(v.dims) == 0 {
		return nil
	}
	out := v.dims[:0]
	for _, d := range v.dims {
		if insideAny(v.nested, d.Span) {
			continue
		}
		for _, w := range v.writes {
			// A write target starts with its variable: $a['x'] = … and
			// $a['x']['y'] = … both write into the element 'x' of $a.
			if w.Start == d.Span.Start && w.Contains(d.Span) {
				d.Write = true
				break
			}
		}
		out = append(out, d)
	}
	return out
}

func (v *dimCollector) StmtFunction(n *ast.StmtFunction) {
	v.nested = append(v.nested, span(n.Position))
}
func (v *dimCollector) StmtClass(n *ast.StmtClass) { v.nested = append(v.nested, span(n.Position)) }

func (v *dimCollector) ExprArrayDimFetch(n *ast.ExprArrayDimFetch) {
	name := plainVariable(n.Var)
	if name == "" || n.Dim == nil {
		return
	}
	key := v.c.value(n.Dim)
	if key.Kind != ValueString && key.Kind != ValueInt {
		return
	}
	v.dims = append(v.dims, Dim{Var: name, Key: key, Span: span(n.Position), KeySpan: span(n.Dim.GetPosition())})
}

func (v *dimCollector) write(n ast.Vertex) {
	if n != nil {
		v.writes = append(v.writes, span(n.GetPosition()))
	}
}

func (v *dimCollector) ExprAssign(n *ast.ExprAssign) { v.write(n.Var) }
func (v *dimCollector) ExprAssignReference(n *ast.ExprAssignReference) {
	v.write(n.Var)
	v.write(n.Expr) // $x = &$a['k'] can change $a['k'] through $x
}
func (v *dimCollector) ExprAssignBitwiseAnd(n *ast.ExprAssignBitwiseAnd) {
	v.write(n.Var)
}
func (v *dimCollector) ExprAssignBitwiseOr(n *ast.ExprAssignBitwiseOr) { v.write(n.Var) }
func (v *dimCollector) ExprAssignBitwiseXor(n *ast.ExprAssignBitwiseXor) {
	v.write(n.Var)
}
func (v *dimCollector) ExprAssignCoalesce(n *ast.ExprAssignCoalesce) { v.write(n.Var) }
func (v *dimCollector) ExprAssignConcat(n *ast.ExprAssignConcat)     { v.write(n.Var) }
func (v *dimCollector) ExprAssignDiv(n *ast.ExprAssignDiv)           { v.write(n.Var) }
func (v *dimCollector) ExprAssignMinus(n *ast.ExprAssignMinus)       { v.write(n.Var) }
func (v *dimCollector) ExprAssignMod(n *ast.ExprAssignMod)           { v.write(n.Var) }
func (v *dimCollector) ExprAssignMul(n *ast.ExprAssignMul)           { v.write(n.Var) }
func (v *dimCollector) ExprAssignPlus(n *ast.ExprAssignPlus)         { v.write(n.Var) }
func (v *dimCollector) ExprAssignPow(n *ast.ExprAssignPow)           { v.write(n.Var) }
func (v *dimCollector) ExprAssignShiftLeft(n *ast.ExprAssignShiftLeft) {
	v.write(n.Var)
}
func (v *dimCollector) ExprAssignShiftRight(n *ast.ExprAssignShiftRight) {
	v.write(n.Var)
}
func (v *dimCollector) ExprPreInc(n *ast.ExprPreInc)   { v.write(n.Var) }
func (v *dimCollector) ExprPostInc(n *ast.ExprPostInc) { v.write(n.Var) }
func (v *dimCollector) ExprPreDec(n *ast.ExprPreDec)   { v.write(n.Var) }
func (v *dimCollector) ExprPostDec(n *ast.ExprPostDec) { v.write(n.Var) }
func (v *dimCollector) StmtUnset(n *ast.StmtUnset) {
	for _, x := range n.Vars {
		v.write(x)
	}
}

// DimsOf returns the accesses of the element with the string key of the
// variable name, in source order.
func (f *Function) DimsOf(name, key string) []Dim {
	var out []Dim
	for _, d := range f.Dims {
		if d.Var == name && d.Key.Kind == ValueString && d.Key.Text == key {
			out = append(out, d)
		}
	}
	return out
}
