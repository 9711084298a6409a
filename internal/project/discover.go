package project

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Module is one Drupal module found on disk.
type Module struct {
	// Name is the machine name, e.g. example_deploy.
	Name string
	// Dir is the module folder, in the form the user gave it: joined to a
	// relative working folder it stays relative.
	Dir string
	// InstallPath is Dir/NAME.install, "" when the module has none.
	InstallPath string
	// PostUpdatePath and DeployPath are Dir/NAME.post_update.php and
	// Dir/NAME.deploy.php, "" when absent.
	PostUpdatePath string
	DeployPath     string
	// InfoPath is Dir/NAME.info or Dir/NAME.info.yml, "" when absent (a lone
	// .install file).
	InfoPath string
	// Core is the detected core major, 0 if unknown. Discover and Resolve
	// detect it from the project; Load settles a 0 with the update numbers.
	Core int
	// Root is the project root, "" when none was found.
	Root string
	// Layout is the project root's layout.
	Layout Layout
	// LoneFile is set when the user named an .install, .post_update.php or
	// .deploy.php file with no .info or .info.yml beside it.
	LoneFile bool
}

// HasCode reports whether the module has a file that holds deployment
// code: NAME.install, NAME.post_update.php or NAME.deploy.php.
func (m *Module) HasCode() bool {
	return m.InstallPath != "" || m.PostUpdatePath != "" || m.DeployPath != ""
}

// Options are the command-line settings that choose a module.
type Options struct {
	// Module is --module: a path or a module name.
	Module string
	// Core is --core, 0 to detect.
	Core int
	// ConfigPath is --config, "" to find .dcycle.yml.
	ConfigPath string
	// AllModules is lint --all-modules: every module with an .install, not
	// only *_deploy.
	AllModules bool
}

// Discover finds the one deploy module a command works on when no path is
// given, and the .dcycle.yml that applies. --module wins, then the config's
// module, then SPEC §1's order: wd or an ancestor up to the project root is a
// module folder; else the *_deploy modules below wd; else those below the
// project root. Several candidates at the first step that finds any is an
// *Error listing them.
func Discover(wd string, opts Options) (*Module, *Config, error) {
	absWd, err := filepath.Abs(wd)
	if err != nil {
		return nil, nil, &Error{Path: wd, Msg: "cannot resolve folder", Err: err}
	}
	cfg, err := LoadOptionsConfig(wd, opts)
	if err != nil {
		return nil, nil, err
	}
	m, err := discover(wd, absWd, opts, cfg)
	if err != nil {
		return nil, nil, err
	}
	m.Core = DetectCore(m, opts, cfg)
	return m, cfg, nil
}

func discover(wd, absWd string, opts Options, cfg *Config) (*Module, error) {
	if opts.Module != "" {
		return chooseModule(wd, absWd, opts.Module, "")
	}
	if cfg != nil && cfg.Module != "" {
		dir := filepath.Dir(cfg.Path)
		absDir, err := filepath.Abs(dir)
		if err != nil {
			return nil, &Error{Path: cfg.Path, Msg: "cannot resolve folder", Err: err}
		}
		// cfg.Path is wd-based, so the module's paths come out in wd's
		// form too.
		return chooseModule(dir, absDir, cfg.Module, cfg.Path)
	}
	found, err := discoverAll(absWd, isDeploy)
	if err != nil {
		return nil, err
	}
	switch len(found) {
	case 0:
		return nil, &Error{Msg: "no deploy module found in " + filepath.Clean(wd) + " or above; pass a module folder or --module"}
	case 1:
		return newModule(wd, absWd, found[0]), nil
	}
	return nil, ambiguous(countWord(len(found))+" deploy modules found; choose one with --module", absWd, found)
}

// discoverAll runs the discovery steps and returns every module the first
// step that finds any finds, sorted by path.
func discoverAll(absWd string, want func(found) bool) ([]found, error) {
	root := projectRootAbs(absWd)
	for d := absWd; ; {
		if mods := modulesIn(d, false); len(mods) > 0 {
			return preferFolderName(d, mods), nil
		}
		parent := filepath.Dir(d)
		if d == root || parent == d {
			break
		}
		d = parent
	}
	found, err := scan(absWd, "", want)
	if err != nil || len(found) > 0 || root == "" || root == absWd {
		return found, err
	}
	// wd's subtree was searched already and held nothing.
	return scan(root, absWd, want)
}

