package project

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestErrorRendering(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  *Error
		want string
	}{
		{
			name: "message only",
			err:  &Error{Msg: "no deploy module found in . or above; pass a module folder or --module"},
			want: "no deploy module found in . or above; pass a module folder or --module",
		},
		{
			name: "path",
			err:  &Error{Path: "web/themes", Msg: "no deploy module found in this folder or below"},
			want: "web/themes: no deploy module found in this folder or below",
		},
		{
			name: "path and line",
			err:  &Error{Path: ".dcycle.yml", Line: 4, Msg: "did not find expected key"},
			want: ".dcycle.yml:4: did not find expected key",
		},
		{
			name: "path, line and column",
			err:  &Error{Path: ".dcycle.yml", Line: 3, Col: 10, Msg: "bad"},
			want: ".dcycle.yml:3:10: bad",
		},
		{
			name: "column without a line is left out",
			err:  &Error{Path: ".dcycle.yml", Col: 10, Msg: "bad"},
			want: ".dcycle.yml: bad",
		},
		{
			name: "cause",
			err:  &Error{Path: "x.install", Msg: "cannot access", Err: fs.ErrPermission},
			want: "x.install: cannot access: permission denied",
		},
		{
			name: "candidates",
			err: &Error{
				Msg:        "two deploy modules found; choose one with --module",
				Candidates: []string{"web/modules/custom/alpha_deploy", "web/modules/custom/beta_deploy"},
			},
			want: "two deploy modules found; choose one with --module:\n  web/modules/custom/alpha_deploy\n  web/modules/custom/beta_deploy",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestErrorUnwrap(t *testing.T) {
	t.Parallel()
	var err error = &Error{Path: "x", Msg: "cannot access", Err: fs.ErrNotExist}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("errors.Is(%v, fs.ErrNotExist) = false, want true", err)
	}
}

func TestProjectRoot(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		files      map[string]string
		dir        string
		wantRoot   string // relative to the temp folder
		wantLayout Layout
	}{
		{
			name:       "drupal 7 web root",
			files:      merge(d7Root, d7Module("sites/all/modules/custom", "x_deploy")),
			dir:        "sites/all/modules/custom/x_deploy",
			wantRoot:   ".",
			wantLayout: LayoutDrupal7,
		},
		{
			name:       "composer with web",
			files:      d10Site(t),
			dir:        "web/modules/custom",
			wantRoot:   ".",
			wantLayout: LayoutComposerWeb,
		},
		{
			name:       "composer with docroot",
			files:      map[string]string{"composer.json": "{}", "docroot/modules/custom/.keep": ""},
			dir:        "docroot/modules/custom",
			wantRoot:   ".",
			wantLayout: LayoutComposerDocroot,
		},
		{
			name:       "composer with Drupal at the root",
			files:      map[string]string{"composer.json": "{}", "index.php": "", "core/lib/Drupal.php": "", "modules/.keep": ""},
			dir:        "modules",
			wantRoot:   ".",
			wantLayout: LayoutComposer,
		},
		{
			name:       "drupal 8 tarball in git",
			files:      map[string]string{".git/HEAD": "", "index.php": "", "core/lib/Drupal.php": "", "modules/.keep": ""},
			dir:        "modules",
			wantRoot:   ".",
			wantLayout: LayoutComposer,
		},
		{
			name:       "git only",
			files:      map[string]string{".git/HEAD": "", "src/.keep": ""},
			dir:        "src",
			wantRoot:   ".",
			wantLayout: LayoutNone,
		},
		{
			name: "git repository around a Drupal 7 docroot, from the repository",
			files: merge(map[string]string{".git/HEAD": ""},
				map[string]string{"docroot/index.php": "", "docroot/includes/bootstrap.inc": ""}),
			dir:        ".",
			wantRoot:   ".",
			wantLayout: LayoutComposerDocroot,
		},
		{
			name: "git repository around a Drupal 7 docroot, from a module: the web root is nearer",
			files: merge(map[string]string{".git/HEAD": "", "docroot/index.php": "", "docroot/includes/bootstrap.inc": ""},
				d7Module("docroot/sites/all/modules/custom", "x_deploy")),
			dir:        "docroot/sites/all/modules/custom/x_deploy",
			wantRoot:   "docroot",
			wantLayout: LayoutDrupal7,
		},
		{
			name:       "a .git file (submodule) counts",
			files:      map[string]string{".git": "gitdir: ../.git/modules/site\n", "composer.json": "{}", "web/.keep": ""},
			dir:        "web",
			wantRoot:   ".",
			wantLayout: LayoutComposerWeb,
		},
		{
			name: "a module with its own composer.json is passed over",
			files: merge(d10Site(t), map[string]string{
				"web/modules/custom/site_deploy/composer.json": "{}",
				"web/modules/custom/site_deploy/.git":          "gitdir: ../../../../.git/modules/site_deploy\n",
			}),
			dir:        "web/modules/custom/site_deploy",
			wantRoot:   ".",
			wantLayout: LayoutComposerWeb,
		},
		{
			name:       "a composer.json folder named like a file is not a root marker",
			files:      map[string]string{".git/HEAD": "", "sub/composer.json/.keep": "", "sub/x/.keep": ""},
			dir:        "sub/x",
			wantRoot:   ".",
			wantLayout: LayoutNone,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := writeTree(t, tt.files)
			gotRoot, gotLayout := ProjectRoot(under(root, tt.dir))
			if want := under(root, tt.wantRoot); gotRoot != want || gotLayout != tt.wantLayout {
				t.Errorf("ProjectRoot() = %q, %v, want %q, %v", gotRoot, gotLayout, want, tt.wantLayout)
			}
		})
	}
}

