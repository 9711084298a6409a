package lint

import (
	"fmt"
	"strings"

	"github.com/dcycle/dcycle/internal/phpast"
)

var dc019 = &Rule{
	ID:          "DC019",
	Name:        "failure-recorded-as-done",
	Severity:    SeverityWarning,
	NeedsSource: true,
	Check:       checkFailureRecordedAsDone,
	Doc: Doc{
		Title: "An update, post-update or deploy hook returns, instead of throwing, when what it needs is missing",
		Why: `Drupal records an update, a post-update or a deploy hook as done as soon as
it returns, whatever it returns: a message saying "skipping", or nothing. A
step that returns because a module it needs is not enabled, an entity it
changes is not found or a configuration object is absent has done nothing,
yet it never runs again, not even after the module is enabled or the
content created: production and a fresh site drift apart with no error
anywhere. A step that throws is not recorded: drush updb or drush deploy
fails loudly and runs it again next time (checked on Drupal 10.5.7). This
rule reports a return inside an if whose condition finds the thing missing:
a check that is false (moduleExists(), module_exists(), ::load(),
loadByProperties(), an entity query, db_table_exists(), hasDefinition()…),
a variable set from one that is empty, or a configuration's isNew(). A
return when the thing is there ("already done") is the idempotency guard
DC008 asks for, and is fine; so is returning when what the step deletes is
already gone.`,
		Bad: `function example_deploy_post_update_10002_front_page(): string {
  $node = \Drupal::entityTypeManager()->getStorage('node')->load(12);
  if (!$node) {
    return 'Node 12 is missing, skipping.';
  }
  \Drupal::configFactory()->getEditable('system.site')->set('page.front', '/node/12')->save();
  return 'Front page set.';
}`,
		Good: `function example_deploy_post_update_10002_front_page(): string {
  $node = \Drupal::entityTypeManager()->getStorage('node')->load(12);
  if (!$node) {
    throw new \Drupal\Core\Utility\UpdateException('Node 12 is missing: create it, then run drush updb again.');
  }
  \Drupal::configFactory()->getEditable('system.site')->set('page.front', '/node/12')->save();
  return 'Front page set.';
}`,
		Fix: `Throw instead of returning: \Drupal\Core\Utility\UpdateException on Drupal 8
and later, DrupalUpdateException on Drupal 7, with a message saying what is
missing and what to do. If the step is truly optional on some sites (a
module that only some of them have), say so with a suppression comment and
its reason.`,
		Since: since,
	},
}

func checkFailureRecordedAsDone(p *Pass) {
	for _, f := range p.Module.Files() {
		for _, fn := range f.Functions {
			if !isDeployStep(fn) || deletes(fn) {
				continue
			}
			conds := ifConditions(fn)
			for i, s := range fn.Stmts {
				if s.Kind != phpast.StmtReturn || s.Parent < 0 {
					continue
				}
				branch := fn.Stmts[s.Parent]
				owner, flip := s.Parent, false
				switch branch.Kind {
				case phpast.StmtIf, phpast.StmtElseIf:
				case phpast.StmtElse:
					owner, flip = branch.Parent, true
				default:
					continue
				}
				what := missingCheck(f, fn, owner, conds[owner], flip)
				if what == "" {
					continue
				}
				p.Report(f, fn.Stmts[i].Span, fn, "%s returns when %s: Drupal records the %s as done and never runs it again, even once that is put right; throw an exception instead, so that it fails and runs again",
					fn.Name, what, stepWord(fn.Kind))
			}
		}
	}
}

func stepWord(k phpast.Kind) string {
	switch k {
	case phpast.KindPostUpdate:
		return "post-update"
	case phpast.KindDeploy:
		return "deploy hook"
	}
	return "update"
}

// ifConditions maps each if and elseif statement of fn to its condition,
// as the calls it guards (or that follow it, for an early return) carry
// it; a statement whose condition guards no call is left out.
func ifConditions(fn *phpast.Function) map[int]phpast.Condition {
	out := map[int]phpast.Condition{}
	for _, c := range fn.Calls {
		for _, cond := range c.Conditions {
			i := stmtOfCondition(fn, cond.Span)
			if i < 0 {
				continue
			}
			if _, ok := out[i]; !ok {
				if cond.Negated {
					// Vars say what holds when the condition is true,
					// whichever branch the call is in.
					cond.Negated = false
				}
				out[i] = cond
			}
		}
	}
	return out
}

