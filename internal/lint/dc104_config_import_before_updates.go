package lint

var dc104 = &Rule{
	ID:             "DC104",
	Name:           "config-import-before-updates",
	Severity:       SeverityError,
	CheckProcedure: checkConfigImportBeforeUpdates,
	Doc: Doc{
		Title: "Configuration is imported before the database updates run (Drupal 8+)",
		Why: `Update hooks bring the database to what the new code expects, including the
shape of configuration; the exported configuration was made on a site
whose updates had run. Imported first, it meets the old schema: the import
fails, or config written by an update is overwritten and then changed again
by the update. Drush's own order, in "drush deploy", is updatedb, then
config:import, then deploy hooks.`,
		Lang: "bash",
		Bad: `drush cim -y
drush updb -y`,
		Good: `drush updb -y
drush cim -y
drush deploy:hook -y`,
		Fix: `Run "drush updb -y" before "drush cim -y", or run "drush deploy -y", which
runs them in the right order.`,
		Since: since,
	},
}

func checkConfigImportBeforeUpdates(p *ProcedurePass) {
	steps := p.Procedure.MainSteps()
	for i, s := range steps {
		if s.Drush == nil || !s.Drush.IsConfigImport() {
			continue
		}
		for _, later := range steps[i+1:] {
			if later.Drush != nil && later.Drush.IsUpdateDB() {
				p.ReportStep(s, "%s runs before %s (line %d): import configuration after the database updates, or run drush deploy", drushName(s), drushName(later), later.Span.Start.Line)
				break
			}
		}
	}
}