func TestProjectRootWithoutMarkers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		files    map[string]string
		dir      string
		wantRoot string
	}{
		{name: "none", files: map[string]string{"a/b/.keep": ""}, dir: "a/b", wantRoot: ""},
		{
			name:     "a module checked out on its own is its own root",
			files:    merge(d8Module(".", "solo_deploy", "^10"), map[string]string{"solo_deploy/.git/HEAD": "", "solo_deploy/src/.keep": ""}),
			dir:      "solo_deploy/src",
			wantRoot: "solo_deploy",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := writeTree(t, tt.files)
			requireNoRootAbove(t, root)
			gotRoot, gotLayout := ProjectRoot(under(root, tt.dir))
			if want := under(root, tt.wantRoot); gotRoot != want || gotLayout != LayoutNone {
				t.Errorf("ProjectRoot() = %q, %v, want %q, none", gotRoot, gotLayout, want)
			}
		})
	}
}

func TestProjectRootRelative(t *testing.T) {
	t.Parallel()
	root := writeTree(t, d10Site(t))
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(cwd, root)
	if err != nil {
		t.Skip(err)
	}
	got, layout := ProjectRoot(filepath.Join(rel, "web", "modules"))
	if got != rel || layout != LayoutComposerWeb {
		t.Errorf("ProjectRoot() = %q, %v, want %q, composer-web", got, layout, rel)
	}
}

func TestConventionalCustomDir(t *testing.T) {
	t.Parallel()
	tests := []struct {
		layout Layout
		core   int
		want   string
	}{
		{LayoutDrupal7, 7, "site/sites/all/modules/custom"},
		{LayoutDrupal7, 0, "site/sites/all/modules/custom"},
		{LayoutComposerWeb, 10, "site/web/modules/custom"},
		{LayoutComposerWeb, 7, "site/web/sites/all/modules/custom"},
		{LayoutComposerDocroot, 11, "site/docroot/modules/custom"},
		{LayoutComposerDocroot, 7, "site/docroot/sites/all/modules/custom"},
		{LayoutComposer, 9, "site/modules/custom"},
		{LayoutNone, 10, "site/modules/custom"},
		{LayoutNone, 7, "site/sites/all/modules/custom"},
	}
	for _, tt := range tests {
		t.Run(tt.layout.String()+"/"+tt.want, func(t *testing.T) {
			t.Parallel()
			if got := ConventionalCustomDir("site", tt.layout, tt.core); got != filepath.FromSlash(tt.want) {
				t.Errorf("ConventionalCustomDir(site, %v, %d) = %q, want %q", tt.layout, tt.core, got, tt.want)
			}
		})
	}
}

func TestLayoutString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		layout Layout
		want   string
	}{
		{LayoutNone, "none"},
		{LayoutDrupal7, "drupal7"},
		{LayoutComposerWeb, "composer-web"},
		{LayoutComposerDocroot, "composer-docroot"},
		{LayoutComposer, "composer"},
		{Layout(42), "layout(42)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			if got := tt.layout.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}
