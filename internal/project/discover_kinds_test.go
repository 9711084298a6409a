package project

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcycle/dcycle/internal/phpast"
)

// hookSite is a Drupal 10 site whose deploy module has no .install: its
// code is in NAME.post_update.php and NAME.deploy.php.
func hookSite(t *testing.T) map[string]string {
	site := d10Site(t)
	delete(site, "web/modules/custom/site_deploy/site_deploy.install")
	return merge(site, map[string]string{
		"web/modules/custom/site_deploy/site_deploy.post_update.php": "<?php\n",
		"web/modules/custom/site_deploy/site_deploy.deploy.php":      "<?php\n",
	})
}

var hookDeploy = &Module{
	Name:           "site_deploy",
	Dir:            "web/modules/custom/site_deploy",
	PostUpdatePath: "web/modules/custom/site_deploy/site_deploy.post_update.php",
	DeployPath:     "web/modules/custom/site_deploy/site_deploy.deploy.php",
	InfoPath:       "web/modules/custom/site_deploy/site_deploy.info.yml",
	Core:           10,
	Root:           ".",
	Layout:         LayoutComposerWeb,
}

// TestDiscoverHookFiles: a Drupal 8+ module is NAME.info.yml plus any of
// the three files of deployment code, so a *_deploy module without an
// .install is found like any other.
func TestDiscoverHookFiles(t *testing.T) {
	t.Parallel()
	onlyDeploy := hookSite(t)
	delete(onlyDeploy, "web/modules/custom/site_deploy/site_deploy.post_update.php")
	onlyDeployModule := *hookDeploy
	onlyDeployModule.PostUpdatePath = ""
	withInstall := *hookDeploy
	withInstall.InstallPath = "web/modules/custom/site_deploy/site_deploy.install"
	tests := []struct {
		name    string
		files   map[string]string
		wd      string
		want    *Module
		wantErr string
	}{
		{name: "from the project root", files: hookSite(t), wd: ".", want: hookDeploy},
		{name: "from the module folder", files: hookSite(t), wd: "web/modules/custom/site_deploy", want: hookDeploy},
		{name: "a .deploy.php alone beside the .info.yml", files: onlyDeploy, wd: ".", want: &onlyDeployModule},
		{
			name:  "with an .install too",
			files: merge(hookSite(t), map[string]string{"web/modules/custom/site_deploy/site_deploy.install": "<?php\n"}),
			wd:    ".", want: &withInstall,
		},
		{
			// Drupal 7 has neither kind: its .info does not make these files
			// a module.
			name: "a Drupal 7 .info does not count",
			files: map[string]string{
				".git/HEAD": "ref: refs/heads/main\n",
				"sites/all/modules/custom/old_deploy/old_deploy.info":            "name = old\ncore = 7.x\n",
				"sites/all/modules/custom/old_deploy/old_deploy.post_update.php": "<?php\n",
			},
			wd:      ".",
			wantErr: "no deploy module found in $TMP or above; pass a module folder or --module",
		},
		{
			name: "an info file with only a .module is not a deploy module yet",
			files: map[string]string{
				".git/HEAD": "ref: refs/heads/main\n",
				"web/modules/custom/new_deploy/new_deploy.info.yml": "name: new\ntype: module\ncore_version_requirement: ^10\n",
				"web/modules/custom/new_deploy/new_deploy.module":   "<?php\n",
			},
			wd:      ".",
			wantErr: "no deploy module found in $TMP or above; pass a module folder or --module",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := writeTree(t, tt.files)
			m, _, err := Discover(under(root, tt.wd), Options{})
			if tt.wantErr != "" {
				var got *Error
				if !errors.As(err, &got) {
					t.Fatalf("Discover() error = %v, want *Error", err)
				}
				if want := withTmp(root, &Error{Msg: tt.wantErr}).Msg; got.Msg != want {
					t.Errorf("Discover() error %q, want %q", got.Msg, want)
				}
				return
			}
			if err != nil {
				t.Fatalf("Discover() error = %v", err)
			}
			if diff := cmp.Diff(placed(root, tt.want), m); diff != "" {
				t.Errorf("Discover() module mismatch (-want +got):\n%s", diff)
			}
			if !m.HasCode() {
				t.Errorf("HasCode() = false for %+v", m)
			}
		})
	}
}

