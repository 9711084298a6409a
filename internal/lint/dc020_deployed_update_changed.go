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
		Title: "With --base: an update deployed from the base ref has changed",
		Why: `Drupal runs each update once and records the module's schema version: a site
deployed from the base ref has already run this update and will never run it
again, so the change reaches only new sites (through hook_install()) and
sites never deployed from the base. Production and a fresh install then
differ, which is what a deploy module exists to prevent. Bodies are
compared token by token, ignoring whitespace and comments: fixing a
docblock, re-indenting or adding a comment is not a change.`,
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
where the branch forked; fetch the full history in CI).`,
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
}

// compareWithBase reads the module at the base ref when one was asked for
// and the working copy parsed, and compares the two once for the history
// rules (DC020–DC022).
func compareWithBase(m *phpast.Module, popts phpast.Options, base func(*phpast.Module, phpast.Options) (*history.Base, error), parseFailed bool) (*history.Comparison, error) {
	if base == nil || parseFailed || m.Install == nil {
		return nil, nil
	}
	b, err := base(m, popts)
	if err != nil {
		return nil, err
	}
	return history.Compare(m, b), nil
}
