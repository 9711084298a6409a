package lint

import (
	"slices"

	"github.com/dcycle/dcycle/internal/phpast"
)

var dc006 = &Rule{
	ID:          "DC006",
	Name:        "replay-breaks-sandbox",
	Severity:    SeverityError,
	Fix:         FixSafe,
	NeedsSource: true,
	Check:       checkReplaySandbox,
	Doc: Doc{
		Title: "hook_install() calls an update that takes &$sandbox without one, or only once",
		Why: `An update declared as function example_deploy_update_7002(&$sandbox)
processes its work in batches: Drupal calls it again and again until
$sandbox['#finished'] reaches 1. The seed article's replay loop calls every
update as $candidate(), with no argument: for a sandbox update that is a
fatal ArgumentCountError on PHP 8, and installing the module fails on every
new site. A replay that passes a sandbox but calls the update only once
stops after the first batch, and the new site is left half-updated without
any error.`,
		Bad: `function example_deploy_install() {
  for ($i = 7001; $i < 8000; $i++) {
    $candidate = 'example_deploy_update_' . $i;
    if (function_exists($candidate)) {
      $candidate();
    }
  }
}

function example_deploy_update_7002(&$sandbox) {
  // Re-saves 50 nodes per call until $sandbox['#finished'] is 1.
}`,
		Good: resumableReplay,
		Fix: `"dcycle lint --fix" rewrites the replay into the form above, which passes a
sandbox and repeats each call until '#finished' reaches 1. The fix is safe:
updates without a sandbox ignore the argument and run once, as before.`,
		Since: since,
	},
}

func checkReplaySandbox(p *Pass) {
	m := p.Module
	install := m.Find(phpast.KindInstall)
	if install == nil || install.Replay == nil || install.Replay.Kind == phpast.ReplayNone {
		return
	}
	r := install.Replay
	prefix := updatePrefix(m)
	for _, u := range m.Updates() {
		if !u.Sandbox || !r.Covers(prefix, u.Number) {
			continue
		}
		switch {
		case r.Kind != phpast.ReplayExplicit && !r.Sandbox, slices.Contains(r.SandboxlessCalls, u.Number):
			p.ReportFix(m.Install, r.Span, install, replayFix(p, m.Install), "hook_install() calls %s() without a sandbox: installing the module dies with an ArgumentCountError", u.Name)
		case !r.Sandbox:
			p.ReportFix(m.Install, r.Span, install, replayFix(p, m.Install), "hook_install() calls %s() once: the update stops before $sandbox['#finished'] reaches 1", u.Name)
		}
	}
}
