package lint

import "github.com/dcycle/dcycle/internal/procedure"

var dc106 = &Rule{
	ID:             "DC106",
	Name:           "bootstrap-before-registry-rebuild",
	Severity:       SeverityWarning,
	CheckProcedure: checkBootstrapBeforeRegistryRebuild,
	Doc: Doc{
		Title: "A drush command loads Drupal before drush rr (Drupal 7)",
		Why: `Drupal 7 finds classes and files through its registry, a table that still
describes the old code. When the release moved module files (contrib
modules moved to sites/all/modules/contrib, say), a full bootstrap on the
new code dies before it can rebuild anything, and every drush command
after it fails. That is why the seed's procedure starts with "drush rr":
registry_rebuild works without a full bootstrap. Commands run on the old
release, before the switch, are not concerned.`,
		Lang: "bash",
		Bad: `git pull
drush vset maintenance_mode 1
drush rr
drush updb -y`,
		Good: `git pull
drush rr
drush vset maintenance_mode 1
drush updb -y`,
		Fix: `Run "drush rr" first on the new code, before any other drush command that
bootstraps Drupal (sql-dump and drush's own commands do not).`,
		Since: since,
	},
}

func checkBootstrapBeforeRegistryRebuild(p *ProcedurePass) {
	if p.Procedure.Core != 7 {
		return
	}
	steps := p.Procedure.MainSteps()
	rr := -1
	for i, s := range steps {
		if s.Drush != nil && s.Drush.Command == "registry:rebuild" {
			rr = i
			break
		}
	}
	if rr < 0 {
		return
	}
	from := 0 // the new code is live from the last switch before rr on
	for i, s := range steps[:rr] {
		if s.Kind == procedure.KindSwitch {
			from = i + 1
		}
	}
	for _, s := range steps[from:rr] {
		if s.Drush != nil && s.Drush.Bootstraps() {
			p.ReportStep(s, "%s loads Drupal on the new code before drush rr (line %d): when modules moved, the bootstrap fails before the registry is rebuilt", drushName(s), steps[rr].Span.Start.Line)
		}
	}
}
