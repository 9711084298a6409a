package verify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/dcycle/dcycle/internal/configsync"
	"github.com/dcycle/dcycle/internal/phpast"
)

// setter is one change-making call of the module, found by phpast.
type setter struct {
	fn     *phpast.Function
	verb   string
	object string
	// after is true for a call of hook_install() that is not part of the
	// replay and comes after it: it runs after every update on a fresh
	// site, and never on an updated one.
	own, after bool
	action     string
	// value is the literal value it sets, nil when not a literal.
	value json.RawMessage
}

// setters lists what every function of the module changes, from the
// model's actions: variable_set NAME, module_enable A,B, config_set
// OBJ:KEY…
func setters(m *phpast.Module) []setter {
	var out []setter
	if m == nil {
		return nil
	}
	for _, f := range m.Files() {
		for _, fn := range f.Functions {
			var replay phpast.Span
			isInstall := fn.Kind == phpast.KindInstall
			if isInstall && fn.Replay != nil && fn.Replay.Via == nil {
				replay = fn.Replay.Span
			}
			for _, c := range fn.Calls {
				action := actionOf(fn, c)
				if action == "" {
					continue
				}
				verb, object, _ := strings.Cut(action, " ")
				s := setter{fn: fn, verb: verb, object: object, action: action}
				if verb == "variable_set" || verb == "config_set" {
					s.value = literalJSON(c.Arg(1))
				}
				if isInstall && !replay.Contains(c.Span) {
					s.own = true
					s.after = replay != (phpast.Span{}) && c.Span.Start >= replay.End
				}
				out = append(out, s)
			}
		}
	}
	return out
}

// literalJSON is a literal PHP value as canonical JSON, nil when the
// value is not a literal (a variable, a call, a constant).
func literalJSON(v phpast.Value) json.RawMessage {
	g, ok := literal(v)
	if !ok {
		return nil
	}
	c, err := canonicalValue(g)
	if err != nil {
		return nil
	}
	return c
}

func literal(v phpast.Value) (any, bool) {
	switch v.Kind {
	case phpast.ValueString:
		return v.Text, true
	case phpast.ValueInt, phpast.ValueFloat:
		n, err := strconv.ParseFloat(strings.ReplaceAll(v.Text, "_", ""), 64)
		return n, err == nil
	case phpast.ValueBool:
		return strings.EqualFold(v.Text, "TRUE"), true
	case phpast.ValueNull:
		return nil, true
	case phpast.ValueArray:
		list := true
		for i, it := range v.Items {
			if it.Key != nil && !(it.Key.Kind == phpast.ValueInt && it.Key.Text == strconv.Itoa(i)) {
				list = false
			}
		}
		if list {
			out := make([]any, 0, len(v.Items))
			for _, it := range v.Items {
				x, ok := literal(it.Value)
				if !ok {
					return nil, false
				}
				out = append(out, x)
			}
			return out, true
		}
		out := map[string]any{}
		for _, it := range v.Items {
			if it.Key == nil || (it.Key.Kind != phpast.ValueString && it.Key.Kind != phpast.ValueInt) {
				return nil, false
			}
			x, ok := literal(it.Value)
			if !ok {
				return nil, false
			}
			out[it.Key.Text] = x
		}
		return out, true
	}
	return nil, false
}

// actionOf is the action of one call (phpast's Actions describes a whole
// function): the actions of the call with its receiver, less those of the
// receiver alone.
func actionOf(fn *phpast.Function, c *phpast.Call) string {
	with := phpast.Function{Calls: []*phpast.Call{c}}
	alone := phpast.Function{}
	if r := fn.Receiver(c); r != nil {
		with.Calls = append(with.Calls, r)
		alone.Calls = []*phpast.Call{r}
	}
	both, recv := with.Actions(), alone.Actions()
	if len(both) > len(recv) {
		return both[0]
	}
	return ""
}

// sets reports whether a setter changes the fact.
func (s setter) sets(kind, key string) bool {
	switch kind {
	case KindVariable:
		return (s.verb == "variable_set" || s.verb == "variable_del") && s.object == key
	case KindModule:
		switch s.verb {
		case "module_enable", "module_disable", "drupal_uninstall_modules", "module_install", "module_uninstall":
			return inList(s.object, key)
		}
	case KindTheme:
		switch s.verb {
		case "theme_enable", "theme_disable", "theme_install", "theme_uninstall":
			return inList(s.object, key)
		}
	case KindConfig:
		object, k, hasKey := strings.Cut(key, ":")
		switch s.verb {
		case "config_delete":
			return s.object == object
		case "config_set", "config_clear":
			sobj, skey, _ := strings.Cut(s.object, ":")
			if sobj != object {
				return false
			}
			return !hasKey || skey == "" || skey == k || strings.HasPrefix(k, skey+".") || strings.HasPrefix(skey, k+".")
		}
	}
	return false
}

