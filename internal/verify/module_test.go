package verify

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dcycle/dcycle/internal/phpast"
	"github.com/dcycle/dcycle/internal/phptest"
	"github.com/dcycle/dcycle/internal/site"
)

const d7Replay = `<?php

/**
 * Implements hook_install().
 */
function acme_deploy_install() {
  variable_set('acme_baseline', 1);
  $last = 7000;
  try {
    foreach (drupal_get_schema_versions('acme_deploy') ?: array() as $number) {
      $sandbox = array();
      do {
        $function = 'acme_deploy_update_' . $number;
        $function($sandbox);
      } while (isset($sandbox['#finished']) && $sandbox['#finished'] < 1);
      $last = $number;
    }
  }
  catch (Throwable $e) {
    drupal_set_installed_schema_version('acme_deploy', $last);
    throw $e;
  }
}

/**
 * #1: Slogan.
 */
function acme_deploy_update_7001() {
  variable_set('site_slogan', 'Deployed');
}

/**
 * #2: Contact.
 */
function acme_deploy_update_7002(&$sandbox) {
  module_enable(array('contact'));
}

function _acme_deploy_helper() {
  return 'kept';
}
`

const d10Replay = `<?php

function acme_deploy_install($is_syncing) {
  $registry = \Drupal::service('update.update_hook_registry');
  $last = 10000;
  try {
    foreach ($registry->getAvailableUpdates('acme_deploy') as $number) {
      $sandbox = [];
      do {
        $function = 'acme_deploy_update_' . $number;
        $function($sandbox);
      } while (isset($sandbox['#finished']) && $sandbox['#finished'] < 1);
      $last = $number;
    }
  }
  catch (\Throwable $e) {
    $registry->setInstalledVersion('acme_deploy', $last);
    throw $e;
  }
  \Drupal::configFactory()->getEditable('system.site')->set('slogan', 'Installed')->save();
}

/**
 * #1: Slogan.
 */
function acme_deploy_update_10001() {
  \Drupal::configFactory()->getEditable('system.site')->set('slogan', 'Deployed')->save();
}
`

const d10PostUpdate = `<?php

/**
 * #2: Front page.
 */
function acme_deploy_post_update_10002_front(array &$sandbox): string {
  return 'done';
}

function _acme_deploy_post_helper() {
}
`

const guarded = `<?php

function acme_deploy_install() {
  if (module_exists('contact')) {
    acme_deploy_update_7001();
  }
  acme_deploy_update_7002();
  // The module's own defaults.
  variable_set('site_slogan', 'Installed');
}

function acme_deploy_update_7001() {
  module_enable(array('contact'));
}

function acme_deploy_update_7002() {
  variable_set('site_slogan', 'Deployed');
}
`

const unrecognised = `<?php

function acme_deploy_install() {
  foreach (array(7001, 7002) as $n) {
    call_user_func('acme_deploy_update_' . $n);
  }
}

function acme_deploy_update_7001() {
}

function acme_deploy_update_7002() {
}
`

const calledElsewhere = `<?php

function acme_deploy_install() {
  acme_deploy_update_7001();
}

function acme_deploy_update_7001() {
}

function acme_deploy_reset() {
  acme_deploy_update_7001();
}
`

// loadFiles parses module files as the working tree's.
func loadFiles(t *testing.T, files site.Files) *phpast.Module {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	m, err := phpast.RequireAll(phpast.LoadFS(fsys, "acme_deploy", phpast.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestWithoutUpdates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files site.Files
		// kept must still be in the files, gone must not.
		kept, gone []string
	}{
		{
			name:  "drupal 7 registry replay",
			files: site.Files{"acme_deploy.install": []byte(d7Replay), "acme_deploy.info": []byte("name = Acme\ncore = 7.x\n")},
			kept:  []string{"function acme_deploy_install() {", "variable_set('acme_baseline', 1);", "function _acme_deploy_helper()"},
			gone:  []string{"acme_deploy_update_7001", "acme_deploy_update_7002", "drupal_get_schema_versions", "drupal_set_installed_schema_version"},
		},
		{
			name:  "drupal 10 registry replay and post-updates",
			files: site.Files{"acme_deploy.install": []byte(d10Replay), "acme_deploy.post_update.php": []byte(d10PostUpdate)},
			kept:  []string{"->set('slogan', 'Installed')", "function _acme_deploy_post_helper()"},
			gone:  []string{"acme_deploy_update_10001", "getAvailableUpdates", "acme_deploy_post_update_10002_front"},
		},
		{
			name:  "explicit calls under a guard",
			files: site.Files{"acme_deploy.install": []byte(guarded)},
			kept:  []string{"// The module's own defaults.", "variable_set('site_slogan', 'Installed');"},
			gone:  []string{"module_exists('contact')", "acme_deploy_update_7001", "acme_deploy_update_7002", "'Deployed'"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := loadFiles(t, tt.files)
			out, err := withoutUpdates(tt.files, m, phpast.Options{Module: "acme_deploy"})
			if err != nil {
				t.Fatal(err)
			}
			var all strings.Builder
			dir := t.TempDir()
			for name, data := range out {
				all.Write(data)
				if strings.HasSuffix(name, ".php") || strings.HasSuffix(name, ".install") {
					p := filepath.Join(dir, name)
					if err := os.WriteFile(p, data, 0o644); err != nil {
						t.Fatal(err)
					}
					phptest.Lint(t, p)
				}
			}
			for _, s := range tt.kept {
				if !strings.Contains(all.String(), s) {
					t.Errorf("%q was removed", s)
				}
			}
			for _, s := range tt.gone {
				if strings.Contains(all.String(), s) {
					t.Errorf("%q is still there:\n%s", s, all.String())
				}
			}
			if len(out) != len(tt.files) {
				t.Errorf("%d files, want %d", len(out), len(tt.files))
			}
			if string(out["acme_deploy.info"]) != string(tt.files["acme_deploy.info"]) {
				t.Error("the .info changed")
			}
		})
	}
}

func TestWithoutUpdatesRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, src, want string }{
		{name: "unrecognised replay", src: unrecognised, want: "hook_install() replays the updates in a way dcycle does not recognise"},
		{name: "update called from another function", src: calledElsewhere, want: "acme_deploy_reset() calls acme_deploy_update_7001() outside the replay"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			files := site.Files{"acme_deploy.install": []byte(tt.src)}
			_, err := withoutUpdates(files, loadFiles(t, files), phpast.Options{Module: "acme_deploy"})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "--base") {
				t.Errorf("error %v, want one saying %q and pointing at --base", err, tt.want)
			}
		})
	}
}
