package lint

import "github.com/dcycle/dcycle/internal/phpast"

var dc021 = &Rule{
	ID:          "DC021",
	Name:        "deployed-update-removed",
	Severity:    SeverityWarning,
	NeedsSource: true,
	Check:       checkDeployedUpdateRemoved,
	Doc: Doc{
		Title: "With --base: an update present at the base ref is gone",
		Why: `Sites deployed from the base ref ran the update; a site installed from now on
does not, because hook_install() can replay only the updates that exist. The
two drift apart silently. When the base added the update after this branch
forked, the branch has simply not merged it yet, and the rule stays quiet;
it speaks only of updates the branch itself removed.`,
		Bad: `// At the base ref: updates 7001 and 7002. Now:
function example_deploy_update_7001() {
  variable_set('preprocess_js', 1);
}`,
		Good: `function example_deploy_update_7001() {
  variable_set('preprocess_js', 1);
}

function example_deploy_update_7002() {
  variable_set('theme_default', 'xyz');
}`,
		Fix: `Restore the update. To retire old updates on purpose, as Drupal intends,
remove them and return the highest removed number from
hook_update_last_removed(): Drupal then refuses to update a site that has
not run them, and this rule accepts the removal.`,
		Since: since,
	},
}

func checkDeployedUpdateRemoved(p *Pass) {
	if p.History == nil || len(p.History.Removed) == 0 {
		return
	}
	lastRemoved := p.Module.LastRemoved()
	updates := p.Module.Updates()
	for _, gone := range p.History.Removed {
		if gone.Number <= lastRemoved {
			continue
		}
		line, _ := gone.File.Lines.Position(gone.NameSpan.Start)
		// Report where the update stood: at the next update, else at the
		// file's opening tag.
		file, span := p.Module.Install, p.Module.Install.OpenTag
		if span.Start < 0 {
			span = phpast.Span{}
		}
		var fn *phpast.Function
		for _, u := range updates {
			if u.Number > gone.Number {
				file, span, fn = u.File, u.NameSpan, nil
				break
			}
		}
		p.Report(file, span, fn,
			"%s (%s:%d) was removed: sites deployed from %s ran it, new sites will not; restore it, or declare it in hook_update_last_removed()",
			gone.Name, gone.File.Path, line, p.History.Ref)
	}
}
