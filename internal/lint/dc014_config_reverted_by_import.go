package lint

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dcycle/dcycle/internal/configsync"
	"github.com/dcycle/dcycle/internal/phpast"
)

var dc014 = &Rule{
	ID:          "DC014",
	Name:        "config-reverted-by-import",
	Severity:    SeverityError,
	NeedsSource: true,
	Check:       checkConfigRevertedByImport,
	Doc: Doc{
		Title: "An update, post-update or deploy hook changes configuration that the config import undoes (Drupal 8+)",
		Why: `drush deploy runs the updates and post-updates (updb), then imports the
config sync directory (config:import), then runs the deploy hooks. The
import makes the site's configuration what the sync directory says: every
object it holds is written back as it is there, every object it does not
hold is deleted, every module and theme core.extension.yml does not list
is uninstalled and every one it lists is installed. A configuration change
an update or post-update makes, when the sync directory says otherwise, is
undone minutes later by the same deploy; a deploy hook's change is undone
by the next deploy (checked on Drupal 10.5.7 with drush 12.5). The hook
"worked", the site does not show it, and nothing failed.
The rule reads the changes hooks make through the config factory
(getEditable(NAME) followed by set(), clear() or setData() and a save(),
or delete()) and the module and theme installers (install(),
uninstall()), with literal names, and asks the sync directory what the
import does: the one $settings['config_sync_directory'] of
sites/default/settings.php (and the files it includes) names, else the
config_sync: of .dcycle.yml. It reads the sync directory as Drupal does:
config_ignore's patterns (when core.extension.yml installs config_ignore),
active config_split splits merged in (a split that settings.php turns on
only under a condition decides on some sites only, and is left alone), and
$settings['config_exclude_modules']. Values are compared as the config
schema casts them (1 and TRUE agree). Only the last change a module's
hooks make to a key, in the order Drupal runs them, is judged. Nothing is
reported without a sync directory holding core.extension.yml and
system.site.yml: Drupal refuses to import one.`,
		Bad: `/**
 * #4501: Turn CSS aggregation off.
 */
function example_deploy_update_10001() {
  // config/sync/system.performance.yml still says css.preprocess: true.
  \Drupal::configFactory()->getEditable('system.performance')
    ->set('css.preprocess', FALSE)
    ->save();
}`,
		Good: `/**
 * #4501: Turn CSS aggregation off.
 */
function example_deploy_update_10001() {
  // Exported with drush config:export after the update ran: the committed
  // config/sync/system.performance.yml says css.preprocess: false.
  \Drupal::configFactory()->getEditable('system.performance')
    ->set('css.preprocess', FALSE)
    ->save();
}`,
		Fix: `Run the hook on a development site, export the configuration (drush
config:export) and commit the changed YAML with the hook: the import then
agrees with it. A change the sync directory alone can make needs no hook:
the import applies it. A change that must differ per site belongs in a
config_split split, or in config_ignore's patterns, or (for a development
module) in $settings['config_exclude_modules'].`,
		Since: since,
	},
}

// hookChange is a change a deployment hook makes to the configuration.
type hookChange struct {
	file   *phpast.File
	fn     *phpast.Function
	span   phpast.Span
	change configsync.Change
	// deploy is true for a deploy hook, which runs after the import.
	deploy bool
}

func checkConfigRevertedByImport(p *Pass) {
	if !isD8Plus(p.Module) {
		return
	}
	changes := lastChanges(hookChanges(p.Module))
	if len(changes) == 0 {
		return
	}
	root := ""
	if p.Target != nil {
		root = p.Target.Root
	}
	loc, err := configsync.Locate(root, p.ConfigSync)
	var sync *configsync.Sync
	if err == nil {
		sync, err = loc.Read()
	}
	if err == nil && sync != nil {
		var ok bool
		if ok, _, err = sync.Importable(); !ok && err == nil {
			return
		}
	}
	if err != nil {
		first := changes[0]
		p.Report(first.file, first.span, first.fn, "cannot tell whether the config import keeps this change: %v", err)
		return
	}
	if sync == nil {
		return
	}
	for _, ch := range changes {
		v, err := sync.Import(ch.change)
		if err != nil {
			p.Report(ch.file, ch.span, ch.fn, "cannot tell whether the config import keeps this change: %v", err)
			return
		}
		if v.Outcome != configsync.Reverted {
			continue
		}
		when := "the config import of the same deploy"
		if ch.deploy {
			when = "the config import of the next deploy (deploy hooks run after it)"
		}
		where := ""
		if v.File != "" {
			where = " (" + p.shown(root, v.File) + ")"
		}
		p.Report(ch.file, ch.span, ch.fn, "%s here, but %s %s%s", subject(ch.change), when, v.Reason, where)
	}
}

