package lint

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/dcycle/dcycle/internal/phpast"
)

var dc010 = &Rule{
	ID:          "DC010",
	Name:        "update-name-mismatch",
	Severity:    SeverityError,
	NeedsSource: true,
	Check:       checkUpdateNameMismatch,
	Doc: Doc{
		Title: "A function looks like an update but Drupal will never run it",
		Why: `Drupal finds updates by name: MODULE_update_N with MODULE exactly the
module's machine name and N only digits. A typo in the prefix
(mesy_deploy_update_7008 in messy_deploy) or a suffix that is not a number
(example_deploy_update_7001b, example_deploy_update_seven) makes an ordinary
function that nothing calls: the change it carries is never deployed, and
nothing says so. This rule fires on a function ending in _update_N whose
prefix is within two edits of the module name, and on MODULE_update_ followed
by anything that is not a number or another hook (update_last_removed,
update_dependencies, update_projects_alter, update_status_alter,
update_index).

It also fires on a number written with a leading zero
(example_deploy_update_015401). Drupal 8 and later read the number as an
integer: installing the module records 15401 as its schema version, and
drush updb looks for example_deploy_update_15401(), which does not exist, and
dies with a ReflectionException, so no pending update of any module runs.
Drupal 7 keeps the digits as written: it runs example_deploy_update_07005 as
update 7005, but whatever names updates by number looks for
example_deploy_update_7005(), which does not exist: a hook_install() replay
loop over numbers (for ($i = 7001; …)) skips it, so a fresh site misses it,
and a hook_update_dependencies() entry on 7005 points at nothing.`,
		Bad: `function exmaple_deploy_update_7003() {
  variable_set('site_404', 'node/2');
}`,
		Good: `function example_deploy_update_7003() {
  variable_set('site_404', 'node/2');
}`,
		Fix: `Rename the function to MODULE_update_N with the next free number ("dcycle
next" prints it) and make sure hook_install() replays it. A number with a
leading zero keeps its value: drop the zeros (example_deploy_update_015401
becomes example_deploy_update_15401), which Drupal already counts as that
number.`,
		Since: since,
	},
}

var (
	anyUpdateName = regexp.MustCompile(`^([a-z0-9_]+)_update_([0-9]+)$`)
	// otherUpdateHooks are hooks whose names start with MODULE_update_ but
	// are not hook_update_N().
	otherUpdateHooks = map[string]bool{
		"last_removed": true, "dependencies": true, "projects_alter": true,
		"status_alter": true, "index": true,
	}
)

func checkUpdateNameMismatch(p *Pass) {
	module := strings.ToLower(p.Module.Name)
	for _, f := range p.Module.Files() {
		for _, fn := range f.Functions {
			if fn.Kind == phpast.KindUpdate && len(fn.NumberText) > 1 && fn.NumberText[0] == '0' {
				reportLeadingZero(p, f, fn)
				continue
			}
			if fn.Kind != phpast.KindOther {
				continue
			}
			name := strings.ToLower(fn.Name)
			if m := anyUpdateName.FindStringSubmatch(name); m != nil {
				if prefix := m[1]; prefix != module && editDistance(prefix, module) <= 2 {
					p.Report(f, fn.NameSpan, fn, "%s looks like update %s of %s with a misspelled prefix: Drupal never runs it", fn.Name, m[2], p.Module.Name)
				}
				continue
			}
			suffix, ok := strings.CutPrefix(name, module+"_update_")
			if ok && !otherUpdateHooks[suffix] {
				p.Report(f, fn.NameSpan, fn, "%s is not an update: the part after _update_ must be a number, and Drupal never runs it", fn.Name)
			}
		}
	}
}

// reportLeadingZero reports an update whose number is written with a
// leading zero, saying what the module's Drupal does with it: D8+ counts
// the number and cannot call the function; D7 runs it, but anything that
// builds the name from the number misses it.
func reportLeadingZero(p *Pass, f *phpast.File, fn *phpast.Function) {
	prefix := fn.Name[:len(fn.Name)-len(fn.NumberText)]
	canonical := prefix + strconv.Itoa(fn.Number)
	what := fmt.Sprintf("Drupal %s counts it as update %d but cannot call it: drush updb looks for %s(), which does not exist, and dies with a ReflectionException",
		coreLabel(p.Module.Core), fn.Number, canonical)
	if p.Module.Core == 7 {
		what = fmt.Sprintf("Drupal 7 runs it as update %d, but whatever names updates by number (a replay loop over numbers, hook_update_dependencies()) looks for %s(), which does not exist", fn.Number, canonical)
	}
	todo := "rename it " + canonical
	for _, u := range p.Module.Updates() {
		if u.Function != fn && u.Number == fn.Number {
			todo = fmt.Sprintf("%s is taken: give it the next free number (dcycle next)", u.Name)
			break
		}
	}
	p.Report(f, fn.NameSpan, fn, "%s has a leading zero: %s; %s", fn.Name, what, todo)
}

// coreLabel names the core major for a message: "10", or "8 and later"
// when the module's core is unknown.
func coreLabel(core int) string {
	if core >= 8 {
		return strconv.Itoa(core)
	}
	return "8 and later"
}
