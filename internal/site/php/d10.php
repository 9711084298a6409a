<?php

/**
 * @file
 * Builds and inspects a throwaway Drupal 8+ site for `dcycle verify`.
 *
 * Usage: php d10.php COMMAND DRUPAL_ROOT RESULT_FILE [ARG...]
 *
 *   install PROFILE   install the site (settings.php already names its SQLite
 *                     database, hash salt and config sync directory), like
 *                     `drush si PROFILE`
 *   enable MODULE     the module installer, like `drush pm:install -y`
 *   pending           updates, post-updates and deploy hooks not yet run
 *   dump              the site's state: active configuration, schema
 *                     versions, post-updates and deploy hooks recorded as
 *                     run, row counts of entity tables
 *   uncache           empty the cache tables (nothing is booted)
 *   uuid UUID         sets the site's UUID, so that the config sync
 *                     directory of the project can be imported
 *
 * The updates themselves run through the project's drush (`drush deploy`).
 *
 * The result is one JSON object written to RESULT_FILE:
 *   {"ok": bool, "ran": [...], "failures": [{"step", "update", "message"}],
 *    "state": {...}, "pending": [...], "error": "..."}
 * "error" is set when the command could not do its work at all; "failures"
 * are what Drupal refused. Messages go to STDERR.
 */

use Drupal\Core\DrupalKernel;
use Drupal\Core\Entity\Sql\SqlEntityStorageInterface;
use Drupal\Core\Session\AnonymousUserSession;
use Symfony\Component\HttpFoundation\Request;

$GLOBALS['dcycle_result'] = ['ok' => FALSE, 'ran' => [], 'failures' => []];
$GLOBALS['dcycle_result_file'] = $argv[3] ?? NULL;
$GLOBALS['dcycle_step'] = $argv[1] ?? '';
$GLOBALS['dcycle_update'] = '';

/**
 * Writes the result file once; later calls do nothing.
 */
function dcycle_write_result(): void {
  static $written = FALSE;
  if ($written || $GLOBALS['dcycle_result_file'] === NULL) {
    return;
  }
  $written = TRUE;
  $flags = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION | JSON_PARTIAL_OUTPUT_ON_ERROR | JSON_INVALID_UTF8_SUBSTITUTE;
  file_put_contents($GLOBALS['dcycle_result_file'], json_encode($GLOBALS['dcycle_result'], $flags));
}

/**
 * Ends the command with an error: it could not do its work.
 */
function dcycle_fail(string $message): never {
  $GLOBALS['dcycle_result']['ok'] = FALSE;
  $GLOBALS['dcycle_result']['error'] = dcycle_plain($message);
  dcycle_write_result();
  exit(2);
}

/**
 * Records what Drupal refused: an update or a hook_install() that failed.
 */
function dcycle_failure(string $update, string $message): void {
  $GLOBALS['dcycle_result']['failures'][] = [
    'step' => $GLOBALS['dcycle_step'],
    'update' => $update,
    'message' => dcycle_plain($message),
  ];
}

/**
 * Markup to one line of plain text.
 */
function dcycle_plain(string|\Stringable $text): string {
  $text = html_entity_decode(strip_tags((string) $text), ENT_QUOTES, 'UTF-8');
  return trim(preg_replace('/\s+/', ' ', $text));
}

/**
 * One line for a Throwable: class, message, where.
 */
function dcycle_describe(\Throwable $e): string {
  return sprintf('%s: %s in %s:%d', get_class($e), dcycle_plain($e->getMessage()), $e->getFile(), $e->getLine());
}

/**
 * A fatal error still leaves a result behind, naming what was running.
 */
