package drupaltest

import (
	"encoding/json"
	"testing"
)

// State is what a site ends in, in the terms the workflow promises are the
// same on a fresh site and an updated one: one entry per fact, its key
// naming it and its value as text, so that two states compare with ==
// and a difference names what differs.
//
// Drupal 7:
//
//	"variable NAME"       the variable's value as JSON
//	"module NAME"         "enabled, schema N" or "disabled, schema N" (installed)
//	"theme NAME"          "enabled"
//
// Drupal 10:
//
//	"config NAME"         "exists", for every active config object
//	"config NAME:KEY.SUB" each leaf of it as JSON (uuid and _core left out)
//	"schema MODULE"       the installed schema version
//	"post_update NAME"    "ran": a post-update recorded as run
//	"deploy_hook NAME"    "ran": a deploy hook recorded as run
type State map[string]string

// d7State prints the Drupal 7 state as a JSON object. Two variables are
// random tokens, left out: css_js_query_string, new at every cache flush,
// and drupal_private_key, made on the first request that needs it.
const d7State = `
$state = array();
$flags = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE;
foreach (db_query('SELECT name, value FROM {variable}') as $row) {
  if (!in_array($row->name, array('css_js_query_string', 'drupal_private_key'), TRUE)) {
    $state['variable ' . $row->name] = json_encode(unserialize($row->value), $flags);
  }
}
foreach (db_query('SELECT type, name, status, schema_version FROM {system} WHERE status = 1 OR schema_version <> -1') as $row) {
  $value = $row->status ? 'enabled' : 'disabled';
  if ($row->type === 'module') {
    $value .= ', schema ' . $row->schema_version;
  }
  $state[$row->type . ' ' . $row->name] = $value;
}
echo json_encode($state, $flags | JSON_FORCE_OBJECT);
`

// d10State prints the Drupal 10 state as a JSON object. uuid differs
// between two sites that create the same config entity, and _core holds
// only the hash of the default config.
const d10State = `
$state = [];
$flags = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE;
$flatten = function ($key, $value) use (&$flatten, &$state, $flags) {
  if (is_array($value) && $value) {
    foreach ($value as $k => $v) {
      $flatten($key . '.' . $k, $v);
    }
    return;
  }
  $state[$key] = json_encode($value, $flags);
};
$storage = \Drupal::service('config.storage');
foreach ($storage->listAll() as $name) {
  $data = $storage->read($name) ?: [];
  unset($data['uuid'], $data['_core']);
  $state['config ' . $name] = 'exists';
  foreach ($data as $key => $value) {
    $flatten('config ' . $name . ':' . $key, $value);
  }
}
foreach (\Drupal::service('update.update_hook_registry')->getAllInstalledVersions() as $module => $version) {
  $state['schema ' . $module] = (string) $version;
}
foreach (['post_update', 'deploy_hook'] as $kind) {
  foreach (\Drupal::keyValue($kind)->get('existing_updates', []) as $function) {
    $state[$kind . ' ' . $function] = 'ran';
  }
}
echo json_encode($state, $flags | JSON_FORCE_OBJECT);
`

// State reads the site's state (see State).
func (s *Site) State(t testing.TB) State {
	t.Helper()
	code := d10State
	if s.Core == 7 {
		code = d7State
	}
	out := s.Eval(t, code)
	var st State
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("read the state of %s: %v\n%s", s.Dir, err, out)
	}
	return st
}

// Eval runs PHP code in the fully bootstrapped site, as drush php:eval
// does, and returns what it printed; the code must not throw.
func (s *Site) Eval(t testing.TB, code string) string {
	t.Helper()
	return s.Must(t, "run.php", code)
}
