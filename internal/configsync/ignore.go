package configsync

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// Ignore is config_ignore's config_ignore.settings.yml, read for the import
// direction as config_ignore 3.x reads it (ConfigIgnoreConfig): mode simple
// (one list), intermediate ({import: [...], export: [...]}) or advanced
// ({create: {import: [...]}, update: …, delete: …}); config_ignore 2.x's
// plain list is the simple mode. A pattern is a config name with "*"
// matching any run of characters, optionally followed by ":key" (a dotted
// key, "*" allowed) to ignore only that part of the object; a leading "~"
// makes it an exception that is imported all the same; "collection|"
// before it limits it to a collection.
type Ignore struct {
	// File is the settings file.
	File string
	// Mode is simple, intermediate or advanced.
	Mode string
	// Unknown is set when the file is not valid settings: config_ignore
	// then falls back to the site's active settings, which dcycle cannot
	// see. Problem says why.
	Unknown bool
	Problem string
	// lists are the import patterns of each operation (create, update,
	// delete), exceptions first, as config_ignore sorts them.
	lists map[string][]string
}

var ignoreOps = []string{"create", "update", "delete"}

func (s *Sync) readIgnore() (*Ignore, error) {
	data, ok, err := s.Object("config_ignore.settings")
	if err != nil || !ok {
		return nil, err
	}
	ig := &Ignore{File: filepath.Join(s.Dir, "config_ignore.settings.yml"), Mode: "simple", lists: map[string][]string{}}
	if m, set := data["mode"]; set && m != nil {
		mode, isString := m.(string)
		if !isString {
			ig.unknown("mode is not a string")
			return ig, nil
		}
		ig.Mode = mode
	}
	entries := data["ignored_config_entities"]
	switch ig.Mode {
	case "simple":
		list, ok := patternList(entries)
		if !ok {
			ig.unknown("ignored_config_entities is not a list of patterns")
			return ig, nil
		}
		for _, op := range ignoreOps {
			ig.lists[op] = list
		}
	case "intermediate":
		list, ok := patternList(mapping(entries)["import"])
		if !ok {
			ig.unknown("ignored_config_entities.import is not a list of patterns")
			return ig, nil
		}
		for _, op := range ignoreOps {
			ig.lists[op] = list
		}
	case "advanced":
		for _, op := range ignoreOps {
			list, ok := patternList(mapping(mapping(entries)[op])["import"])
			if !ok {
				ig.unknown(fmt.Sprintf("ignored_config_entities.%s.import is not a list of patterns", op))
				return ig, nil
			}
			ig.lists[op] = list
		}
	default:
		ig.unknown(fmt.Sprintf("unknown mode %q", ig.Mode))
	}
	return ig, nil
}

func (ig *Ignore) unknown(problem string) {
	ig.Unknown, ig.Problem, ig.lists = true, problem, nil
}

