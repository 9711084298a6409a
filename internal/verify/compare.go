package verify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/dcycle/dcycle/internal/site"
)

// Fact kinds, in the order differences are reported.
const (
	KindModule     = "module"
	KindTheme      = "theme"
	KindVariable   = "variable"
	KindConfig     = "config"
	KindSchema     = "schema"
	KindPostUpdate = "post-update"
	KindDeployHook = "deploy hook"
	KindTable      = "table"
)

var kindOrder = map[string]int{KindModule: 0, KindTheme: 1, KindVariable: 2, KindConfig: 3, KindSchema: 4, KindPostUpdate: 5, KindDeployHook: 6, KindTable: 7}

// fact is one thing verify compares, keyed by kind and key, with its value
// as canonical JSON.
type fact struct {
	kind, key string
}

// facts are a site's state flattened into the things compared.
type facts map[fact]json.RawMessage

// siteFacts are the facts of one site, and its configuration objects whole
// (canonical JSON), so that an object only one site has is one difference,
// not one per key.
type siteFacts struct {
	facts   facts
	objects map[string]json.RawMessage
}

// volatileVariables change on every cache flush or cron run, hold derived
// caches, or are secrets made on first use: they say nothing about what a
// deployment did.
var volatileVariables = map[string]bool{
	"css_js_query_string":    true,
	"drupal_private_key":     true,
	"cron_last":              true,
	"cron_semaphore":         true,
	"drupal_css_cache_files": true,
	"drupal_js_cache_files":  true,
	"javascript_parsed":      true,
}

// derivedTables are Drupal 7 tables compared otherwise (variable, system)
// or rebuilt from the code on every cache flush (the code registry, the
// menu router): their row counts only repeat another difference.
var derivedTables = map[string]bool{
	"variable":      true,
	"system":        true,
	"registry":      true,
	"registry_file": true,
	"menu_router":   true,
}

// flatten turns a state into facts: Drupal 7 variables, modules and
// themes with their schema versions and table row counts; Drupal 8+ active
// configuration leaf by leaf (core.extension as modules and themes), schema
// versions, post-updates and deploy hooks recorded as run, and entity table
// row counts.
func flatten(st *site.State) (siteFacts, error) {
	sf := siteFacts{facts: facts{}, objects: map[string]json.RawMessage{}}
	out := sf.facts
	for name, v := range st.Variables {
		if volatileVariables[name] {
			continue
		}
		c, err := canonical(v)
		if err != nil {
			return sf, fmt.Errorf("variable %s: %w", name, err)
		}
		out[fact{KindVariable, name}] = c
	}
	for key, ext := range st.Extensions {
		kind, name, _ := strings.Cut(key, " ")
		var text string
		switch {
		case kind == "theme" && ext.Status == 1:
			text = "enabled"
		case kind == "theme":
			text = "disabled"
		case ext.Status == 1:
			text = fmt.Sprintf("enabled, schema %d", ext.Schema)
		default:
			text = fmt.Sprintf("disabled, schema %d", ext.Schema)
		}
		k := KindModule
		if kind == "theme" {
			k = KindTheme
		}
		out[fact{k, name}] = jsonString(text)
	}
	for table, n := range st.Tables {
		if st.Core == 7 && derivedTables[table] {
			continue
		}
		out[fact{KindTable, table}] = jsonNumber(n)
	}
	for name, data := range st.Config {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			return sf, fmt.Errorf("config %s: %w", name, err)
		}
		if name == "core.extension" {
			flattenExtensions(out, v)
			continue
		}
		whole, err := canonicalValue(v)
		if err != nil {
			return sf, fmt.Errorf("config %s: %w", name, err)
		}
		sf.objects[name] = whole
		if err := flattenConfig(out, name, "", v); err != nil {
			return sf, err
		}
	}
	for module, n := range st.Schema {
		out[fact{KindSchema, module}] = jsonNumber(n)
	}
	for _, fn := range st.PostUpdates {
		out[fact{KindPostUpdate, fn}] = jsonString("run")
	}
	for _, fn := range st.DeployHooks {
		out[fact{KindDeployHook, fn}] = jsonString("run")
	}
	return sf, nil
}