func inList(list, name string) bool {
	for _, x := range strings.Split(list, ",") {
		if strings.TrimSpace(x) == name {
			return true
		}
	}
	return false
}

// attribute names, for each difference, the functions of the module that
// change it, and says why the sites differ where it can tell: a
// hook_install() statement that runs after the replay, or a config sync
// directory that says otherwise.
func attribute(diffs []Difference, m *phpast.Module, sync *configsync.Sync) {
	all := setters(m)
	for i := range diffs {
		d := &diffs[i]
		var after []string
		var matched []setter
		seen := map[string]bool{}
		for _, s := range all {
			if !s.sets(d.Kind, d.Key) {
				continue
			}
			matched = append(matched, s)
			if s.after {
				after = append(after, s.fn.Name+"()")
			}
			id := s.fn.Name + "\x00" + s.action
			if seen[id] {
				continue
			}
			seen[id] = true
			src := Source{Function: s.fn.Name, Action: s.action, Value: s.value}
			if s.fn.Kind == phpast.KindUpdate || s.fn.Kind == phpast.KindPostUpdate || s.fn.Kind == phpast.KindDeploy {
				src.Doc = firstLine(s.fn.Doc.Text)
			}
			d.SetBy = append(d.SetBy, src)
		}
		var notes []string
		if len(after) > 0 && len(d.SetBy) > len(after) {
			notes = append(notes, fmt.Sprintf("%s changes it after the replay of the updates: a fresh site keeps that value, an updated site never runs it", strings.Join(dedupe(after), ", ")))
		}
		if d.Kind == KindConfig && sync != nil {
			if note := syncNote(d, sync, matched); note != "" {
				notes = append(notes, note)
			}
		}
		d.Note = strings.Join(notes, "; ")
	}
}

// syncNote compares a config difference with the config sync directory:
// when the updated site has the sync directory's value, the import set it,
// undoing what an update set to another value.
func syncNote(d *Difference, sync *configsync.Sync, matched []setter) string {
	object, key, _ := strings.Cut(d.Key, ":")
	data, ok, err := sync.Object(object)
	if err != nil || !ok {
		return ""
	}
	var v any = data
	if key == "" {
		whole := make(map[string]any, len(data))
		for k, x := range data {
			if k != "uuid" && k != "_core" {
				whole[k] = x
			}
		}
		v = whole
	} else {
		for _, part := range strings.Split(key, ".") {
			m, ok := v.(map[string]any)
			if !ok {
				return ""
			}
			if v, ok = m[part]; !ok {
				return ""
			}
		}
	}
	v = phpArrays(v)
	c, err := canonicalValue(v)
	if err != nil || !bytes.Equal(c, d.Updated) {
		return ""
	}
	if key == "" {
		return "the config sync directory has it: the config import creates it on updated sites only"
	}
	var undone []string
	unknown, updates := false, false
	for _, s := range matched {
		if s.own {
			// hook_install()'s own statements never run on an updated site.
			continue
		}
		updates = true
		switch {
		case s.value == nil:
			unknown = true
		case !bytes.Equal(s.value, c):
			undone = append(undone, s.fn.Name+"()")
		}
	}
	if !updates {
		return fmt.Sprintf("the config sync directory says %s: the config import sets it on updated sites only", shortJSON(c))
	}
	switch {
	case len(undone) > 0:
		return fmt.Sprintf("the config sync directory says %s: the config import undoes %s on updated sites only", shortJSON(c), strings.Join(dedupe(undone), ", "))
	case unknown:
		return fmt.Sprintf("the config sync directory says %s, which the config import sets on updated sites only", shortJSON(c))
	}
	return ""
}

// phpArrays makes a YAML value compare with what PHP encodes: PHP has one
// empty array, which JSON shows as [] whether YAML said {} or [].
func phpArrays(v any) any {
	switch x := v.(type) {
	case map[any]any:
		// Keys that are not all strings (403: '' in system.site).
		m := make(map[string]any, len(x))
		for k, sub := range x {
			m[fmt.Sprint(k)] = sub
		}
		return phpArrays(m)
	case map[string]any:
		if len(x) == 0 {
			return []any{}
		}
		for k, sub := range x {
			x[k] = phpArrays(sub)
		}
	case []any:
		for i, sub := range x {
			x[i] = phpArrays(sub)
		}
	}
	return v
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(line)
}

func dedupe(list []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// shortJSON shows a value on one line, cut when long.
func shortJSON(v json.RawMessage) string {
	s := string(v)
	if len(s) > 120 {
		s = s[:117] + "..."
	}
	return s
}
