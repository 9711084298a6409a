<?php

/**
 * @file
 * Builds and inspects a throwaway Drupal 7 site for `dcycle verify`.
 *
 * Usage: php d7.php COMMAND DRUPAL_ROOT RESULT_FILE [ARG...]
 *
 *   install PROFILE  install the site (settings.php already names its
 *                    SQLite database), like `drush si PROFILE`
 *   enable MODULE    module_enable() then a cache flush, like `drush en -y`
 *   updb             run every pending update, like `drush updb -y`
 *   cc               drupal_flush_all_caches(), like `drush cc all`
 *   dump             the site's state: variables, extensions, row counts
 *   uncache          empty the cache tables (nothing is booted)
 *
 * The result is one JSON object written to RESULT_FILE:
 *   {"ok": bool, "ran": [...], "failures": [{"step", "update", "message"}],
 *    "state": {...}, "error": "..."}
 * "error" is set when the command could not do its work at all (no
 * bootstrap, a failed install); "failures" are what Drupal refused (an update
 * that threw, a hook_install() that died). Drupal's messages and anything the
 * site prints go to STDERR/STDOUT, which the caller keeps as the log.
 *
 * Written for PHP 7.0 and later: it runs on the PHP the project runs on.
 */

$GLOBALS['dcycle_result'] = array('ok' => FALSE, 'ran' => array(), 'failures' => array());
$GLOBALS['dcycle_result_file'] = isset($argv[3]) ? $argv[3] : NULL;
$GLOBALS['dcycle_step'] = isset($argv[1]) ? $argv[1] : '';
$GLOBALS['dcycle_update'] = '';

/**
 * Writes the result file once; later calls do nothing.
 */
function dcycle_write_result() {
  static $written = FALSE;
  if ($written || $GLOBALS['dcycle_result_file'] === NULL) {
    return;
  }
  $written = TRUE;
  $flags = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION | JSON_PARTIAL_OUTPUT_ON_ERROR;
  if (defined('JSON_INVALID_UTF8_SUBSTITUTE')) {
    $flags |= JSON_INVALID_UTF8_SUBSTITUTE;
  }
  file_put_contents($GLOBALS['dcycle_result_file'], json_encode($GLOBALS['dcycle_result'], $flags));
}

/**
 * Ends the command with an error: it could not do its work.
 */
function dcycle_fail($message) {
  $GLOBALS['dcycle_result']['ok'] = FALSE;
  $GLOBALS['dcycle_result']['error'] = dcycle_plain($message);
  dcycle_write_result();
  exit(2);
}

/**
 * Records what Drupal refused: an update or a hook_install() that failed.
 */
function dcycle_failure($update, $message) {
  $GLOBALS['dcycle_result']['failures'][] = array(
    'step' => $GLOBALS['dcycle_step'],
    'update' => $update,
    'message' => dcycle_plain($message),
  );
}

/**
 * Markup to one line of plain text.
 */
function dcycle_plain($text) {
  $text = html_entity_decode(strip_tags((string) $text), ENT_QUOTES, 'UTF-8');
  return trim(preg_replace('/\s+/', ' ', $text));
}

/**
 * One line for a Throwable: class, message, where.
 */
function dcycle_describe($e) {
  return sprintf('%s: %s in %s:%d', get_class($e), dcycle_plain($e->getMessage()), $e->getFile(), $e->getLine());
}

/**
 * A fatal error (a call to an undefined function in hook_install(), memory)
 * still leaves a result behind, naming what was running.
 */
function dcycle_shutdown() {
  $error = error_get_last();
  if ($error && in_array($error['type'], array(E_ERROR, E_PARSE, E_CORE_ERROR, E_COMPILE_ERROR, E_USER_ERROR), TRUE)) {
    $message = sprintf('PHP fatal error: %s in %s:%d', $error['message'], $error['file'], $error['line']);
    if ($GLOBALS['dcycle_update'] !== '') {
      dcycle_failure($GLOBALS['dcycle_update'], $message);
    }
    else {
      $GLOBALS['dcycle_result']['error'] = dcycle_plain($message);
    }
    $GLOBALS['dcycle_result']['ok'] = FALSE;
  }
  dcycle_write_result();
}
register_shutdown_function('dcycle_shutdown');

/**
 * Moves the messages Drupal queued to STDERR; returns the error ones.
 */
