package configsync

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
)

// Op is a kind of change a deployment hook makes to the active site.
type Op int

// Changes.
const (
	// OpSet sets Key of Config to Value: getEditable(Config)->set(Key,
	// Value)->save().
	OpSet Op = iota
	// OpClear removes Key of Config: ->clear(Key)->save().
	OpClear
	// OpReplace replaces the whole of Config with Value: ->setData(Value).
	OpReplace
	// OpDelete deletes Config: getEditable(Config)->delete().
	OpDelete
	// OpInstallModule and the others install or uninstall the extension
	// Name through the module or theme installer.
	OpInstallModule
	OpUninstallModule
	OpInstallTheme
	OpUninstallTheme
)

// Change is one change a hook makes to the active configuration.
type Change struct {
	Op     Op
	Config string
	// Key is a dotted key ("css.preprocess").
	Key string
	// Value is what OpSet or OpReplace writes, as YAML decodes it (bool,
	// int, float64, string, nil, []any, map[string]any); Known is false
	// when the hook computes it.
	Value any
	Known bool
	// Name is the extension of an install or uninstall.
	Name string
}

// Outcome is what the config import does to a change.
type Outcome int

// Outcomes.
const (
	// Kept: the import leaves the change as the hook made it.
	Kept Outcome = iota
	// Reverted: the import undoes the change.
	Reverted
	// Unknown: it depends on what dcycle cannot see (a value computed at
	// run time, a split that is on only on some sites, a database split).
	Unknown
)

var outcomeNames = [...]string{"kept", "reverted", "unknown"}

func (o Outcome) String() string { return outcomeNames[o] }

// Verdict is what the import does to a change, and why.
type Verdict struct {
	Outcome Outcome
	// Reason says, for Reverted, what the import does ("sets it back to
	// TRUE"); for Kept, why it leaves the change ("the sync directory
	// agrees"); for Unknown, what dcycle cannot tell.
	Reason string
	// File is the file that decides: the object's YAML in the sync
	// directory or a split, core.extension.yml, the config_ignore or
	// split settings.
	File string
}

// unknownValue stands for a value a hook computes at run time.
type unknownValue struct{}

// Importable reports whether the config import would run at all: Drupal
// refuses a sync directory without core.extension.yml or system.site.yml,
// and then changes nothing. why says what is missing.
func (s *Sync) Importable() (ok bool, why string, err error) {
	if s.Extensions == nil {
		return false, "the sync directory has no core.extension.yml", nil
	}
	if _, has, err := s.Object("system.site"); err != nil || !has {
		return false, "the sync directory has no system.site.yml", err
	}
	return true, "", nil
}

// Import tells what the config import of the sync directory does to a
// change the active site went through.
func (s *Sync) Import(c Change) (Verdict, error) {
	if ok, why, err := s.Importable(); err != nil || !ok {
		return Verdict{Outcome: Unknown, Reason: why + ": the import is refused"}, err
	}
	switch c.Op {
	case OpInstallModule, OpUninstallModule, OpInstallTheme, OpUninstallTheme:
		return s.importExtension(c)
	}
	return s.importConfig(c)
}

// source is the object the import brings for name: the sync directory's,
// replaced by what an active split's storage holds.
func (s *Sync) source(name string) (data map[string]any, ok bool, file string, v *Verdict, err error) {
	data, ok, err = s.Object(name)
	if err != nil {
		return nil, false, "", nil, err
	}
	file = filepath.Join(s.Dir, name+".yml")
	for _, sp := range s.Splits {
		switch sp.State {
		case SplitMaybe:
			covers, err := sp.covers(name, data)
			if err != nil {
				return nil, false, "", nil, err
			}
			if covers {
				return nil, false, "", &Verdict{Outcome: Unknown, Reason: sp.where() + " decides it", File: sp.File}, nil
			}
		case SplitActive:
			sd, sok, unknown, err := sp.merge(name)
			if err != nil {
				return nil, false, "", nil, err
			}
			if unknown {
				return nil, false, "", &Verdict{Outcome: Unknown, Reason: sp.where() + " patches it or keeps it in the database", File: sp.File}, nil
			}
			if sok {
				data, ok, file = sd, true, filepath.Join(sp.Dir, name+".yml")
			}
		}
	}
	if !ok {
		file = s.Dir // no file says it: the directory does not hold one
	}
	return data, ok, file, nil, nil
}