// stmtOfCondition returns the if or elseif statement whose condition is at
// span: the innermost statement holding it, -1 when that is not an if.
func stmtOfCondition(fn *phpast.Function, span phpast.Span) int {
	in := -1
	for i, s := range fn.Stmts {
		if s.Span.Start > span.Start {
			break
		}
		if s.Span.Contains(span) {
			in = i
		}
	}
	if in >= 0 && (fn.Stmts[in].Kind == phpast.StmtIf || fn.Stmts[in].Kind == phpast.StmtElseIf) {
		return in
	}
	return -1
}

// missingCheck describes how the condition of statement owner finds what
// the step needs missing on the branch that returns (the condition false
// when flip is set), or "" when it does not: an existence check whose value
// says "not there", or a variable set from one that is empty there.
func missingCheck(f *phpast.File, fn *phpast.Function, owner int, cond phpast.Condition, flip bool) string {
	truth := func(t phpast.Truth) phpast.Truth {
		if flip {
			return t.Flip()
		}
		return t
	}
	for _, c := range fn.Calls {
		if c.Stmt != owner || c.Truth == phpast.TruthUnknown {
			continue
		}
		if absent, ok := absentWhen(c); ok && truth(c.Truth) == absent {
			return checkText(c) + " is " + truthWord(absent)
		}
	}
	ifStart := fn.Stmts[owner].Span.Start
	for _, v := range cond.Vars {
		if truth(v.Truth) != phpast.TruthFalse {
			continue
		}
		var from *phpast.Call
		for _, a := range fn.Assigns {
			if a.Var == v.Name && a.Span.End <= ifStart && !a.Element {
				from = a.Call
			}
		}
		if from != nil {
			if absent, ok := absentWhen(from); ok && absent == phpast.TruthFalse {
				return fmt.Sprintf("$%s, set from %s, is empty", v.Name, checkText(from))
			}
		}
	}
	return ""
}

// absentWhen tells, for a call that looks something up, which value means
// the thing is not there: false for an existence check or a load, true for
// ->isNew() (a configuration object that does not exist yet).
func absentWhen(c *phpast.Call) (phpast.Truth, bool) {
	if c.Kind == phpast.CallMethod && c.Name == "isNew" {
		return phpast.TruthTrue, true
	}
	if existenceCheck(c) {
		return phpast.TruthFalse, true
	}
	switch strings.ToLower(c.Name) {
	case "function_exists", "class_exists", "file_exists", "hasservice", "exists", "hasfield":
		return phpast.TruthFalse, true
	}
	return phpast.TruthUnknown, false
}

func truthWord(t phpast.Truth) string {
	if t == phpast.TruthTrue {
		return "true"
	}
	return "false"
}

// checkText renders a check for a message: its callee and its first
// argument when that is a string literal, "->moduleExists('search')".
func checkText(c *phpast.Call) string {
	arg := ""
	if v := c.Arg(0); v.Kind == phpast.ValueString {
		arg = "'" + v.Text + "'"
	}
	return calleeName(c) + "(" + arg + ")"
}

// deletes reports whether fn removes something: a step whose job is to
// delete returns, rightly, when the thing is already gone.
func deletes(fn *phpast.Function) bool {
	for _, c := range fn.Calls {
		name := strings.ToLower(c.Name)
		switch {
		case strings.HasPrefix(name, "delete"), strings.HasPrefix(name, "drop"), strings.HasPrefix(name, "remove"),
			strings.HasPrefix(name, "uninstall"), strings.HasPrefix(name, "db_drop_"), strings.HasPrefix(name, "field_delete_"),
			strings.HasSuffix(name, "_delete"), strings.HasSuffix(name, "_delete_multiple"),
			name == "module_disable", name == "drupal_uninstall_modules", name == "variable_del":
			return true
		}
	}
	return false
}