// Resolve turns the paths given to lint, list and next into modules. A path
// may be a module folder, an .install file (read even with no info file
// beside it), or any other folder, which stands for every *_deploy module
// below it (every module with an .install with AllModules). Relative paths
// are relative to wd. The result is in the order of paths, each folder's
// modules sorted by path, without duplicates. With no paths it discovers
// like Discover; with AllModules it returns every module the first discovery
// step that finds any finds instead of refusing several.
func Resolve(wd string, paths []string, opts Options) ([]*Module, *Config, error) {
	absWd, err := filepath.Abs(wd)
	if err != nil {
		return nil, nil, &Error{Path: wd, Msg: "cannot resolve folder", Err: err}
	}
	if len(paths) == 0 {
		return resolveNoPaths(wd, absWd, opts)
	}
	var mods []*Module
	seen := map[string]bool{}
	for _, p := range paths {
		given := p
		if !filepath.IsAbs(p) {
			given = filepath.Join(wd, p)
		}
		got, err := resolvePath(given, opts)
		if err != nil {
			return nil, nil, err
		}
		for _, m := range got {
			key, err := filepath.Abs(filepath.Join(m.Dir, m.Name))
			if err != nil || seen[key] {
				continue
			}
			seen[key] = true
			mods = append(mods, m)
		}
	}
	cfg, err := resolveConfig(wd, absWd, opts, mods)
	if err != nil {
		return nil, nil, err
	}
	for _, m := range mods {
		m.Core = DetectCore(m, opts, cfg)
	}
	return mods, cfg, nil
}

func resolveNoPaths(wd, absWd string, opts Options) ([]*Module, *Config, error) {
	if !opts.AllModules || opts.Module != "" {
		m, cfg, err := Discover(wd, opts)
		if err != nil {
			return nil, nil, err
		}
		return []*Module{m}, cfg, nil
	}
	cfg, err := LoadOptionsConfig(wd, opts)
	if err != nil {
		return nil, nil, err
	}
	found, err := discoverAll(absWd, hasCode)
	if err != nil {
		return nil, nil, err
	}
	if len(found) == 0 {
		return nil, nil, &Error{Msg: "no module with an .install, .post_update.php or .deploy.php file found in " + filepath.Clean(wd) + " or above; pass a module folder"}
	}
	mods := make([]*Module, len(found))
	for i, f := range found {
		mods[i] = newModule(wd, absWd, f)
		mods[i].Core = DetectCore(mods[i], opts, cfg)
	}
	return mods, cfg, nil
}

// resolveConfig loads --config, else the .dcycle.yml nearest the first
// module (the paths may lie in another project than wd), else the one
// nearest wd.
func resolveConfig(wd, absWd string, opts Options, mods []*Module) (*Config, error) {
	if opts.ConfigPath != "" || len(mods) == 0 {
		return LoadOptionsConfig(wd, opts)
	}
	cfg, err := FindConfig(mods[0].Dir)
	if cfg != nil || err != nil {
		return cfg, err
	}
	return FindConfig(wd)
}

func resolvePath(given string, opts Options) ([]*Module, error) {
	abs, err := filepath.Abs(given)
	if err != nil {
		return nil, &Error{Path: given, Msg: "cannot resolve path", Err: err}
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, &Error{Path: given, Msg: "cannot access", Err: unwrapPathError(err)}
	}
	if !fi.IsDir() {
		m, err := moduleOfFile(given, abs)
		if err != nil {
			return nil, err
		}
		return []*Module{m}, nil
	}
	if mods := preferInstalled(modulesIn(abs, true)); len(mods) > 0 {
		out := make([]*Module, len(mods))
		for i, f := range mods {
			out[i] = newModule(given, abs, f)
		}
		return out, nil
	}
	want, what := isDeploy, "no deploy module"
	if opts.AllModules {
		want, what = hasCode, "no module with an .install, .post_update.php or .deploy.php file"
	}
	found, err := scan(abs, "", want)
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, &Error{Path: given, Msg: what + " found in this folder or below"}
	}
	out := make([]*Module, len(found))
	for i, f := range found {
		out[i] = newModule(given, abs, f)
	}
	return out, nil
}

