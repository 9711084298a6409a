package lint

import "github.com/dcycle/dcycle/internal/procedure"

var dc108 = &Rule{
	ID:             "DC108",
	Name:           "switch-without-php-reset",
	Severity:       SeverityWarning,
	CheckProcedure: checkSwitchWithoutPHPReset,
	Doc: Doc{
		Title: "The release switch is not followed by a PHP reset that reaches PHP-FPM on every head",
		Why: `PHP-FPM caches compiled code (opcache) and resolved paths (the realpath
cache): after the current link moves, each FPM worker goes on serving the
old release's files for as long as its caches hold them, so the old code
runs on the new schema, and each head differs from the next. The reset has
to happen in the PHP that serves requests, on every head: an FPM reload, a
cachetool opcache:reset through FastCGI, a request to a reset page. "php -r
'opcache_reset();'" and "drush php:eval 'opcache_reset();'" reset the
command line's own PHP, which serves nobody (the Ansible Drupal role's
"clear opcache" step does that).`,
		Lang: "bash",
		Bad: `mv -T /var/www/.current.next /var/www/current
php -r 'opcache_reset();'`,
		Good: `mv -T /var/www/.current.next /var/www/current
sudo systemctl reload php8.2-fpm`,
		Fix: `Right after the switch, on every head, reload PHP-FPM (systemctl reload
phpX.Y-fpm) or reset opcache through FastCGI (cachetool opcache:reset
--fcgi=…). When the reset is a command dcycle does not recognise, suppress
the finding with the reason.`,
		Since: since,
	},
}

func checkSwitchWithoutPHPReset(p *ProcedurePass) {
	steps := p.Procedure.MainSteps()
	for i, s := range steps {
		if s.Switch == nil {
			continue
		}
		var cli, narrow *procedure.Step
		found := false
		for _, r := range steps[i+1:] {
			if r.Reset == nil {
				continue
			}
			switch {
			case !r.Reset.ReachesFPM:
				cli = firstStep(cli, r)
			case s.Scope == procedure.EveryHead && r.Scope != procedure.EveryHead, r.Host != s.Host:
				narrow = firstStep(narrow, r)
			default:
				found = true
			}
			if found {
				break
			}
		}
		switch {
		case found:
		case narrow != nil:
			p.ReportStep(s, "the PHP reset (line %d) does not run where the switch does (%s): reset PHP-FPM on every head that switched", narrow.Span.Start.Line, s.Via)
		case cli != nil:
			p.ReportStep(s, "the PHP reset (line %d, %s) runs in the command line's PHP, not in PHP-FPM: FPM keeps serving the old release from its caches; reload PHP-FPM after the switch", cli.Span.Start.Line, stepText(cli))
		default:
			p.ReportStep(s, "no PHP reset follows the switch: PHP-FPM keeps serving the old release from its opcache and realpath cache; reload PHP-FPM on every head after the switch")
		}
	}
}

func firstStep(have, s *procedure.Step) *procedure.Step {
	if have != nil {
		return have
	}
	return s
}