// TestResolveHookFiles: lint, list and the pre-commit hook name a module
// by its folder or by any of its files; a lone .post_update.php or
// .deploy.php is read with the module name its file name gives.
func TestResolveHookFiles(t *testing.T) {
	t.Parallel()
	files := merge(hookSite(t), map[string]string{
		"patches/shop_deploy.post_update.php": "<?php\n",
		"patches/shop_deploy.deploy.php":      "<?php\n",
		"patches/blog_deploy.deploy.php":      "<?php\n",
	})
	lone := func(name, post, deploy string) *Module {
		return &Module{Name: name, Dir: "patches", PostUpdatePath: post, DeployPath: deploy, Core: 10, Root: ".", Layout: LayoutComposerWeb, LoneFile: true}
	}
	tests := []struct {
		name  string
		paths []string
		opts  Options
		want  []*Module
	}{
		{name: "the module folder", paths: []string{"web/modules/custom/site_deploy"}, want: []*Module{hookDeploy}},
		{name: "its .post_update.php", paths: []string{"web/modules/custom/site_deploy/site_deploy.post_update.php"}, want: []*Module{hookDeploy}},
		{name: "its .deploy.php", paths: []string{"web/modules/custom/site_deploy/site_deploy.deploy.php"}, want: []*Module{hookDeploy}},
		{name: "its .info.yml", paths: []string{"web/modules/custom/site_deploy/site_deploy.info.yml"}, want: []*Module{hookDeploy}},
		{name: "the project root", paths: []string{"."}, want: []*Module{hookDeploy}},
		{name: "--all-modules", paths: []string{"web/modules/custom"}, opts: Options{AllModules: true}, want: []*Module{hookDeploy}},
		{
			name:  "lone files, named after their module",
			paths: []string{"patches/shop_deploy.post_update.php", "patches/blog_deploy.deploy.php"},
			want: []*Module{
				lone("shop_deploy", "patches/shop_deploy.post_update.php", "patches/shop_deploy.deploy.php"),
				lone("blog_deploy", "", "patches/blog_deploy.deploy.php"),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := writeTree(t, files)
			mods, _, err := Resolve(root, tt.paths, tt.opts)
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
		})
	}
}

// TestLoadHookFilesCore: post-updates and deploy hooks exist from Drupal 8
// on, so a lone .post_update.php that nothing else dates is read as a
// Drupal 8 module (its rules then know that variable_set() is gone), while
// a project that says more wins.
func TestLoadHookFilesCore(t *testing.T) {
	t.Parallel()
	site := writeTree(t, hookSite(t))
	lone := writeTree(t, map[string]string{
		"blog_deploy.post_update.php": "<?php\nfunction blog_deploy_post_update_a() {}\n",
		"old_deploy.install":          "<?php\n",
	})
	requireNoRootAbove(t, lone)
	tests := []struct {
		root, path string
		want       int
	}{
		{lone, "blog_deploy.post_update.php", 8},
		{lone, "old_deploy.install", 0},
		{site, "web/modules/custom/site_deploy", 10},
	}
	for _, tt := range tests {
		mods, _, err := Resolve(tt.root, []string{tt.path}, Options{})
		if err != nil {
			t.Fatalf("Resolve(%s): %v", tt.path, err)
		}
		m, err := mods[0].LoadCode(phpast.Options{})
		if err != nil {
			t.Fatalf("LoadCode(%s): %v", tt.path, err)
		}
		if m.Core != tt.want {
			t.Errorf("%s: core %d, want %d", tt.path, m.Core, tt.want)
		}
	}
}

// TestLoadCodeBrokenFile: LoadCode stops at a file that does not parse,
// whichever it is, and reads a module without an .install.
func TestLoadCodeBrokenFile(t *testing.T) {
	t.Parallel()
	root := writeTree(t, merge(hookSite(t), map[string]string{
		"web/modules/custom/site_deploy/site_deploy.deploy.php": "<?php\nfunction site_deploy_deploy_a() {\n",
	}))
	mods, _, err := Resolve(root, []string{"web/modules/custom/site_deploy"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = mods[0].LoadCode(phpast.Options{})
	var perr *phpast.Error
	if !errors.As(err, &perr) || !strings.HasSuffix(perr.Path, "site_deploy.deploy.php") {
		t.Fatalf("LoadCode error %v, want the parse error of site_deploy.deploy.php", err)
	}
}
