package lint

var dc004 = &Rule{
	ID:          "DC004",
	Name:        "reserved-update-number",
	Severity:    SeverityWarning,
	NeedsSource: true,
	Check:       checkReservedNumber,
	Doc: Doc{
		Title: "An update is numbered x000",
		Why: `Numbers ending in 000 (7000, 8000, 10000) are reserved for the upgrade from
one core major to the next. Drupal 8 and later refuse a module that has an
update 8000: the module becomes un-updatable. On Drupal 7, 7000 is the
schema a module gets before its first update, so an update 7000 never runs
on a site where the module was installed.`,
		Bad: `function example_deploy_update_8000() {
  \Drupal::configFactory()->getEditable('system.site')->set('name', 'Example')->save(TRUE);
}`,
		Good: `function example_deploy_update_8001() {
  \Drupal::configFactory()->getEditable('system.site')->set('name', 'Example')->save(TRUE);
}`,
		Fix:   `Number the update x001 or the next free number ("dcycle next" never hands out x000).`,
		Since: since,
	},
}

func checkReservedNumber(p *Pass) {
	for _, u := range p.Module.Updates() {
		if u.Number == 0 || u.Number%1000 != 0 {
			continue
		}
		switch {
		case u.Number == 8000:
			p.Report(u.File, u.NameSpan, u.Function, "8000 is reserved: Drupal 8 and later refuse to update a module with update 8000; number it 8001")
		case u.Number < 8000:
			p.Report(u.File, u.NameSpan, u.Function, "%d is reserved: a module installed on a site starts at schema %d and never runs it; number it %d", u.Number, u.Number, u.Number+1)
		default:
			p.Report(u.File, u.NameSpan, u.Function, "%d is reserved for the upgrade to the next core major; number it %d", u.Number, u.Number+1)
		}
	}
}