func (s *Sync) importConfig(c Change) (Verdict, error) {
	data, ok, file, v, err := s.source(c.Config)
	if err != nil || v != nil {
		return deref(v), err
	}
	// The active object after the hook: the one the import compares with.
	// Its other keys are taken to be the sync directory's: only the
	// change's key is judged.
	var active map[string]any
	activeOK := true
	value := c.Value
	if !c.Known {
		value = unknownValue{}
	}
	switch c.Op {
	case OpSet:
		active = copyObject(data)
		setKey(active, c.Key, value)
	case OpClear:
		active = copyObject(data)
		clearKey(active, c.Key)
	case OpReplace:
		m, isMap := value.(map[string]any)
		if !isMap && c.Known {
			m, isMap = listAsMap(value)
		}
		if !isMap {
			if !ok {
				return Verdict{Outcome: Reverted, Reason: fmt.Sprintf("deletes %s: the sync directory has no %s", c.Config, c.Config), File: file}, nil
			}
			return Verdict{Outcome: Unknown, Reason: "the new data is computed at run time"}, nil
		}
		active = m
	case OpDelete:
		activeOK = false
	}
	plain := judgeConfig(c, data, ok, active, activeOK, file)
	if plain.Outcome != Reverted {
		return plain, nil
	}
	got, gotOK := data, ok
	why := ""
	if s.Ignore != nil {
		if s.Ignore.Unknown {
			return Verdict{Outcome: Unknown, Reason: "config_ignore.settings.yml is not valid (" + s.Ignore.Problem + "): config_ignore reads the site's own settings", File: s.Ignore.File}, nil
		}
		got, gotOK = s.Ignore.transform(c.Config, data, ok, active, activeOK)
		why = "config_ignore keeps it"
		if v := judgeConfig(c, got, gotOK, active, activeOK, file); v.Outcome != Reverted {
			v.Reason, v.File = why, s.Ignore.File
			return v, nil
		}
	}
	if !gotOK && activeOK {
		if m := s.excludedOwner(c.Config, active); m != "" {
			return Verdict{Outcome: Kept, Reason: fmt.Sprintf("$settings['config_exclude_modules'] names %s, whose configuration the import keeps", m)}, nil
		}
		if s.ExcludeUnknown {
			return Verdict{Outcome: Unknown, Reason: "settings.php computes $settings['config_exclude_modules']"}, nil
		}
	}
	return plain, nil
}

// excludedOwner returns the excluded module whose configuration name is:
// core keeps, from the active site, the configuration that depends on an
// excluded module and that the sync directory does not hold.
func (s *Sync) excludedOwner(name string, active map[string]any) string {
	for _, m := range s.Exclude {
		if strings.HasPrefix(name, m+".") || dependsOn(active, m) {
			return m
		}
	}
	return ""
}

// judgeConfig compares what the import writes (got, gotOK) with the active
// object after the change.
func judgeConfig(c Change, got map[string]any, gotOK bool, active map[string]any, activeOK bool, file string) Verdict {
	switch c.Op {
	case OpDelete:
		if gotOK {
			return Verdict{Outcome: Reverted, Reason: fmt.Sprintf("creates %s again: the sync directory holds it", c.Config), File: file}
		}
		return Verdict{Outcome: Kept, Reason: fmt.Sprintf("the sync directory has no %s either", c.Config), File: file}
	case OpClear:
		if !gotOK {
			return Verdict{Outcome: Kept, Reason: fmt.Sprintf("the sync directory has no %s", c.Config), File: file}
		}
		if v, has := lookup(got, c.Key); has {
			return Verdict{Outcome: Reverted, Reason: fmt.Sprintf("puts %s back (%s)", c.Key, Render(v)), File: file}
		}
		return Verdict{Outcome: Kept, Reason: fmt.Sprintf("the sync directory's %s has no %s either", c.Config, c.Key), File: file}
	case OpReplace:
		if !gotOK {
			return Verdict{Outcome: Reverted, Reason: fmt.Sprintf("deletes %s: the sync directory has no %s", c.Config, c.Config), File: file}
		}
		if _, unknown := any(active).(unknownValue); unknown {
			return Verdict{Outcome: Unknown, Reason: "the new data is computed at run time"}
		}
		if Equal(withoutMeta(got), withoutMeta(active)) {
			return Verdict{Outcome: Kept, Reason: "the sync directory agrees", File: file}
		}
		return Verdict{Outcome: Reverted, Reason: fmt.Sprintf("replaces it with the sync directory's %s", c.Config), File: file}
	}
	// OpSet.
	if !gotOK {
		return Verdict{Outcome: Reverted, Reason: fmt.Sprintf("deletes %s: the sync directory has no %s", c.Config, c.Config), File: file}
	}
	v, has := lookup(got, c.Key)
	if !has {
		return Verdict{Outcome: Reverted, Reason: fmt.Sprintf("removes %s: the sync directory's %s has no such key", c.Key, c.Config), File: file}
	}
	want, _ := lookup(active, c.Key)
	if _, unknown := want.(unknownValue); unknown {
		if _, same := v.(unknownValue); same {
			return Verdict{Outcome: Kept, File: file}
		}
		return Verdict{Outcome: Unknown, Reason: fmt.Sprintf("the value is computed at run time; the sync directory says %s", Render(v)), File: file}
	}
	if Equal(v, want) {
		return Verdict{Outcome: Kept, Reason: "the sync directory agrees", File: file}
	}
	return Verdict{Outcome: Reverted, Reason: fmt.Sprintf("sets it back to %s", Render(v)), File: file}
}

