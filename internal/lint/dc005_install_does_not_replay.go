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
extended has the same effect for the updates it misses.`,
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
		Fix: `"dcycle lint --fix" creates hook_install() or rewrites its replay (and only
the replay: the rest of the function is kept) into the form above, which runs
every update in order, passes a sandbox until '#finished' reaches 1, and on
failure records the last update that completed, so that the install fails
loudly and the next "drush updb" resumes at the failed update. The fix is
safe: updates that the old replay already ran are run the same way.`,
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
	var missing []int
	prefix := updatePrefix(m)
	for _, u := range updates {
		if !install.Replay.Covers(prefix, u.Number) && (len(missing) == 0 || missing[len(missing)-1] != u.Number) {
			missing = append(missing, u.Number)
		}
	}
	if len(missing) == 0 {
		return
	}
	span := install.NameSpan
	if install.Replay != nil && install.Replay.Kind != phpast.ReplayNone {
		span = install.Replay.Span
	}
	p.ReportFix(m.Install, span, install, replayFix(p, m.Install), "hook_install() does not replay %s: a new site never runs %s", numberRanges(missing), them(len(missing)))
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
