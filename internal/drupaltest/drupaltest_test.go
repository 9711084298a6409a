package drupaltest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSitesRun proves the helpers on both cores: a module copied into a
// fresh site is enabled, its install hook sets a variable or a config
// value that the tools read back, and a copy of the site is independent.
func TestSitesRun(t *testing.T) {
	t.Parallel()
	for _, core := range []int{7, 10} {
		t.Run(map[int]string{7: "drupal7", 10: "drupal10"}[core], func(t *testing.T) {
			t.Parallel()
			site := NewSite(t, core)
			copied := site.Copy(t)
			dir := filepath.Join(copied.ModulesDir(), "probe")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			files := map[string]string{
				"probe.module": "<?php\n",
			}
			if core == 7 {
				files["probe.info"] = "name = Probe\ncore = 7.x\n"
				files["probe.install"] = "<?php\nfunction probe_install() {\n  variable_set('probe_installed', 42);\n}\n"
			} else {
				files["probe.info.yml"] = "name: Probe\ntype: module\ncore_version_requirement: ^10\n"
				files["probe.install"] = "<?php\nfunction probe_install() {\n  \\Drupal::configFactory()->getEditable('system.site')->set('slogan', 'probed')->save();\n}\n"
			}
			for name, data := range files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			// The copy's settings.php is its own: the base's stays as it was.
			original, err := os.ReadFile(site.SettingsFile())
			if err != nil {
				t.Fatal(err)
			}
			f, err := os.OpenFile(copied.SettingsFile(), os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.WriteString("\n// the copy's own line\n"); err != nil {
				t.Fatal(err)
			}
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}
			if now, err := os.ReadFile(site.SettingsFile()); err != nil || string(now) != string(original) {
				t.Errorf("writing the copy's settings.php changed the base's (%v)", err)
			}
			copied.Must(t, "enable.php", "probe")
			var got, untouched string
			if core == 7 {
				got, untouched = copied.Must(t, "vget.php", "probe_installed"), site.Must(t, "vget.php", "probe_installed")
			} else {
				got, untouched = copied.Must(t, "cget.php", "system.site", "slogan"), site.Must(t, "cget.php", "system.site", "slogan")
			}
			want := map[int]string{7: "42", 10: `"probed"`}[core]
			if strings.TrimSpace(got) != want {
				t.Errorf("after enabling probe: %q, want %s", got, want)
			}
			if strings.TrimSpace(untouched) == want {
				t.Errorf("the original site changed with its copy: %q", untouched)
			}

			// State sees what the module did, and only that.
			before, after := site.State(t), copied.State(t)
			changed := map[string]string{}
			for k, v := range after {
				if before[k] != v {
					changed[k] = v
				}
			}
			for k := range before {
				if _, ok := after[k]; !ok {
					changed[k] = "(gone)"
				}
			}
			wantChanged := map[int]map[string]string{
				7: {"variable probe_installed": "42", "module probe": "enabled, schema 0"},
				10: {
					"config system.site:slogan": `"probed"`, "config core.extension:module.probe": "0",
					"schema probe": "8000",
				},
			}[core]
			if diff := cmp.Diff(wantChanged, changed); diff != "" {
				t.Errorf("State after enabling probe, changes (-want +got):\n%s", diff)
			}
		})
	}
}