// subject says what a change does, for messages.
func subject(c configsync.Change) string {
	switch c.Op {
	case configsync.OpSet:
		value := "a value computed at run time"
		if c.Known {
			value = configsync.Render(c.Value)
		}
		return fmt.Sprintf("%s:%s is set to %s", c.Config, c.Key, value)
	case configsync.OpClear:
		return fmt.Sprintf("%s:%s is removed", c.Config, c.Key)
	case configsync.OpReplace:
		return fmt.Sprintf("all of %s is replaced", c.Config)
	case configsync.OpDelete:
		return fmt.Sprintf("%s is deleted", c.Config)
	case configsync.OpInstallModule:
		return fmt.Sprintf("module %s is installed", c.Name)
	case configsync.OpUninstallModule:
		return fmt.Sprintf("module %s is uninstalled", c.Name)
	case configsync.OpInstallTheme:
		return fmt.Sprintf("theme %s is installed", c.Name)
	}
	return fmt.Sprintf("theme %s is uninstalled", c.Name)
}

// shown writes a path for a message: relative to the project root when it
// lies inside it, as users know their sync directory ("config/sync/…"),
// else as findings show their paths.
func (p *Pass) shown(root, path string) string {
	if root != "" {
		absRoot, err1 := filepath.Abs(root)
		absPath, err2 := filepath.Abs(path)
		if err1 == nil && err2 == nil {
			rel, err := filepath.Rel(absRoot, absPath)
			if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				return filepath.ToSlash(rel)
			}
		}
	}
	if p.Display != nil {
		return p.Display(path)
	}
	return path
}

// deploymentHooks lists a module's updates, post-updates and deploy hooks
// in the order drush deploy runs them: updates by number, then
// post-updates, then (after the config import) deploy hooks, each by name
// as Drupal sorts them.
func deploymentHooks(m *phpast.Module) []phpast.FileFunction {
	hooks := m.Updates()
	var post, deploy []phpast.FileFunction
	for _, f := range m.Files() {
		for _, fn := range f.Functions {
			switch fn.Kind {
			case phpast.KindPostUpdate:
				post = append(post, phpast.FileFunction{File: f, Function: fn})
			case phpast.KindDeploy:
				deploy = append(deploy, phpast.FileFunction{File: f, Function: fn})
			}
		}
	}
	for _, list := range [][]phpast.FileFunction{post, deploy} {
		sort.SliceStable(list, func(i, j int) bool { return strings.ToLower(list[i].Name) < strings.ToLower(list[j].Name) })
	}
	return append(append(hooks, post...), deploy...)
}

// hookChanges lists the configuration changes of a module's deployment
// hooks, in the order they run.
func hookChanges(m *phpast.Module) []hookChange {
	var out []hookChange
	for _, h := range deploymentHooks(m) {
		for _, ch := range functionChanges(h.Function) {
			ch.file, ch.fn, ch.deploy = h.File, h.Function, h.Kind == phpast.KindDeploy
			out = append(out, ch)
		}
	}
	return out
}

// lastChanges keeps, of the changes in run order, those no later change
// overrides: a later change of the same key, or a later change of a whole
// object (deleted, replaced) for every earlier change of that object. The
// import judges the site as the last one left it.
func lastChanges(changes []hookChange) []hookChange {
	seen := map[string]bool{}
	whole := map[string]bool{}
	keep := make([]bool, len(changes))
	for i := len(changes) - 1; i >= 0; i-- {
		c := changes[i].change
		var target string
		switch c.Op {
		case configsync.OpInstallModule, configsync.OpUninstallModule:
			target = "module " + c.Name
		case configsync.OpInstallTheme, configsync.OpUninstallTheme:
			target = "theme " + c.Name
		default:
			if whole[c.Config] {
				continue
			}
			target = "config " + c.Config + ":" + c.Key
			if c.Op == configsync.OpDelete || c.Op == configsync.OpReplace {
				whole[c.Config] = true
			}
		}
		if !seen[target] {
			seen[target], keep[i] = true, true
		}
	}
	var out []hookChange
	for i, ch := range changes {
		if keep[i] {
			out = append(out, ch)
		}
	}
	return out
}