// flattenExtensions reads core.extension: installed modules (with their
// weights) and themes, and the profile.
func flattenExtensions(out facts, v any) {
	m, _ := v.(map[string]any)
	for kind, k := range map[string]string{"module": KindModule, "theme": KindTheme} {
		list, _ := m[kind].(map[string]any)
		for name, weight := range list {
			text := "installed"
			if w, ok := weight.(float64); ok && w != 0 {
				text = fmt.Sprintf("installed, weight %g", w)
			}
			out[fact{k, name}] = jsonString(text)
		}
	}
	if p, ok := m["profile"]; ok {
		out[fact{KindConfig, "core.extension:profile"}], _ = canonicalValue(p)
	}
}

// flattenConfig adds one fact per leaf of a configuration object: maps are
// walked ("page.front"), lists and scalars are leaves. An object with no
// keys is one fact of its own, so that its presence is compared.
func flattenConfig(out facts, name, prefix string, v any) error {
	if m, ok := v.(map[string]any); ok && len(m) > 0 {
		for k, sub := range m {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			if err := flattenConfig(out, name, p, sub); err != nil {
				return err
			}
		}
		return nil
	}
	c, err := canonicalValue(v)
	if err != nil {
		return fmt.Errorf("config %s: %w", name, err)
	}
	key := name
	if prefix != "" {
		key = name + ":" + prefix
	}
	out[fact{KindConfig, key}] = c
	return nil
}

// canonical re-encodes JSON with sorted keys and no spaces, so that equal
// values have equal bytes.
func canonical(data json.RawMessage) (json.RawMessage, error) {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	return canonicalValue(v)
}

func canonicalValue(v any) (json.RawMessage, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return json.RawMessage(bytes.TrimSpace(b.Bytes())), nil
}

func jsonString(s string) json.RawMessage {
	c, _ := canonicalValue(s)
	return c
}

func jsonNumber(n int) json.RawMessage { return json.RawMessage(fmt.Sprint(n)) }

// Difference is one fact on which the two sites disagree.
type Difference struct {
	// Kind is module, theme, variable, config, schema, post-update, deploy
	// hook or table; Key names the fact ("site_name",
	// "system.site:page.front").
	Kind string `json:"kind"`
	Key  string `json:"key"`
	// Fresh and Updated are the values on each site, JSON; null where the
	// site does not have it.
	Fresh   json.RawMessage `json:"fresh"`
	Updated json.RawMessage `json:"updated"`
	// SetBy are the functions of the module that change the fact.
	SetBy []Source `json:"set_by,omitempty"`
	// Note says more where verify can tell why the sites differ.
	Note string `json:"note,omitempty"`
}

// Source is a function of the deploy module that changes a fact.
type Source struct {
	Function string `json:"function"`
	// Doc is the first line of its docblock ("#12345: Enable the
	// toolbar."), "" when it has none.
	Doc string `json:"doc,omitempty"`
	// Action is what it does there: "variable_set site_name".
	Action string `json:"action"`
	// Value is the value it sets, when the code writes it as a literal.
	Value json.RawMessage `json:"value,omitempty"`
}

var jsonNull = json.RawMessage("null")

// diff lists the facts whose values differ, sorted by kind then key. A
// configuration object only one site has is one difference, with the whole
// object.
func diff(fresh, updated siteFacts) []Difference {
	var out []Difference
	lonely := map[string]bool{}
	for name := range union(fresh.objects, updated.objects) {
		f, fok := fresh.objects[name]
		u, uok := updated.objects[name]
		if fok && uok {
			continue
		}
		lonely[name] = true
		d := Difference{Kind: KindConfig, Key: name, Fresh: jsonNull, Updated: jsonNull}
		if fok {
			d.Fresh = f
		}
		if uok {
			d.Updated = u
		}
		out = append(out, d)
	}
	for k := range union(fresh.facts, updated.facts) {
		if k.kind == KindConfig {
			if object, _, _ := strings.Cut(k.key, ":"); lonely[object] {
				continue
			}
		}
		f, fok := fresh.facts[k]
		u, uok := updated.facts[k]
		if fok && uok && bytes.Equal(f, u) {
			continue
		}
		d := Difference{Kind: k.kind, Key: k.key, Fresh: jsonNull, Updated: jsonNull}
		if fok {
			d.Fresh = f
		}
		if uok {
			d.Updated = u
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return kindOrder[out[i].Kind] < kindOrder[out[j].Kind]
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// union is the set of keys of two maps.
func union[K comparable, V any](a, b map[K]V) map[K]bool {
	out := make(map[K]bool, len(a)+len(b))
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}
