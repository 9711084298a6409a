package history

import (
	"bytes"
	"strconv"

	"github.com/dcycle/dcycle/internal/phpast"
)

// Change is an update deployed from the base whose code differs now.
type Change struct {
	Now, Then phpast.FileFunction
}

// Comparison sorts the updates, post-updates and deploy hooks of a module
// against the same module at a base ref.
type Comparison struct {
	Ref string
	// BaseHighest is the highest update number at the base, 0 when it had
	// none.
	BaseHighest int
	// BaseNumbers are the update numbers at the base, in order: once the
	// branch is merged they are in the module too.
	BaseNumbers []int
	// Changed updates exist at the base and differ now in more than
	// whitespace and comments (DC020).
	Changed []Change
	// Removed updates exist at the base and are gone now (DC021).
	Removed []phpast.FileFunction
	// Added updates are not at the base, in number order.
	Added []phpast.FileFunction
	// Below are the added updates numbered at or below BaseHighest: sites
	// deployed from the base never run them (DC022).
	Below []phpast.FileFunction
	// HooksChanged are post-updates and deploy hooks of the base whose code
	// differs now (DC020), HooksRenamed those whose code is there under
	// another name (DC020: they run again), and HooksRemoved those that
	// are gone (DC021).
	HooksChanged []Change
	HooksRenamed []Rename
	HooksRemoved []phpast.FileFunction
}

// Compare matches the updates of now, the module in the working tree, with
// those of base. An update is matched by number and code (CodeTokens), so
// that of two functions with one number, the one identical to the base is
// the deployed update and the other an addition. When the fork point is
// known, an update numbered like a base update but absent at the fork is an
// addition of this branch that took a number the base used meanwhile, not
// an edit; and a base update absent from the fork and from now is one this
// branch has not merged yet, not one it removed.
func Compare(now *phpast.Module, base *Base) *Comparison {
	c := &Comparison{Ref: base.Ref, BaseHighest: base.Module.HighestUpdate()}
	for _, u := range base.Module.Updates() {
		c.BaseNumbers = append(c.BaseNumbers, u.Number)
	}
	nowBy := byNumber(now)
	forkBy := map[int][]phpast.FileFunction{}
	if base.Fork != nil {
		forkBy = byNumber(base.Fork)
	}
	accounted := map[*phpast.Function]bool{}
	keys := map[*phpast.Function]string{}
	codeKey := func(u phpast.FileFunction) string {
		k, ok := keys[u.Function]
		if !ok {
			k = codeKeyOf(u)
			keys[u.Function] = k
		}
		return k
	}
	// find returns the first candidate not yet accounted for with the code
	// of u; byte-identical code, the common case, needs no tokens.
	find := func(candidates []phpast.FileFunction, u phpast.FileFunction) *phpast.Function {
		for _, c := range candidates {
			if !accounted[c.Function] && (bytes.Equal(code(c), code(u)) || codeKey(c) == codeKey(u)) {
				return c.Function
			}
		}
		return nil
	}
	for _, then := range base.Module.Updates() {
		if accounted[then.Function] {
			continue // a duplicate at the base: the first one counts
		}
		accounted[then.Function] = true
		candidates := nowBy[then.Number]
		if match := find(candidates, then); match != nil {
			accounted[match] = true
			continue
		}
		forked, atFork := forkBy[then.Number]
		switch {
		case base.Fork != nil && !atFork:
			// The base added this update after the fork: whatever this
			// branch numbers the same is its own addition.
		case len(candidates) == 0:
			c.Removed = append(c.Removed, then)
		case atFork && find(candidates, forked[0]) != nil:
			// This branch kept the fork's version; the base edited it.
			accounted[find(candidates, forked[0])] = true
		default:
			for _, now := range candidates {
				if !accounted[now.Function] {
					accounted[now.Function] = true
					c.Changed = append(c.Changed, Change{Now: now, Then: then})
					break
				}
			}
		}
	}
	for _, u := range now.Updates() {
		if accounted[u.Function] {
			continue
		}
		c.Added = append(c.Added, u)
		if u.Number <= c.BaseHighest {
			c.Below = append(c.Below, u)
		}
	}
	c.compareHooks(now, base)
	return c
}

func byNumber(m *phpast.Module) map[int][]phpast.FileFunction {
	out := map[int][]phpast.FileFunction{}
	for _, u := range m.Updates() {
		out[u.Number] = append(out[u.Number], u)
	}
	return out
}

// codeKeyOf renders what an update does, from its parameter list through its
// closing brace, as its code tokens: the name and docblock are left out, so
// a reworded docblock, a new comment or re-indentation is no change, while
// a new &$sandbox parameter is.
func codeKeyOf(u phpast.FileFunction) string {
	src := code(u)
	var key []byte
	for _, t := range phpast.CodeTokens(src) {
		text := t.Text(src)
		key = strconv.AppendInt(key, int64(len(text)), 10)
		key = append(key, ':')
		key = append(key, text...)
	}
	return string(key)
}

// code is an update from its parameter list through its closing brace.
func code(u phpast.FileFunction) []byte { return u.File.Src[u.NameSpan.End:u.DeclSpan.End] }
