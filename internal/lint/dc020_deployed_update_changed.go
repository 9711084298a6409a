package lint

import (
	"github.com/dcycle/dcycle/internal/history"
	"github.com/dcycle/dcycle/internal/phpast"
)

var dc020 = &Rule{
	ID:          "DC020",
	Name:        "deployed-update-changed",
	Severity:    SeverityError,
	NeedsSource: true,
	Check:       checkDeployedUpdateChanged,
	Doc: Doc{
		Title: "With --base: an update, post-update or deploy hook deployed from the base ref has changed or was renamed",
		Why: `Drupal runs each update once and records the module's schema version: a site
deployed from the base ref has already run this update and will never run it
again, so the change reaches only new sites (through hook_install()) and
sites never deployed from the base. Production and a fresh install then
differ, which is what a deploy module exists to prevent. Bodies are
compared token by token, ignoring whitespace and comments: fixing a
docblock, re-indenting or adding a comment is not a change.

Post-updates and deploy hooks (Drupal 8+) are recorded as run by name. One
that changed is reported the same way; one that has the same code under a
new name is reported as renamed: every site deployed from the base has the
old name recorded, not the new one, and runs the hook again at its next
drush updb or drush deploy (checked on Drupal 10.5.7). Renaming a hook to
fix its order (DC018) or its name (DC010) does exactly that.`,
		Bad: `// At the base ref:
function example_deploy_update_7001() {
  variable_set('preprocess_js', 1);
}

// Now:
function example_deploy_update_7001() {
  variable_set('preprocess_js', 1);
  variable_set('preprocess_css', 1);
}`,
		Good: `function example_deploy_update_7001() {
  variable_set('preprocess_js', 1);
}

function example_deploy_update_7002() {
  variable_set('preprocess_css', 1);
}`,
		Fix: `Restore the update as it is at the base ref and make the change in a new
update ("dcycle new-update"). If the update is a new one of this branch that
took a number the base ref used meanwhile, "dcycle renumber --base REF" moves
it above the base's updates (lint tells the two apart when git can find
where the branch forked; fetch the full history in CI). Give a renamed
hook its old name back; if it must run again, say so in a new hook.`,
		Since: since,
	},
}

func checkDeployedUpdateChanged(p *Pass) {
	if p.History == nil {
		return
	}
	for _, c := range p.History.Changed {
		line, _ := c.Then.File.Lines.Position(c.Then.NameSpan.Start)
		p.Report(c.Now.File, c.Now.NameSpan, c.Now.Function,
			"%s differs from %s:%d: sites deployed from %s already ran it and never run it again; restore it and put the change in a new update",
			c.Now.Name, c.Then.File.Path, line, p.History.Ref)
	}
	for _, c := range p.History.HooksChanged {
		line, _ := c.Then.File.Lines.Position(c.Then.NameSpan.Start)
		p.Report(c.Now.File, c.Now.NameSpan, c.Now.Function,
			"%s differs from %s:%d: sites deployed from %s already ran this %s and never run it again; restore it and put the change in a new one",
			c.Now.Name, c.Then.File.Path, line, p.History.Ref, stepWord(c.Now.Kind))
	}
	for _, r := range p.History.HooksRenamed {
		line, _ := r.Then.File.Lines.Position(r.Then.NameSpan.Start)
		p.Report(r.Now.File, r.Now.NameSpan, r.Now.Function,
			"%s is %s (%s:%d) renamed: Drupal records a %s by its name, so every site deployed from %s runs it again; restore the old name",
			r.Now.Name, r.Then.Name, r.Then.File.Path, line, stepWord(r.Now.Kind), p.History.Ref)
	}
}

// compareWithBase reads the module at the base ref when one was asked for
// and the working copy parsed, and compares the two once for the history
// rules (DC020–DC022).
func compareWithBase(m *phpast.Module, popts phpast.Options, base func(*phpast.Module, phpast.Options) (*history.Base, error), parseFailed bool) (*history.Comparison, error) {
	if base == nil || parseFailed || len(m.Files()) == 0 {
		return nil, nil
	}
	b, err := base(m, popts)
	if err != nil {
		return nil, err
	}
	return history.Compare(m, b), nil
}