func (s *Sync) importExtension(c Change) (Verdict, error) {
	kind, list := "module", maps.Clone(s.Extensions.Modules)
	if c.Op == OpInstallTheme || c.Op == OpUninstallTheme {
		kind, list = "theme", maps.Clone(s.Extensions.Themes)
	}
	install := c.Op == OpInstallModule || c.Op == OpInstallTheme
	file := filepath.Join(s.Dir, "core.extension.yml")
	for _, sp := range s.Splits {
		names := sp.Modules
		if kind == "theme" {
			names = sp.Themes
		}
		if !slices.Contains(names, c.Name) {
			continue
		}
		switch sp.State {
		case SplitMaybe:
			return Verdict{Outcome: Unknown, Reason: sp.where() + " installs it", File: sp.File}, nil
		case SplitActive:
			list[c.Name] = 0
			file = sp.File
		}
	}
	listed := func(l map[string]int) bool { _, ok := l[c.Name]; return ok }
	verdict := func(inList bool) Verdict {
		switch {
		case install && inList:
			return Verdict{Outcome: Kept, Reason: "core.extension.yml lists it", File: file}
		case install:
			return Verdict{Outcome: Reverted, Reason: fmt.Sprintf("uninstalls it: core.extension.yml does not list %s", c.Name), File: file}
		case inList:
			return Verdict{Outcome: Reverted, Reason: fmt.Sprintf("installs it again: core.extension.yml lists %s", c.Name), File: file}
		}
		return Verdict{Outcome: Kept, Reason: "core.extension.yml does not list it either", File: file}
	}
	plain := verdict(listed(list))
	if plain.Outcome != Reverted {
		return plain, nil
	}
	active := maps.Clone(list)
	if install {
		active[c.Name] = 0
	} else {
		delete(active, c.Name)
	}
	if s.Ignore != nil {
		if s.Ignore.Unknown {
			return Verdict{Outcome: Unknown, Reason: "config_ignore.settings.yml is not valid (" + s.Ignore.Problem + "): config_ignore reads the site's own settings", File: s.Ignore.File}, nil
		}
		got, _ := s.Ignore.transform("core.extension", extensionObject(kind, list), true, extensionObject(kind, active), true)
		_, inList := mapping(got[kind])[c.Name]
		if v := verdict(inList); v.Outcome != Reverted {
			v.Reason, v.File = "config_ignore keeps it", s.Ignore.File
			return v, nil
		}
	}
	if kind == "module" && install && slices.Contains(s.Exclude, c.Name) {
		return Verdict{Outcome: Kept, Reason: fmt.Sprintf("$settings['config_exclude_modules'] names %s, which the import keeps installed", c.Name)}, nil
	}
	if kind == "module" && install && s.ExcludeUnknown {
		return Verdict{Outcome: Unknown, Reason: "settings.php computes $settings['config_exclude_modules']"}, nil
	}
	return plain, nil
}

// extensionObject builds the part of core.extension that lists one kind
// of extension.
func extensionObject(kind string, list map[string]int) map[string]any {
	m := make(map[string]any, len(list))
	for k, w := range list {
		m[k] = w
	}
	return map[string]any{kind: m}
}

func deref(v *Verdict) Verdict {
	if v == nil {
		return Verdict{}
	}
	return *v
}

func copyObject(data map[string]any) map[string]any {
	if data == nil {
		return map[string]any{}
	}
	return deepCopy(data).(map[string]any)
}

// setKey sets a dotted key, creating the mappings on its way, as
// NestedArray::setValue does.
func setKey(data map[string]any, key string, value any) {
	parts := strings.Split(key, ".")
	cur := data
	for _, p := range parts[:len(parts)-1] {
		next, ok := cur[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			cur[p] = next
		}
		cur = next
	}
	cur[parts[len(parts)-1]] = value
}

func clearKey(data map[string]any, key string) {
	parts := strings.Split(key, ".")
	cur := data
	for _, p := range parts[:len(parts)-1] {
		next, ok := cur[p].(map[string]any)
		if !ok {
			return
		}
		cur = next
	}
	delete(cur, parts[len(parts)-1])
}

// withoutMeta drops the keys Drupal manages itself (uuid, _core).
func withoutMeta(data map[string]any) map[string]any {
	out := maps.Clone(data)
	delete(out, "uuid")
	delete(out, "_core")
	return out
}
