package lint

import "path/filepath"

var dc111 = &Rule{
	ID:             "DC111",
	Name:           "deploy-hooks-never-run",
	Severity:       SeverityError,
	CheckProcedure: checkDeployHooksNeverRun,
	Doc: Doc{
		Title: "The deploy module has deploy hooks but the procedure never runs them",
		Why: `Deploy hooks (NAME_deploy_SLUG() in NAME.deploy.php, Drupal 8+) are run by
"drush deploy:hook", the last step of "drush deploy", and by nothing
else: not by updb, not by cim. A procedure that runs the database
updates one by one and leaves it out never runs them, and the site keeps
lacking what they were written to do.`,
		Lang: "bash",
		Bad: `drush updb -y
drush cim -y
drush cr`,
		Good: `drush deploy -y`,
		Fix: `Run "drush deploy -y" (updatedb, config:import, cache rebuild, deploy
hooks), or add "drush deploy:hook -y" after the configuration import.`,
		Since: since,
	},
}

func checkDeployHooksNeverRun(p *ProcedurePass) {
	proc := p.Procedure
	if proc.DeployHooks == "" || proc.Core == 7 {
		return
	}
	first := -1 // the first updatedb
	steps := proc.MainSteps()
	for i, s := range steps {
		if s.Drush == nil {
			continue
		}
		switch s.Drush.Command {
		case "deploy", "deploy:hook":
			return
		case "updatedb":
			if first < 0 {
				first = i
			}
		}
	}
	if first < 0 {
		return // not the procedure that runs the database steps
	}
	p.ReportStep(steps[first], "the deploy module has %s, but the procedure never runs drush deploy or drush deploy:hook: its deploy hooks never run", filepath.Base(proc.DeployHooks))
}
