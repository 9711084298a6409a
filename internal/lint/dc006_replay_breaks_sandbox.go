package lint

import "github.com/dcycle/dcycle/internal/phpast"

var dc006 = &Rule{
	ID:          "DC006",
	Name:        "replay-breaks-sandbox",
	Severity:    SeverityError,
	Fix:         FixSafe,
	NeedsSource: true,
	Check:       checkReplaySandbox,
	Doc: Doc{
		Title: "hook_install()'s replay calls a &$sandbox update without a sandbox or only once, or cannot resume after a failure",
		Why: `An update declared as function example_deploy_update_7002(&$sandbox)
processes its work in batches: Drupal calls it again and again until
$sandbox['#finished'] reaches 1. The seed article's replay loop calls every
update as $candidate(), with no argument: for a sandbox update that is a
fatal ArgumentCountError on PHP 8, and installing the module fails on every
new site. A replay that passes a sandbox but calls the update only once
stops after the first batch, and the new site is left half-updated without
any error. Only a loop whose condition reads the sandbox's '#finished'
repeats the call; a comment that mentions it does not.

A replay loop must also fail resumably. Drupal records the module's highest
update as installed before hook_install() runs, so when an update of the
replay fails, the site believes every update ran, and "drush updb" never
runs the failed one or those after it. A loop over the updates (a range or
the update registry) is reported unless a catch around it records the last
update that completed (drupal_set_installed_schema_version(), or the update
registry's setInstalledVersion()) and rethrows. A replay that resets the
schema version for the next updb runs the updates through updb, and is
resumable as it is.`,
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
		Fix: `"dcycle lint --fix" replaces the seed article's exact loop with the form
above, which passes a sandbox, repeats each call until '#finished' reaches 1,
and on failure records the last update that completed and rethrows. The fix
is safe: updates without a sandbox ignore the argument and run once, as
before. Any other replay has no fix, because dcycle never rewrites code it
does not fully recognise: write the sandbox loop or the try/catch by hand,
as above.`,
		Since: since,
	},
}

func checkReplaySandbox(p *Pass) {
	m := p.Module
	install := m.Find(phpast.KindInstall)
	if install == nil || install.Replay == nil || install.Replay.Kind == phpast.ReplayNone {
		return
	}
	updates := m.Updates()
	if len(updates) == 0 {
		return
	}
	r := install.Replay
	holder := install // the function whose body holds the replay
	if r.Via != nil {
		holder = r.Via
	}
	// The replay lint --fix writes cures all three problems, but it
	// replaces only the seed article's exact loop: any other replay's fix
	// (a raised bound, an appended call) would leave them as they are.
	var fix *Fix
	if r.SeedForm {
		fix = replayFix(p, m.Install)
	}
	loop := r.Kind == phpast.ReplayRange || r.Kind == phpast.ReplayRegistry
	if loop && !r.Resumable {
		p.ReportFix(m.Install, r.Span, holder, fix, "hook_install()'s replay is not resumable: if an update fails, Drupal has already recorded the highest update as installed and the next updb never runs the rest")
	}
	prefix := updatePrefix(m)
	for _, u := range updates {
		if !u.Sandbox || !r.Covers(prefix, u.Number) {
			continue
		}
		span := r.Span
		without, once := false, false
		switch {
		case loop:
			without, once = !r.PassesSandbox, r.PassesSandbox && !r.Sandbox
		case r.Kind == phpast.ReplayExplicit:
			for i, n := range r.Numbers {
				if n != u.Number {
					continue
				}
				call := r.Calls[i]
				span = call.Span
				without, once = len(call.Args) == 0, len(call.Args) > 0 && !untilFinished(holder, call)
				break
			}
		}
		switch {
		case without:
			p.ReportFix(m.Install, span, holder, fix, "hook_install() calls %s() without a sandbox: installing the module dies with an ArgumentCountError", u.Name)
		case once:
			p.ReportFix(m.Install, span, holder, fix, "hook_install() calls %s() once: the update stops before $sandbox['#finished'] reaches 1", u.Name)
		}
	}
}

// untilFinished reports whether an explicit call of an update passes a
// variable and sits in a loop that repeats until that variable's
// '#finished' reaches 1.
func untilFinished(fn *phpast.Function, call *phpast.Call) bool {
	v := call.Args[0].Var
	if v == "" {
		return false
	}
	for i := call.Stmt; i >= 0; i = fn.Stmts[i].Parent {
		if fn.Stmts[i].UntilFinished == v {
			return true
		}
	}
	return false
}
