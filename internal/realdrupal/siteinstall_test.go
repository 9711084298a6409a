package realdrupal

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/dcycle/dcycle/internal/drupaltest"
)

// A deploy module can also be enabled inside the site install, by an
// install profile that depends on it. Drupal 7 then runs hook_install() in
// maintenance mode, as updb does, where list_themes() reads every theme as
// disabled; Drupal 10 installs the profile's themes around it. The replay
// must work there too, --theme with a theme new in the code base included.
func TestInsideSiteInstall(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		core  int
		files map[string]string
		want  drupaltest.State
	}{{
		core: 7,
		files: map[string]string{
			"deploytest.info": "name = Deploy test\ndescription = Installs the site from its deployment module.\ncore = 7.x\n" +
				"dependencies[] = block\ndependencies[] = dblog\ndependencies[] = example_deploy\n",
			"deploytest.profile": "<?php\n\n/**\n * @file\n * Nothing: the deployment module does the work.\n */\n",
		},
		want: drupaltest.State{
			"module example_deploy": "enabled, schema 7002", "theme probetheme": "enabled",
			"variable theme_default": `"probetheme"`, "variable preprocess_js": "1",
		},
	}, {
		core: 10,
		files: map[string]string{
			"deploytest.info.yml": "name: Deploy test\ntype: profile\ndescription: 'Installs the site from its deployment module.'\n" +
				"core_version_requirement: ^10\ninstall:\n  - example_deploy\nthemes:\n  - stark\n",
		},
		want: drupaltest.State{
			"schema example_deploy": "10002", "config core.extension:theme.probetheme": "0",
			"config system.theme:default": `"probetheme"`, "config system.performance:cache.page.max_age": "3600",
		},
	}} {
		t.Run(fmt.Sprintf("drupal%d", tt.core), func(t *testing.T) {
			t.Parallel()
			drupaltest.Source(t, tt.core)
			profile := filepath.Join(t.TempDir(), "deploytest")
			if err := os.MkdirAll(profile, 0o755); err != nil {
				t.Fatal(err)
			}
			for name, data := range tt.files {
				if err := os.WriteFile(filepath.Join(profile, name), []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			copyDir(t, testdata(t, fmt.Sprintf("d%d/probetheme", tt.core)), filepath.Join(profile, "themes", "probetheme"))
			modules := filepath.Join(profile, "modules")
			mustDcycle(t, profile, "init", "example", "--core", strconv.Itoa(tt.core), "--dir", modules)
			module := filepath.Join(modules, "example_deploy")
			newUpdate(t, module, "#1 the site's own theme", "--theme", "probetheme")
			if tt.core == 7 {
				newUpdate(t, module, "#2 js aggregation", "--set", "preprocess_js=1")
			} else {
				newUpdate(t, module, "#2 page cache", "--config", "system.performance:cache.page.max_age=3600")
			}

			site := drupaltest.NewSiteWithProfile(t, tt.core, profile)
			st := site.State(t)
			for key, value := range tt.want {
				if st[key] != value {
					t.Errorf("after the site install: %s = %q, want %q", key, st[key], value)
				}
			}
			if got := site.Must(t, "updb.php", "--status"); strings.TrimSpace(got) != "" {
				t.Errorf("updates pending after the site install: %s", got)
			}
		})
	}
}