function dcycle_flush_messages() {
  $errors = array();
  if (!function_exists('drupal_get_messages')) {
    return $errors;
  }
  foreach (drupal_get_messages() as $type => $messages) {
    foreach ($messages as $message) {
      $text = dcycle_plain($message);
      fwrite(STDERR, "[$type] $text\n");
      if ($type == 'error') {
        $errors[] = $text;
      }
    }
  }
  return $errors;
}

/**
 * Defines DRUPAL_ROOT and fakes the request drush makes on the command line
 * (http://default/index.php), so that sites/default is the site.
 */
function dcycle_root($root) {
  $real = realpath($root);
  if ($real === FALSE || !is_file($real . '/includes/bootstrap.inc')) {
    dcycle_fail("not a Drupal 7 root: $root");
  }
  define('DRUPAL_ROOT', $real);
  chdir(DRUPAL_ROOT);
  $_SERVER['HTTP_HOST'] = 'default';
  $_SERVER['SERVER_NAME'] = 'default';
  $_SERVER['SERVER_PORT'] = '80';
  $_SERVER['REMOTE_ADDR'] = '127.0.0.1';
  $_SERVER['SCRIPT_NAME'] = '/index.php';
  $_SERVER['PHP_SELF'] = '/index.php';
  $_SERVER['SCRIPT_FILENAME'] = DRUPAL_ROOT . '/index.php';
  $_SERVER['REQUEST_URI'] = '/';
  $_SERVER['QUERY_STRING'] = '';
  $_SERVER['REQUEST_METHOD'] = 'GET';
  $_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
  $_SERVER['SERVER_SOFTWARE'] = NULL;
  $_SERVER['HTTP_USER_AGENT'] = 'dcycle verify';
}

/**
 * Bootstraps the site fully, in update mode for updb as update.php does.
 */
function dcycle_boot($maintenance_mode = NULL) {
  if ($maintenance_mode !== NULL) {
    define('MAINTENANCE_MODE', $maintenance_mode);
  }
  require_once DRUPAL_ROOT . '/includes/bootstrap.inc';
  try {
    drupal_bootstrap(DRUPAL_BOOTSTRAP_FULL);
  }
  catch (Throwable $e) {
    dcycle_fail('bootstrap failed: ' . dcycle_describe($e));
  }
}

/**
 * install: install_drupal() with the forms filled in, as `drush si` does.
 */
function dcycle_install($profile) {
  if (!is_file(DRUPAL_ROOT . "/profiles/$profile/$profile.profile")) {
    dcycle_fail("no install profile $profile in profiles/$profile");
  }
  define('MAINTENANCE_MODE', 'install');
  require_once DRUPAL_ROOT . '/includes/install.core.inc';
  $settings = array(
    'parameters' => array(
      'profile' => $profile,
      'locale' => 'en',
    ),
    'forms' => array(
      'install_configure_form' => array(
        'site_name' => 'dcycle verify',
        'site_mail' => 'admin@example.com',
        'account' => array(
          'name' => 'admin',
          'mail' => 'admin@example.com',
          'pass' => array('pass1' => 'admin', 'pass2' => 'admin'),
        ),
        'site_default_country' => '',
        'date_default_timezone' => 'UTC',
        // Programmatic submissions use NULL for an unchecked checkbox: no
        // update.module, which would reach drupal.org.
        'update_status_module' => array(1 => NULL, 2 => NULL),
        'clean_url' => 0,
        'op' => 'Save and continue',
      ),
    ),
  );
  try {
    install_drupal($settings);
  }
  catch (Throwable $e) {
    $errors = dcycle_flush_messages();
    dcycle_fail('install failed: ' . dcycle_describe($e) . ($errors ? ' (' . implode('; ', $errors) . ')' : ''));
  }
  $errors = dcycle_flush_messages();
  if (variable_get('install_task') !== 'done') {
    dcycle_fail('install did not finish' . ($errors ? ': ' . implode('; ', $errors) : ''));
  }
  $GLOBALS['dcycle_result']['ok'] = TRUE;
}

/**
 * enable: module_enable() and a cache flush; a hook_install() that throws or
 * dies is a failure of "MODULE_install".
 */
