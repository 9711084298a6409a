package lint

var dc105 = &Rule{
	ID:             "DC105",
	Name:           "updates-without-cache-clear",
	Severity:       SeverityWarning,
	CheckProcedure: checkUpdatesWithoutCacheClear,
	Doc: Doc{
		Title: "drush updb is not followed by drush cc all (Drupal 7)",
		Why: `On Drupal 7 the caches (menu router, theme registry, class registry,
field info, Views and Features caches) are built from the code that was
live before: new hooks, menu items and templates of the release stay
invisible, and stale cached definitions meet the updated schema. The
seed's procedure runs "drush cc all" right after "drush updb -y" for this
reason.`,
		Lang: "bash",
		Bad: `drush updb -y
drush cron`,
		Good: `drush updb -y
drush cc all
drush cron`,
		Fix: `Run "drush cc all" after the last "drush updb" (on Drupal 8 and later,
updatedb and deploy rebuild the caches themselves).`,
		Since: since,
	},
}

func checkUpdatesWithoutCacheClear(p *ProcedurePass) {
	if p.Procedure.Core != 7 {
		return
	}
	steps := p.Procedure.MainSteps()
	for i, s := range steps {
		if s.Drush == nil || s.Drush.Command != "updatedb" {
			continue
		}
		cleared := false
		for _, later := range steps[i+1:] {
			if later.Drush != nil && later.Drush.IsCacheClearAll() {
				cleared = true
				break
			}
		}
		if !cleared {
			p.ReportStep(s, "%s is not followed by drush cc all: Drupal 7 keeps serving caches built from the old code", drushName(s))
		}
	}
}
