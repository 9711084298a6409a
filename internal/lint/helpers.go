package lint

import (
	"strconv"
	"strings"

	"github.com/dcycle/dcycle/internal/phpast"
)

// since is the version every rule of the first release carries.
const since = "0.1.0"

// numberRanges renders sorted numbers compactly: "7001–7003, 7005".
func numberRanges(ns []int) string {
	var parts []string
	for i := 0; i < len(ns); {
		j := i
		for j+1 < len(ns) && ns[j+1] == ns[j]+1 {
			j++
		}
		if j == i {
			parts = append(parts, strconv.Itoa(ns[i]))
		} else {
			parts = append(parts, strconv.Itoa(ns[i])+"–"+strconv.Itoa(ns[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// isD8Plus reports whether the module is known to be Drupal 8 or later.
func isD8Plus(m *phpast.Module) bool { return m.Core >= 8 }

// producer returns the call whose result a receiver is: the receiver call
// itself, or for a variable the call last assigned to it before offset
// ($storage = …->getStorage('node'); $storage->create()). nil when the
// receiver is neither, or the variable holds no call's result.
func producer(fn *phpast.Function, e *phpast.Expr, before int) *phpast.Call {
	if e == nil {
		return nil
	}
	switch e.Kind {
	case phpast.ExprCall:
		return e.Call
	case phpast.ExprVar:
		var last *phpast.Call
		for _, a := range fn.Assigns {
			if a.Var == e.Var && a.Span.End <= before {
				last = a.Call
			}
		}
		return last
	}
	return nil
}

// isMethod reports whether c is a call of the method name.
func isMethod(c *phpast.Call, name string) bool {
	return c != nil && c.Kind == phpast.CallMethod && c.Name == name
}

// valueKey renders a literal value so that two equal values compare equal
// however they are written (array() and [] alike).
func valueKey(v phpast.Value) string {
	switch v.Kind {
	case phpast.ValueArray:
		var b strings.Builder
		b.WriteString("[")
		for i, it := range v.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			if it.Key != nil {
				b.WriteString(valueKey(*it.Key))
				b.WriteString(" => ")
			}
			b.WriteString(valueKey(it.Value))
		}
		b.WriteString("]")
		return b.String()
	case phpast.ValueString:
		return strconv.Quote(v.Text)
	case phpast.ValueBool, phpast.ValueNull:
		return strings.ToUpper(v.Text)
	}
	return v.Text
}
