package lint

import "github.com/dcycle/dcycle/internal/procedure"

var dc107 = &Rule{
	ID:             "DC107",
	Name:           "non-atomic-release-switch",
	Severity:       SeverityWarning,
	CheckProcedure: checkNonAtomicReleaseSwitch,
	Doc: Doc{
		Title: "The release switch is not atomic",
		Why: `While the live release changes, a web server keeps answering. "rm current"
then "ln -s", and "ln -sfn" on the live link (which unlinks, then links),
leave a moment with no site at all; "mv" without -T moves the new link
into the folder the old one points at instead of replacing it; "dpkg -i",
"git pull" and the like rewrite the live files one by one, so requests
meanwhile run a mix of old and new files. Only a rename is atomic: a
request sees the old release or the new one, never neither nor both.
Ansible's file module with state: link renames a temporary link into
place.`,
		Lang: "bash",
		Bad:  `ln -sfn /var/www/releases/42 /var/www/current`,
		Good: `ln -sfn /var/www/releases/42 /var/www/.current.next
mv -T /var/www/.current.next /var/www/current`,
		Fix: `Stage each release in its own folder (releases/ID), make the new link under
a temporary name, and rename it over the live one with "mv -T".`,
		Since: since,
	},
}

func checkNonAtomicReleaseSwitch(p *ProcedurePass) {
	for _, s := range p.Procedure.Steps {
		if s.Switch == nil {
			continue
		}
		sw := s.Switch
		switch sw.How {
		case procedure.SwitchForceLink:
			p.ReportStep(s, "ln -sfn replaces the live link %s in two steps, unlink then link: a request in between finds no site; link under a temporary name and mv -T it over %s", sw.Link, sw.Link)
		case procedure.SwitchRemoveThenLink:
			p.ReportStep(s, "%s is removed (line %d) and then linked again: requests in between find no site; link under a temporary name and mv -T it over %s", sw.Link, sw.Removed.Start.Line, sw.Link)
		case procedure.SwitchMoveIntoDir:
			p.ReportStep(s, "mv without -T moves the new link into the folder %s points to instead of replacing %s: use mv -T", sw.Link, sw.Link)
		case procedure.SwitchInPlace:
			p.ReportStep(s, "%s replaces the live code's files in place: requests meanwhile run a mix of old and new files; stage the release in its own folder and switch a link to it with mv -T", stepText(s))
		}
	}
}
