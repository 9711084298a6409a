package lint

import "github.com/dcycle/dcycle/internal/procedure"

var dc102 = &Rule{
	ID:             "DC102",
	Name:           "maintenance-off-during-database-steps",
	Severity:       SeverityError,
	CheckProcedure: checkMaintenanceOffDuringDatabaseSteps,
	Doc: Doc{
		Title: "Maintenance mode is off while database steps run",
		Why: `Between the release switch and the end of the database steps the new code
runs on the old schema (or the old code on a half-updated one): pages fail,
and what visitors write meanwhile can be lost or written in the wrong
shape. Maintenance mode closes the site for that window. Turned off before
the last database step, or never turned on, it leaves the window open;
Acquia's sample hook turns it off and then runs updb.`,
		Lang: "bash",
		Bad: `drush vset maintenance_mode 1
drush updb -y
drush vset maintenance_mode 0
drush cc all
drush cron`,
		Good: `drush vset maintenance_mode 1
drush updb -y
drush cc all
drush cron
drush vset maintenance_mode 0`,
		Fix: `Turn maintenance mode on once before the first database step (D7 "drush vset
maintenance_mode 1", D8+ "drush state:set system.maintenance_mode 1
--input-format=integer") and off after the last one. "dcycle procedure"
writes a procedure in that order.`,
		Since: since,
	},
}

func checkMaintenanceOffDuringDatabaseSteps(p *ProcedurePass) {
	steps := p.Procedure.MainSteps()
	last := -1
	for i, s := range steps {
		if s.Drush != nil && s.Drush.NeedsMaintenance() {
			last = i
		}
	}
	if last < 0 {
		return
	}
	on, offReported, outsideReported := false, false, false
	for _, s := range steps[:last+1] {
		switch s.Kind {
		case procedure.KindMaintenanceOn:
			on = true
		case procedure.KindMaintenanceOff:
			if on {
				p.ReportStep(s, "maintenance mode is turned off before %s (line %d), the last database step: visitors reach a site whose database is still being updated", drushName(steps[last]), steps[last].Span.Start.Line)
				offReported = true
			}
			on = false
		}
		if s.Drush != nil && s.Drush.NeedsMaintenance() && !on && !offReported && !outsideReported {
			p.ReportStep(s, "%s runs while the site is not in maintenance mode: visitors reach new code on the old schema; turn maintenance mode on before the first database step and off after the last", drushName(s))
			outsideReported = true
		}
	}
}
