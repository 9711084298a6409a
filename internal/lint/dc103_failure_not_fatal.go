package lint

import "github.com/dcycle/dcycle/internal/procedure"

var dc103 = &Rule{
	ID:             "DC103",
	Name:           "failure-not-fatal",
	Severity:       SeverityError,
	CheckProcedure: checkFailureNotFatal,
	Doc: Doc{
		Title: "A failing step does not stop the procedure",
		Why: `A deployment that goes on after a failure turns one error into several: the
switch happens though staging failed, maintenance mode is turned off though
"drush updb" died half-way, and the job reports success. A bash script
goes on unless it sets -e (errexit); "|| true", "| true" and a pipe into
tee without pipefail throw a failure away; "set -e" ignores a failure on
the left of "&&" unless the list is the script's last command; a command
in an ssh or shell-task string without its own "set -e" is lost unless it
is the last. In Ansible, ignore_errors, failed_when: false and a rescue
that does not fail throw it away, and without any_errors_fatal a failure on
one head leaves the others to go on.`,
		Lang: "bash",
		Bad: `#!/bin/bash
drush vset maintenance_mode 1
drush updb -y || true
drush vset maintenance_mode 0`,
		Good: `#!/bin/bash
set -euo pipefail
drush vset maintenance_mode 1
drush updb -y
drush vset maintenance_mode 0`,
		Fix: `Start scripts with "set -euo pipefail"; handle a failure with an explicit
branch that stops ("|| { rollback; exit 1; }") rather than "|| true"; in
Ansible set any_errors_fatal: true on plays over several heads, end
rescue sections with fail, and drop ignore_errors from deployment steps.`,
		Since: since,
	},
}

func checkFailureNotFatal(p *ProcedurePass) {
	proc := p.Procedure
	var main []*procedure.Step
	for _, s := range proc.MainSteps() {
		if s.Kind != procedure.KindCommand {
			main = append(main, s)
		}
	}
	if len(main) == 0 {
		return
	}
	if !proc.Errexit {
		p.ReportStep(main[0], "the script goes on after a failing command (no set -e before its first step, %s): add set -euo pipefail at its top", stepText(main[0]))
	}
	seen := map[int]bool{}
	for _, s := range main {
		if s.Failure.Lost == "" {
			continue
		}
		at := s.Failure.At
		if at == (procedure.Span{}) {
			at = s.Span
		}
		if seen[at.Start.Offset] {
			continue
		}
		seen[at.Start.Offset] = true
		if at.Start.Line != s.Span.Start.Line {
			p.Report(at, "a failure of %s (line %d) is lost: %s", stepText(s), s.Span.Start.Line, s.Failure.Lost)
		} else {
			p.Report(at, "a failure of %s is lost: %s", stepText(s), s.Failure.Lost)
		}
	}
	for _, pl := range proc.Plays {
		if pl.AnyErrorsFatal || pl.OneHost {
			continue
		}
		// Only a step run on each head can fail on one head and not the
		// others; a run_once step's failure is every host's.
		for _, s := range main {
			if s.Play == pl && s.Scope == procedure.EveryHead {
				p.Report(pl.Span, "a failure on one head does not stop %s on the others: set any_errors_fatal: true", pl)
				break
			}
		}
	}
}