// moduleOfFile accepts a file of deployment code (.install,
// .post_update.php, .deploy.php), read even when nothing else of the module
// is beside it, its module named after the file, and the other files that
// name their module (the info file, .module), so a pre-commit hook can pass
// the staged files as they are.
func moduleOfFile(given, abs string) (*Module, error) {
	base := filepath.Base(abs)
	dir, absDir := filepath.Dir(given), filepath.Dir(abs)
	for _, ext := range []string{".install", ".post_update.php", ".deploy.php", ".info.yml", ".info", ".module"} {
		name, ok := strings.CutSuffix(base, ext)
		if !ok || name == "" {
			continue
		}
		f := found{dir: absDir, name: name, install: isFile(filepath.Join(absDir, name+".install"))}
		m := newModule(dir, absDir, f)
		switch ext {
		case ".install", ".post_update.php", ".deploy.php":
			m.LoneFile = m.InfoPath == ""
			return m, nil
		}
		if m.InfoPath == "" && !m.HasCode() {
			break
		}
		return m, nil
	}
	return nil, &Error{Path: given, Msg: "not a module folder, .install file or module file"}
}

// chooseModule resolves --module (or the config's module:) relative to the
// folder dir: a path to a module folder or .install file, or a module name
// searched for below the project root. from names the config file when the
// value came from one.
func chooseModule(dir, absDir, value, from string) (*Module, error) {
	wrap := func(err error) error {
		var e *Error
		if from != "" && errors.As(err, &e) {
			e.Msg = "module " + strconv.Quote(value) + ": " + e.Msg
			if e.Path == "" {
				e.Path = from
			}
		}
		return err
	}
	given := value
	if !filepath.IsAbs(value) {
		given = filepath.Join(dir, value)
	}
	abs, err := filepath.Abs(given)
	if err != nil {
		return nil, wrap(&Error{Path: given, Msg: "cannot resolve path", Err: err})
	}
	if looksLikePath(value) || len(modulesIn(abs, true)) > 0 {
		fi, err := os.Stat(abs)
		if err != nil {
			return nil, wrap(&Error{Path: given, Msg: "cannot access", Err: unwrapPathError(err)})
		}
		if !fi.IsDir() {
			m, err := moduleOfFile(given, abs)
			if err != nil {
				return nil, wrap(err)
			}
			return m, nil
		}
		mods := preferFolderName(abs, preferInstalled(modulesIn(abs, true)))
		switch len(mods) {
		case 0:
			return nil, wrap(&Error{Path: given, Msg: "not a module folder (no NAME.install beside NAME.info, NAME.info.yml or NAME.module, and no NAME.post_update.php or NAME.deploy.php beside NAME.info.yml)"})
		case 1:
			return newModule(given, abs, mods[0]), nil
		}
		return nil, wrap(ambiguous(countWord(len(mods))+" modules found in one folder; pass the .install file", absDir, mods))
	}
	searchAbs := projectRootAbs(absDir)
	if searchAbs == "" {
		searchAbs = absDir
	}
	found, err := scan(searchAbs, "", func(f found) bool { return f.name == value })
	if err != nil {
		return nil, wrap(err)
	}
	switch len(found) {
	case 0:
		return nil, wrap(&Error{Msg: "no module named " + value + " found below " + display(dir, absDir, searchAbs)})
	case 1:
		return newModule(dir, absDir, found[0]), nil
	}
	return nil, wrap(ambiguous(countWord(len(found))+" modules named "+value+" found; pass its folder with --module", absDir, found))
}

// looksLikePath tells a path from a machine name: machine names hold only
// lower-case letters, digits and underscores.
func looksLikePath(value string) bool {
	if value == "." || value == ".." || strings.ContainsRune(value, '/') || strings.ContainsRune(value, filepath.Separator) {
		return true
	}
	for _, r := range value {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' {
			return true
		}
	}
	return false
}

