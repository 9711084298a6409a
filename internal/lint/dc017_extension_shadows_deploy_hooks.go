package lint

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/dcycle/dcycle/internal/configsync"
	"github.com/dcycle/dcycle/internal/phpast"
)

var dc017 = &Rule{
	ID:          "DC017",
	Name:        "extension-shadows-deploy-hooks",
	Severity:    SeverityError,
	NeedsSource: true,
	Check:       checkExtensionShadowsDeployHooks,
	Doc: Doc{
		Title: "A theme, module or profile is called like the deploy module without its _deploy suffix (Drupal 8+)",
		Why: `drush deploy:hook finds deploy hooks by name among every function PHP has
loaded: /^(?<extension>.+)_deploy_(?<name>.+)$/, matched greedily, for any
installed module, theme or profile. When an extension called NAME is
installed beside NAME_deploy, every function NAME_deploy_SOMETHING() of
NAME_deploy.module or NAME_deploy.deploy.php whose name has no later
"_deploy_" reads as deploy hook SOMETHING of NAME: a hook implementation
such as NAME_deploy_cron() or a helper runs, with a $sandbox argument, on
the next drush deploy, and once it has run it never runs as a deploy hook
again (drush#6159; seen on Drupal 10.5.7 with drush 12.5, a theme called
like the prefix made NAME_deploy_mark() of the .module a deploy hook of
the theme). The module's own NAME_deploy_deploy_*() hooks are not
affected. When the project has a config sync directory Drupal would import
(found as DC014 finds it), the extensions its core.extension.yml installs
are the installed ones; otherwise the rule looks for NAME.info.yml where
Drupal looks for extensions: modules/, themes/ and profiles/ of the Drupal
root, of sites/all and of sites/default.`,
		Bad: `// web/themes/custom/example/example.info.yml exists.

// example_deploy.module
function example_deploy_cron() {
  // Runs once as deploy hook "cron" of the theme example.
}`,
		Good: `// web/themes/custom/example_theme/example_theme.info.yml: no
// extension is called example.

// example_deploy.module
function example_deploy_cron() {
}`,
		Fix: `Rename one of the two: the theme, module or profile (example_theme), or
the deploy module, so that no installed extension is called like the deploy
module without _deploy. Helpers whose names start with an underscore
(_example_deploy_helper()) are never taken for deploy hooks.`,
		Since: since,
	},
}

func checkExtensionShadowsDeployHooks(p *Pass) {
	m := p.Module
	if !isD8Plus(m) {
		return
	}
	prefix, ok := strings.CutSuffix(strings.ToLower(m.Name), "_deploy")
	if !ok || prefix == "" {
		return
	}
	root := ""
	if p.Target != nil {
		root = p.Target.Root
	}
	kind, where := shadowingExtension(p, root, prefix)
	if kind == "" {
		return
	}
	reported := false
	for _, f := range loadedAtDeploy(p) {
		for _, fn := range f.Functions {
			hook, ok := deployHookOf(fn.Name, prefix)
			if !ok {
				continue
			}
			reported = true
			p.Report(f, fn.NameSpan, fn, "%s() runs as deploy hook %q of the %s %s (%s): drush takes a function named %s_deploy_*() for a deploy hook of the installed extension %s, and calls it once, on the next drush deploy (drush#6159)",
				fn.Name, hook, kind, prefix, where, prefix, prefix)
		}
	}
	if reported {
		return
	}
	msg := "the %s %s (%s) is called like this module without _deploy: once it is installed, every function %s_deploy_*() of %s.module (hook implementations included) runs as one of its deploy hooks on the next drush deploy (drush#6159)"
	if p.Target != nil && p.Target.InfoPath != "" {
		p.ReportAt(p.Target.InfoPath, 1, msg, kind, prefix, where, prefix, m.Name)
		return
	}
	if files := m.Files(); len(files) > 0 {
		f := files[0]
		p.Report(f, phpast.Span{Start: max(f.OpenTag.Start, 0), End: max(f.OpenTag.End, 0)}, nil, msg, kind, prefix, where, prefix, m.Name)
	}
}

// shadowingExtension finds the extension called prefix and says what it
// is (module, theme, profile) and where: when the project has a config
// sync directory Drupal would import, the extensions its
// core.extension.yml installs are those of every site deployed from it
// (drush takes deploy hooks of installed extensions only), and the tree is
// searched only to name the folder of one it installs; without one, an
// extension anywhere Drupal's discovery looks counts. kind is "" when there
// is none.
func shadowingExtension(p *Pass, root, prefix string) (kind, where string) {
	web := extensionsRoot(root, p.Module.Dir)
	if ext, file := syncExtensions(root, p.ConfigSync); ext != nil {
		switch {
		case ext.Profile == prefix:
			kind = "profile"
		case hasKey(ext.Themes, prefix):
			kind = "theme"
		case hasKey(ext.Modules, prefix):
			kind = "module"
		default:
			return "", ""
		}
		where = "installed by " + p.shown(root, file)
		if info := findExtension(web, prefix); web != "" && info != "" {
			where = p.shown(root, filepath.Dir(info))
		}
		return kind, where
	}
	if web == "" {
		return "", ""
	}
	info := findExtension(web, prefix)
	if info == "" {
		return "", ""
	}
	return extensionType(info), p.shown(root, filepath.Dir(info))
}

