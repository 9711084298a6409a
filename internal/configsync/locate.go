package configsync

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/dcycle/dcycle/internal/phpast"
)

// Location is where a project keeps its config sync directory, and what
// its settings files add to it.
type Location struct {
	// Dir is the sync directory, "" when neither settings.php nor the
	// fallback names one.
	Dir string
	// From is the file that named it: a settings file, or "" for the
	// fallback.
	From string
	// WebRoot is the Drupal root (the folder of index.php and sites/), ""
	// when none was found.
	WebRoot string
	// Settings are the settings files read, settings.php first.
	Settings []string
	// Options are what the settings files add for Read: the excluded
	// modules, the $config overrides, the Drupal root.
	Options Options
}

// SitePath is the site folder dcycle reads, relative to the Drupal root:
// the default site of a single-site project.
const SitePath = "sites/default"

// maxIncludes bounds how deep settings files include one another.
const maxIncludes = 16

// Locate finds the config sync directory of the project at root: the
// $settings['config_sync_directory'] that sites/default/settings.php (and
// the files it includes, when they exist) sets last, read with the PHP
// parser; else fallback, the .dcycle.yml config_sync: path (as a path from
// the working folder). A settings file that does not parse is an error.
func Locate(root, fallback string) (*Location, error) {
	loc := &Location{WebRoot: WebRoot(root)}
	if loc.WebRoot != "" {
		settings := filepath.Join(loc.WebRoot, SitePath, "settings.php")
		if isFile(settings) {
			r := &settingsReader{loc: loc, appRoot: absolute(loc.WebRoot), seen: map[string]bool{}}
			if err := r.read(settings, false, 0); err != nil {
				return nil, err
			}
		}
		loc.Options.Base = loc.WebRoot
	}
	if loc.Dir == "" {
		loc.Dir = fallback
	}
	return loc, nil
}

// Read reads the located sync directory; nil, nil when there is none or
// it does not exist (the import then has nothing to import).
func (l *Location) Read() (*Sync, error) {
	if l.Dir == "" {
		return nil, nil
	}
	if _, err := os.Stat(l.Dir); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return Read(l.Dir, l.Options)
}

// WebRoot finds the Drupal root inside a project root: the web-root that
// composer.json's drupal-scaffold settings name, else web/, docroot/ or
// the project root itself, preferring one that holds
// sites/default/settings.php, then one that holds core/, sites/, modules/,
// themes/, profiles/ or index.php; "" when none looks like one.
func WebRoot(root string) string {
	if root == "" {
		return ""
	}
	var candidates []string
	if w := scaffoldWebRoot(root); w != "" {
		candidates = append(candidates, filepath.Join(root, w))
	}
	candidates = append(candidates, filepath.Join(root, "web"), filepath.Join(root, "docroot"), root)
	for _, c := range candidates {
		if isFile(filepath.Join(c, SitePath, "settings.php")) {
			return c
		}
	}
	for _, c := range candidates {
		for _, marker := range []string{"core", "sites", "modules", "themes", "profiles"} {
			if isDir(filepath.Join(c, marker)) {
				return c
			}
		}
		if isFile(filepath.Join(c, "index.php")) {
			return c
		}
	}
	return ""
}

// scaffoldWebRoot reads extra.drupal-scaffold.locations.web-root from
// composer.json.
func scaffoldWebRoot(root string) string {
	src, err := os.ReadFile(filepath.Join(root, "composer.json"))
	if err != nil {
		return ""
	}
	var c struct {
		Extra struct {
			Scaffold struct {
				Locations struct {
					WebRoot string `json:"web-root"`
				} `json:"locations"`
			} `json:"drupal-scaffold"`
		} `json:"extra"`
	}
	if json.Unmarshal(src, &c) != nil {
		return ""
	}
	return filepath.Clean(strings.TrimPrefix(c.Extra.Scaffold.Locations.WebRoot, "./"))
}

type settingsReader struct {
	loc     *Location
	appRoot string
	seen    map[string]bool
}

