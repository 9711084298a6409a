package lint

import (
	"strings"

	"github.com/dcycle/dcycle/internal/phpast"
)

var dc005 = &Rule{
	ID:          "DC005",
	Name:        "install-does-not-replay",
	Severity:    SeverityError,
	Fix:         FixSafe,
	NeedsSource: true,
	Check:       checkInstallReplays,
	Doc: Doc{
		Title: "hook_install() is missing or does not call every update",
		Why: `Enabling a module sets its schema version to its highest update before
hook_install() runs, so on a new site (a developer's, CI's, a throwaway
environment) no update ever runs unless hook_install() calls them. A new
site then differs from production in exactly the changes the updates make,
and tests pass or fail for the wrong reason. A replay loop that stops too
early ($i < 7004 when 7005 exists) or an explicit list of calls that was not
extended has the same effect for the updates it misses. Setting the module's
schema version back below its first update (the seed article's other form:
db_update('system') or drupal_set_installed_schema_version() to 7000) replays
every update at the next "drush updb", and counts as a replay of all of them.`,
		Bad: `function example_deploy_install() {
  for ($i = 7001; $i < 7003; $i++) {
    $candidate = 'example_deploy_update_' . $i;
    if (function_exists($candidate)) {
      $candidate();
    }
  }
}

function example_deploy_update_7003() {
  variable_set('preprocess_css', 1);
}`,
		Good: resumableReplay,
		Fix: `"dcycle lint --fix" changes only what is missing and keeps every other
statement of hook_install(): it creates hook_install() with the replay
above, adds that replay after the module's own statements when there is
none, replaces the seed article's exact loop with it, raises the bound of
another range loop, or appends the missing calls to an explicit list in its
own style. The replay above runs every update in order, passes a sandbox
until '#finished' reaches 1, and on failure records the last update that
completed, so that the install fails loudly and the next "drush updb"
resumes at the failed update. The fix is safe: updates that the old replay
already ran are run the same way. A replay held in a helper function, or
written in a form dcycle does not recognise (a call_user_func() of built
names, a list of numbers), has no fix: the finding says so, and the updates
must be added by hand.`,
		Since: since,
	},
}

// updatePrefix is what update function names of m start with, lower-case.
func updatePrefix(m *phpast.Module) string { return strings.ToLower(m.Name) + "_update_" }

func checkInstallReplays(p *Pass) {
	m := p.Module
	updates := m.Updates()
	if len(updates) == 0 || m.Install == nil {
		return
	}
	install := m.Find(phpast.KindInstall)
	if install == nil {
		numbers := make([]int, len(updates))
		for i, u := range updates {
			numbers[i] = u.Number
		}
		u := updates[0]
		p.ReportFix(u.File, u.NameSpan, nil, replayFix(p, u.File), "no hook_install() replays the updates: a new site never runs %s", numberRanges(numbers))
		return
	}
	r := install.Replay
	var missing []int
	prefix := updatePrefix(m)
	for _, u := range updates {
		if !r.Covers(prefix, u.Number) && (len(missing) == 0 || missing[len(missing)-1] != u.Number) {
			missing = append(missing, u.Number)
		}
	}
	switch {
	case len(missing) == 0:
	case r != nil && r.Via != nil:
		// dcycle reads a replay held in a helper, but only a human edits it.
		p.Report(m.Install, r.Span, r.Via, "%s(), which hook_install() calls to replay the updates, does not replay %s: a new site never runs %s (dcycle does not edit a replay held in a helper: extend it by hand)", r.Via.Name, numberRanges(missing), them(len(missing)))
	case r != nil && r.Kind == phpast.ReplayNone && r.Unrecognised != (phpast.Span{}):
		p.Report(m.Install, r.Unrecognised, install, "hook_install() seems to replay the updates here in a form dcycle does not recognise: check by hand that a new site runs %s (dcycle leaves this replay alone)", numberRanges(missing))
	case r != nil && r.Kind != phpast.ReplayNone:
		p.ReportFix(m.Install, r.Span, install, replayFix(p, m.Install), "hook_install() does not replay %s: a new site never runs %s", numberRanges(missing), them(len(missing)))
	default:
		p.ReportFix(m.Install, install.NameSpan, install, replayFix(p, m.Install), "hook_install() does not replay %s: a new site never runs %s", numberRanges(missing), them(len(missing)))
	}
}

func them(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// resumableReplay is the replay "lint --fix" writes, the good example of both
// replay rules (DC005, DC006).
const resumableReplay = `function example_deploy_install() {
  $last = 7000;
  try {
    foreach (drupal_get_schema_versions('example_deploy') as $number) {
      $sandbox = array();
      do {
        $function = 'example_deploy_update_' . $number;
        $function($sandbox);
      } while (isset($sandbox['#finished']) && $sandbox['#finished'] < 1);
      $last = $number;
    }
  }
  catch (Exception $e) {
    drupal_set_installed_schema_version('example_deploy', $last);
    throw $e;
  }
}`