function dcycle_enable($module) {
  dcycle_boot();
  require_once DRUPAL_ROOT . '/includes/install.inc';
  $GLOBALS['dcycle_update'] = $module . '_install';
  try {
    $enabled = module_enable(array($module), TRUE);
  }
  catch (Throwable $e) {
    dcycle_flush_messages();
    dcycle_failure($module . '_install', dcycle_describe($e));
    return;
  }
  $GLOBALS['dcycle_update'] = '';
  $errors = dcycle_flush_messages();
  if (!$enabled) {
    dcycle_failure($module . '_install', "module_enable() returned FALSE: $module or a module it depends on is not in the codebase");
    return;
  }
  drupal_flush_all_caches();
  dcycle_flush_messages();
  $GLOBALS['dcycle_result']['ok'] = TRUE;
}

/**
 * updb: what update.php and `drush updb -y` do, update by update, looping
 * while an update says $sandbox['#finished'] < 1, then a cache flush.
 */
function dcycle_updb() {
  dcycle_boot('update');
  require_once DRUPAL_ROOT . '/includes/install.inc';
  require_once DRUPAL_ROOT . '/includes/update.inc';
  drupal_maintenance_theme();
  update_fix_d7_requirements();
  drupal_load_updates();
  update_fix_compatibility();

  $requirements = module_invoke_all('requirements', 'update');
  if (drupal_requirements_severity($requirements) == REQUIREMENT_ERROR) {
    $texts = array();
    foreach ($requirements as $key => $requirement) {
      if (isset($requirement['severity']) && $requirement['severity'] == REQUIREMENT_ERROR) {
        $texts[] = (isset($requirement['title']) ? $requirement['title'] : $key) . ': ' . (isset($requirement['description']) ? $requirement['description'] : '');
      }
    }
    dcycle_failure('', 'update requirements failed, no update ran: ' . implode('; ', $texts));
    return;
  }

  $start = array();
  foreach (update_get_update_list() as $module => $info) {
    if (isset($info['warning'])) {
      dcycle_failure($module, $info['warning']);
    }
    if (isset($info['start'])) {
      $start[$module] = $info['start'];
    }
  }
  $ok = empty($GLOBALS['dcycle_result']['failures']);
  if ($start) {
    $updates = update_resolve_dependencies($start);
    $operations = array();
    foreach ($updates as $function => $update) {
      if (!$update['allowed']) {
        dcycle_failure($function, 'missing update dependencies: ' . implode(', ', $update['missing_dependencies']));
        $ok = FALSE;
        continue;
      }
      if (isset($start[$update['module']])) {
        drupal_set_installed_schema_version($update['module'], $update['number'] - 1);
        unset($start[$update['module']]);
      }
      $operations[] = array($update['module'], $update['number'], !empty($update['reverse_paths']) ? array_keys($update['reverse_paths']) : array());
    }
    $results = array();
    foreach ($operations as $operation) {
      list($module, $number, $dependencies) = $operation;
      $function = $module . '_update_' . $number;
      $GLOBALS['dcycle_update'] = $function;
      $sandbox = array();
      $passes = 0;
      do {
        $finished = 1;
        $message = '';
        $context = array(
          'sandbox' => &$sandbox,
          'results' => &$results,
          'finished' => &$finished,
          'message' => &$message,
        );
        try {
          update_do_one($module, $number, $dependencies, $context);
        }
        catch (Throwable $e) {
          // update_do_one() catches Exception only; a PHP Error stops
          // update.php's batch and drush alike.
          dcycle_flush_messages();
          dcycle_failure($function, dcycle_describe($e));
          return;
        }
        $passes++;
        if ($finished < 1 && $passes >= 100000) {
          dcycle_failure($function, "\$sandbox['#finished'] is still $finished after $passes passes");
          return;
        }
      } while ($finished < 1);
      $GLOBALS['dcycle_update'] = '';
      if (!empty($results['#abort']) && in_array($function, $results['#abort'], TRUE)) {
        $query = isset($results[$module][$number]['#abort']['query']) ? $results[$module][$number]['#abort']['query'] : 'aborted';
        dcycle_failure($function, $query);
        $ok = FALSE;
      }
      elseif (!isset($results[$module][$number])) {
        dcycle_failure($function, 'not run: an update it depends on failed');
        $ok = FALSE;
      }
      else {
        $GLOBALS['dcycle_result']['ran'][] = $function;
      }
    }
    variable_del('update_d6');
  }
  dcycle_flush_messages();
  drupal_flush_all_caches();
  dcycle_flush_messages();
  $GLOBALS['dcycle_result']['ok'] = $ok;
}