func mapping(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// patternList reads a YAML list of strings; Drupal exports an empty list
// as an empty mapping ({  }).
func patternList(v any) ([]string, bool) {
	switch v := v.(type) {
	case nil:
		return nil, false
	case map[string]any:
		if len(v) == 0 {
			return nil, true
		}
		// A list with holes exports as a mapping of index to pattern.
		keys := slices.Sorted(maps.Keys(v))
		list := make([]any, 0, len(v))
		for _, k := range keys {
			list = append(list, v[k])
		}
		return patternList(list)
	case []any:
		out := make([]string, 0, len(v))
		for _, p := range v {
			s, ok := p.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return cleanList(out), true
	}
	return nil, false
}

// cleanList sorts patterns with the exceptions first and drops empty ones,
// as ConfigIgnoreConfig::cleanList does.
func cleanList(list []string) []string {
	out := make([]string, 0, len(list))
	for _, p := range list {
		if p != "" && p != "~" {
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return sortConfigList(out[i], out[j]) < 0 })
	return out
}

func sortConfigList(a, b string) int {
	switch {
	case a[0] == '~' && b[0] == '~':
		return strings.Compare(a[1:], b[1:])
	case a[0] == '~':
		return -1
	case b[0] == '~':
		return 1
	}
	return strings.Compare(a, b)
}

// ignored is what isIgnored returns: the whole object, none of it, or
// some of its keys (parts).
type ignored struct {
	all   bool
	parts []string
}

func (i ignored) none() bool { return !i.all && i.parts == nil }

// isIgnored ports ConfigIgnoreConfig::isIgnored for the import direction
// and the default collection.
func (ig *Ignore) isIgnored(name, op string) ignored {
	var parts []string
	for _, pattern := range ig.lists[op] {
		if c, rest, ok := strings.Cut(pattern, "|"); ok {
			pattern = strings.TrimSpace(rest)
			if strings.HasPrefix(c, "~") {
				c = strings.TrimLeft(c, "~")
				pattern = "~" + strings.TrimLeft(pattern, "~")
			}
			if !glob(c, "") {
				continue
			}
		}
		if pattern == "~"+name {
			return ignored{}
		}
		if pattern == name && len(parts) == 0 {
			return ignored{all: true}
		}
		if pattern == "" {
			continue
		}
		ignore := pattern[0] != '~'
		pattern = strings.TrimLeft(pattern, "~")
		namePattern, key := pattern, "*"
		if n, k, ok := strings.Cut(pattern, ":"); ok {
			namePattern, key = n, strings.TrimSpace(k)
		}
		if glob(namePattern, name) {
			if !ignore {
				key = "~" + strings.TrimLeft(key, "~")
			}
			parts = append(parts, key)
		}
	}
	if len(parts) == 0 {
		return ignored{}
	}
	return simplifyParts(parts)
}

func simplifyParts(parts []string) ignored {
	if slices.Contains(parts, "~*") {
		return ignored{}
	}
	if slices.Contains(parts, "*") {
		var exceptions []string
		for _, p := range parts {
			if strings.HasPrefix(p, "~") {
				exceptions = append(exceptions, p)
			}
		}
		if len(exceptions) == 0 {
			return ignored{all: true}
		}
		parts = append(exceptions, "*")
	}
	return ignored{parts: cleanList(parts)}
}

// glob matches s against a pattern whose "*" matches any run of
// characters, dots included, as config_ignore's wildcardMatch does.
func glob(pattern, s string) bool {
	star := strings.IndexByte(pattern, '*')
	if star < 0 {
		return pattern == s
	}
	if !strings.HasPrefix(s, pattern[:star]) {
		return false
	}
	rest := pattern[star+1:]
	for i := star; i <= len(s); i++ {
		if glob(rest, s[i:]) {
			return true
		}
	}
	return false
}

// transform ports config_ignore's import transformation of one object: the
// import's object (what the sync directory, with the splits merged, holds:
// imported, ok importOK) is changed so that the ignored parts keep the
// active object's value (active, activeOK). It returns what the import
// writes, and whether the object exists after it.
func (ig *Ignore) transform(name string, imported map[string]any, importOK bool, active map[string]any, activeOK bool) (map[string]any, bool) {
	if ig == nil || ig.Unknown {
		return imported, importOK
	}
	if !activeOK {
		if !importOK {
			return nil, false
		}
		// New config for the site.
		created := ig.isIgnored(name, "create")
		if created.all {
			return nil, false
		}
		if created.parts != nil {
			out := deepCopy(imported).(map[string]any)
			ignoreParts(out, map[string]any{}, keyParts{create: created.parts}, "")
			return out, true
		}
		return imported, true
	}
	op := "update"
	if !importOK {
		op = "delete"
	}
	create := ig.isIgnored(name, "create")
	got := ig.isIgnored(name, op)
	if got.none() {
		other := "update"
		if op == "update" {
			other = "delete"
		}
		if create.parts == nil && ig.isIgnored(name, other).parts == nil {
			return imported, importOK
		}
	}
	if got.all {
		return active, true
	}
	if !importOK {
		return nil, false
	}
	out := deepCopy(imported).(map[string]any)
	ignoreParts(out, active, keyParts{create: create.parts, update: got.parts, delete: ig.isIgnored(name, "delete").parts}, "")
	return out, true
}

// keyParts are the key patterns of each operation.
type keyParts struct {
	create, update, delete []string
}

// ignoreParts ports ConfigIgnoreEventSubscriber::ignoreParts: within an
// object the import is about to write (transformation), the ignored keys
// keep the active value (destination). Keys are matched as dotted paths.
// Lists are values here, not mappings to descend into.
func ignoreParts(transformation, destination map[string]any, parts keyParts, path string) {
	deleteParts := keyParts{delete: parts.delete, create: []string{"~*"}, update: []string{"~*"}}
	createParts := keyParts{create: parts.create, delete: []string{"~*"}, update: []string{"~*"}}

	// Keys about to be deleted.
	for _, key := range sortedKeys(destination) {
		if _, ok := transformation[key]; ok {
			continue
		}
		full := path + "." + key
		switch matchWildcardPart(full, parts.delete) {
		case matchNo:
			continue
		case matchYes:
			transformation[key] = destination[key]
			continue
		}
		for _, pattern := range parts.delete {
			sub, isMap := destination[key].(map[string]any)
			if wildcardMatchStart(pattern, path, key) && isMap {
				fresh := map[string]any{}
				ignoreParts(fresh, sub, deleteParts, full)
				if len(fresh) > 0 {
					transformation[key] = fresh
				}
				break
			}
		}
	}

	// Keys about to be created.
	for _, key := range sortedKeys(transformation) {
		if _, ok := destination[key]; ok {
			continue
		}
		full := path + "." + key
		switch matchWildcardPart(full, parts.create) {
		case matchNo:
			continue
		case matchYes:
			delete(transformation, key)
			continue
		}
		for _, pattern := range parts.create {
			sub, isMap := transformation[key].(map[string]any)
			if wildcardMatchStart(pattern, path, key) && isMap {
				ignoreParts(sub, map[string]any{}, createParts, full)
				break
			}
		}
	}

	// Keys updated.
	for _, key := range sortedKeys(transformation) {
		if _, ok := destination[key]; !ok {
			continue
		}
		full := path + "." + key
		switch matchWildcardPart(full, parts.update) {
		case matchNo:
			continue
		case matchYes:
			transformation[key] = destination[key]
			continue
		}
		for _, list := range []struct {
			patterns []string
			parts    keyParts
		}{{parts.update, parts}, {parts.create, createParts}, {parts.delete, deleteParts}} {
			for _, pattern := range list.patterns {
				t, tMap := transformation[key].(map[string]any)
				d, dMap := destination[key].(map[string]any)
				if wildcardMatchStart(pattern, path, key) && tMap && dMap {
					ignoreParts(t, d, list.parts, full)
					break
				}
			}
		}
	}
}

type match int

const (
	matchNone match = iota
	matchYes
	matchNo
)

func matchWildcardPart(path string, list []string) match {
	path = strings.TrimLeft(path, ".")
	for _, item := range list {
		if strings.HasPrefix(item, "~") && glob(item[1:], path) {
			return matchNo
		}
		if glob(item, path) {
			return matchYes
		}
	}
	return matchNone
}

func wildcardMatchStart(pattern, path, last string) bool {
	parts := strings.Split(strings.TrimLeft(path+"."+last, "."), ".")
	patternParts := strings.Split(strings.TrimLeft(pattern, ".~"), ".")
	current, visited := "", ""
	for i, part := range parts {
		if i >= len(patternParts) {
			return false
		}
		current = strings.TrimLeft(visited+"."+patternParts[i], ".")
		visited = strings.TrimLeft(visited+"."+part, ".")
	}
	return glob(current, visited)
}

func sortedKeys(m map[string]any) []string {
	return slices.Sorted(maps.Keys(m))
}

func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = deepCopy(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = deepCopy(x)
		}
		return out
	}
	return v
}
