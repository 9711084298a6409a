// Package configsync reads a Drupal 8+ config sync directory as the config
// import (drush config:import, the second step of drush deploy) reads it:
// where the directory is (settings.php, else .dcycle.yml), the extensions
// its core.extension.yml installs, and what the import leaves alone —
// config_ignore's patterns, config_split's splits and core's
// $settings['config_exclude_modules']. Given a change a deployment hook
// makes to the active configuration, Import tells whether the import
// undoes it. It reads files only; it never runs Drupal.
package configsync

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Sync is a config sync directory as the import sees it.
type Sync struct {
	// Dir is the directory.
	Dir string
	// Extensions is core.extension.yml; nil when the directory holds none,
	// and then the import is refused ("The core.extension configuration
	// does not exist") and changes nothing.
	Extensions *Extensions
	// Ignore is config_ignore.settings.yml when core.extension.yml installs
	// config_ignore, else nil.
	Ignore *Ignore
	// Splits are the config_split.config_split.*.yml when core.extension.yml
	// installs config_split, by name.
	Splits []*Split
	// Exclude are the modules $settings['config_exclude_modules'] names.
	Exclude []string
	// ExcludeUnknown is true when settings.php sets that list to something
	// dcycle cannot evaluate.
	ExcludeUnknown bool

	// base is the folder a split's relative folder is read from: the
	// Drupal root, which is the working folder of drush and index.php.
	base    string
	objects map[string]object
}

// Extensions is core.extension.yml: the modules and themes the import
// installs, and uninstalls when absent.
type Extensions struct {
	Modules map[string]int
	Themes  map[string]int
	Profile string
}

type object struct {
	data map[string]any
	ok   bool
	err  error
}

// Options are what settings.php adds to the directory.
type Options struct {
	// Exclude are the modules of $settings['config_exclude_modules'].
	Exclude []string
	// ExcludeUnknown marks that list as unknown.
	ExcludeUnknown bool
	// Overrides are settings.php's $config overrides, which can turn a
	// split on or off.
	Overrides []Override
	// Base is the Drupal root, against which a split's relative folder is
	// read; "" means the parent of Dir.
	Base string
}

// Override is a $config['NAME']['KEY'] = VALUE of settings.php.
type Override struct {
	Config string
	Keys   []string
	// Value is the assigned value when dcycle can evaluate it.
	Value any
	Known bool
	// Conditional is true when the override is made only under a
	// condition (a local or per-environment branch).
	Conditional bool
}

// Read reads a sync directory. A directory that does not exist is an
// error; a directory without core.extension.yml is not (its Extensions is
// nil). A file that does not parse as YAML is an error naming it.
func Read(dir string, opts Options) (*Sync, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("config sync directory %s: %w", dir, unwrapPath(err))
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("config sync directory %s: not a directory", dir)
	}
	s := &Sync{Dir: dir, Exclude: opts.Exclude, ExcludeUnknown: opts.ExcludeUnknown, base: opts.Base, objects: map[string]object{}}
	if s.base == "" {
		s.base = filepath.Dir(dir)
	}
	ext, ok, err := s.Object("core.extension")
	if err != nil {
		return nil, err
	}
	if !ok {
		return s, nil
	}
	s.Extensions = &Extensions{Modules: weights(ext["module"]), Themes: weights(ext["theme"])}
	s.Extensions.Profile, _ = ext["profile"].(string)
	if _, on := s.Extensions.Modules["config_ignore"]; on {
		if s.Ignore, err = s.readIgnore(); err != nil {
			return nil, err
		}
	}
	if _, on := s.Extensions.Modules["config_split"]; on {
		if s.Splits, err = s.readSplits(opts.Overrides); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// weights reads core.extension's module: or theme: mapping.
func weights(v any) map[string]int {
	out := map[string]int{}
	m, _ := v.(map[string]any)
	for name, w := range m {
		n, _ := w.(int)
		out[name] = n
	}
	return out
}

// Object reads the configuration object NAME from the directory's
// NAME.yml; ok is false when there is none.
func (s *Sync) Object(name string) (map[string]any, bool, error) {
	if o, seen := s.objects[name]; seen {
		return o.data, o.ok, o.err
	}
	data, ok, err := readObject(s.Dir, name)
	s.objects[name] = object{data, ok, err}
	return data, ok, err
}

// Names lists the objects of the directory, sorted.
func (s *Sync) Names() ([]string, error) { return listObjects(s.Dir) }

// readObject reads NAME.yml from dir. An empty file is an empty object, as
// Drupal's FileStorage reads it.
func readObject(dir, name string) (map[string]any, bool, error) {
	path := filepath.Join(dir, name+".yml")
	src, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	var v any
	if err := yaml.Unmarshal(src, &v); err != nil {
		return nil, false, fmt.Errorf("%s: %s", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if v == nil {
		return map[string]any{}, true, nil
	}
	m, ok := normalize(v).(map[string]any)
	if !ok {
		return nil, false, fmt.Errorf("%s: a configuration object is a mapping, not %s", path, kindOf(v))
	}
	return m, true, nil
}

// listObjects lists the NAME.yml files of dir as names, sorted.
func listObjects(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, fmt.Errorf("%s: %w", dir, unwrapPath(err))
	}
	var out []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".yml"); ok && !e.IsDir() {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out, nil
}

// normalize gives every mapping string keys, as PHP arrays have: a YAML
// mapping with integer keys (0: a) decodes with interface keys.
func normalize(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = normalize(x)
		}
		return v
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[fmt.Sprint(k)] = normalize(x)
		}
		return out
	case []any:
		for i, x := range v {
			v[i] = normalize(x)
		}
	}
	return v
}

func kindOf(v any) string {
	switch v.(type) {
	case []any:
		return "a list"
	case string:
		return "a string"
	}
	return fmt.Sprintf("%T", v)
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// lookup finds a dotted key ("css.preprocess") in an object.
func lookup(data map[string]any, key string) (any, bool) {
	var cur any = data
	for _, part := range strings.Split(key, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[part]; !ok {
			return nil, false
		}
	}
	return cur, true
}
