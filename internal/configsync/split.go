package configsync

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// SplitState tells whether a split takes part in the import.
type SplitState int

// Split states.
const (
	// SplitInactive: off in the sync directory and not turned on by the
	// settings files dcycle read; the import leaves it out.
	SplitInactive SplitState = iota
	// SplitActive: on; the import merges its storage into the sync
	// directory's configuration.
	SplitActive
	// SplitMaybe: settings.php turns it on or off under a condition (per
	// environment): where it applies depends on the site.
	SplitMaybe
)

var splitStateNames = [...]string{"inactive", "active", "active on some sites"}

func (s SplitState) String() string { return splitStateNames[s] }

// Split is one config_split.config_split.NAME.yml, with config_split 1.x's
// keys (blacklist, graylist) read as 2.x's (complete_list, partial_list).
type Split struct {
	// Name is the split's machine name.
	Name string
	File string
	// Status is the status the file says; State is what settings.php
	// makes of it.
	Status bool
	State  SplitState
	// Storage is folder, collection or database; Dir is where a folder or
	// collection storage lives, "" for the database.
	Storage string
	Dir     string
	Weight  int
	// Modules and Themes are the extensions the split installs.
	Modules, Themes []string
	// Complete and Partial are the config name patterns it splits ("*"
	// matching any run of characters).
	Complete, Partial []string

	objects map[string]object
}

const splitPrefix = "config_split.config_split."

// patchPrefix names the partial split of an object in a split storage.
const patchPrefix = "config_split.patch."

func (s *Sync) readSplits(overrides []Override) ([]*Split, error) {
	names, err := s.Names()
	if err != nil {
		return nil, err
	}
	var out []*Split
	for _, name := range names {
		id, ok := strings.CutPrefix(name, splitPrefix)
		if !ok {
			continue
		}
		data, _, err := s.Object(name)
		if err != nil {
			return nil, err
		}
		sp := &Split{Name: id, File: filepath.Join(s.Dir, name+".yml"), objects: map[string]object{}}
		if v, ok := data["id"].(string); ok && v != "" {
			sp.Name = v
		}
		sp.Status, _ = data["status"].(bool)
		sp.Weight, _ = data["weight"].(int)
		sp.Modules = slices.Sorted(keysOf(data["module"]))
		sp.Themes = slices.Sorted(keysOf(data["theme"]))
		sp.Complete = stringList(first(data, "complete_list", "blacklist"))
		sp.Partial = stringList(first(data, "partial_list", "graylist"))
		folder, _ := data["folder"].(string)
		storage, _ := data["storage"].(string)
		switch {
		case storage == "collection":
			sp.Storage, sp.Dir = storage, filepath.Join(s.Dir, "split", strings.ReplaceAll(sp.Name, ".", "/"))
		case storage == "folder" || (storage == "" && folder != ""):
			sp.Storage, sp.Dir = "folder", folder
			if folder != "" && !filepath.IsAbs(folder) {
				sp.Dir = filepath.Join(s.base, folder)
			}
		default:
			sp.Storage = "database"
		}
		sp.State = SplitInactive
		if sp.Status {
			sp.State = SplitActive
		}
		for _, o := range overrides {
			if o.Config != name || (len(o.Keys) > 0 && o.Keys[0] != "status") || len(o.Keys) > 1 {
				continue
			}
			status, known := o.Value, o.Known
			if len(o.Keys) == 0 {
				status, known = mapping(o.Value)["status"], o.Known && mapping(o.Value) != nil
			}
			on, isBool := status.(bool)
			switch {
			case !known || !isBool || o.Conditional:
				sp.State = SplitMaybe
			case sp.State != SplitMaybe && on:
				sp.State = SplitActive
			case sp.State != SplitMaybe:
				sp.State = SplitInactive
			}
		}
		out = append(out, sp)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Weight < out[j].Weight })
	return out, nil
}

func first(data map[string]any, keys ...string) any {
	for _, k := range keys {
		if v, ok := data[k]; ok {
			return v
		}
	}
	return nil
}

func keysOf(v any) func(func(string) bool) {
	m := mapping(v)
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func stringList(v any) []string {
	var out []string
	switch v := v.(type) {
	case []any:
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
	case map[string]any:
		for _, k := range sortedKeys(v) {
			if s, ok := v[k].(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// object reads NAME from the split's storage; ok is false when the
// storage does not hold it, or is the database.
func (sp *Split) object(name string) (map[string]any, bool, error) {
	if sp.Dir == "" {
		return nil, false, nil
	}
	if o, seen := sp.objects[name]; seen {
		return o.data, o.ok, o.err
	}
	data, ok, err := readObject(sp.Dir, name)
	sp.objects[name] = object{data, ok, err}
	return data, ok, err
}

// covers reports whether the split decides configuration object name
// (held in the sync directory as data, when it is): its lists name it, it
// belongs to one of the split's extensions (NAME.* or a dependency), or
// its storage holds it.
func (sp *Split) covers(name string, data map[string]any) (bool, error) {
	for _, p := range slices.Concat(sp.Complete, sp.Partial) {
		if glob(p, name) {
			return true, nil
		}
	}
	for _, ext := range slices.Concat(sp.Modules, sp.Themes) {
		if strings.HasPrefix(name, ext+".") || dependsOn(data, ext) {
			return true, nil
		}
	}
	if sp.Storage == "database" {
		return false, nil
	}
	for _, n := range []string{name, patchPrefix + name} {
		_, ok, err := sp.object(n)
		if err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

// dependsOn reports whether a config entity's dependencies name an
// extension.
func dependsOn(data map[string]any, ext string) bool {
	deps := mapping(data["dependencies"])
	for _, d := range []map[string]any{deps, mapping(deps["enforced"])} {
		for _, kind := range []string{"module", "theme"} {
			if slices.Contains(stringList(d[kind]), ext) {
				return true
			}
		}
	}
	return false
}

// merge applies what an active split adds to the import's object name: the
// object its storage holds replaces the sync directory's. ok is false when
// the split does not hold it; unknown is set when it holds a partial
// split (a patch) or lives in the database, which dcycle does not read.
func (sp *Split) merge(name string) (data map[string]any, ok, unknown bool, err error) {
	if sp.Storage == "database" {
		return nil, false, true, nil
	}
	if _, patched, err := sp.object(patchPrefix + name); err != nil || patched {
		return nil, false, patched, err
	}
	data, ok, err = sp.object(name)
	return data, ok, false, err
}

// where names the split for messages.
func (sp *Split) where() string {
	return fmt.Sprintf("config split %s (%s)", sp.Name, sp.State)
}
