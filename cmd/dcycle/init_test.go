package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/dcycle/dcycle/internal/phptest"
)

// writeTree creates files (path → content) below root.
func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for path, content := range files {
		full := filepath.Join(root, path)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// initLayouts are empty projects of each layout, with where init must put
// the module and which files it writes there.
var initLayouts = []struct {
	name    string
	project map[string]string
	args    []string
	dir     string
	core    int
	files   []string
}{
	{
		name:    "d7",
		project: map[string]string{"index.php": "<?php\n", "includes/bootstrap.inc": "<?php\n"},
		args:    []string{"init", "example"},
		dir:     "sites/all/modules/custom/example_deploy",
		core:    7,
		files:   []string{"example_deploy.info", "example_deploy.module", "example_deploy.install", "example_deploy.test"},
	},
	{
		name:    "d10-web",
		project: map[string]string{"composer.json": `{"require": {"drupal/core-recommended": "^10.3"}}`, "web/index.php": "<?php\n"},
		args:    []string{"init", "shop_deploy"},
		dir:     "web/modules/custom/shop_deploy",
		core:    10,
		files:   []string{"shop_deploy.info.yml", "shop_deploy.module", "shop_deploy.install", "tests/src/Kernel/ShopDeployTest.php"},
	},
	{
		name:    "d11-docroot",
		project: map[string]string{"composer.json": `{"require": {"drupal/core": "11.1.x"}}`, "docroot/index.php": "<?php\n"},
		args:    []string{"init", "portal"},
		dir:     "docroot/modules/custom/portal_deploy",
		core:    11,
		files:   []string{"portal_deploy.info.yml", "portal_deploy.module", "portal_deploy.install", "tests/src/Kernel/PortalDeployTest.php"},
	},
	{
		name:    "d9-no-project-dir-flag",
		project: map[string]string{},
		args:    []string{"init", "blog", "--core", "9", "--dir", "custom"},
		dir:     "custom/blog_deploy",
		core:    9,
		files:   []string{"blog_deploy.info.yml", "blog_deploy.module", "blog_deploy.install", "tests/src/Kernel/BlogDeployTest.php"},
	},
}

func TestInit(t *testing.T) {
	t.Parallel()
	for _, tc := range initLayouts {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			writeTree(t, root, tc.project)
			r := runCLI(t, root, tc.args...)
			if r.code != 0 {
				t.Fatalf("init: exit %d\n%s", r.code, r.stderr)
			}
			module := filepath.Base(tc.dir)
			for _, f := range tc.files {
				path := filepath.Join(root, tc.dir, f)
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("init did not write %s: %v", f, err)
				}
				if !strings.Contains(r.stdout, "created "+filepath.Join(tc.dir, f)+"\n") {
					t.Errorf("stdout does not report %s:\n%s", f, r.stdout)
				}
				checkGolden(t, filepath.Join("testdata", "cli", "init", tc.name, filepath.Base(f)), string(data))
				if strings.HasSuffix(f, ".install") || strings.HasSuffix(f, ".module") || strings.HasSuffix(f, ".php") || strings.HasSuffix(f, ".test") {
					phptest.Lint(t, path)
				}
			}

			// The module is lint-clean, its replay runs, and new-update
			// works on it at once.
			if r := runCLI(t, root, "lint"); r.code != 0 {
				t.Errorf("lint after init: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			install := filepath.Join(root, tc.dir, module+".install")
			if rep := phptest.Replay(t, module, install, phptest.ReplayOptions{}); !rep.OK {
				t.Errorf("replay harness on the new module: %v", rep.Problems)
			}
			r = runCLI(t, root, "new-update", "#1 first update")
			want := tc.core*1000 + 1
			if r.code != 0 || !strings.Contains(r.stdout, module+"_update_"+strconv.Itoa(want)) {
				t.Fatalf("new-update after init: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
			}
			if rep := phptest.Replay(t, module, install, phptest.ReplayOptions{}); !rep.OK || len(rep.Completed) != 1 || rep.Completed[0] != want {
				t.Errorf("replay after new-update: ok=%v completed=%v problems=%v", rep.OK, rep.Completed, rep.Problems)
			}
		})
	}
}

func TestInitRefuses(t *testing.T) {
	t.Parallel()
	d7 := map[string]string{"index.php": "<?php\n", "includes/bootstrap.inc": "<?php\n"}
	for _, tc := range []struct {
		name     string
		project  map[string]string
		args     []string
		stderr   string
		unchange string // a file that must keep its content
	}{
		{
			name:     "existing module",
			project:  merge(d7, map[string]string{"sites/all/modules/custom/example_deploy/example_deploy.install": "<?php // ours\n"}),
			args:     []string{"init", "example"},
			stderr:   "dcycle: sites/all/modules/custom/example_deploy/example_deploy.install: already exists; dcycle init never overwrites a file\n",
			unchange: "sites/all/modules/custom/example_deploy/example_deploy.install",
		},
		{
			name:    "bad name",
			project: d7,
			args:    []string{"init", "Example-Site"},
			stderr:  "dcycle: \"Example-Site\" is not a Drupal machine name: use lower-case letters, digits and underscores, starting with a letter\nRun 'dcycle init --help' for usage.\n",
		},
		{
			name:    "unknown core",
			project: map[string]string{},
			args:    []string{"init", "example"},
		},
		{
			name:    "no name",
			project: d7,
			args:    []string{"init"},
			stderr:  "dcycle: accepts 1 arg(s), received 0\nRun 'dcycle init --help' for usage.\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			writeTree(t, root, tc.project)
			r := runCLI(t, root, tc.args...)
			if r.code != 2 {
				t.Errorf("exit %d, want 2", r.code)
			}
			if tc.stderr != "" && r.stderr != tc.stderr {
				t.Errorf("stderr:\n%s\nwant:\n%s", r.stderr, tc.stderr)
			}
			if tc.stderr == "" && !strings.Contains(r.stderr, "pass --core") {
				t.Errorf("stderr %q does not say to pass --core", r.stderr)
			}
			if tc.unchange != "" {
				if data, _ := os.ReadFile(filepath.Join(root, tc.unchange)); string(data) != tc.project[tc.unchange] {
					t.Errorf("%s changed to %q", tc.unchange, data)
				}
				if _, err := os.Stat(filepath.Join(root, filepath.Dir(tc.unchange), "example_deploy.module")); err == nil {
					t.Errorf("init wrote a file beside an existing module")
				}
			}
		})
	}
}

func merge(a, b map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}