// read runs the steps of one settings file; cond is true when the file is
// included only under a condition.
func (r *settingsReader) read(path string, cond bool, depth int) error {
	if depth > maxIncludes {
		return fmt.Errorf("%s: settings files include one another more than %d deep", path, maxIncludes)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	s, err := phpast.ParseSettings(path, src)
	if err != nil {
		return err
	}
	r.loc.Settings = append(r.loc.Settings, path)
	abs := absolute(path)
	r.seen[abs] = true
	for _, st := range s.Steps {
		conditional := cond || st.Conditional
		switch st.Kind {
		case phpast.SettingSyncDirectory:
			dir, ok := r.eval(st.Path, abs)
			if !ok {
				continue // computed at run time: a later step or the fallback decides
			}
			r.loc.Dir, r.loc.From = r.shown(dir), path
		case phpast.SettingExcludeModules:
			mods, ok := moduleList(st.Value)
			r.loc.Options.Exclude, r.loc.Options.ExcludeUnknown = mods, !ok
		case phpast.SettingExcludeModule:
			if st.Value.Kind == phpast.ValueString {
				r.loc.Options.Exclude = append(r.loc.Options.Exclude, st.Value.Text)
			} else {
				r.loc.Options.ExcludeUnknown = true
			}
		case phpast.SettingConfigOverride:
			v, known := FromPHP(st.Value)
			r.loc.Options.Overrides = append(r.loc.Options.Overrides, Override{Config: st.Config, Keys: st.Keys, Value: v, Known: known, Conditional: conditional})
		case phpast.SettingInclude:
			target, ok := r.eval(st.Path, abs)
			if !ok {
				continue
			}
			found := r.resolve(target, abs)
			if found == "" || r.seen[absolute(found)] {
				continue
			}
			if err := r.read(found, conditional, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// shown puts a path in the form the project root was given: relative to
// the Drupal root when it is relative (the working folder of drush and
// index.php), and an absolute path under the Drupal root back to the
// Drupal root's form.
func (r *settingsReader) shown(p string) string {
	if !filepath.IsAbs(p) {
		return filepath.Join(r.loc.WebRoot, p)
	}
	if rel, err := filepath.Rel(r.appRoot, p); err == nil {
		return filepath.Join(r.loc.WebRoot, rel)
	}
	return p
}

// resolve finds an included file as PHP does: an absolute path as it is;
// a relative one in the include path (".", the working folder, which is
// the Drupal root), then in the including file's folder. "" when it does
// not exist.
func (r *settingsReader) resolve(target, from string) string {
	if filepath.IsAbs(target) {
		if isFile(target) {
			return r.shown(target)
		}
		return ""
	}
	for _, base := range []string{r.appRoot, filepath.Dir(from)} {
		if p := filepath.Join(base, target); isFile(p) {
			return r.shown(p)
		}
	}
	return ""
}

// eval evaluates a path expression of the settings file at file (an
// absolute path).
func (r *settingsReader) eval(p *phpast.PathExpr, file string) (string, bool) {
	if p == nil {
		return "", false
	}
	switch p.Kind {
	case phpast.PathLiteral:
		return p.Text, true
	case phpast.PathAppRoot, phpast.PathDrupalRoot:
		return r.appRoot, true
	case phpast.PathSitePath:
		return SitePath, true
	case phpast.PathDir:
		return filepath.Dir(file), true
	case phpast.PathFile:
		return file, true
	case phpast.PathConcat:
		var b strings.Builder
		for _, part := range p.Parts {
			s, ok := r.eval(part, file)
			if !ok {
				return "", false
			}
			b.WriteString(s)
		}
		return b.String(), true
	case phpast.PathDirname:
		s, ok := r.eval(p.Parts[0], file)
		if !ok {
			return "", false
		}
		for range p.Levels {
			s = filepath.Dir(strings.TrimRight(s, "/"))
		}
		return s, true
	case phpast.PathRealpath:
		s, ok := r.eval(p.Parts[0], file)
		if !ok {
			return "", false
		}
		if !filepath.IsAbs(s) {
			s = filepath.Join(r.appRoot, s)
		}
		return filepath.Clean(s), true
	}
	return "", false
}

// moduleList reads an array literal of module names.
func moduleList(v phpast.Value) ([]string, bool) {
	if v.Kind != phpast.ValueArray {
		return nil, false
	}
	out := make([]string, 0, len(v.Items))
	for _, it := range v.Items {
		if it.Value.Kind != phpast.ValueString {
			return nil, false
		}
		out = append(out, it.Value.Text)
	}
	return out, true
}

func absolute(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
