package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLintConfigSync checks that .dcycle.yml's config_sync: reaches DC014:
// the module has no settings.php above it, so only the config names its
// sync directory.
func TestLintConfigSync(t *testing.T) {
	t.Parallel()
	const install = `<?php

/**
 * Implements hook_install().
 */
function example_deploy_install($is_syncing) {
  $registry = \Drupal::service('update.update_hook_registry');
  $last = 10000;
  try {
    foreach ($registry->getAvailableUpdates('example_deploy') as $number) {
      $sandbox = [];
      do {
        $function = 'example_deploy_update_' . $number;
        $function($sandbox);
      } while (isset($sandbox['#finished']) && $sandbox['#finished'] < 1);
      $last = $number;
    }
  }
  catch (\Throwable $e) {
    $registry->setInstalledVersion('example_deploy', $last);
    throw $e;
  }
}

/**
 * #4501: Turn CSS aggregation off.
 */
function example_deploy_update_10001() {
  \Drupal::configFactory()->getEditable('system.performance')->set('css.preprocess', FALSE)->save();
}
`
	syncFixture := filepath.Join("..", "..", "internal", "lint", "testdata", "DC014", "sync")
	for _, tc := range []struct {
		name, config string
		code         int
		stdout       string
	}{
		{"named", "config_sync: config/sync\n", exitFindings, "error DC014 system.performance:css.preprocess is set to FALSE here, but the config import of the same deploy sets it back to TRUE (config/sync/system.performance.yml)"},
		{"not named", "core: 10\n", exitOK, "no findings"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "example_deploy")
			if err := os.CopyFS(filepath.Join(dir, "config", "sync"), os.DirFS(syncFixture)); err != nil {
				t.Fatal(err)
			}
			files := map[string]string{
				"example_deploy.info.yml": "name: 'Example deploy'\ntype: module\ncore_version_requirement: ^10\n",
				"example_deploy.install":  install,
				".dcycle.yml":             tc.config,
			}
			for name, content := range files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			r := runCLI(t, dir, "lint")
			if r.code != tc.code || !strings.Contains(r.stdout, tc.stdout) {
				t.Errorf("exit %d (want %d)\nstdout:\n%s(want %q)\nstderr:\n%s", r.code, tc.code, r.stdout, tc.stdout, r.stderr)
			}
		})
	}
}
