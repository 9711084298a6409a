package lint

import (
	"regexp"
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
update_index).`,
		Bad: `function exmaple_deploy_update_7003() {
  variable_set('site_404', 'node/2');
}`,
		Good: `function example_deploy_update_7003() {
  variable_set('site_404', 'node/2');
}`,
		Fix: `Rename the function to MODULE_update_N with the next free number ("dcycle
next" prints it) and make sure hook_install() replays it.`,
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
