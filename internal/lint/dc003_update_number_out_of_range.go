package lint

import "github.com/dcycle/dcycle/internal/phpast"

var dc003 = &Rule{
	ID:          "DC003",
	Name:        "update-number-out-of-range",
	Severity:    SeverityError,
	NeedsSource: true,
	Check:       checkUpdateNumberRange,
	Doc: Doc{
		Title: "An update number does not fit the core major, or is at or below hook_update_last_removed()",
		Why: `Drupal runs an update only when its number is above the module's stored
schema version, and numbers follow the core major: 7000–7999 for Drupal 7,
8000 and above for Drupal 8 and later, five digits (10001, 11001…) from
Drupal 10. A Drupal 8+ module whose updates are below 8000 gets schema 8000
when it is installed and "drush updb" never runs them; a number at or below
what hook_update_last_removed() returns belongs to updates that were removed
and never runs either.

Drupal 10 and later: a module that started on Drupal 8 or 9 keeps its 8xxx
and 9xxx updates, and they are legitimate history: they ran where the module
was deployed, so this rule leaves them alone as long as they come before the
module's first five-digit update. What fires is a four-digit update added
after a five-digit one: numbers must always increase, and a site already at
10002 never runs a new 9001.`,
		Bad: `/**
 * #12345: Enable javascript aggregation.
 */
function example_deploy_update_10002() {
  \Drupal::configFactory()->getEditable('system.performance')->set('js.preprocess', TRUE)->save(TRUE);
}

/**
 * #12346: Enable css aggregation.
 */
function example_deploy_update_9001() {
  \Drupal::configFactory()->getEditable('system.performance')->set('css.preprocess', TRUE)->save(TRUE);
}`,
		Good: `/**
 * #12345: Enable javascript aggregation.
 */
function example_deploy_update_10002() {
  \Drupal::configFactory()->getEditable('system.performance')->set('js.preprocess', TRUE)->save(TRUE);
}

/**
 * #12346: Enable css aggregation.
 */
function example_deploy_update_10003() {
  \Drupal::configFactory()->getEditable('system.performance')->set('css.preprocess', TRUE)->save(TRUE);
}`,
		Fix: `Renumber the update to the next free number ("dcycle next" prints it). If it
was already deployed under the wrong number, add a new update with the right
number that does the work again.`,
		Since: since,
	},
}

func checkUpdateNumberRange(p *Pass) {
	m := p.Module
	lastRemoved := m.LastRemoved()
	for _, f := range m.Files() {
		highest5 := 0 // highest five-digit update declared so far in this file
		for _, fn := range f.Functions {
			if fn.Kind != phpast.KindUpdate {
				continue
			}
			n := fn.Number
			switch {
			case lastRemoved > 0 && n <= lastRemoved:
				p.Report(f, fn.NameSpan, fn, "%d is at or below hook_update_last_removed() (%d): Drupal never runs it", n, lastRemoved)
			case m.Core == 7 && (n < 7000 || n > 7999):
				p.Report(f, fn.NameSpan, fn, "%d does not fit Drupal 7, whose updates are numbered 7000–7999", n)
			case m.Core >= 8 && n < 8000:
				p.Report(f, fn.NameSpan, fn, "%d is below 8000: Drupal %d sets the schema to 8000 or more on install and never runs it", n, m.Core)
			case m.Core >= 10 && n > 99999:
				p.Report(f, fn.NameSpan, fn, "%d has more than five digits: Drupal %d numbers updates %d001 and up", n, m.Core, m.Core)
			case m.Core >= 10 && n < 10000 && highest5 > 0:
				p.Report(f, fn.NameSpan, fn, "%d comes after update %d: sites already at %d never run it; number it above %d", n, highest5, highest5, highest5)
			}
			if n >= 10000 && n <= 99999 {
				highest5 = max(highest5, n)
			}
		}
	}
}
