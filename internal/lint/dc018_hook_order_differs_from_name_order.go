package lint

import (
	"sort"
	"strings"

	"github.com/dcycle/dcycle/internal/phpast"
)

var dc018 = &Rule{
	ID:          "DC018",
	Name:        "hook-order-differs-from-name-order",
	Severity:    SeverityWarning,
	NeedsSource: true,
	Check:       checkHookOrder,
	Doc: Doc{
		Title: "Post-update or deploy hooks are numbered in one order but run in another (Drupal 8+)",
		Why: `Drupal runs pending post-updates, and drush runs pending deploy hooks, in
the plain string order of their function names, across all modules: not by
number, and not in the order they were written. "10" sorts before "9", so
example_deploy_deploy_10_enable_search runs before
example_deploy_deploy_9_create_index (checked on Drupal 10.5.7). A hook
that needs what an earlier-numbered one sets up then runs too early on every
site that gets both in one deploy, and a fresh site's first "drush deploy"
runs them in that order too. This rule compares the names of each kind
(post-updates apart from deploy hooks) as a person reads them, numbers by
value, with the order Drupal uses, and reports every hook that runs before
one numbered lower.`,
		Bad: `function example_deploy_deploy_9_create_index(): string {
  // ...
}

function example_deploy_deploy_10_enable_search(): string {
  // Needs the index of deploy_9: runs first.
}`,
		Good: `function example_deploy_deploy_10009_create_index(): string {
  // ...
}

function example_deploy_deploy_10010_enable_search(): string {
  // ...
}`,
		Fix: `Number hooks with a fixed width, so that string order is number order:
"dcycle new-update --kind post-update|deploy" names them
NAME_post_update_10005_SLUG, continuing the module's numbering. Rename only
hooks that have not run anywhere yet: Drupal records a hook by its name,
so a renamed hook runs again on every site that ran it.`,
		Since: since,
	},
}

func checkHookOrder(p *Pass) {
	if p.Module.Core == 7 {
		return // Drupal 7 has no post-updates or deploy hooks.
	}
	for _, kind := range []phpast.Kind{phpast.KindPostUpdate, phpast.KindDeploy} {
		var hooks []phpast.FileFunction
		for _, f := range p.Module.Files() {
			for _, fn := range f.Functions {
				if fn.Kind == kind {
					hooks = append(hooks, phpast.FileFunction{File: f, Function: fn})
				}
			}
		}
		for _, late := range outOfOrder(hooks) {
			p.Report(late.h.File, late.h.NameSpan, late.h.Function, "%s runs before %s: Drupal runs %s in the string order of their names, not by number; number them with a fixed width (rename only hooks that have not run anywhere yet)",
				late.h.Name, late.before.Name, kindPlural(kind))
		}
	}
}

// lateHook is a hook that runs before another one numbered lower: before,
// the lowest numbered of those.
type lateHook struct {
	h      phpast.FileFunction
	before *phpast.Function
}

// outOfOrder finds, in O(n log n), every hook whose name sorts before the
// name of a hook numbered lower, as a person reads the numbers: walking the
// hooks in that reading order, the greatest name seen so far only grows,
// so the first hook numbered lower whose name sorts after h's is found by
// binary search. Hooks numbered alike ("1", "01") are not compared.
func outOfOrder(hooks []phpast.FileFunction) []lateHook {
	names := make([]string, len(hooks))
	order := make([]int, len(hooks))
	for i, h := range hooks {
		names[i], order[i] = strings.ToLower(h.Name), i
	}
	sort.SliceStable(order, func(a, b int) bool { return naturalLess(names[order[a]], names[order[b]]) })
	before := make([]*phpast.Function, len(hooks))
	// maxSoFar[k] is the greatest name among order[:k+1].
	maxSoFar := make([]string, 0, len(order))
	for start := 0; start < len(order); {
		end := start + 1
		for end < len(order) && !naturalLess(names[order[start]], names[order[end]]) {
			end++ // numbered like order[start]
		}
		for _, i := range order[start:end] {
			k := sort.Search(start, func(k int) bool { return maxSoFar[k] > names[i] })
			if k < start {
				before[i] = hooks[order[k]].Function
			}
		}
		for _, i := range order[start:end] {
			m := names[i]
			if n := len(maxSoFar); n > 0 && maxSoFar[n-1] > m {
				m = maxSoFar[n-1]
			}
			maxSoFar = append(maxSoFar, m)
		}
		start = end
	}
	var out []lateHook
	for i, b := range before {
		if b != nil {
			out = append(out, lateHook{h: hooks[i], before: b})
		}
	}
	return out
}

func kindPlural(k phpast.Kind) string {
	if k == phpast.KindDeploy {
		return "deploy hooks"
	}
	return "post-updates"
}

// naturalLess reports whether a comes before b as a person reads them:
// runs of digits compare by value ("9" before "10"), the rest byte by byte.
// Numbers of equal value written differently ("1", "01") compare equal
// and the comparison goes on.
func naturalLess(a, b string) bool {
	for a != "" && b != "" {
		if isDigit(a[0]) && isDigit(b[0]) {
			na, ra := digitRun(a)
			nb, rb := digitRun(b)
			na, nb = strings.TrimLeft(na, "0"), strings.TrimLeft(nb, "0")
			if len(na) != len(nb) {
				return len(na) < len(nb)
			}
			if na != nb {
				return na < nb
			}
			a, b = ra, rb
			continue
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		a, b = a[1:], b[1:]
	}
	return len(a) < len(b)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// digitRun splits s after its leading digits.
func digitRun(s string) (digits, rest string) {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return s[:i], s[i:]
}
