package project

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// d10Site is a drupal/recommended-project site with one deploy module, a
// contrib module and core's own modules.
func d10Site(t *testing.T) map[string]string {
	return merge(
		map[string]string{
			".git/HEAD":                 "ref: refs/heads/main\n",
			"composer.json":             composerJSON(t, map[string]string{"drupal/core-recommended": "^10.3"}),
			"composer.lock":             composerLock(t, map[string]string{"drupal/core": "10.3.6"}),
			"web/index.php":             "<?php\n",
			"web/core/lib/Drupal.php":   "<?php\n",
			"web/themes/custom/.keep":   "",
			"web/sites/default/.keep":   "",
			"web/modules/contrib/.keep": "",
		},
		d8Module("web/core/modules", "system", "^10"),
		d8Module("web/modules/contrib", "token", "^9 || ^10"),
		d8Module("web/modules/custom", "site_deploy", "^10"),
	)
}

var siteDeploy = &Module{
	Name:        "site_deploy",
	Dir:         "web/modules/custom/site_deploy",
	InstallPath: "web/modules/custom/site_deploy/site_deploy.install",
	InfoPath:    "web/modules/custom/site_deploy/site_deploy.info.yml",
	Core:        10,
	Root:        ".",
	Layout:      LayoutComposerWeb,
}

// errorOpts compares errors on everything but the wrapped cause, which is
// checked through the rendered message where it matters.
var errorOpts = cmpopts.IgnoreFields(Error{}, "Err")

// withTmp replaces $TMP in the error's path and message by root.
func withTmp(root string, e *Error) *Error {
	if e == nil {
		return nil
	}
	c := *e
	c.Path = strings.ReplaceAll(c.Path, "$TMP", root)
	c.Msg = strings.ReplaceAll(c.Msg, "$TMP", root)
	return &c
}