// functionChanges reads the configuration changes one function makes, in
// source order.
func functionChanges(fn *phpast.Function) []hookChange {
	// saves are where each configuration object, named by its
	// getEditable() call, is saved.
	saves := map[*phpast.Call][]int{}
	for _, c := range fn.Calls {
		if isMethod(c, "save") {
			if root := editableRoot(fn, c); root != nil {
				saves[root] = append(saves[root], c.Span.End)
			}
		}
	}
	saved := func(root *phpast.Call, c *phpast.Call) bool {
		for _, end := range saves[root] {
			if end >= c.Span.End {
				return true
			}
		}
		return false
	}
	var out []hookChange
	add := func(c *phpast.Call, change configsync.Change) {
		out = append(out, hookChange{span: phpast.Span{Start: c.NameSpan.Start, End: c.Span.End}, change: change})
	}
	for _, c := range fn.Calls {
		if c.Kind != phpast.CallMethod {
			continue
		}
		switch c.Name {
		case "set", "clear", "setData", "delete":
			root := editableRoot(fn, c)
			if root == nil || root.Arg(0).Kind != phpast.ValueString {
				continue
			}
			change := configsync.Change{Config: root.Arg(0).Text}
			switch c.Name {
			case "delete":
				change.Op = configsync.OpDelete
				add(c, change)
				continue
			case "set":
				if len(c.Args) < 2 || c.Arg(0).Kind != phpast.ValueString {
					continue
				}
				change.Op, change.Key = configsync.OpSet, c.Arg(0).Text
				change.Value, change.Known = configsync.FromPHP(c.Arg(1))
			case "clear":
				if c.Arg(0).Kind != phpast.ValueString {
					continue
				}
				change.Op, change.Key = configsync.OpClear, c.Arg(0).Text
			case "setData":
				if len(c.Args) < 1 {
					continue
				}
				change.Op = configsync.OpReplace
				change.Value, change.Known = configsync.FromPHP(c.Arg(0))
			}
			if saved(root, c) {
				add(c, change)
			}
		case "install", "uninstall":
			kind := installerOf(fn, c)
			if kind == "" || len(c.Args) < 1 {
				continue
			}
			op := map[string]configsync.Op{
				"module install": configsync.OpInstallModule, "module uninstall": configsync.OpUninstallModule,
				"theme install": configsync.OpInstallTheme, "theme uninstall": configsync.OpUninstallTheme,
			}[kind+" "+c.Name]
			for _, name := range extensionNames(fn, c) {
				add(c, configsync.Change{Op: op, Name: name})
			}
		}
	}
	return out
}

// editableRoot returns the getEditable() call whose configuration object a
// method call works on: through the calls of its chain
// (getEditable('a')->set('x', 1)->save()) and through a variable holding
// the object or a chain on it ($config = …->getEditable('a');
// $config->set(…)). nil when the object is not one from getEditable().
func editableRoot(fn *phpast.Function, c *phpast.Call) *phpast.Call {
	for r := producer(fn, c.Receiver, c.Span.Start); r != nil; r = producer(fn, r.Receiver, r.Span.Start) {
		switch {
		case isMethod(r, "getEditable"):
			return r
		case isMethod(r, "set"), isMethod(r, "clear"), isMethod(r, "setData"), isMethod(r, "merge"), isMethod(r, "save"):
		default:
			return nil
		}
	}
	return nil
}

// installerOf tells which installer a call's receiver is: "module" for
// \Drupal::service('module_installer') (or the container's
// get('module_installer')), "theme" for the theme installer, "" for
// anything else.
func installerOf(fn *phpast.Function, c *phpast.Call) string {
	r := producer(fn, c.Receiver, c.Span.Start)
	if r == nil || r.Arg(0).Kind != phpast.ValueString {
		return ""
	}
	isService := (r.Kind == phpast.CallStatic && strings.EqualFold(r.Class, "Drupal") && r.Name == "service") || isMethod(r, "get")
	if !isService {
		return ""
	}
	switch r.Arg(0).Text {
	case "module_installer":
		return "module"
	case "theme_installer":
		return "theme"
	}
	return ""
}

// extensionNames are the extensions an install() or uninstall() call
// names: a literal list, or a variable last set to one.
func extensionNames(fn *phpast.Function, c *phpast.Call) []string {
	v := c.Args[0].Value
	if name := c.Args[0].Var; name != "" {
		v = phpast.Value{}
		for _, a := range fn.Assigns {
			if a.Var == name && a.Span.End <= c.Span.Start {
				if a.Element {
					v = phpast.Value{} // built item by item: not a literal list
				} else {
					v = a.Value
				}
			}
		}
	}
	if v.Kind != phpast.ValueArray {
		return nil
	}
	var out []string
	for _, it := range v.Items {
		if it.Value.Kind == phpast.ValueString {
			out = append(out, it.Value.Text)
		}
	}
	return out
}
