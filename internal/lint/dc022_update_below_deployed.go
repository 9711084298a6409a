package lint

var dc022 = &Rule{
	ID:          "DC022",
	Name:        "update-below-deployed",
	Severity:    SeverityError,
	NeedsSource: true,
	Check:       checkUpdateBelowDeployed,
	Doc: Doc{
		Title: "With --base: a new update is numbered at or below the base ref's highest",
		Why: `A site deployed from the base ref has the module's schema version set to the
base's highest update, and Drupal never runs an update numbered at or below
the schema version. The new update is silently skipped on every such site,
while new sites run it through hook_install(). This is what happens when two
branches both add "the next number": the one merged second loses. An added
update that shares its number with a deployed one is told apart from an
edit of that update by its code, and by where the branch forked when git can
find it.`,
		Bad: `// At the base ref: updates 7001-7003 (7003 added by another branch). Now:
function example_deploy_update_7003() {
  variable_set('preprocess_css', 1);
}`,
		Good: `function example_deploy_update_7004() {
  variable_set('preprocess_css', 1);
}`,
		Fix: `Run "dcycle renumber --base REF": it moves the new updates above the base's
highest, in their order, with their docblocks and bodies, and rewrites the
references to them (explicit replay calls, hook_update_dependencies(), calls
between updates). "--dry-run" shows the diff first.`,
		Since: since,
	},
}

func checkUpdateBelowDeployed(p *Pass) {
	if p.History == nil {
		return
	}
	for _, u := range p.History.Below {
		p.Report(u.File, u.NameSpan, u.Function,
			"%s is new since %s but numbered at or below %d, its highest update: sites deployed from %s never run it; run dcycle renumber --base %s",
			u.Name, p.History.Ref, p.History.BaseHighest, p.History.Ref, p.History.Ref)
	}
}