// LoadOptionsConfig loads the .dcycle.yml that --config names (relative
// to wd), else the one nearest wd; nil when there is none.
func LoadOptionsConfig(wd string, opts Options) (*Config, error) {
	if opts.ConfigPath == "" {
		return FindConfig(wd)
	}
	p := opts.ConfigPath
	if !filepath.IsAbs(p) {
		p = filepath.Join(wd, p)
	}
	return LoadConfig(p)
}

// found is a module folder seen on disk: an absolute folder and a name.
// install is true when it has NAME.install; code when it has deployment
// code at all: the .install, or (Drupal 8 and later) NAME.post_update.php
// or NAME.deploy.php beside NAME.info.yml. A module with an info file and
// no code yet is found only by an explicit path or name.
type found struct {
	dir     string
	name    string
	install bool
	code    bool
}

func isDeploy(f found) bool { return f.code && strings.HasSuffix(f.name, "_deploy") }
func hasCode(f found) bool  { return f.code }

// hookFileSuffixes are the files of Drupal 8+ deployment code beside
// NAME.info.yml other than the .install.
var hookFileSuffixes = []string{".post_update.php", ".deploy.php"}

// modulesIn returns the modules whose files are in dir: every NAME.install
// beside NAME.info, NAME.info.yml or NAME.module, every NAME.info.yml with
// NAME.post_update.php or NAME.deploy.php beside it, and, with partial,
// every info file without any of them. Sorted by name.
func modulesIn(dir string, partial bool) []found {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	return modulesInEntries(dir, entries, partial)
}

func modulesInEntries(dir string, entries []fs.DirEntry, partial bool) []found {
	// Most folders of a site hold no module; skip building the file set
	// for them, as scan visits every folder of a large tree.
	if !slices.ContainsFunc(entries, func(e fs.DirEntry) bool {
		n := e.Name()
		return strings.HasSuffix(n, ".install") || strings.HasSuffix(n, ".php") || partial && (strings.HasSuffix(n, ".info") || strings.HasSuffix(n, ".info.yml"))
	}) {
		return nil
	}
	files := map[string]bool{}
	for _, e := range entries {
		if isFileEntry(dir, e) {
			files[e.Name()] = true
		}
	}
	var out []found
	for _, e := range entries {
		n := e.Name()
		if name, ok := strings.CutSuffix(n, ".install"); ok && name != "" && files[n] {
			if files[name+".info"] || files[name+".info.yml"] || files[name+".module"] {
				out = append(out, found{dir: dir, name: name, install: true, code: true})
			}
			continue
		}
		name, ok := strings.CutSuffix(n, ".info.yml")
		if ok && name != "" && files[n] && !files[name+".install"] && hasHookFile(files, name) {
			out = append(out, found{dir: dir, name: name, code: true})
			continue
		}
		if !partial {
			continue
		}
		if !ok {
			name, ok = strings.CutSuffix(n, ".info")
		}
		if ok && name != "" && files[n] && !files[name+".install"] {
			out = append(out, found{dir: dir, name: name})
		}
	}
	slices.SortFunc(out, func(a, b found) int { return strings.Compare(a.name, b.name) })
	return slices.CompactFunc(out, func(a, b found) bool { return a.name == b.name })
}

// hasHookFile reports whether files holds NAME.post_update.php or
// NAME.deploy.php.
func hasHookFile(files map[string]bool, name string) bool {
	for _, suffix := range hookFileSuffixes {
		if files[name+suffix] {
			return true
		}
	}
	return false
}

// preferInstalled drops the modules without deployment code when a folder
// also holds one with it: a stray info file should not turn a deploy module
// folder into two modules.
func preferInstalled(mods []found) []found {
	installed := slices.DeleteFunc(slices.Clone(mods), func(f found) bool { return !f.code })
	if len(installed) > 0 {
		return installed
	}
	return mods
}

// preferFolderName keeps only the module named like its folder when a folder
// holds several, which is how Drupal lays modules out.
func preferFolderName(dir string, mods []found) []found {
	if len(mods) < 2 {
		return mods
	}
	for _, f := range mods {
		if f.name == filepath.Base(dir) {
			return []found{f}
		}
	}
	return mods
}

func isFileEntry(dir string, e fs.DirEntry) bool {
	if e.Type().IsRegular() {
		return true
	}
	if e.Type()&fs.ModeSymlink != 0 {
		return isFile(filepath.Join(dir, e.Name()))
	}
	return false
}