// syncExtensions reads core.extension.yml of the project's config sync
// directory when Drupal would import it; nil when there is none or it
// cannot be read.
func syncExtensions(root, fallback string) (*configsync.Extensions, string) {
	loc, err := configsync.Locate(root, fallback)
	if err != nil {
		return nil, ""
	}
	sync, err := loc.Read()
	if err != nil || sync == nil {
		return nil, ""
	}
	if ok, _, err := sync.Importable(); err != nil || !ok {
		return nil, ""
	}
	return sync.Extensions, filepath.Join(sync.Dir, "core.extension.yml")
}

func hasKey(m map[string]int, k string) bool {
	_, ok := m[k]
	return ok
}

// deployHookOf tells whether drush takes a function for a deploy hook of
// the extension prefix: the greedy /^(.+)_deploy_(.+)$/ splits PHP's
// lower-cased name at its last "_deploy_" that is followed by something.
func deployHookOf(function, prefix string) (string, bool) {
	name := strings.ToLower(function)
	i := strings.LastIndex(name, "_deploy_")
	if i >= 0 && i+len("_deploy_") == len(name) {
		i = strings.LastIndex(name[:i], "_deploy_")
	}
	if i < 0 || name[:i] != prefix {
		return "", false
	}
	return name[i+len("_deploy_"):], true
}

// loadedAtDeploy are the module's files that PHP has loaded while drush
// runs deploy hooks: NAME.module (every installed module's is) and
// NAME.deploy.php. The .install and .post_update.php are not loaded then.
func loadedAtDeploy(p *Pass) []*phpast.File {
	m := p.Module
	var files []*phpast.File
	if p.Target == nil || !p.Target.LoneFile {
		path := filepath.Join(m.Dir, m.Name+".module")
		if src, err := os.ReadFile(path); err == nil {
			// A .module that does not parse stops Drupal itself; nothing to
			// say about its function names.
			if f, err := phpast.ParseFile(path, src, phpast.Options{Module: m.Name}); err == nil {
				files = append(files, f)
			}
		}
	}
	for _, f := range m.Other {
		if strings.HasSuffix(f.Path, ".deploy.php") {
			files = append(files, f)
		}
	}
	return files
}

// extensionsRoot is the Drupal root whose extensions dcycle searches: the
// project's, or, without a project root, the folder above the outermost
// modules/, themes/ or profiles/ folder holding the module (above sites/X
// for a module in a site folder).
func extensionsRoot(root, moduleDir string) string {
	if root != "" {
		return configsync.WebRoot(root)
	}
	abs, err := filepath.Abs(moduleDir)
	if err != nil {
		return ""
	}
	web := ""
	for d := abs; filepath.Dir(d) != d; d = filepath.Dir(d) {
		switch filepath.Base(d) {
		case "modules", "themes", "profiles":
			web = filepath.Dir(d)
		}
	}
	if web != "" && filepath.Base(filepath.Dir(web)) == "sites" {
		web = filepath.Dir(filepath.Dir(web))
	}
	return web
}

// findExtension returns the NAME.info.yml of an extension called name
// where Drupal's extension discovery finds one (core/ aside), "" when there
// is none.
func findExtension(web, name string) string {
	for _, base := range []string{web, filepath.Join(web, "sites", "all"), filepath.Join(web, "sites", "default")} {
		for _, dir := range []string{"modules", "themes", "profiles"} {
			if found := searchExtension(filepath.Join(base, dir), name+".info.yml", 0); found != "" {
				return found
			}
		}
	}
	return ""
}

// skippedFolders are the folders Drupal's RecursiveExtensionFilterIterator
// does not descend into (tests included, as on a site that does not scan
// test extensions).
var skippedFolders = []string{"src", "lib", "vendor", "assets", "css", "files", "images", "js", "misc", "templates", "includes", "fixtures", "Drupal", "tests", "node_modules"}

// searchExtension looks for file below dir, following symbolic links as
// Drupal does, to a bounded depth.
func searchExtension(dir, file string, depth int) string {
	if depth > 12 {
		return ""
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	for _, e := range entries {
		if e.Name() == file && !e.IsDir() {
			return filepath.Join(dir, file)
		}
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || slices.Contains(skippedFolders, name) {
			continue
		}
		path := filepath.Join(dir, name)
		isDir := e.IsDir()
		if e.Type()&fs.ModeSymlink != 0 {
			fi, err := os.Stat(path)
			isDir = err == nil && fi.IsDir()
		}
		// A config folder holds an extension's configuration, never an
		// extension, except core's config module itself.
		if !isDir || (name == "config" && filepath.Base(dir) != "modules") {
			continue
		}
		if found := searchExtension(path, file, depth+1); found != "" {
			return found
		}
	}
	return ""
}

// extensionType reads the type: of an info file: module, theme or
// profile; "extension" when it cannot be read.
func extensionType(info string) string {
	src, err := os.ReadFile(info)
	if err != nil {
		return "extension"
	}
	var v struct {
		Type string `yaml:"type"`
	}
	var terr *yaml.TypeError
	if err := yaml.Unmarshal(src, &v); (err != nil && !errors.As(err, &terr)) || v.Type == "" {
		return "extension"
	}
	return v.Type
}