func TestDiscover(t *testing.T) {
	t.Parallel()
	twoDeploy := merge(d10Site(t), d8Module("web/modules/custom", "alpha_deploy", "^10"))
	delete(twoDeploy, "web/modules/custom/site_deploy/site_deploy.install")
	delete(twoDeploy, "web/modules/custom/site_deploy/site_deploy.info.yml")
	twoDeploy = merge(twoDeploy, d8Module("web/modules/custom", "beta_deploy", "^10"))
	alpha := &Module{
		Name:        "alpha_deploy",
		Dir:         "web/modules/custom/alpha_deploy",
		InstallPath: "web/modules/custom/alpha_deploy/alpha_deploy.install",
		InfoPath:    "web/modules/custom/alpha_deploy/alpha_deploy.info.yml",
		Core:        10,
		Root:        ".",
		Layout:      LayoutComposerWeb,
	}
	beta := &Module{
		Name:        "beta_deploy",
		Dir:         "web/modules/custom/beta_deploy",
		InstallPath: "web/modules/custom/beta_deploy/beta_deploy.install",
		InfoPath:    "web/modules/custom/beta_deploy/beta_deploy.info.yml",
		Core:        10,
		Root:        ".",
		Layout:      LayoutComposerWeb,
	}
	tests := []struct {
		name    string
		files   map[string]string
		wd      string
		opts    Options
		want    *Module
		wantErr *Error
	}{
		{
			name: "drupal 7 root",
			files: merge(d7Root,
				d7Module("sites/all/modules/custom", "x_deploy"),
				d7Module("sites/all/modules/contrib", "views"),
				d7Module("modules", "node")),
			want: &Module{
				Name:        "x_deploy",
				Dir:         "sites/all/modules/custom/x_deploy",
				InstallPath: "sites/all/modules/custom/x_deploy/x_deploy.install",
				InfoPath:    "sites/all/modules/custom/x_deploy/x_deploy.info",
				Core:        7,
				Root:        ".",
				Layout:      LayoutDrupal7,
			},
		},
		{
			name:  "composer root with web",
			files: d10Site(t),
			want:  siteDeploy,
		},
		{
			name: "composer root with docroot",
			files: merge(
				map[string]string{
					".git/HEAD":                   "",
					"composer.json":               composerJSON(t, map[string]string{"drupal/core-recommended": "^11.1"}),
					"docroot/index.php":           "<?php\n",
					"docroot/core/lib/Drupal.php": "<?php\n",
				},
				d8Module("docroot/modules/custom", "acme_deploy", "^10 || ^11")),
			want: &Module{
				Name:        "acme_deploy",
				Dir:         "docroot/modules/custom/acme_deploy",
				InstallPath: "docroot/modules/custom/acme_deploy/acme_deploy.install",
				InfoPath:    "docroot/modules/custom/acme_deploy/acme_deploy.info.yml",
				Core:        11,
				Root:        ".",
				Layout:      LayoutComposerDocroot,
			},
		},
		{
			name:  "inside the module folder",
			files: d10Site(t),
			wd:    "web/modules/custom/site_deploy",
			want:  siteDeploy,
		},
		{
			name:  "subfolder of the module folder",
			files: merge(d10Site(t), map[string]string{"web/modules/custom/site_deploy/src/Form/.keep": ""}),
			wd:    "web/modules/custom/site_deploy/src/Form",
			want:  siteDeploy,
		},
		{
			name:  "module folder around wd wins over deploy modules elsewhere",
			files: d10Site(t),
			wd:    "web/modules/contrib/token",
			want: &Module{
				Name:        "token",
				Dir:         "web/modules/contrib/token",
				InstallPath: "web/modules/contrib/token/token.install",
				InfoPath:    "web/modules/contrib/token/token.info.yml",
				Core:        10,
				Root:        ".",
				Layout:      LayoutComposerWeb,
			},
		},
		{
			name:  "deploy modules below wd win over those elsewhere under the root",
			files: merge(twoDeploy, d8Module("web/profiles/custom/acme/modules", "profile_deploy", "^10")),
			wd:    "web/modules/custom",
			wantErr: &Error{
				Msg:        "two deploy modules found; choose one with --module",
				Candidates: []string{"alpha_deploy", "beta_deploy"},
			},
		},
		{
			name: "deploy module below wd only",
			files: merge(d10Site(t),
				d8Module("web/profiles/custom/acme/modules", "profile_deploy", "^10")),
			wd: "web/profiles",
			want: &Module{
				Name:        "profile_deploy",
				Dir:         "web/profiles/custom/acme/modules/profile_deploy",
				InstallPath: "web/profiles/custom/acme/modules/profile_deploy/profile_deploy.install",
				InfoPath:    "web/profiles/custom/acme/modules/profile_deploy/profile_deploy.info.yml",
				Core:        10,
				Root:        ".",
				Layout:      LayoutComposerWeb,
			},
		},
		{
			name:  "nothing below wd: search from the project root",
			files: d10Site(t),
			wd:    "web/themes/custom",
			want:  siteDeploy,
		},
		{
			name: "skipped folders are not searched",
			files: merge(d10Site(t),
				d8Module("vendor/acme", "vendor_deploy", ""),
				d8Module("node_modules/acme", "npm_deploy", ""),
				d8Module("web/sites/default/files", "upload_deploy", ""),
				d8Module("web/core/modules", "core_deploy", ""),
				d8Module(".git", "git_deploy", ""),
				d8Module("web/themes/custom/.cache", "hidden_deploy", "")),
			want: siteDeploy,
		},
		{
			name: "only skipped folders hold deploy modules",
			files: merge(
				map[string]string{"composer.json": "{}", "web/index.php": "", "web/core/.keep": ""},
				d8Module("vendor/acme", "vendor_deploy", ""),
				d8Module("web/sites/example.com/files", "upload_deploy", ""),
				d8Module("web/core/modules", "core_deploy", "")),
			wantErr: &Error{Msg: "no deploy module found in $TMP or above; pass a module folder or --module"},
		},
		{
			name: "a core folder outside a web root is searched",
			files: merge(d7Root,
				d7Module("sites/all/modules/custom/tools/core", "inner_deploy")),
			want: &Module{
				Name:        "inner_deploy",
				Dir:         "sites/all/modules/custom/tools/core/inner_deploy",
				InstallPath: "sites/all/modules/custom/tools/core/inner_deploy/inner_deploy.install",
				InfoPath:    "sites/all/modules/custom/tools/core/inner_deploy/inner_deploy.info",
				Core:        7,
				Root:        ".",
				Layout:      LayoutDrupal7,
			},
		},
		{
			name:  "two deploy modules",
			files: twoDeploy,
			wantErr: &Error{
				Msg:        "two deploy modules found; choose one with --module",
				Candidates: []string{"web/modules/custom/alpha_deploy", "web/modules/custom/beta_deploy"},
			},
		},
		{
			name:  "--module by name",
			files: twoDeploy,
			opts:  Options{Module: "beta_deploy"},
			want:  beta,
		},
		{
			name:  "--module by name from a subfolder",
			files: twoDeploy,
			wd:    "web/themes",
			opts:  Options{Module: "alpha_deploy"},
			want:  alpha,
		},
		{
			name:  "--module by path",
			files: twoDeploy,
			opts:  Options{Module: "web/modules/custom/alpha_deploy"},
			want:  alpha,
		},
		{
			name: "--module with a bare folder name is a path when the folder is a module",
			files: merge(d10Site(t), map[string]string{
				"web/modules/custom/deploy/acme_deploy.info.yml": "name: acme\ntype: module\n",
				"web/modules/custom/deploy/acme_deploy.install":  "<?php\n",
			}),
			wd:   "web/modules/custom",
			opts: Options{Module: "deploy"},
			want: &Module{
				Name:        "acme_deploy",
				Dir:         "web/modules/custom/deploy",
				InstallPath: "web/modules/custom/deploy/acme_deploy.install",
				InfoPath:    "web/modules/custom/deploy/acme_deploy.info.yml",
				Core:        10,
				Root:        ".",
				Layout:      LayoutComposerWeb,
			},
		},
		{
			name:  "--module by .install path",
			files: twoDeploy,
			opts:  Options{Module: "web/modules/custom/beta_deploy/beta_deploy.install"},
			want:  beta,
		},
		{
			name:    "--module name not found",
			files:   twoDeploy,
			opts:    Options{Module: "gamma_deploy"},
			wantErr: &Error{Msg: "no module named gamma_deploy found below $TMP"},
		},
		{
			name:    "--module path that is not a module folder",
			files:   twoDeploy,
			opts:    Options{Module: "web/modules"},
			wantErr: &Error{Path: "$TMP/web/modules", Msg: "not a module folder (no NAME.install beside NAME.info, NAME.info.yml or NAME.module, and no NAME.post_update.php or NAME.deploy.php beside NAME.info.yml)"},
		},
		{
			name:    "--module path that does not exist",
			files:   twoDeploy,
			opts:    Options{Module: "web/modules/custom/gone_deploy"},
			wantErr: &Error{Path: "$TMP/web/modules/custom/gone_deploy", Msg: "cannot access"},
		},
		{
			name:  ".dcycle.yml names the module",
			files: merge(twoDeploy, map[string]string{".dcycle.yml": "module: beta_deploy\n"}),
			wd:    "web/themes",
			want:  beta,
		},
		{
			name:  ".dcycle.yml names the module by a path relative to itself",
			files: merge(twoDeploy, map[string]string{".dcycle.yml": "module: web/modules/custom/alpha_deploy\n"}),
			wd:    "web/themes",
			want:  alpha,
		},
		{
			name:  "--module wins over .dcycle.yml",
			files: merge(twoDeploy, map[string]string{".dcycle.yml": "module: beta_deploy\n"}),
			opts:  Options{Module: "alpha_deploy"},
			want:  alpha,
		},
		{
			name:    ".dcycle.yml names a missing module",
			files:   merge(twoDeploy, map[string]string{".dcycle.yml": "module: gamma_deploy\n"}),
			wantErr: &Error{Path: "$TMP/.dcycle.yml", Msg: `module "gamma_deploy": no module named gamma_deploy found below $TMP`},
		},
		{
			name:    "--config with an invalid file",
			files:   merge(d10Site(t), map[string]string{"ci/dcycle.yml": "core: eleven\n"}),
			opts:    Options{ConfigPath: "ci/dcycle.yml"},
			wantErr: &Error{Path: "$TMP/ci/dcycle.yml", Line: 1, Col: 7, Msg: `core: expected a Drupal core major such as 7 or 10, got "eleven"`},
		},
		{
			name:  "--config sets the core",
			files: merge(d10Site(t), map[string]string{"ci/dcycle.yml": "core: 11\n"}),
			opts:  Options{ConfigPath: "ci/dcycle.yml"},
			want:  &Module{Name: "site_deploy", Dir: siteDeploy.Dir, InstallPath: siteDeploy.InstallPath, InfoPath: siteDeploy.InfoPath, Core: 11, Root: ".", Layout: LayoutComposerWeb},
		},
		{
			name: "a module's own composer.json does not make it the project root",
			files: merge(d10Site(t), map[string]string{
				"web/modules/custom/site_deploy/composer.json": composerJSON(t, map[string]string{"drupal/core": "^9"}),
				".dcycle.yml": "core: 10\n",
			}),
			wd:   "web/modules/custom/site_deploy",
			want: siteDeploy,
		},
		{
			name: "two modules in the folder around wd: the one named like the folder",
			files: merge(d10Site(t), map[string]string{
				"web/modules/custom/site_deploy/helper.install": "<?php\n",
				"web/modules/custom/site_deploy/helper.module":  "<?php\n",
			}),
			wd:   "web/modules/custom/site_deploy",
			want: siteDeploy,
		},
		{
			name: "a lone .install without an info file is not a module folder",
			files: merge(d10Site(t), map[string]string{
				"web/modules/custom/notes/notes_deploy.install": "<?php\n",
			}),
			want: siteDeploy,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := writeTree(t, tt.files)
			m, cfg, err := Discover(under(root, tt.wd+"/."), tt.opts)
			if tt.wantErr != nil {
				var got *Error
				if !errors.As(err, &got) {
					t.Fatalf("Discover() error = %v, want *Error", err)
				}
				if diff := cmp.Diff(withTmp(root, tt.wantErr), got, errorOpts); diff != "" {
					t.Errorf("Discover() error mismatch (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatalf("Discover() error = %v", err)
			}
			if diff := cmp.Diff(placed(root, tt.want), m); diff != "" {
				t.Errorf("Discover() module mismatch (-want +got):\n%s", diff)
			}
			if _, ok := tt.files[".dcycle.yml"]; ok && cfg == nil {
				t.Errorf("Discover() config = nil, want the .dcycle.yml")
			}
		})
	}
}

func TestDiscoverRelativeWorkingFolder(t *testing.T) {
	t.Parallel()
	root := writeTree(t, merge(d10Site(t), map[string]string{
		".dcycle.yml": "module: web/modules/custom/site_deploy\n",
	}))
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(cwd, root)
	if err != nil || filepath.IsAbs(rel) {
		t.Skipf("no relative path from %s to the temp folder", cwd)
	}
	tests := []struct {
		name string
		wd   string
		want *Module
	}{
		{
			name: "from the root",
			wd:   rel,
			want: &Module{
				Name:        "site_deploy",
				Dir:         filepath.Join(rel, "web/modules/custom/site_deploy"),
				InstallPath: filepath.Join(rel, "web/modules/custom/site_deploy/site_deploy.install"),
				InfoPath:    filepath.Join(rel, "web/modules/custom/site_deploy/site_deploy.info.yml"),
				Core:        10,
				Root:        rel,
				Layout:      LayoutComposerWeb,
			},
		},
		{
			name: "from a theme folder, through the config's module path",
			wd:   filepath.Join(rel, "web/themes/custom"),
			want: &Module{
				Name:        "site_deploy",
				Dir:         filepath.Join(rel, "web/modules/custom/site_deploy"),
				InstallPath: filepath.Join(rel, "web/modules/custom/site_deploy/site_deploy.install"),
				InfoPath:    filepath.Join(rel, "web/modules/custom/site_deploy/site_deploy.info.yml"),
				Core:        10,
				Root:        rel,
				Layout:      LayoutComposerWeb,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, cfg, err := Discover(tt.wd, Options{})
			if err != nil {
				t.Fatalf("Discover(%q) error = %v", tt.wd, err)
			}
			if diff := cmp.Diff(tt.want, m); diff != "" {
				t.Errorf("Discover(%q) mismatch (-want +got):\n%s", tt.wd, diff)
			}
			if want := filepath.Join(rel, ".dcycle.yml"); cfg == nil || cfg.Path != want {
				t.Errorf("Discover(%q) config = %+v, want one read from %s", tt.wd, cfg, want)
			}
		})
	}
}

func TestDiscoverWithoutProjectRoot(t *testing.T) {
	t.Parallel()
	root := writeTree(t, d8Module("modules", "lone_deploy", "^10"))
	requireNoRootAbove(t, root)
	m, cfg, err := Discover(root, Options{})
	if err != nil {
		t.Fatalf("Discover() error = %v", err)
	}
	want := placed(root, &Module{
		Name:        "lone_deploy",
		Dir:         "modules/lone_deploy",
		InstallPath: "modules/lone_deploy/lone_deploy.install",
		InfoPath:    "modules/lone_deploy/lone_deploy.info.yml",
		Core:        10,
	})
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("Discover() mismatch (-want +got):\n%s", diff)
	}
	if cfg != nil {
		t.Errorf("Discover() config = %+v, want nil", cfg)
	}
}

