package lint

import "github.com/dcycle/dcycle/internal/procedure"

var dc110 = &Rule{
	ID:             "DC110",
	Name:           "sudo-covers-first-command-only",
	Severity:       SeverityWarning,
	CheckProcedure: checkSudoCoversFirstCommandOnly,
	Doc: Doc{
		Title: "sudo -u USER applies to the first command of an && list only",
		Why: `In "sudo -u USER drush updb && drush fra -y && drush cron" the shell runs
sudo for the first command alone: the others run as whoever runs the
script, often root. Files they write (generated CSS and JS, image styles,
Features exports, cron's temporary files) then belong to the wrong user,
and the site cannot change them later. It is the seed's own answer.`,
		Lang: "bash",
		Bad:  `sudo -u www-data drush updb -y && drush fra -y && drush cron`,
		Good: `sudo -u www-data sh -c 'drush updb -y && drush fra -y && drush cron'`,
		Fix: `Run the whole list under one sudo (sudo -u USER sh -c '…'), or put sudo -u
USER in front of every command.`,
		Since: since,
	},
}

func checkSudoCoversFirstCommandOnly(p *ProcedurePass) {
	var first *procedure.Step
	reported := map[int]bool{}
	for _, s := range p.Procedure.Steps {
		if s.Drush == nil || s.Chain == 0 {
			continue
		}
		if first == nil || first.Chain != s.Chain {
			first = s
			continue
		}
		if first.RunAs != "" && s.RunAs != first.RunAs && !reported[s.Chain] {
			reported[s.Chain] = true
			user := s.RunAs
			if user == "" {
				user = "the user running the procedure"
			}
			p.ReportStep(s, "%s runs as %s, not as %s: sudo -u covers only %s, the first command of the list", stepText(s), user, first.RunAs, stepText(first))
		}
	}
}
