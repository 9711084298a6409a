package realdrupal

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dcycle/dcycle/internal/drupaltest"
)

// A deploy module can also be enabled inside the site install, by an
// install profile that depends on it: Drupal 7 then runs hook_install() in
// maintenance mode, as updb does, where list_themes() reads every theme as
// disabled. The --theme recipe must work there too, for a theme new in
// the code base.
func TestDrupal7ThemeInsideSiteInstall(t *testing.T) {
	t.Parallel()
	drupaltest.Source(t, 7)
	profile := filepath.Join(t.TempDir(), "deploytest")
	files := map[string]string{
		"deploytest.info": "name = Deploy test\ndescription = Installs the site from its deployment module.\ncore = 7.x\n" +
			"dependencies[] = block\ndependencies[] = dblog\ndependencies[] = example_deploy\n",
		"deploytest.profile": "<?php\n\n/**\n * @file\n * Nothing: the deployment module does the work.\n */\n",
	}
	for name, data := range files {
		if err := os.MkdirAll(profile, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(profile, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copyDir(t, testdata(t, "d7/probetheme"), filepath.Join(profile, "themes", "probetheme"))
	modules := filepath.Join(profile, "modules")
	mustDcycle(t, profile, "init", "example", "--core", "7", "--dir", modules)
	module := filepath.Join(modules, "example_deploy")
	newUpdate(t, module, "#1 the site's own theme", "--theme", "probetheme")
	newUpdate(t, module, "#2 js aggregation", "--set", "preprocess_js=1")

	site := drupaltest.NewSiteWithProfile(t, 7, profile)
	st := site.State(t)
	want := drupaltest.State{
		"module example_deploy": "enabled, schema 7002", "theme probetheme": "enabled",
		"variable theme_default": `"probetheme"`, "variable preprocess_js": "1",
	}
	for key, value := range want {
		if st[key] != value {
			t.Errorf("after the site install: %s = %q, want %q", key, st[key], value)
		}
	}
	if got := site.Must(t, "updb.php", "--status"); strings.TrimSpace(got) != "" {
		t.Errorf("updates pending after the site install: %s", got)
	}
}