func TestDiscoverDoesNotFollowSymlinkedFolders(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		links map[string]string
		files map[string]string
		want  *Module
	}{
		{
			name:  "a loop back to the root",
			files: d10Site(t),
			links: map[string]string{"web/modules/custom/loop": "../../.."},
			want:  siteDeploy,
		},
		{
			name: "a symlinked .install file counts",
			files: func() map[string]string {
				files := merge(d10Site(t), map[string]string{"shared/site_deploy.install": "<?php\n"})
				delete(files, "web/modules/custom/site_deploy/site_deploy.install")
				return files
			}(),
			links: map[string]string{"web/modules/custom/site_deploy/site_deploy.install": "../../../../shared/site_deploy.install"},
			want:  siteDeploy,
		},
		{
			name: "a deploy module reachable only through a link",
			files: merge(d10Site(t),
				d8Module("../outside", "linked_deploy", "^10")),
			links: map[string]string{"web/modules/custom/linked": "../../../../outside"},
			want:  siteDeploy,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// The tree is written one level down so that "../outside"
			// stays inside the temp folder.
			files := map[string]string{}
			for k, v := range tt.files {
				files[filepath.ToSlash(filepath.Clean("site/"+k))] = v
			}
			tmp := writeTree(t, files)
			root := filepath.Join(tmp, "site")
			symlinks(t, root, tt.links)
			m, _, err := Discover(root, Options{})
			if err != nil {
				t.Fatalf("Discover() error = %v", err)
			}
			if diff := cmp.Diff(placed(root, tt.want), m); diff != "" {
				t.Errorf("Discover() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	t.Parallel()
	site := merge(d10Site(t),
		d8Module("web/modules/custom", "other_deploy", "^10"),
		map[string]string{
			"web/modules/custom/notes/notes.install":             "<?php\n",
			"web/modules/custom/newish/newish.info.yml":          "name: newish\ntype: module\ncore_version_requirement: ^10\n",
			"web/modules/custom/site_deploy/site_deploy.module":  "<?php\n",
			"web/modules/custom/site_deploy/README.md":           "readme\n",
			"web/themes/custom/olivero_sub/olivero_sub.info.yml": "name: sub\ntype: theme\n",
			".dcycle.yml": "core: 11\n",
		})
	d10 := func(m *Module) *Module {
		c := *m
		c.Core = 11 // from .dcycle.yml
		c.Root = "."
		c.Layout = LayoutComposerWeb
		return &c
	}
	site11 := d10(siteDeploy)
	other := d10(&Module{
		Name:        "other_deploy",
		Dir:         "web/modules/custom/other_deploy",
		InstallPath: "web/modules/custom/other_deploy/other_deploy.install",
		InfoPath:    "web/modules/custom/other_deploy/other_deploy.info.yml",
	})
	notes := d10(&Module{
		Name:        "notes",
		Dir:         "web/modules/custom/notes",
		InstallPath: "web/modules/custom/notes/notes.install",
		LoneFile:    true,
	})
	token := d10(&Module{
		Name:        "token",
		Dir:         "web/modules/contrib/token",
		InstallPath: "web/modules/contrib/token/token.install",
		InfoPath:    "web/modules/contrib/token/token.info.yml",
	})
	newish := d10(&Module{
		Name:     "newish",
		Dir:      "web/modules/custom/newish",
		InfoPath: "web/modules/custom/newish/newish.info.yml",
	})
	tests := []struct {
		name    string
		paths   []string
		files   map[string]string // added to the site
		opts    Options
		want    []*Module
		wantErr *Error
	}{
		{
			name:  "module folder",
			paths: []string{"web/modules/custom/other_deploy"},
			want:  []*Module{other},
		},
		{
			name:  ".install file with its info file",
			paths: []string{"web/modules/custom/site_deploy/site_deploy.install"},
			want:  []*Module{site11},
		},
		{
			name:  "lone .install file",
			paths: []string{"web/modules/custom/notes/notes.install"},
			want:  []*Module{notes},
		},
		{
			name:  "another file of the module",
			paths: []string{"web/modules/custom/site_deploy/site_deploy.module"},
			want:  []*Module{site11},
		},
		{
			name:  "a stray info file beside a module is not a second module",
			paths: []string{"web/modules/custom/other_deploy"},
			files: map[string]string{"web/modules/custom/other_deploy/old.info": "name = old\n"},
			want:  []*Module{other},
		},
		{
			name:  "module folder without an .install yet",
			paths: []string{"web/modules/custom/newish"},
			want:  []*Module{newish},
		},
		{
			name:  "project root: every deploy module, sorted",
			paths: []string{"."},
			want:  []*Module{other, site11},
		},
		{
			name:  "project root with --all-modules: every module with an .install",
			paths: []string{"."},
			opts:  Options{AllModules: true},
			want:  []*Module{token, other, site11},
		},
		{
			name:  "duplicates keep their first place",
			paths: []string{"web/modules/custom/site_deploy/site_deploy.install", "web", "web/modules/custom/site_deploy"},
			want:  []*Module{site11, other},
		},
		{
			name:  "--core wins over the config",
			paths: []string{"web/modules/custom/other_deploy"},
			opts:  Options{Core: 10},
			want:  []*Module{{Name: other.Name, Dir: other.Dir, InstallPath: other.InstallPath, InfoPath: other.InfoPath, Core: 10, Root: ".", Layout: LayoutComposerWeb}},
		},
		{
			name:  "no paths: discovery",
			paths: nil,
			opts:  Options{Module: "other_deploy"},
			want:  []*Module{other},
		},
		{
			name:  "no paths with --all-modules",
			paths: nil,
			opts:  Options{AllModules: true},
			want:  []*Module{token, other, site11},
		},
		{
			name:    "folder without deploy modules",
			paths:   []string{"web/themes"},
			wantErr: &Error{Path: "$TMP/web/themes", Msg: "no deploy module found in this folder or below"},
		},
		{
			name:    "folder without modules with --all-modules",
			paths:   []string{"web/themes"},
			opts:    Options{AllModules: true},
			wantErr: &Error{Path: "$TMP/web/themes", Msg: "no module with an .install, .post_update.php or .deploy.php file found in this folder or below"},
		},
		{
			name:    "missing path",
			paths:   []string{"web/modules/custom/site_deploy", "web/modules/custom/gone.install"},
			wantErr: &Error{Path: "$TMP/web/modules/custom/gone.install", Msg: "cannot access"},
		},
		{
			name:    "a file that names no module",
			paths:   []string{"web/modules/custom/site_deploy/README.md"},
			wantErr: &Error{Path: "$TMP/web/modules/custom/site_deploy/README.md", Msg: "not a module folder, .install file or module file"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := writeTree(t, merge(site, tt.files))
			mods, cfg, err := Resolve(root, tt.paths, tt.opts)
			if tt.wantErr != nil {
				var got *Error
				if !errors.As(err, &got) {
					t.Fatalf("Resolve() error = %v, want *Error", err)
				}
				if diff := cmp.Diff(withTmp(root, tt.wantErr), got, errorOpts); diff != "" {
					t.Errorf("Resolve() error mismatch (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatalf("Resolve() error = %v", err)
			}
			var want []*Module
			for _, m := range tt.want {
				want = append(want, placed(root, m))
			}
			if diff := cmp.Diff(want, mods); diff != "" {
				t.Errorf("Resolve() mismatch (-want +got):\n%s", diff)
			}
			if cfg == nil || cfg.Path != filepath.Join(root, ".dcycle.yml") {
				t.Errorf("Resolve() config = %+v, want the root's .dcycle.yml", cfg)
			}
		})
	}
}

func TestResolveRelativePaths(t *testing.T) {
	t.Parallel()
	root := writeTree(t, d10Site(t))
	mods, _, err := Resolve(filepath.Join(root, "web"), []string{"modules/custom/site_deploy/site_deploy.install"}, Options{})
	if err != nil {
		t.Fatalf("Resolve() error = %v", err)
	}
	want := []*Module{placed(root, siteDeploy)}
	if diff := cmp.Diff(want, mods); diff != "" {
		t.Errorf("Resolve() mismatch (-want +got):\n%s", diff)
	}
}

func TestResolveConfigNearTheModules(t *testing.T) {
	t.Parallel()
	tmp := writeTree(t, merge(
		map[string]string{"elsewhere/.keep": "", "site/.dcycle.yml": "core: 9\n"},
		func() map[string]string {
			out := map[string]string{}
			for k, v := range d10Site(t) {
				out["site/"+k] = v
			}
			return out
		}()))
	mods, cfg, err := Resolve(filepath.Join(tmp, "elsewhere"), []string{"../site"}, Options{})
	if err != nil {
		t.Fatalf("Resolve() error = %v", err)
	}
	if want := filepath.Join(tmp, "site", ".dcycle.yml"); cfg == nil || cfg.Path != want {
		t.Fatalf("Resolve() config = %+v, want one read from %s", cfg, want)
	}
	if len(mods) != 1 || mods[0].Core != 9 {
		t.Errorf("Resolve() = %+v, want one module with core 9", mods)
	}
}
