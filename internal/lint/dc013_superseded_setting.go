package lint

import (
	"strings"

	"github.com/dcycle/dcycle/internal/phpast"
)

var dc013 = &Rule{
	ID:          "DC013",
	Name:        "superseded-setting",
	Severity:    SeverityInfo,
	NeedsSource: true,
	Check:       checkSupersededSetting,
	Doc: Doc{
		Title: "The same variable or configuration key is set by more than one update, to different values",
		Why: `On a new site hook_install() replays every update, so the earlier value is
set and immediately overwritten: the earlier update no longer does what its
docblock says. That is often on purpose (a setting changed its mind), which
is why this is only information; but it is also how a value copied into a
new update by mistake reverts an older decision without anyone noticing.
Drupal 7 variable_set() calls and Drupal 8+ config factory
getEditable('object')->set('key', value) chains with literal names are
compared: every set() of a chain counts, and so does a set() on a variable
holding getEditable('object').`,
		Bad: `/**
 * #101: Show ten articles on the front page.
 */
function example_deploy_update_7001() {
  variable_set('default_nodes_main', 10);
}

/**
 * #108: Add the newsletter block.
 */
function example_deploy_update_7002() {
  variable_set('default_nodes_main', 5);
}`,
		Good: `/**
 * #101: Show ten articles on the front page.
 */
function example_deploy_update_7001() {
  variable_set('default_nodes_main', 10);
}

/**
 * #108: Add the newsletter block.
 */
function example_deploy_update_7002() {
  variable_set('block_cache', 1);
}`,
		Fix: `When the change of value is intended, say so in the later update's docblock
and suppress the finding with a dcycle-ignore comment giving the issue;
otherwise remove the stray call.`,
		Since: since,
	},
}

func checkSupersededSetting(p *Pass) {
	type setting struct {
		value  string
		number int
	}
	seen := map[string]setting{}
	for _, u := range p.Module.Updates() {
		mine := map[string]setting{}
		for _, c := range u.Calls {
			key, value, ok := settingOf(u.Function, c)
			if !ok {
				continue
			}
			if prev, set := seen[key]; set && prev.value != value {
				p.Report(u.File, c.Span, u.Function, "%s is set to %s here and to %s by update %d: on a new site the earlier value is overwritten", key, value, prev.value, prev.number)
			}
			mine[key] = setting{value, u.Number}
		}
		for k, v := range mine {
			seen[k] = v
		}
	}
}

// settingOf returns the name and value a call of fn sets: "preprocess_js"
// for variable_set('preprocess_js', 1), "system.performance:js.preprocess"
// for ->getEditable('system.performance')->set('js.preprocess', TRUE).
func settingOf(fn *phpast.Function, c *phpast.Call) (key, value string, ok bool) {
	name := c.Arg(0)
	if name.Kind != phpast.ValueString || len(c.Args) < 2 {
		return "", "", false
	}
	value = valueKey(c.Arg(1))
	switch {
	case c.Kind == phpast.CallFunction && strings.EqualFold(c.Name, "variable_set"):
		return name.Text, value, true
	case isMethod(c, "set"):
		if object := configObject(fn, c); object != "" {
			return object + ":" + name.Text, value, true
		}
	}
	return "", "", false
}

// configObject names the configuration object a set() call edits: the
// literal NAME of the getEditable(NAME) its receiver chain starts from,
// through earlier set() and clear() calls of the chain
// (->getEditable('a')->set('x', 1)->set('y', 2)) and through a variable
// holding the object ($config = …->getEditable('a'); $config->set(…)). ""
// when the object cannot be told.
func configObject(fn *phpast.Function, c *phpast.Call) string {
	for r := producer(fn, c.Receiver, c.Span.Start); r != nil; r = producer(fn, r.Receiver, r.Span.Start) {
		switch {
		case isMethod(r, "getEditable"):
			if r.Arg(0).Kind == phpast.ValueString {
				return r.Arg(0).Text
			}
			return ""
		case !isMethod(r, "set") && !isMethod(r, "clear"):
			return ""
		}
	}
	return ""
}