function dcycle_shutdown(): void {
  $error = error_get_last();
  if ($error && in_array($error['type'], [E_ERROR, E_PARSE, E_CORE_ERROR, E_COMPILE_ERROR, E_USER_ERROR], TRUE)) {
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
 * Moves the messenger's messages to STDERR; returns the error ones.
 */
function dcycle_flush_messages(): array {
  $errors = [];
  if (!class_exists('Drupal', FALSE) || !\Drupal::hasContainer() || !\Drupal::hasService('messenger')) {
    return $errors;
  }
  foreach (\Drupal::messenger()->deleteAll() as $type => $messages) {
    foreach ($messages as $message) {
      $text = dcycle_plain($message);
      fwrite(STDERR, "[$type] $text\n");
      if ($type === 'error') {
        $errors[] = $text;
      }
    }
  }
  return $errors;
}

/**
 * The docroot, checked, and the request drush fakes on the command line.
 */
function dcycle_root(string $root): string {
  $real = realpath($root);
  if ($real === FALSE || !is_file("$real/core/lib/Drupal.php") || !is_file("$real/autoload.php")) {
    dcycle_fail("not a Drupal 8+ docroot (no core/lib/Drupal.php and autoload.php): $root");
  }
  chdir($real);
  foreach ([
    'HTTP_HOST' => 'default',
    'SERVER_NAME' => 'default',
    'SERVER_PORT' => '80',
    'REMOTE_ADDR' => '127.0.0.1',
    'REQUEST_URI' => '/',
    'QUERY_STRING' => '',
    'REQUEST_METHOD' => 'GET',
    'SCRIPT_NAME' => '/index.php',
    'PHP_SELF' => '/index.php',
    'SCRIPT_FILENAME' => $real . '/index.php',
    'SERVER_PROTOCOL' => 'HTTP/1.1',
    'SERVER_SOFTWARE' => NULL,
    'HTTP_USER_AGENT' => 'dcycle verify',
  ] as $key => $value) {
    $_SERVER[$key] = $value;
  }
  return $real;
}

/**
 * Boots the site fully as drush does: anonymous user, no automated cron.
 */
function dcycle_boot(string $root): void {
  $autoloader = require $root . '/autoload.php';
  $request = Request::createFromGlobals();
  $GLOBALS['config']['automated_cron.settings']['interval'] = 0;
  try {
    $kernel = DrupalKernel::createFromRequest($request, $autoloader, 'prod', TRUE, $root);
    // Drupal's own handlers log to watchdog; keep PHP warnings in the log
    // and let exceptions reach our catch blocks.
    set_error_handler(function (int $errno, string $message, string $file, int $line): bool {
      if ((error_reporting() & $errno) && !($errno & (E_DEPRECATED | E_USER_DEPRECATED))) {
        fwrite(STDERR, "[php] $message in $file:$line\n");
      }
      return TRUE;
    });
    restore_exception_handler();
    $kernel->boot();
    $kernel->preHandle($request);
  }
  catch (\Throwable $e) {
    dcycle_fail('bootstrap failed: ' . dcycle_describe($e));
  }
  \Drupal::currentUser()->setAccount(new AnonymousUserSession());
}

/**
 * install: install_drupal() with the configure form filled in.
 */
function dcycle_install(string $root, string $profile): void {
  define('MAINTENANCE_MODE', 'install');
  $autoloader = require $root . '/autoload.php';
  require_once $root . '/core/includes/install.core.inc';
  $settings = [
    'interactive' => FALSE,
    'parameters' => [
      'profile' => $profile,
      'langcode' => 'en',
    ],
    'forms' => [
      'install_configure_form' => [
        'site_name' => 'dcycle verify',
        'site_mail' => 'admin@example.com',
        'account' => [
          'name' => 'admin',
          'mail' => 'admin@example.com',
          'pass' => ['pass1' => 'admin', 'pass2' => 'admin'],
        ],
        // NULL leaves a checkbox unchecked in a programmatic submission:
        // no Update Manager, which would reach drupal.org.
        'enable_update_status_module' => NULL,
        'enable_update_status_emails' => NULL,
      ],
    ],
  ];
  try {
    install_drupal($autoloader, $settings);
  }
  catch (\Throwable $e) {
    $errors = dcycle_flush_messages();
    dcycle_fail('install failed: ' . dcycle_describe($e) . ($errors ? ' (' . implode('; ', $errors) . ')' : ''));
  }
  $errors = dcycle_flush_messages();
  if (\Drupal::state()->get('install_task') !== 'done') {
    dcycle_fail('install did not finish' . ($errors ? ': ' . implode('; ', $errors) : ''));
  }
  $GLOBALS['dcycle_result']['ok'] = TRUE;
}

/**
 * enable: the module installer; a hook_install() that throws or dies is a
 * failure of "MODULE_install".
 */
function dcycle_enable(string $root, string $module): void {
  dcycle_boot($root);
  $list = \Drupal::service('extension.list.module')->reset()->getList();
  if (!isset($list[$module])) {
    dcycle_failure($module . '_install', "$module is not in the codebase");
    return;
  }
  foreach (array_keys($list[$module]->requires) as $dependency) {
    if (!isset($list[$dependency])) {
      dcycle_failure($module . '_install', "$module needs $dependency, which is not in the codebase");
      return;
    }
  }
  $GLOBALS['dcycle_update'] = $module . '_install';
  try {
    \Drupal::service('module_installer')->install([$module], TRUE);
  }
  catch (\Throwable $e) {
    dcycle_flush_messages();
    dcycle_failure($module . '_install', dcycle_describe($e));
    return;
  }
  $GLOBALS['dcycle_update'] = '';
  dcycle_flush_messages();
  $GLOBALS['dcycle_result']['ok'] = TRUE;
}

/**
 * pending: what the next `drush deploy` would run.
 */
function dcycle_pending(string $root): void {
  dcycle_boot($root);
  require_once $root . '/core/includes/install.inc';
  require_once $root . '/core/includes/update.inc';
  drupal_load_updates();
  $pending = [];
  foreach (update_get_update_list() as $module => $info) {
    foreach (array_keys($info['pending'] ?? []) as $number) {
      $pending[] = "{$module}_update_{$number}";
    }
  }
  foreach (\Drupal::service('update.post_update_registry')->getPendingUpdateFunctions() as $function) {
    $pending[] = $function;
  }
  foreach (dcycle_deploy_registry()->getPendingUpdateFunctions() as $function) {
    $pending[] = $function;
  }
  $GLOBALS['dcycle_result']['pending'] = $pending;
  $GLOBALS['dcycle_result']['ok'] = TRUE;
}

/**
 * The registry drush keeps deploy hooks in (DeployHookCommands).
 */
function dcycle_deploy_registry(): \Drupal\Core\Update\UpdateRegistry {
  $registry = new class (
    \Drupal::getContainer()->getParameter('app.root'),
    \Drupal::getContainer()->getParameter('site.path'),
    array_keys(\Drupal::moduleHandler()->getModuleList()),
    \Drupal::keyValue('deploy_hook')
  ) extends \Drupal\Core\Update\UpdateRegistry {

    public function setUpdateType(string $type): void {
      $this->updateType = $type;
    }

  };
  $registry->setUpdateType('deploy');
  return $registry;
}

/**
 * Drops the keys that differ between any two sites: uuid, _core.
 */
function dcycle_strip(array $data): array {
  unset($data['uuid'], $data['_core']);
  return $data;
}

/**
 * dump: the state a deployment decides, as JSON.
 */
function dcycle_dump(string $root): void {
  dcycle_boot($root);
  $state = [];
  $storage = \Drupal::service('config.storage');
  $config = [];
  foreach ($storage->readMultiple($storage->listAll()) as $name => $data) {
    $config[$name] = dcycle_strip($data);
  }
  ksort($config);
  // Maps stay JSON objects when they are empty.
  $state['config'] = (object) $config;
  $schema = \Drupal::keyValue('system.schema')->getAll();
  ksort($schema);
  $state['schema'] = (object) array_map('intval', $schema);
  $post = \Drupal::keyValue('post_update')->get('existing_updates', []);
  sort($post);
  $state['post_updates'] = $post;
  $deploy = \Drupal::keyValue('deploy_hook')->get('existing_updates', []);
  sort($deploy);
  $state['deploy_hooks'] = $deploy;
  $tables = [];
  $database = \Drupal::database();
  $manager = \Drupal::entityTypeManager();
  foreach ($manager->getDefinitions() as $id => $type) {
    try {
      $entity_storage = $manager->getStorage($id);
    }
    catch (\Throwable $e) {
      continue;
    }
    if (!$entity_storage instanceof SqlEntityStorageInterface) {
      continue;
    }
    foreach ($entity_storage->getTableMapping()->getTableNames() as $table) {
      if (!isset($tables[$table]) && $database->schema()->tableExists($table)) {
        $tables[$table] = (int) $database->select($table)->countQuery()->execute()->fetchField();
      }
    }
  }
  ksort($tables);
  $state['tables'] = (object) $tables;
  dcycle_flush_messages();
  $GLOBALS['dcycle_result']['state'] = $state;
  $GLOBALS['dcycle_result']['ok'] = TRUE;
}

/**
 * uuid: the site UUID a config import insists on.
 */
function dcycle_uuid(string $root, string $uuid): void {
  dcycle_boot($root);
  \Drupal::configFactory()->getEditable('system.site')->set('uuid', $uuid)->save(TRUE);
  dcycle_flush_messages();
  $GLOBALS['dcycle_result']['ok'] = TRUE;
}

/**
 * uncache: empties the cache tables of the site's database, straight through
 * PDO with nothing booted. A site that took a copy of another site's database
 * must not run on that site's cached container or paths.
 */
function dcycle_uncache(string $root): void {
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
  catch (\Exception $e) {
    dcycle_fail('empty the caches: ' . $e->getMessage());
  }
  $GLOBALS['dcycle_result']['ok'] = TRUE;
}

if (count($argv) < 4) {
  fwrite(STDERR, "usage: php d10.php install|enable|pending|dump|uncache|uuid DRUPAL_ROOT RESULT_FILE [ARG]\n");
  exit(2);
}
$root = dcycle_root($argv[2]);
switch ($argv[1]) {
  case 'install':
    dcycle_install($root, $argv[4] ?? 'minimal');
    break;

  case 'enable':
    dcycle_enable($root, $argv[4] ?? '');
    break;

  case 'pending':
    dcycle_pending($root);
    break;

  case 'dump':
    dcycle_dump($root);
    break;

  case 'uncache':
    dcycle_uncache($root);
    break;

  case 'uuid':
    dcycle_uuid($root, $argv[4] ?? '');
    break;

  default:
    dcycle_fail('unknown command ' . $argv[1]);
}
dcycle_write_result();
exit($GLOBALS['dcycle_result']['ok'] ? 0 : 1);
