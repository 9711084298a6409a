package drupaltest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
		})
	}
}
