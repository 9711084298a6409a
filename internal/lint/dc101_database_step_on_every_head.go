package lint

import "github.com/dcycle/dcycle/internal/procedure"

var dc101 = &Rule{
	ID:             "DC101",
	Name:           "database-step-on-every-head",
	Severity:       SeverityError,
	CheckProcedure: checkDatabaseStepOnEveryHead,
	Doc: Doc{
		Title: "A database step runs on every web head instead of once",
		Why: `Web heads share one database. "drush updb", "drush deploy", "drush cim",
"drush fra", "drush rr" and "drush cron" change that database, so run on
every head they run several times: the second run of an update that
already ran finds the schema changed under it, two heads run the same
update at the same time, a Features revert or config import fights
itself, cron runs N times. It is the seed's own trouble: "if you deploy
steps 1 and 2 to server A it will cause server B to break".

A run_once task of a play with serial runs once per batch, not once.`,
		Lang: "yaml",
		Bad: `- hosts: webheads
  any_errors_fatal: true
  tasks:
    - name: Run the database updates
      command: drush -r /var/www/current updb -y`,
		Good: `- hosts: webheads
  any_errors_fatal: true
  tasks:
    - name: Run the database updates, once
      command: drush -r /var/www/current updb -y
      run_once: true`,
		Fix: `Run database steps once, on one head, after every head serves the new
release: run_once: true in Ansible (in a play without serial), or an ssh to
one host outside the loop over the hosts.`,
		Since: since,
	},
}

func checkDatabaseStepOnEveryHead(p *ProcedurePass) {
	firstHost := map[string]*procedure.Step{} // command → its first step on a named host
	for _, s := range p.Procedure.MainSteps() {
		if s.Drush == nil || !s.Drush.IsDatabaseStep() {
			continue
		}
		switch s.Scope {
		case procedure.EveryHead:
			p.ReportStep(s, "%s runs on every head (%s): it changes the one shared database, so run it once, on one head", drushName(s), s.Via)
			continue
		case procedure.OncePerBatch:
			p.ReportStep(s, "%s runs once per batch (%s), so several times: run it once, in a play without serial", drushName(s), s.Via)
			continue
		}
		if s.Host == "" {
			continue
		}
		if prev := firstHost[s.Drush.Command]; prev != nil && prev.Host != s.Host {
			p.ReportStep(s, "%s runs on %s after it ran on %s (line %d): it changes the one shared database, so run it once, on one head", drushName(s), s.Host, prev.Host, prev.Span.Start.Line)
			continue
		}
		if firstHost[s.Drush.Command] == nil {
			firstHost[s.Drush.Command] = s
		}
	}
}
