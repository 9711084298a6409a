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
and a hook_update_dependencies() entry on 7005 points at nothing.

On Drupal 8 and later it fires on post-update and deploy hook names Drupal
reads differently from what their author meant. Drupal splits a
post-update's name at its last "_post_update_", and drush a deploy hook's
at its last "_deploy_": example_deploy_post_update_move_post_update_flag()
is taken for a post-update of an extension called
example_deploy_post_update_move, and never runs (checked on Drupal 10.5.7;
a post-update whose name holds "_deploy_", or a deploy hook whose name holds
"_post_update_", runs). It fires on the placeholders generators leave:
MODULE_update_N() (never runs), MODULE_post_update_NAME() and
MODULE_deploy_NAME() (they run, once, under a name that says nothing, and
a second one generated the same way is a duplicate function), and names
copied from the API documentation with their hook_ prefix, which Drupal
never calls. And it fires on a function named like a post-update or deploy
hook that another function of the module calls as a helper: Drupal runs it
on its own as well, with the sandbox as its argument.`,
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
number. Name post-updates and deploy hooks MODULE_post_update_SEQ_SLUG and
MODULE_deploy_SEQ_SLUG with a slug that says what they do and holds neither
"deploy" nor "post_update" ("dcycle new-update --kind post-update|deploy"
does). Name helpers _MODULE_something, which matches no hook. Rename only
hooks that have not run anywhere yet: Drupal records a hook by its name.`,
		Since: since,
	},
}

var (
	anyUpdateName = regexp.MustCompile(`^([a-z0-9_]+)_update_([0-9]+)$`)
	// hookDocName is a hook's name as the API documentation writes it,
	// hook_update_N() and the like, copied without renaming.
	hookDocName = regexp.MustCompile(`^hook_(?:update_(?:[0-9]+|n)|post_update_\w+|deploy_\w+)$`)
	// greedyHook splits a post-update or deploy hook name as Drupal and
	// drush do: the extension is everything before the last marker.
	greedyHook = map[phpast.Kind]*regexp.Regexp{
		phpast.KindPostUpdate: regexp.MustCompile(`^(.+)_post_update_(.+)$`),
		phpast.KindDeploy:     regexp.MustCompile(`^(.+)_deploy_(.+)$`),
	}
	// otherUpdateHooks are hooks whose names start with MODULE_update_ but
	// are not hook_update_N().
	otherUpdateHooks = map[string]bool{
		"last_removed": true, "dependencies": true, "projects_alter": true,
		"status_alter": true, "index": true,
	}
)

func checkUpdateNameMismatch(p *Pass) {
	module := strings.ToLower(p.Module.Name)
	if p.Module.Core != 7 {
		checkHookNames(p, module)
	}
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
			if hookDocName.MatchString(name) {
				todo := "replace hook with " + p.Module.Name
				if strings.HasSuffix(name, "_update_n") {
					todo += " and N with the next number (dcycle next prints it)"
				}
				p.Report(f, fn.NameSpan, fn, "%s is the name the API documentation gives the hook: Drupal never calls a function of that name; %s", fn.Name, todo)
				continue
			}
			if m := anyUpdateName.FindStringSubmatch(name); m != nil {
				if prefix := m[1]; prefix != module && editDistance(prefix, module) <= 2 {
					p.Report(f, fn.NameSpan, fn, "%s looks like update %s of %s with a misspelled prefix: Drupal never runs it", fn.Name, m[2], p.Module.Name)
				}
				continue
			}
			suffix, ok := strings.CutPrefix(name, module+"_update_")
			if ok && suffix == "n" {
				p.Report(f, fn.NameSpan, fn, "%s is the placeholder drush generate writes for hook_update_N(): Drupal never runs it; give it the next number (dcycle next prints it)", fn.Name)
				continue
			}
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

// checkHookNames reports the post-update and deploy hook names Drupal
// reads otherwise than their authors meant (Drupal 8+): a name part holding
// the kind's own marker, a generator's placeholder, and a hook that the
// module calls as a helper.
func checkHookNames(p *Pass, module string) {
	callers := hookCallers(p.Module)
	for _, f := range p.Module.Files() {
		for _, fn := range f.Functions {
			if fn.Kind != phpast.KindPostUpdate && fn.Kind != phpast.KindDeploy {
				continue
			}
			name := strings.ToLower(fn.Name)
			marker := "_post_update_"
			if fn.Kind == phpast.KindDeploy {
				marker = "_deploy_"
			}
			if m := greedyHook[fn.Kind].FindStringSubmatch(name); m != nil && m[1] != module {
				p.Report(f, fn.NameSpan, fn, "%s never runs: Drupal splits the name at its last %s and looks for an extension called %s; keep %s out of the part after %s%s",
					fn.Name, marker, m[1], strings.Trim(marker, "_"), p.Module.Name, marker)
				continue
			}
			if strings.EqualFold(fn.Slug, "name") {
				p.Report(f, fn.NameSpan, fn, "%s keeps the placeholder of hook%sNAME(): it runs once under a name that says nothing, and a second one made the same way is a duplicate function; name it after what it does",
					fn.Name, marker)
				continue
			}
			if caller := callers[name]; caller != nil {
				p.Report(f, fn.NameSpan, fn, "%s is called by %s() as a helper, but its name makes it a %s: Drupal also runs it on its own, once, with the sandbox as its argument; name helpers _%s_…",
					fn.Name, caller.Name, stepWord(fn.Kind), p.Module.Name)
			}
		}
	}
}

// hookCallers maps the lower-cased names the module's functions call to
// the first function calling each, leaving out hook_install() and the
// helper it replays through, whose explicit replays call hooks by name.
func hookCallers(m *phpast.Module) map[string]*phpast.Function {
	out := map[string]*phpast.Function{}
	replayers := map[*phpast.Function]bool{}
	for _, f := range m.Files() {
		for _, fn := range f.Functions {
			if fn.Kind == phpast.KindInstall && fn.Replay != nil && fn.Replay.Via != nil {
				replayers[fn.Replay.Via] = true
			}
		}
	}
	for _, f := range m.Files() {
		for _, fn := range f.Functions {
			if fn.Kind == phpast.KindInstall || replayers[fn] {
				continue
			}
			for _, c := range fn.Calls {
				if c.Kind != phpast.CallFunction {
					continue
				}
				if name := strings.ToLower(c.Name); out[name] == nil && !strings.EqualFold(c.Name, fn.Name) {
					out[name] = fn
				}
			}
		}
	}
	return out
}
