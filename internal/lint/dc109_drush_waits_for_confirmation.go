package lint

var dc109 = &Rule{
	ID:             "DC109",
	Name:           "drush-waits-for-confirmation",
	Severity:       SeverityError,
	CheckProcedure: checkDrushWaitsForConfirmation,
	Doc: Doc{
		Title: "updb, cim or deploy run without -y",
		Why: `"drush updb", "drush cim", "drush deploy" (and fra, entup) list what they
will do and ask "Do you wish to continue?". In a deployment nobody answers:
the job hangs until a timeout kills it half-way, or drush reads the end of
its input as "no" and the step is skipped while the procedure goes on.`,
		Lang:  "bash",
		Bad:   `drush updb`,
		Good:  `drush updb -y`,
		Fix:   `Add -y (--yes) to every drush command that asks.`,
		Since: since,
	},
}

func checkDrushWaitsForConfirmation(p *ProcedurePass) {
	for _, s := range p.Procedure.Steps {
		if s.Drush != nil && s.Drush.Asks() && !s.Drush.Yes {
			p.ReportStep(s, "%s asks for a confirmation nobody gives: add -y", drushName(s))
		}
	}
}