/**
 * cc: drupal_flush_all_caches(), as `drush cc all`.
 */
function dcycle_cc() {
  dcycle_boot();
  drupal_flush_all_caches();
  dcycle_flush_messages();
  $GLOBALS['dcycle_result']['ok'] = TRUE;
}

/**
 * Tables whose rows are caches, logs or locks: their counts say nothing
 * about what a deployment did.
 */
function dcycle_volatile_table($table) {
  if ($table === 'cache' || strpos($table, 'cache_') === 0 || strpos($table, 'sqlite_') === 0) {
    return TRUE;
  }
  return in_array($table, array('sessions', 'watchdog', 'queue', 'semaphore', 'flood', 'batch'), TRUE);
}

/**
 * dump: the state a deployment decides, as JSON.
 */
function dcycle_dump() {
  dcycle_boot();
  $state = array('variables' => array(), 'extensions' => array(), 'tables' => array());
  foreach (db_query('SELECT name, value FROM {variable} ORDER BY name') as $row) {
    $value = @unserialize($row->value);
    if ($value === FALSE && $row->value !== serialize(FALSE)) {
      $value = array('unserializable' => $row->value);
    }
    $state['variables'][$row->name] = $value;
  }
  $rows = db_query('SELECT name, type, status, schema_version FROM {system} WHERE status = 1 OR schema_version > -1 ORDER BY type, name');
  foreach ($rows as $row) {
    $state['extensions'][$row->type . ' ' . $row->name] = array(
      'status' => (int) $row->status,
      'schema' => (int) $row->schema_version,
    );
  }
  $tables = db_find_tables('%');
  sort($tables);
  foreach ($tables as $table) {
    if (!dcycle_volatile_table($table)) {
      $state['tables'][$table] = (int) db_query('SELECT COUNT(*) FROM {' . $table . '}')->fetchField();
    }
  }
  // Maps stay JSON objects when they are empty.
  $GLOBALS['dcycle_result']['state'] = array_map(function ($map) {
    return (object) $map;
  }, $state);
  $GLOBALS['dcycle_result']['ok'] = TRUE;
}

/**
 * uncache: empties the cache tables of the site's database, straight through
 * PDO with nothing booted. A site that took a copy of another site's database
 * must not run on that site's cached container or paths.
 */
function dcycle_uncache($root) {
  $file = $root . '/sites/default/files/.ht.sqlite';
  if (!is_file($file)) {
    dcycle_fail("no database at $file");
  }
  try {
    $pdo = new PDO('sqlite:' . $file);
    $pdo->setAttribute(PDO::ATTR_ERRMODE, PDO::ERRMODE_EXCEPTION);
    $tables = $pdo->query("SELECT name FROM sqlite_master WHERE type = 'table' AND (name = 'cache' OR name LIKE 'cache\\_%' ESCAPE '\\')")->fetchAll(PDO::FETCH_COLUMN);
    foreach ($tables as $table) {
      $pdo->exec('DELETE FROM "' . $table . '"');
    }
  }
  catch (Exception $e) {
    dcycle_fail('empty the caches: ' . $e->getMessage());
  }
  $GLOBALS['dcycle_result']['ok'] = TRUE;
}

if (count($argv) < 4) {
  fwrite(STDERR, "usage: php d7.php install|enable|updb|cc|dump|uncache DRUPAL_ROOT RESULT_FILE [ARG]\n");
  exit(2);
}
dcycle_root($argv[2]);
switch ($argv[1]) {
  case 'install':
    dcycle_install(isset($argv[4]) ? $argv[4] : 'minimal');
    break;

  case 'enable':
    dcycle_enable(isset($argv[4]) ? $argv[4] : '');
    break;

  case 'updb':
    dcycle_updb();
    break;

  case 'cc':
    dcycle_cc();
    break;

  case 'dump':
    dcycle_dump();
    break;

  case 'uncache':
    dcycle_uncache(DRUPAL_ROOT);
    break;

  default:
    dcycle_fail('unknown command ' . $argv[1]);
}
dcycle_write_result();
exit($GLOBALS['dcycle_result']['ok'] ? 0 : 1);
