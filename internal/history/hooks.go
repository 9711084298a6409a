package history

import (
	"bytes"
	"strings"

	"github.com/dcycle/dcycle/internal/phpast"
)

// Rename is a post-update or deploy hook deployed from the base that has
// the same code under another name now: Drupal records hooks by name, so
// sites deployed from the base run it again.
type Rename struct {
	Now, Then phpast.FileFunction
}

// hooks returns the post-updates and deploy hooks of m, in file order.
func hooks(m *phpast.Module) []phpast.FileFunction {
	var out []phpast.FileFunction
	for _, f := range m.Files() {
		for _, fn := range f.Functions {
			if fn.Kind == phpast.KindPostUpdate || fn.Kind == phpast.KindDeploy {
				out = append(out, phpast.FileFunction{File: f, Function: fn})
			}
		}
	}
	return out
}

// hookKey is how Drupal records a hook: its name, lower-cased as
// get_defined_functions() returns it, and its kind.
func hookKey(h phpast.FileFunction) string {
	return h.Kind.String() + " " + strings.ToLower(h.Name)
}

func byHookKey(hs []phpast.FileFunction) map[string]phpast.FileFunction {
	out := make(map[string]phpast.FileFunction, len(hs))
	for _, h := range hs {
		if _, dup := out[hookKey(h)]; !dup {
			out[hookKey(h)] = h
		}
	}
	return out
}

// compareHooks sorts the post-updates and deploy hooks of base against
// now, by name: a hook of the base whose name is gone was renamed when a
// new hook of its kind has its code (CodeTokens), else removed; one whose
// code differs was changed. With a fork point, a hook the base added
// after the fork and this branch has not merged is neither, and a hook
// this branch kept as it was at the fork, while the base edited it, is not
// changed by this branch.
func (c *Comparison) compareHooks(now *phpast.Module, base *Base) {
	nowHooks := hooks(now)
	nowBy := byHookKey(nowHooks)
	baseBy := byHookKey(hooks(base.Module))
	var forkBy map[string]phpast.FileFunction
	if base.Fork != nil {
		forkBy = byHookKey(hooks(base.Fork))
	}
	same := func(a, b phpast.FileFunction) bool {
		return bytes.Equal(code(a), code(b)) || codeKeyOf(a) == codeKeyOf(b)
	}
	renamedTo := map[*phpast.Function]bool{}
	for _, then := range hooks(base.Module) {
		key := hookKey(then)
		if baseBy[key].Function != then.Function {
			continue // declared twice at the base: the first one counts
		}
		forked, atFork := forkBy[key]
		if base.Fork != nil && !atFork {
			continue // the base added it after the fork
		}
		if cur, ok := nowBy[key]; ok {
			if !same(cur, then) && !(atFork && same(cur, forked)) {
				c.HooksChanged = append(c.HooksChanged, Change{Now: cur, Then: then})
			}
			continue
		}
		renamed := false
		for _, cur := range nowHooks {
			if cur.Kind != then.Kind || renamedTo[cur.Function] {
				continue
			}
			if _, deployed := baseBy[hookKey(cur)]; deployed {
				continue
			}
			if same(cur, then) {
				renamedTo[cur.Function] = true
				c.HooksRenamed = append(c.HooksRenamed, Rename{Now: cur, Then: then})
				renamed = true
				break
			}
		}
		if !renamed {
			c.HooksRemoved = append(c.HooksRemoved, then)
		}
	}
}
