package configsync

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var project = filepath.Join("testdata", "project")

// readProject locates and reads the sync directory of the fixture project.
func readProject(t *testing.T) (*Location, *Sync) {
	t.Helper()
	loc, err := Locate(project, "")
	if err != nil {
		t.Fatal(err)
	}
	s, err := loc.Read()
	if err != nil {
		t.Fatal(err)
	}
	if s == nil {
		t.Fatalf("no sync directory found in %s", project)
	}
	return loc, s
}

func TestLocate(t *testing.T) {
	t.Parallel()
	loc, err := Locate(project, "ignored/because/settings.php/says")
	if err != nil {
		t.Fatal(err)
	}
	settings := filepath.Join(project, "web", "sites", "default", "settings.php")
	got := map[string]any{
		"dir":       loc.Dir,
		"from":      loc.From,
		"web root":  loc.WebRoot,
		"settings":  loc.Settings,
		"exclude":   loc.Options.Exclude,
		"overrides": loc.Options.Overrides,
	}
	want := map[string]any{
		"dir":      filepath.Join(project, "web", "..", "config", "sync"),
		"from":     settings,
		"web root": filepath.Join(project, "web"),
		"settings": []string{settings, filepath.Join(project, "web", "sites", "default", "settings.local.php")},
		"exclude":  []string{"devel", "stage_file_proxy"},
		"overrides": []Override{
			// Included under a file_exists() condition: local only.
			{Config: "config_split.config_split.local", Keys: []string{"status"}, Value: true, Known: true, Conditional: true},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("location (-want +got):\n%s", diff)
	}
}

func TestLocateSettingsForms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		settings string
		files    map[string]string
		fallback string
		want     string // relative to the project root, "" for none
	}{
		{
			name:     "app root and a path outside it",
			settings: `$settings['config_sync_directory'] = $app_root . '/../config/sync';`,
			want:     "config/sync",
		},
		{
			name:     "dirname of DRUPAL_ROOT",
			settings: `$settings['config_sync_directory'] = dirname(DRUPAL_ROOT) . "/config/default";`,
			want:     "config/default",
		},
		{
			name:     "__DIR__ of the settings file",
			settings: `$settings['config_sync_directory'] = __DIR__ . '/../../../config/site';`,
			want:     "config/site",
		},
		{
			name:     "site path, interpolated",
			settings: `$settings['config_sync_directory'] = "$site_path/files/sync";`,
			want:     "web/sites/default/files/sync",
		},
		{
			name:     "drupal 8 before 8.8",
			settings: `$config_directories[CONFIG_SYNC_DIRECTORY] = '../config/d8';`,
			want:     "config/d8",
		},
		{
			name:     "an included file sets it last",
			settings: "$settings['config_sync_directory'] = '../config/sync';\nrequire __DIR__ . '/settings.shared.php';",
			files:    map[string]string{"web/sites/default/settings.shared.php": "<?php\n$settings['config_sync_directory'] = '../shared/sync';\n"},
			want:     "shared/sync",
		},
		{
			name:     "an include of a missing file is skipped",
			settings: "$settings['config_sync_directory'] = '../config/sync';\n@include 'sites/default/settings.missing.php';",
			want:     "config/sync",
		},
		{
			name:     "a relative include is found from the Drupal root",
			settings: "include 'sites/default/more.php';",
			files:    map[string]string{"web/sites/default/more.php": "<?php\n$settings['config_sync_directory'] = '../from/root';\n"},
			want:     "from/root",
		},
		{
			name:     "computed at run time: the fallback decides",
			settings: `$settings['config_sync_directory'] = getenv('SYNC_DIR');`,
			fallback: "config/fallback",
			want:     "config/fallback",
		},
		{
			name:     "nothing at all",
			settings: `$settings['hash_salt'] = 'x';`,
			want:     "",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			files := map[string]string{"web/sites/default/settings.php": "<?php\n" + tc.settings + "\n", "web/index.php": "<?php\n"}
			for k, v := range tc.files {
				files[k] = v
			}
			writeFiles(t, root, files)
			fallback := ""
			if tc.fallback != "" {
				fallback = filepath.Join(root, tc.fallback)
			}
			loc, err := Locate(root, fallback)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if loc.Dir != "" {
				abs, err := filepath.Abs(loc.Dir)
				if err != nil {
					t.Fatal(err)
				}
				got, err = filepath.Rel(root, abs)
				if err != nil {
					t.Fatal(err)
				}
			}
			if got != filepath.FromSlash(tc.want) {
				t.Errorf("sync directory = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestLocateWebRoots(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"composer scaffold web-root", map[string]string{"composer.json": `{"extra": {"drupal-scaffold": {"locations": {"web-root": "./public/"}}}}`, "public/sites/default/settings.php": "<?php\n"}, "public"},
		{"docroot", map[string]string{"docroot/sites/default/settings.php": "<?php\n"}, "docroot"},
		{"the root itself", map[string]string{"sites/default/settings.php": "<?php\n"}, "."},
		{"web/ before settings.php exists", map[string]string{"web/index.php": "<?php\n"}, "web"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			writeFiles(t, root, tc.files)
			loc, err := Locate(root, "")
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(root, tc.want); loc.WebRoot != want {
				t.Errorf("web root = %s, want %s", loc.WebRoot, want)
			}
		})
	}
}

func TestLocateParseError(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"web/sites/default/settings.php": "<?php\n$settings['config_sync_directory'] = ;\n"})
	if _, err := Locate(root, ""); err == nil || !regexp.MustCompile(`settings\.php:2:\d+: syntax error`).MatchString(err.Error()) {
		t.Errorf("err = %v, want the settings.php syntax error", err)
	}
}

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestRead(t *testing.T) {
	t.Parallel()
	_, s := readProject(t)
	if s.Extensions.Profile != "minimal" || len(s.Extensions.Modules) != 9 || !slices.Equal(slices.Sorted(keys(s.Extensions.Themes)), []string{"claro", "stark"}) {
		t.Errorf("extensions = %+v", s.Extensions)
	}
	if s.Ignore == nil || s.Ignore.Mode != "simple" || s.Ignore.Unknown {
		t.Fatalf("ignore = %+v", s.Ignore)
	}
	// Exceptions sort first, as config_ignore sorts them.
	if want := []string{"~webform.webform.contact", "system.mail", "system.site:page.front", "webform.webform.*"}; !slices.Equal(s.Ignore.lists["update"], want) {
		t.Errorf("ignore list = %q, want %q", s.Ignore.lists["update"], want)
	}
	type split struct {
		Name, Storage, Dir string
		State              SplitState
		Modules, Complete  []string
	}
	var got []split
	for _, sp := range s.Splits {
		got = append(got, split{sp.Name, sp.Storage, sp.Dir, sp.State, sp.Modules, sp.Complete})
	}
	web := filepath.Join(project, "web")
	want := []split{
		{"dev", "folder", filepath.Join(web, "..", "config", "splits", "dev"), SplitActive, []string{"dblog"}, []string{"system.logging"}},
		{"prod", "folder", filepath.Join(web, "..", "config", "splits", "prod"), SplitInactive, nil, []string{"system.cron"}},
		{"local", "collection", filepath.Join(s.Dir, "split", "local"), SplitMaybe, []string{"devel"}, []string{"devel.*"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("splits in weight order (-want +got):\n%s", diff)
	}
}

func keys(m map[string]int) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// importCase is a change and what the import does to it: the outcome and
// a regexp its reason must match.
type importCase struct {
	name   string
	change Change
	want   Outcome
	reason string
}

func set(object, key string, value any) Change {
	return Change{Op: OpSet, Config: object, Key: key, Value: value, Known: true}
}

func TestImport(t *testing.T) {
	t.Parallel()
	_, s := readProject(t)
	checkImports(t, s, []importCase{
		{"contradicted", set("system.performance", "css.preprocess", false), Reverted, `^sets it back to TRUE$`},
		{"agreed", set("system.performance", "css.preprocess", true), Kept, `sync directory agrees`},
		{"agreed once the schema casts it", set("system.performance", "css.preprocess", 1), Kept, `agrees`},
		{"a key the object does not have", set("system.performance", "css.minify", true), Reverted, `^removes css.minify: the sync directory's system.performance has no such key$`},
		{"an object the sync directory does not hold", set("example.settings", "mode", "on"), Reverted, `^deletes example.settings: the sync directory has no example.settings$`},
		{"computed, on an object the import deletes", Change{Op: OpSet, Config: "example.settings", Key: "mode"}, Reverted, `^deletes example.settings`},
		{"computed", Change{Op: OpSet, Config: "system.performance", Key: "css.preprocess"}, Unknown, `computed at run time; the sync directory says TRUE`},
		{"an ignored key", set("system.site", "page.front", "/node"), Kept, `config_ignore keeps it`},
		{"another key of that object", set("system.site", "name", "Other"), Reverted, `sets it back to 'd10 test site'`},
		{"an ignored object absent from the sync directory", set("system.mail", "interface.default", "php_mail"), Kept, `config_ignore keeps it`},
		{"an ignored pattern", set("webform.webform.survey", "status", "open"), Kept, `config_ignore keeps it`},
		{"an exception to an ignored pattern", set("webform.webform.contact", "status", "open"), Reverted, `deletes webform.webform.contact`},
		{"delete what the sync directory holds", Change{Op: OpDelete, Config: "node.settings"}, Reverted, `^creates node.settings again: the sync directory holds it$`},
		{"delete what it does not hold", Change{Op: OpDelete, Config: "old.settings"}, Kept, `has no old.settings either`},
		{"clear a key it holds", Change{Op: OpClear, Config: "system.performance", Key: "css.gzip"}, Reverted, `^puts css.gzip back \(TRUE\)$`},
		{"clear a key it does not hold", Change{Op: OpClear, Config: "system.performance", Key: "css.minify"}, Kept, `has no css.minify either`},
		{"replace with what it holds", Change{Op: OpReplace, Config: "node.settings", Value: map[string]any{"use_admin_theme": false}, Known: true}, Kept, `agrees`},
		{"replace with something else", Change{Op: OpReplace, Config: "node.settings", Value: map[string]any{"use_admin_theme": true}, Known: true}, Reverted, `replaces it with the sync directory's node.settings`},
		{"an active split holds it", set("system.logging", "error_level", "verbose"), Kept, `agrees`},
		{"an active split says otherwise", set("system.logging", "error_level", "hide"), Reverted, `sets it back to 'verbose'`},
		{"a split on only on some sites", set("devel.settings", "raw_names", true), Unknown, `config split local \(active on some sites\) decides it`},
		{"an inactive split is left out", set("system.cron", "threshold.requirements_warning", 1), Reverted, `sets it back to 172800`},
		{"an excluded module's configuration", set("stage_file_proxy.settings", "origin", "https://example.com"), Kept, `config_exclude_modules'\] names stage_file_proxy`},
		{"install a listed module", Change{Op: OpInstallModule, Name: "node"}, Kept, `core.extension.yml lists it`},
		{"install an unlisted module", Change{Op: OpInstallModule, Name: "views"}, Reverted, `^uninstalls it: core.extension.yml does not list views$`},
		{"install a module an active split adds", Change{Op: OpInstallModule, Name: "dblog"}, Kept, `lists it`},
		{"install a module a maybe-split adds", Change{Op: OpInstallModule, Name: "devel"}, Unknown, `config split local \(active on some sites\) installs it`},
		{"install an excluded module", Change{Op: OpInstallModule, Name: "stage_file_proxy"}, Kept, `keeps installed`},
		{"uninstall a listed module", Change{Op: OpUninstallModule, Name: "node"}, Reverted, `^installs it again: core.extension.yml lists node$`},
		{"uninstall an unlisted module", Change{Op: OpUninstallModule, Name: "views"}, Kept, `does not list it either`},
		{"install an unlisted theme", Change{Op: OpInstallTheme, Name: "olivero"}, Reverted, `does not list olivero`},
		{"install a listed theme", Change{Op: OpInstallTheme, Name: "claro"}, Kept, `lists it`},
		{"uninstall a listed theme", Change{Op: OpUninstallTheme, Name: "claro"}, Reverted, `installs it again`},
	})
}

// TestVerdictFile checks the file a verdict names: the YAML that says
// otherwise, the one of the split that holds it, or the directory itself
// when no file holds the object.
func TestVerdictFile(t *testing.T) {
	t.Parallel()
	_, s := readProject(t)
	for _, tc := range []struct {
		change Change
		want   string
	}{
		{set("system.performance", "css.preprocess", false), filepath.Join(s.Dir, "system.performance.yml")},
		{set("example.settings", "mode", "on"), s.Dir},
		{set("system.logging", "error_level", "hide"), filepath.Join(project, "config", "splits", "dev", "system.logging.yml")},
		{Change{Op: OpInstallModule, Name: "views"}, filepath.Join(s.Dir, "core.extension.yml")},
	} {
		v, err := s.Import(tc.change)
		if err != nil {
			t.Fatal(err)
		}
		if v.File != tc.want {
			t.Errorf("%+v: file %s, want %s", tc.change, v.File, tc.want)
		}
	}
}

func checkImports(t *testing.T, s *Sync, cases []importCase) {
	t.Helper()
	for _, tc := range cases {
		v, err := s.Import(tc.change)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if v.Outcome != tc.want || !regexp.MustCompile(tc.reason).MatchString(v.Reason) {
			t.Errorf("%s: %s (%s), want %s matching %q", tc.name, v.Outcome, v.Reason, tc.want, tc.reason)
		}
	}
}

// syncDir writes a sync directory: the fixture project's core.extension.yml
// and system.site.yml, plus files.
func syncDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"core.extension.yml", "system.site.yml", "system.performance.yml"} {
		src, err := os.ReadFile(filepath.Join(project, "config", "sync", name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = string(src)
	}
	writeFiles(t, dir, files)
	return dir
}

func TestIgnoreModes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		settings string
		cases    []importCase
	}{
		{
			name: "intermediate: only the import list counts",
			settings: `mode: intermediate
ignored_config_entities:
  import:
    - 'system.performance:js.*'
  export:
    - system.performance
`,
			cases: []importCase{
				{"imported key ignored", set("system.performance", "js.preprocess", false), Kept, `config_ignore`},
				{"export-only pattern", set("system.performance", "css.preprocess", false), Reverted, `sets it back`},
			},
		},
		{
			name: "advanced: per operation",
			settings: `mode: advanced
ignored_config_entities:
  create:
    import: [example.settings]
    export: {  }
  update:
    import: ['system.performance:css.preprocess']
    export: {  }
  delete:
    import: [old.settings]
    export: {  }
`,
			cases: []importCase{
				// Deleting what the sync directory holds makes the import create it.
				{"create ignored", Change{Op: OpDelete, Config: "system.performance"}, Reverted, `creates system.performance again`},
				{"update ignored", set("system.performance", "css.preprocess", false), Kept, `config_ignore`},
				{"delete ignored", set("old.settings", "a", 1), Kept, `config_ignore`},
				{"create list does not cover an update", set("example.settings", "a", 1), Reverted, `deletes example.settings`},
			},
		},
		{
			name: "keys, wildcards and exceptions",
			settings: `ignored_config_entities:
  - 'system.performance:css.*'
  - '~system.performance:css.gzip'
  - 'core.extension:module.devel'
`,
			cases: []importCase{
				{"wildcard key", set("system.performance", "css.preprocess", false), Kept, `config_ignore`},
				{"excepted key", set("system.performance", "css.gzip", false), Reverted, `sets it back to TRUE`},
				{"a new key under the wildcard", set("system.performance", "css.minify", true), Kept, `config_ignore`},
				{"other keys", set("system.performance", "js.preprocess", false), Reverted, `sets it back`},
				{"an ignored module", Change{Op: OpInstallModule, Name: "devel"}, Kept, `config_ignore keeps it`},
				{"another module", Change{Op: OpInstallModule, Name: "views"}, Reverted, `uninstalls it`},
			},
		},
		{
			name: "a whole-object exception wins",
			settings: `ignored_config_entities:
  - 'system.*'
  - '~system.performance'
`,
			cases: []importCase{
				{"excepted object", set("system.performance", "css.preprocess", false), Reverted, `sets it back`},
				{"matching object", set("system.site", "name", "x"), Kept, `config_ignore`},
			},
		},
		{
			name:     "not valid settings: config_ignore reads the site's own",
			settings: "mode: clever\nignored_config_entities: []\n",
			cases: []importCase{
				{"unknown", set("system.performance", "css.preprocess", false), Unknown, `unknown mode "clever"`},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := syncDir(t, map[string]string{"config_ignore.settings.yml": tc.settings})
			s, err := Read(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkImports(t, s, tc.cases)
		})
	}
}

func TestIgnoreNeedsTheModule(t *testing.T) {
	t.Parallel()
	dir := syncDir(t, map[string]string{"config_ignore.settings.yml": "ignored_config_entities: [system.performance]\n"})
	ext := "module:\n  system: 0\n  user: 0\ntheme:\n  stark: 0\n"
	writeFiles(t, dir, map[string]string{"core.extension.yml": ext})
	s, err := Read(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Ignore != nil {
		t.Fatal("config_ignore settings read although core.extension.yml does not install config_ignore")
	}
	checkImports(t, s, []importCase{{"not ignored", set("system.performance", "css.preprocess", false), Reverted, `sets it back`}})
}

func TestSplitOverrides(t *testing.T) {
	t.Parallel()
	split := "status: %s\nstorage: folder\nfolder: splits/x\ncomplete_list: [system.cron]\nmodule: {  }\ntheme: {  }\n"
	for _, tc := range []struct {
		name      string
		status    string
		overrides []Override
		want      SplitState
	}{
		{"on in the file", "true", nil, SplitActive},
		{"off in the file", "false", nil, SplitInactive},
		{"turned on for every site", "false", []Override{{Config: "config_split.config_split.x", Keys: []string{"status"}, Value: true, Known: true}}, SplitActive},
		{"turned off for every site", "true", []Override{{Config: "config_split.config_split.x", Keys: []string{"status"}, Value: false, Known: true}}, SplitInactive},
		{"turned on under a condition", "false", []Override{{Config: "config_split.config_split.x", Keys: []string{"status"}, Value: true, Known: true, Conditional: true}}, SplitMaybe},
		{"computed", "true", []Override{{Config: "config_split.config_split.x", Keys: []string{"status"}}}, SplitMaybe},
		{"whole object", "false", []Override{{Config: "config_split.config_split.x", Value: map[string]any{"status": true}, Known: true}}, SplitActive},
		{"another key", "false", []Override{{Config: "config_split.config_split.x", Keys: []string{"weight"}, Value: 3, Known: true}}, SplitInactive},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := syncDir(t, map[string]string{"config_split.config_split.x.yml": fmtSplit(split, tc.status)})
			s, err := Read(dir, Options{Overrides: tc.overrides})
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Splits) != 1 || s.Splits[0].State != tc.want {
				t.Fatalf("splits = %+v, want one %s", s.Splits, tc.want)
			}
		})
	}
}

func fmtSplit(format, status string) string {
	return regexp.MustCompile(`%s`).ReplaceAllString(format, status)
}

func TestNotImportable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"system.performance.yml": "css:\n  preprocess: true\n"})
	s, err := Read(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkImports(t, s, []importCase{{"refused", set("system.performance", "css.preprocess", false), Unknown, `no core.extension.yml: the import is refused`}})
}

func TestReadErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"core.extension.yml": "module: [unclosed\n"})
	if _, err := Read(dir, Options{}); err == nil || !regexp.MustCompile(`core\.extension\.yml: line 1`).MatchString(err.Error()) {
		t.Errorf("err = %v, want the YAML error with its file and line", err)
	}
	if _, err := Read(filepath.Join(dir, "missing"), Options{}); err == nil {
		t.Error("no error for a missing directory")
	}
}
