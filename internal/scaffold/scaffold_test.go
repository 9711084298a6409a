package scaffold

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dcycle/dcycle/internal/gen"
	"github.com/dcycle/dcycle/internal/project"
	"github.com/dcycle/dcycle/templates"
)

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestInit(t *testing.T) {
	t.Parallel()
	d7 := map[string]string{"index.php": "<?php\n", "includes/bootstrap.inc": "<?php\n"}
	for _, tc := range []struct {
		name    string
		project map[string]string
		workDir string // below the project
		opts    Options
		dir     string // the module folder, below the project
		files   []string
	}{
		{
			name:    "Drupal 7 web root",
			project: d7,
			opts:    Options{Name: "example"},
			dir:     "sites/all/modules/custom/example_deploy",
			files:   []string{"example_deploy.info", "example_deploy.module", "example_deploy.install", "example_deploy.test"},
		},
		{
			name:    "core from .dcycle.yml, from a subfolder, name with _deploy",
			project: map[string]string{"composer.json": "{}\n", "web/index.php": "<?php\n", ".dcycle.yml": "core: 9\n"},
			workDir: "web",
			opts:    Options{Name: "shop_deploy"},
			dir:     "web/modules/custom/shop_deploy",
			files:   []string{"shop_deploy.info.yml", "shop_deploy.module", "shop_deploy.install", "tests/src/Kernel/ShopDeployTest.php"},
		},
		{
			name:    "--dir relative to the working folder, --core",
			project: map[string]string{},
			opts:    Options{Name: "blog", Dir: "custom", Project: project.Options{Core: 10}},
			dir:     "custom/blog_deploy",
			files:   []string{"blog_deploy.info.yml", "blog_deploy.module", "blog_deploy.install", "tests/src/Kernel/BlogDeployTest.php"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			root := writeTree(t, tc.project)
			opts := tc.opts
			opts.WorkDir = filepath.Join(root, tc.workDir)
			opts.Templates = templates.PHP()
			res, err := Init(opts)
			if err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(root, tc.dir)
			if res.Dir != dir || res.Module != filepath.Base(tc.dir) {
				t.Errorf("module %s in %s, want %s in %s", res.Module, res.Dir, filepath.Base(tc.dir), dir)
			}
			var want []string
			for _, f := range tc.files {
				want = append(want, filepath.Join(dir, f))
			}
			slices.Sort(want)
			got := slices.Sorted(slices.Values(res.Files))
			if !slices.Equal(got, want) {
				t.Errorf("files %q, want %q", got, want)
			}
			for _, f := range want {
				if _, err := os.Stat(f); err != nil {
					t.Errorf("not written: %v", err)
				}
			}
		})
	}
}

func TestInitRefuses(t *testing.T) {
	t.Parallel()
	existing := "sites/all/modules/custom/example_deploy/example_deploy.module"
	for _, tc := range []struct {
		name    string
		project map[string]string
		opts    Options
		input   string // the InputError's message; "" for another error
	}{
		{"bad name", map[string]string{}, Options{Name: "Example-Site", Project: project.Options{Core: 7}},
			`"Example-Site" is not a Drupal machine name: use lower-case letters, digits and underscores, starting with a letter`},
		{"unknown core", map[string]string{"README": "x\n"}, Options{Name: "example"},
			"cannot tell the Drupal core major of shown; pass --core 7, 8, 9, 10 or 11"},
		{"existing file", map[string]string{"index.php": "<?php\n", "includes/bootstrap.inc": "<?php\n", existing: "<?php // ours\n"}, Options{Name: "example"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			root := writeTree(t, tc.project)
			opts := tc.opts
			opts.WorkDir, opts.Templates = root, templates.PHP()
			opts.Display = func(p string) string {
				if p == root {
					return "shown"
				}
				return p
			}
			_, err := Init(opts)
			var input *InputError
			if tc.input != "" && (!errors.As(err, &input) || input.Msg != tc.input) {
				t.Errorf("error %v, want the input error %q", err, tc.input)
			}
			var perr *gen.PathError
			if tc.input == "" && (!errors.As(err, &perr) || perr.Path != filepath.Join(root, existing)) {
				t.Errorf("error %v, want one about %s", err, existing)
			}
			var files []string
			filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					rel, _ := filepath.Rel(root, path)
					files = append(files, filepath.ToSlash(rel))
				}
				return nil
			})
			if len(files) != len(tc.project) {
				t.Errorf("files after a refusal: %q, want only %d of the project", files, len(tc.project))
			}
		})
	}
}

// On Drupal 8 and later, init warns when the project holds an extension
// called NAME, which drush would give NAME_deploy.module's functions to.
func TestInitWarnsOfShadowingExtension(t *testing.T) {
	t.Parallel()
	info := "name: X\ntype: theme\ncore_version_requirement: ^10\n"
	d10 := func(extra map[string]string) map[string]string {
		files := map[string]string{"composer.json": "{}\n", "web/index.php": "<?php\n"}
		for k, v := range extra {
			files[k] = v
		}
		return files
	}
	for _, tc := range []struct {
		name    string
		project map[string]string
		core    int
		warn    string // the extension's info file the warning names, "" for none
	}{
		{"theme called NAME", d10(map[string]string{"web/themes/custom/shop/shop.info.yml": info}), 10, "web/themes/custom/shop/shop.info.yml"},
		{"core module called NAME", d10(map[string]string{"web/core/modules/shop/shop.info.yml": info}), 11, "web/core/modules/shop/shop.info.yml"},
		{"profile called NAME", d10(map[string]string{"web/profiles/shop/shop.info.yml": info}), 9, "web/profiles/shop/shop.info.yml"},
		{"no extension called NAME", d10(map[string]string{"web/themes/custom/shopfront/shopfront.info.yml": info}), 10, ""},
		{"only a test module", d10(map[string]string{"web/modules/contrib/x/tests/modules/shop/shop.info.yml": info}), 10, ""},
		{"only in vendor", d10(map[string]string{"vendor/acme/shop/shop.info.yml": info}), 10, ""},
		{"Drupal 7 has no deploy hooks", map[string]string{"index.php": "<?php\n", "includes/bootstrap.inc": "<?php\n", "sites/all/themes/shop/shop.info.yml": info}, 7, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			root := writeTree(t, tc.project)
			res, err := Init(Options{Name: "shop", WorkDir: root, Templates: templates.PHP(), Project: project.Options{Core: tc.core}})
			if err != nil {
				t.Fatal(err)
			}
			if tc.warn == "" {
				if len(res.Warnings) > 0 {
					t.Errorf("warnings %q, want none", res.Warnings)
				}
				return
			}
			if len(res.Warnings) != 1 {
				t.Fatalf("warnings %q, want one", res.Warnings)
			}
			for _, want := range []string{"an extension called shop exists (" + filepath.Join(root, filepath.FromSlash(tc.warn)) + ")", "shop_deploy.module named shop_deploy_…", "drush#6159"} {
				if !strings.Contains(res.Warnings[0], want) {
					t.Errorf("warning %q does not say %q", res.Warnings[0], want)
				}
			}
			if len(res.Files) == 0 {
				t.Error("a warning stopped init")
			}
		})
	}
}