// scan returns the modules below start (start included) that want accepts,
// sorted by path. It does not enter skipAbs, symlinked folders (they can
// loop, and a module reached through one is also reachable directly), or
// the folders that never hold a site's own modules: dot folders (.git and
// tool metadata; Drupal's own extension discovery skips them too), vendor/,
// node_modules/, bower_components/, Drupal 8+ core/ and sites/*/files/.
// Unreadable subfolders are passed over; an unreadable start is an error.
func scan(start, skipAbs string, want func(found) bool) ([]found, error) {
	entries, err := os.ReadDir(start)
	if err != nil {
		return nil, &Error{Path: start, Msg: "cannot read folder", Err: unwrapPathError(err)}
	}
	var out []found
	var walk func(dir string, entries []fs.DirEntry)
	walk = func(dir string, entries []fs.DirEntry) {
		for _, f := range modulesInEntries(dir, entries, true) {
			if want(f) {
				out = append(out, f)
			}
		}
		for _, e := range entries {
			if !e.IsDir() || skipDir(dir, e.Name()) {
				continue
			}
			sub := filepath.Join(dir, e.Name())
			if sub == skipAbs {
				continue
			}
			if subEntries, err := os.ReadDir(sub); err == nil {
				walk(sub, subEntries)
			}
		}
	}
	walk(start, entries)
	slices.SortFunc(out, func(a, b found) int {
		if c := strings.Compare(a.dir, b.dir); c != 0 {
			return c
		}
		return strings.Compare(a.name, b.name)
	})
	return out, nil
}

func skipDir(parent, name string) bool {
	switch {
	case strings.HasPrefix(name, "."),
		name == "vendor", name == "node_modules", name == "bower_components":
		return true
	case name == "core":
		// Drupal 8+ core: identified by its main class, or by sitting
		// directly in a web root. A "core" folder elsewhere (inside a
		// module, say) is searched as usual.
		return isFile(filepath.Join(parent, "core", "lib", "Drupal.php")) ||
			isFile(filepath.Join(parent, "index.php"))
	case name == "files":
		// sites/*/files holds uploads: often huge, never modules.
		return filepath.Base(filepath.Dir(parent)) == "sites"
	}
	return false
}

// newModule builds a Module for f, found from the folder given (absolute
// form givenAbs), with paths in the same form as given.
func newModule(given, givenAbs string, f found) *Module {
	dir := display(given, givenAbs, f.dir)
	m := &Module{Name: f.name, Dir: dir}
	if f.install || isFile(filepath.Join(f.dir, f.name+".install")) {
		m.InstallPath = filepath.Join(dir, f.name+".install")
	}
	if isFile(filepath.Join(f.dir, f.name+".post_update.php")) {
		m.PostUpdatePath = filepath.Join(dir, f.name+".post_update.php")
	}
	if isFile(filepath.Join(f.dir, f.name+".deploy.php")) {
		m.DeployPath = filepath.Join(dir, f.name+".deploy.php")
	}
	// A module carrying both info files is mid-port from Drupal 7; the
	// .info.yml is the one the newer core reads.
	for _, ext := range []string{".info.yml", ".info"} {
		if isFile(filepath.Join(f.dir, f.name+ext)) {
			m.InfoPath = filepath.Join(dir, f.name+ext)
			break
		}
	}
	if root := projectRootAbs(f.dir); root != "" {
		m.Root = display(given, givenAbs, root)
		m.Layout = layoutOf(root)
	}
	return m
}

// ambiguous builds the error for several candidates, listing their folders
// relative to the folder the search started from.
func ambiguous(msg, absFrom string, mods []found) *Error {
	e := &Error{Msg: msg}
	for _, f := range mods {
		p := f.dir
		if rel, err := filepath.Rel(absFrom, f.dir); err == nil {
			p = rel
		}
		if filepath.Base(f.dir) != f.name {
			p = filepath.Join(p, f.name+".install")
		}
		e.Candidates = append(e.Candidates, p)
	}
	return e
}

var smallNumbers = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}

func countWord(n int) string {
	if n >= 0 && n < len(smallNumbers) {
		return smallNumbers[n]
	}
	return strconv.Itoa(n)
}
