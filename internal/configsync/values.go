package configsync

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dcycle/dcycle/internal/phpast"
)

// FromPHP converts a literal PHP value into the form YAML decodes to: bool,
// int, float64, string, nil, []any for a list, map[string]any for an
// array with keys. ok is false for anything not literal (a variable, a
// constant, a call).
func FromPHP(v phpast.Value) (any, bool) {
	switch v.Kind {
	case phpast.ValueString:
		return v.Text, true
	case phpast.ValueInt:
		n, err := strconv.ParseInt(strings.ReplaceAll(v.Text, "_", ""), 0, 64)
		if err != nil {
			return nil, false
		}
		return int(n), true
	case phpast.ValueFloat:
		f, err := strconv.ParseFloat(strings.ReplaceAll(v.Text, "_", ""), 64)
		if err != nil {
			return nil, false
		}
		return f, true
	case phpast.ValueBool:
		return strings.EqualFold(v.Text, "TRUE"), true
	case phpast.ValueNull:
		return nil, true
	case phpast.ValueArray:
		return arrayFromPHP(v.Items)
	}
	return nil, false
}

// arrayFromPHP converts an array literal: a list when no item has a key or
// the keys are 0, 1, 2… in order, else a mapping with the keys as strings,
// as PHP keys "1" and 1 are the same.
func arrayFromPHP(items []phpast.Item) (any, bool) {
	list := make([]any, 0, len(items))
	keyed := false
	for i, it := range items {
		v, ok := FromPHP(it.Value)
		if !ok {
			return nil, false
		}
		list = append(list, v)
		if it.Key != nil {
			k, ok := FromPHP(*it.Key)
			if !ok {
				return nil, false
			}
			if n, isInt := k.(int); !isInt || n != i {
				keyed = true
			}
		}
	}
	if !keyed {
		return list, true
	}
	m := make(map[string]any, len(items))
	next := 0
	for i, it := range items {
		key := strconv.Itoa(next)
		if it.Key != nil {
			k, _ := FromPHP(*it.Key)
			switch k := k.(type) {
			case int:
				key = strconv.Itoa(k)
				next = k
			case string:
				key = k
				if n, err := strconv.Atoi(k); err == nil && strconv.Itoa(n) == k {
					next = n
				} else {
					next--
				}
			case bool:
				key = "0"
				if k {
					key = "1"
				}
			default:
				return nil, false
			}
		}
		m[key] = list[i]
		next++
	}
	return m, true
}

// Equal compares a value the import writes with the one a hook set, as
// Drupal's config schema casts them on save: the same number however
// written (1, 1.0, '1'), TRUE and 1, FALSE and 0; lists and mappings item
// by item; an empty list and an empty mapping are the same empty array.
func Equal(a, b any) bool {
	if am, ok := listAsMap(a); ok {
		a = am
	}
	if bm, ok := listAsMap(b); ok {
		b = bm
	}
	switch a := a.(type) {
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for k, v := range a {
			w, ok := b[k]
			if !ok || !Equal(v, w) {
				return false
			}
		}
		return true
	case nil:
		return b == nil
	case bool:
		switch b := b.(type) {
		case bool:
			return a == b
		case int:
			return (a && b == 1) || (!a && b == 0)
		case string:
			return (a && b == "1") || (!a && (b == "0" || b == ""))
		}
		return false
	case string:
		switch bs := b.(type) {
		case string:
			return a == bs
		case bool, int, float64:
			return Equal(b, a)
		}
		return false
	}
	x, ok := number(a)
	if !ok {
		return false
	}
	if bb, isBool := b.(bool); isBool {
		return Equal(bb, a)
	}
	y, ok := number(b)
	return ok && x == y
}

// number reads an int, a float or a numeric string.
func number(v any) (float64, bool) {
	switch v := v.(type) {
	case int:
		return float64(v), true
	case float64:
		return v, !math.IsNaN(v)
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return f, err == nil && v != ""
	}
	return 0, false
}

// listAsMap turns a list into the mapping of index to item PHP sees.
func listAsMap(v any) (map[string]any, bool) {
	l, ok := v.([]any)
	if !ok {
		return nil, false
	}
	m := make(map[string]any, len(l))
	for i, x := range l {
		m[strconv.Itoa(i)] = x
	}
	return m, true
}

// Render writes a value as PHP source, for messages: TRUE, 'text', 10,
// ['a', 'b'], ['key' => 1]. Long arrays are cut short.
func Render(v any) string {
	var b strings.Builder
	render(&b, v)
	s := b.String()
	if len(s) <= 60 {
		return s
	}
	cut := 57
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func render(b *strings.Builder, v any) {
	switch v := v.(type) {
	case nil:
		b.WriteString("NULL")
	case bool:
		if v {
			b.WriteString("TRUE")
		} else {
			b.WriteString("FALSE")
		}
	case int:
		b.WriteString(strconv.Itoa(v))
	case float64:
		b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
	case string:
		b.WriteString("'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v) + "'")
	case []any:
		b.WriteString("[")
		for i, x := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			render(b, x)
		}
		b.WriteString("]")
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteString("[")
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			render(b, k)
			b.WriteString(" => ")
			render(b, v[k])
		}
		b.WriteString("]")
	case unknownValue:
		b.WriteString("(computed)")
	default:
		b.WriteString("?")
	}
}
