package phpast

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// modulesDir holds the repository's shared Drupal fixtures.
var modulesDir = filepath.Join("..", "..", "testdata", "modules")

func readFixture(t testing.TB, rel string) []byte {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(modulesDir, rel))
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func loadFixture(t testing.TB, name, rel string) *Module {
	t.Helper()
	m, err := LoadModule(name, filepath.Join(modulesDir, rel), Options{})
	if err != nil {
		t.Fatalf("LoadModule(%s): %v", rel, err)
	}
	return m
}

func parseString(t testing.TB, module, src string) *File {
	t.Helper()
	f, err := ParseFile("test.install", []byte(src), Options{Module: module})
	if err != nil {
		t.Fatalf("ParseFile: %v\n%s", err, src)
	}
	return f
}

// index returns the offset of the only occurrence of needle in src.
func index(t testing.TB, src []byte, needle string) int {
	t.Helper()
	i := bytes.Index(src, []byte(needle))
	if i < 0 {
		t.Fatalf("%q not in source", needle)
	}
	if bytes.Contains(src[i+1:], []byte(needle)) {
		t.Fatalf("%q occurs more than once in source", needle)
	}
	return i
}

// spanFrom returns the span that starts where begin occurs and ends after
// the first occurrence of end that follows it.
func spanFrom(t testing.TB, src []byte, begin, end string) Span {
	t.Helper()
	start := index(t, src, begin)
	j := bytes.Index(src[start:], []byte(end))
	if j < 0 {
		t.Fatalf("%q not after %q", end, begin)
	}
	return Span{Start: start, End: start + j + len(end)}
}

func function(t testing.TB, f *File, name string) *Function {
	t.Helper()
	for _, fn := range f.Functions {
		if fn.Name == name {
			return fn
		}
	}
	t.Fatalf("no function %s in %s", name, f.Path)
	return nil
}

func functionNames(f *File) []string {
	var names []string
	for _, fn := range f.Functions {
		names = append(names, fn.Name)
	}
	return names
}

// callView is a Call reduced to what a reader checks: callee, chain,
// arguments as kind:text, conditions as their source ("!" when negated).
type callView struct {
	Callee string
	Chain  string
	Args   []string
	Conds  []string
}

func viewCalls(src []byte, calls []*Call) []callView {
	var out []callView
	for _, c := range calls {
		v := callView{Callee: c.Callee(), Chain: chainOf(src, c)}
		for _, a := range c.Args {
			s := a.Value.render()
			if a.Name != "" {
				s = a.Name + ": " + s
			}
			v.Args = append(v.Args, s)
		}
		for _, cond := range c.Conditions {
			s := string(src[cond.Span.Start:cond.Span.End])
			if cond.Negated {
				s = "!(" + s + ")"
			}
			v.Conds = append(v.Conds, s)
		}
		out = append(out, v)
	}
	return out
}

// chainOf renders a call with its receivers, arguments elided
// ("Drupal::configFactory()->getEditable()->set"), from the receiver nodes
// of the model.
func chainOf(src []byte, c *Call) string {
	switch c.Kind {
	case CallStatic:
		return c.Class + "::" + c.Name
	case CallNew:
		return "new " + c.Class
	case CallMethod:
		op := "->"
		if start := c.NameSpan.Start; start >= 3 && string(src[start-3:start]) == "?->" {
			op = "?->"
		}
		return receiverOf(src, c.Receiver) + op + c.Name
	}
	return c.Name
}

func receiverOf(src []byte, e *Expr) string {
	switch {
	case e == nil:
		return ""
	case e.Kind == ExprVar:
		return "$" + e.Var
	case e.Kind == ExprCall:
		return chainOf(src, e.Call) + "()"
	}
	return string(src[e.Span.Start:e.Span.End])
}

var valueKindNames = map[ValueKind]string{
	ValueOther: "other", ValueString: "string", ValueInt: "int", ValueFloat: "float",
	ValueBool: "bool", ValueNull: "null", ValueArray: "array", ValueConst: "const",
}

// render writes a value as kind:text, arrays as [key => value, ...].
func (v Value) render() string {
	if v.Kind != ValueArray {
		return valueKindNames[v.Kind] + ":" + v.Text
	}
	items := make([]string, 0, len(v.Items))
	for _, it := range v.Items {
		s := it.Value.render()
		if it.Key != nil {
			s = it.Key.render() + " => " + s
		}
		items = append(items, s)
	}
	return fmt.Sprintf("[%s]", strings.Join(items, ", "))
}

// checkInvariants asserts what every parsed file promises: spans inside the
// source and ordered, function spans disjoint or nested, the docblock
// inside the function's span, calls inside their function.
func checkInvariants(t testing.TB, f *File) {
	t.Helper()
	n := len(f.Src)
	valid := func(what string, s Span) {
		if s.Start < 0 || s.End > n || s.Start > s.End {
			t.Errorf("%s span %v outside 0..%d or reversed", what, s, n)
		}
	}
	if f.OpenTag.Start >= 0 {
		valid("OpenTag", f.OpenTag)
	}
	if f.HasCloseTag {
		valid("CloseTag", f.CloseTag)
	}
	var prev *Function
	for _, fn := range f.Functions {
		valid(fn.Name+" Span", fn.Span)
		valid(fn.Name+" DeclSpan", fn.DeclSpan)
		valid(fn.Name+" NameSpan", fn.NameSpan)
		valid(fn.Name+" BodySpan", fn.BodySpan)
		if !fn.Span.Contains(fn.DeclSpan) || !fn.DeclSpan.Contains(fn.NameSpan) || !fn.DeclSpan.Contains(fn.BodySpan) {
			t.Errorf("%s: spans not nested: Span %v DeclSpan %v NameSpan %v BodySpan %v", fn.Name, fn.Span, fn.DeclSpan, fn.NameSpan, fn.BodySpan)
		}
		if fn.Doc.Present {
			valid(fn.Name+" Doc", fn.Doc.Span)
			// The docblock starts the Span, unless it sits between the
			// attributes and the keyword.
			if !fn.Span.Contains(fn.Doc.Span) || fn.Span.Start != min(fn.Doc.Span.Start, fn.DeclSpan.Start) {
				t.Errorf("%s: docblock %v does not start Span %v", fn.Name, fn.Doc.Span, fn.Span)
			}
		}
		if prev != nil && prev.Span.End > fn.Span.Start && !prev.Span.Contains(fn.Span) {
			t.Errorf("functions %s %v and %s %v overlap", prev.Name, prev.Span, fn.Name, fn.Span)
		}
		for _, c := range fn.Calls {
			valid(fn.Name+" call "+c.Name, c.Span)
			if !fn.BodySpan.Contains(c.Span) {
				t.Errorf("%s: call %s %v outside the body %v", fn.Name, c.Name, c.Span, fn.BodySpan)
			}
			for _, a := range c.Args {
				valid(fn.Name+" arg", a.Span)
			}
		}
		if fn.Replay != nil && fn.Replay.Kind != ReplayNone {
			valid(fn.Name+" Replay", fn.Replay.Span)
			if !fn.BodySpan.Contains(fn.Replay.Span) {
				t.Errorf("%s: replay %v outside the body %v", fn.Name, fn.Replay.Span, fn.BodySpan)
			}
		}
		prev = fn
	}
}

func regexpMust(t testing.TB, pattern string) *regexp.Regexp {
	t.Helper()
	re, err := regexp.Compile(pattern)
	if err != nil {
		t.Fatal(err)
	}
	return re
}
