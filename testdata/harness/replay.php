<?php

/**
 * @file
 * Runs a deploy module's hook_install() against stubs of the Drupal API and
 * checks that it replays every update the way a real site needs.
 *
 * Usage:
 *   php replay.php MODULE FILE [options]
 *
 * MODULE is the module's machine name, FILE its .install. The file is loaded
 * with every MODULE_update_N() wrapped, so that each call is recorded; then,
 * as Drupal does, the installed schema version is set to the highest update
 * (or hook_update_last_removed() when higher) and MODULE_install() is called.
 *
 * Options:
 *   --fail-at N          update N throws instead of running
 *   --fail-with KIND     what it throws: exception (default) or error (a PHP
 *                        \Error, which catch (Exception $e) does not catch)
 *   --run LIST           updates whose bodies really run: all (default), none,
 *                        or numbers separated by commas. The others are
 *                        simulated: one that takes &$sandbox needs --passes
 *                        calls to finish, one that does not returns at once.
 *   --passes K           calls a simulated &$sandbox update needs (default 3)
 *   --missing LIST       modules and themes that are not in the code base
 *   --enabled LIST       modules enabled before the install (features to revert)
 *   --override N=JSON    a settings.php override: NAME=VALUE sets Drupal 7's
 *                        $conf, OBJECT:KEY=VALUE a Drupal 8+ config override;
 *                        VALUE is JSON, or a plain string when it is not
 *
 * Checks (without --fail-at): every update completed exactly once, in
 * ascending order, each &$sandbox update called with the same sandbox until
 * $sandbox['#finished'] >= 1; nothing escaped hook_install(); the schema
 * version is still the highest update. With --fail-at N: the updates below
 * N completed in order, the failure escaped hook_install() unchanged, and
 * the schema version is the last completed update (below N when none did),
 * so that the next updb resumes at N.
 *
 * Output: one JSON object on stdout (ok, problems, updates, calls,
 * completed, schema_before, schema, exception, log, variables, modules,
 * themes, config, output). Exit status: 0 when every check holds, 1 when one
 * fails, 2 when the harness cannot run (bad usage, FILE does not load).
 */

namespace Drupal\Core\Utility {

  /**
   * Drupal 8+'s exception for a failed update.
   */
  class UpdateException extends \Exception {}

}

namespace {

  /**
   * Drupal 7's exception for a failed update.
   */
  class DrupalUpdateException extends Exception {}

  /**
   * Everything the stubs and the wrappers record.
   */
  class DcycleHarness {

    public static $module;
    public static $runAll = TRUE;
    public static $run = array();
    public static $passes = 3;
    public static $failAt = NULL;
    public static $failWith = 'exception';
    public static $missing = array();
    public static $originals = array();
    public static $calls = array();
    public static $completed = array();
    public static $problems = array();
    public static $log = array();
    public static $schema = array();
    public static $variables = array();
    public static $modules = array();
    public static $themes = array();
    public static $defaultTheme = NULL;
    public static $config = array();
    public static $configOverrides = array();

    /**
     * Runs one call of update $number on behalf of its wrapper.
     */
    public static function call($number, $takesSandbox, &$sandbox) {
      $previous = 0;
      foreach (self::$calls as $c) {
        if ($c['update'] === $number) {
          $previous++;
        }
      }
      $pass = $previous + 1;
      self::$calls[] = array('update' => $number, 'pass' => $pass, 'finished' => FALSE);
      $index = count(self::$calls) - 1;
      if ($pass > 1000) {
        throw new RuntimeException("harness: update $number called 1000 times without finishing");
      }
      if ($takesSandbox) {
        $seen = isset($sandbox['#dcycle_harness_pass']) ? $sandbox['#dcycle_harness_pass'] : 0;
        if ($seen !== $previous && !in_array($number, self::$completed, TRUE)) {
          self::$problems[] = "update $number got a fresh \$sandbox on pass $pass: its progress was lost";
        }
        $sandbox['#dcycle_harness_pass'] = $pass;
      }
      if (self::$failAt === $number) {
        if (self::$failWith === 'error') {
          throw new Error("harness: update $number failed");
        }
        throw new Exception("harness: update $number failed");
      }
      $result = NULL;
      $original = self::$originals[$number];
      if (self::$runAll || in_array($number, self::$run, TRUE)) {
        $result = $takesSandbox ? $original($sandbox) : $original();
      }
      elseif ($takesSandbox) {
        $sandbox['#finished'] = $pass / self::$passes;
      }
      $finished = !$takesSandbox || !isset($sandbox['#finished']) || $sandbox['#finished'] >= 1;
      self::$calls[$index]['finished'] = $finished;
      if ($finished) {
        self::$completed[] = $number;
      }
      return $result;
    }

    public static function log($line) {
      self::$log[] = $line;
    }

    public static function missing($name) {
      return in_array($name, self::$missing, TRUE);
    }

    /**
     * The update numbers declared in the loaded file, ascending.
     */
    public static function numbers() {
      $numbers = array_keys(self::$originals);
      sort($numbers, SORT_NUMERIC);
      return $numbers;
    }

  }

  // Drupal 7 stubs.

  function variable_get($name, $default = NULL) {
    global $conf;
    return isset($conf[$name]) ? $conf[$name] : $default;
  }

  function variable_set($name, $value) {
    global $conf;
    DcycleHarness::$variables[$name] = $value;
    $conf[$name] = $value;
    DcycleHarness::log('variable_set ' . $name . ' ' . json_encode($value));
  }

  function variable_del($name) {
    global $conf;
    unset(DcycleHarness::$variables[$name], $conf[$name]);
    DcycleHarness::log('variable_del ' . $name);
  }

  function variable_initialize($conf = array()) {
    $variables = DcycleHarness::$variables;
    foreach ($conf as $name => $value) {
      $variables[$name] = $value;
    }
    return $variables;
  }

  function module_enable($modules, $enable_dependencies = TRUE) {
    foreach ($modules as $module) {
      if (DcycleHarness::missing($module)) {
        DcycleHarness::log('module_enable ' . implode(',', $modules) . ' FALSE');
        return FALSE;
      }
    }
    foreach ($modules as $module) {
      DcycleHarness::$modules[$module] = TRUE;
    }
    DcycleHarness::log('module_enable ' . implode(',', $modules));
    return TRUE;
  }

  function module_disable($modules, $disable_dependents = TRUE) {
    foreach ($modules as $module) {
      unset(DcycleHarness::$modules[$module]);
    }
    DcycleHarness::log('module_disable ' . implode(',', $modules));
  }

  function module_exists($module) {
    return isset(DcycleHarness::$modules[$module]);
  }

  function theme_enable($themes) {
    foreach ($themes as $theme) {
      // Drupal 7 ignores a theme it cannot find, silently.
      if (!DcycleHarness::missing($theme)) {
        DcycleHarness::$themes[$theme] = TRUE;
      }
    }
    DcycleHarness::log('theme_enable ' . implode(',', $themes));
  }

  function list_themes($refresh = FALSE) {
    $list = array();
    foreach (DcycleHarness::$themes as $name => $status) {
      $list[$name] = (object) array('name' => $name, 'status' => $status ? 1 : 0);
    }
    return $list;
  }

  function system_rebuild_theme_data() {
    return list_themes();
  }

  // The enabled themes as the {system} table has them.
  function system_list($type) {
    return $type === 'theme' ? list_themes() : array();
  }

  function features_revert($revert = array()) {
    foreach ($revert as $module => $components) {
      DcycleHarness::log('features_revert ' . $module . ':' . implode(',', (array) $components));
    }
  }

  function features_revert_module($module) {
    DcycleHarness::log('features_revert_module ' . $module);
  }

  function drupal_get_schema_versions($module) {
    $versions = array();
    $functions = get_defined_functions();
    foreach ($functions['user'] as $function) {
      if (preg_match('/^(?P<module>.+)_update_(?P<version>\d+)$/', $function, $matches) && $matches['module'] === strtolower($module)) {
        // Drupal 7 keeps the digits as strings.
        $versions[] = $matches['version'];
      }
    }
    sort($versions, SORT_NUMERIC);
    return $versions ? $versions : FALSE;
  }

  function drupal_set_installed_schema_version($module, $version) {
    DcycleHarness::$schema[$module] = (int) $version;
    DcycleHarness::log('schema ' . $module . ' ' . $version);
  }

  function drupal_get_installed_schema_version($module, $reset = FALSE, $array = FALSE) {
    return isset(DcycleHarness::$schema[$module]) ? DcycleHarness::$schema[$module] : -1;
  }

  function t($string, array $args = array(), array $options = array()) {
    return strtr($string, $args);
  }

  function watchdog($type, $message, $variables = array(), $severity = 5, $link = NULL) {
  }

  // What real hook_install() functions call around their replay: they
  // change nothing the harness checks.
  define('WATCHDOG_INFO', 6);
  define('FILE_CREATE_DIRECTORY', 1);
  define('FILE_MODIFY_PERMISSIONS', 2);

  function get_t() {
    return 't';
  }

  function drupal_set_message($message = NULL, $type = 'status', $repeat = TRUE) {
  }

  function watchdog_exception($type, $exception, $message = NULL, $variables = array(), $severity = 3, $link = NULL) {
  }

  function menu_rebuild() {
  }

  function drupal_flush_all_caches() {
  }

  function cache_clear_all($cid = NULL, $bin = NULL, $wildcard = FALSE) {
  }

  function conf_path($require_settings = TRUE, $reset = FALSE) {
    return 'sites/default';
  }

  function file_prepare_directory(&$directory, $options = FILE_MODIFY_PERMISSIONS) {
    return TRUE;
  }

  /**
   * A query builder that accepts any chain and runs nothing.
   */
  class DcycleHarnessQuery {

    public function __call($name, $args) {
      return $name === 'execute' ? 0 : $this;
    }

  }

  function db_update($table, array $options = array()) {
    DcycleHarness::log('db_update ' . $table);
    return new DcycleHarnessQuery();
  }

  // Drupal 8+ stubs.

  class DcycleHarnessModuleInstaller {

    public function install(array $module_list, $enable_dependencies = TRUE) {
      $modules = $module_list;
      foreach ($modules as $module) {
        if (DcycleHarness::missing($module)) {
          throw new Exception("Unable to install modules: module '$module' is missing from the code base.");
        }
      }
      foreach ($modules as $module) {
        DcycleHarness::$modules[$module] = TRUE;
      }
      DcycleHarness::log('module_install ' . implode(',', $modules));
      return TRUE;
    }

    public function uninstall(array $modules, $uninstall_dependents = TRUE) {
      foreach ($modules as $module) {
        unset(DcycleHarness::$modules[$module]);
      }
      DcycleHarness::log('module_uninstall ' . implode(',', $modules));
      return TRUE;
    }

  }

  class DcycleHarnessModuleHandler {

    public function moduleExists($module) {
      return isset(DcycleHarness::$modules[$module]);
    }

  }

  class DcycleHarnessThemeInstaller {

    public function install(array $themes, $install_dependencies = TRUE) {
      foreach ($themes as $theme) {
        if (DcycleHarness::missing($theme)) {
          throw new Exception("Unknown themes: $theme.");
        }
      }
      foreach ($themes as $theme) {
        DcycleHarness::$themes[$theme] = TRUE;
      }
      DcycleHarness::log('theme_install ' . implode(',', $themes));
      return TRUE;
    }

  }

  class DcycleHarnessThemeHandler {

    public function themeExists($theme) {
      return !empty(DcycleHarness::$themes[$theme]);
    }

  }

  class DcycleHarnessConfig {

    protected $name;
    protected $data;
    protected $editable;

    public function __construct($name, $editable) {
      $this->name = $name;
      $this->editable = $editable;
      $this->data = isset(DcycleHarness::$config[$name]) ? DcycleHarness::$config[$name] : array();
    }

    public function get($key = '') {
      if (!$this->editable && isset(DcycleHarness::$configOverrides[$this->name]) && array_key_exists($key, DcycleHarness::$configOverrides[$this->name])) {
        return DcycleHarness::$configOverrides[$this->name][$key];
      }
      return array_key_exists($key, $this->data) ? $this->data[$key] : NULL;
    }

    public function set($key, $value) {
      if (!$this->editable) {
        throw new LogicException("Can not set values on immutable configuration {$this->name}:$key.");
      }
      $this->data[$key] = $value;
      return $this;
    }

    public function save($has_trusted_data = FALSE) {
      DcycleHarness::$config[$this->name] = $this->data;
      foreach ($this->data as $key => $value) {
        DcycleHarness::log('config_set ' . $this->name . ':' . $key . ' ' . json_encode($value) . ($has_trusted_data ? ' trusted' : ''));
      }
      return $this;
    }

  }

  class DcycleHarnessConfigFactory {

    public function getEditable($name) {
      return new DcycleHarnessConfig($name, TRUE);
    }

    public function get($name) {
      return new DcycleHarnessConfig($name, FALSE);
    }

  }

  class DcycleHarnessUpdateHookRegistry {

    public function getAvailableUpdates($module) {
      $versions = drupal_get_schema_versions($module);
      return $versions ? array_map('intval', $versions) : array();
    }

    public function setInstalledVersion($module, $version) {
      drupal_set_installed_schema_version($module, $version);
      return $this;
    }

    public function getInstalledVersion($module) {
      return drupal_get_installed_schema_version($module);
    }

  }

  class Drupal {

    public static function service($id) {
      switch ($id) {
        case 'module_installer':
          return new DcycleHarnessModuleInstaller();

        case 'theme_installer':
          return new DcycleHarnessThemeInstaller();

        case 'theme_handler':
          return new DcycleHarnessThemeHandler();

        case 'update.update_hook_registry':
          return new DcycleHarnessUpdateHookRegistry();

        case 'config.factory':
          return new DcycleHarnessConfigFactory();
      }
      throw new Exception("harness: no stub for service $id");
    }

    public static function moduleHandler() {
      return new DcycleHarnessModuleHandler();
    }

    public static function configFactory() {
      return new DcycleHarnessConfigFactory();
    }

    public static function config($name) {
      return new DcycleHarnessConfig($name, FALSE);
    }

  }

  /**
   * Loads $file with every update of $module renamed, then declares a
   * recording wrapper under each update's name with the same parameter.
   */
  function dcycle_harness_load($module, $file) {
    if (!function_exists('token_get_all')) {
      dcycle_harness_usage('needs the tokenizer extension (php-tokenizer)');
    }
    $src = file_get_contents($file);
    if ($src === FALSE) {
      dcycle_harness_usage("cannot read $file");
    }
    $tokens = token_get_all($src);
    $out = '';
    $expect_name = FALSE;
    $pattern = '/^' . preg_quote($module, '/') . '_update_(\d+)$/i';
    $numbers = array();
    foreach ($tokens as $token) {
      if (is_array($token)) {
        if ($token[0] === T_FUNCTION) {
          $expect_name = TRUE;
        }
        elseif ($expect_name && $token[0] === T_STRING) {
          $expect_name = FALSE;
          if (preg_match($pattern, $token[1], $m)) {
            $number = (int) $m[1];
            $numbers[] = $number;
            $token[1] = 'dcycle_harness_original_' . $number;
          }
        }
        elseif ($expect_name && !in_array($token[0], array(T_WHITESPACE, T_COMMENT, T_DOC_COMMENT), TRUE)) {
          $expect_name = FALSE;
        }
        $out .= $token[1];
      }
      else {
        if ($expect_name && $token !== '&') {
          $expect_name = FALSE;
        }
        $out .= $token;
      }
    }
    $tmp = tempnam(sys_get_temp_dir(), 'dcycle-harness-');
    file_put_contents($tmp, $out);
    ob_start();
    try {
      include $tmp;
    }
    catch (ParseError $e) {
      ob_end_clean();
      unlink($tmp);
      dcycle_harness_usage("$file does not load: " . $e->getMessage() . ' on line ' . $e->getLine());
    }
    $output = ob_get_clean();
    unlink($tmp);
    foreach ($numbers as $number) {
      $original = 'dcycle_harness_original_' . $number;
      DcycleHarness::$originals[$number] = $original;
      $params = (new ReflectionFunction($original))->getParameters();
      $name = $module . '_update_' . $number;
      if ($params) {
        $p = $params[0];
        $decl = ($p->isPassedByReference() ? '&' : '') . '$sandbox' . ($p->isOptional() ? ' = NULL' : '');
        eval("function $name($decl) { return DcycleHarness::call($number, TRUE, \$sandbox); }");
      }
      else {
        eval("function $name() { \$none = NULL; return DcycleHarness::call($number, FALSE, \$none); }");
      }
    }
    return $output;
  }

  function dcycle_harness_usage($message) {
    fwrite(STDERR, "replay.php: $message\n");
    exit(2);
  }

  function dcycle_harness_list($value) {
    return array_values(array_filter(array_map('trim', explode(',', $value)), 'strlen'));
  }

  function dcycle_harness_value($value) {
    $decoded = json_decode($value, TRUE);
    return ($decoded === NULL && strtolower(trim($value)) !== 'null') ? $value : $decoded;
  }

  /**
   * Checks the recorded run against what a resumable replay must do.
   */
  function dcycle_harness_check(array $numbers, $schema_before, $schema, $exception, $last_removed) {
    $problems = array();
    $fail_at = DcycleHarness::$failAt;
    $expected = $numbers;
    if ($fail_at !== NULL) {
      if (!in_array($fail_at, $numbers, TRUE)) {
        $problems[] = "--fail-at $fail_at: there is no such update";
      }
      $expected = array_values(array_filter($numbers, function ($n) use ($fail_at) {
        return $n < $fail_at;
      }));
    }
    if (DcycleHarness::$completed !== $expected) {
      $problems[] = 'completed updates ' . json_encode(DcycleHarness::$completed) . ', want ' . json_encode($expected) . ' (each once, ascending)';
    }
    // The calls of one update are consecutive; an update starts only after
    // the one before it finished.
    $previous = NULL;
    foreach (DcycleHarness::$calls as $c) {
      if ($previous !== NULL && $previous['update'] !== $c['update'] && !$previous['finished']) {
        $problems[] = "update {$c['update']} started before update {$previous['update']} finished";
      }
      $previous = $c;
    }
    if ($fail_at === NULL) {
      if ($exception) {
        $problems[] = 'hook_install() threw ' . $exception['class'] . ': ' . $exception['message'];
      }
      if ($schema !== $schema_before) {
        $problems[] = "the schema version changed from $schema_before to $schema although every update ran";
      }
    }
    else {
      if (!$exception || strpos($exception['message'], "harness: update $fail_at failed") !== 0) {
        $problems[] = "the failure of update $fail_at did not escape hook_install()" . ($exception ? ': got ' . $exception['message'] : '');
      }
      $completed = DcycleHarness::$completed;
      $want = $completed ? end($completed) : NULL;
      if ($want !== NULL && $schema !== $want) {
        $problems[] = "schema version $schema after update $fail_at failed, want $want (the last completed update): the next updb would not resume at $fail_at";
      }
      if ($want === NULL && ($schema >= $fail_at || $schema < $last_removed)) {
        $problems[] = "schema version $schema after the first update ($fail_at) failed, want one below it: the next updb would not resume at $fail_at";
      }
    }
    return array_merge(DcycleHarness::$problems, $problems);
  }

  function dcycle_harness_main(array $argv) {
    $args = array_slice($argv, 1);
    $positional = array();
    global $conf;
    $conf = array();
    for ($i = 0; $i < count($args); $i++) {
      $arg = $args[$i];
      if (substr($arg, 0, 2) !== '--') {
        $positional[] = $arg;
        continue;
      }
      if (!isset($args[$i + 1])) {
        dcycle_harness_usage("$arg needs a value");
      }
      $value = $args[++$i];
      switch ($arg) {
        case '--fail-at':
          DcycleHarness::$failAt = (int) $value;
          break;

        case '--fail-with':
          if ($value !== 'exception' && $value !== 'error') {
            dcycle_harness_usage('--fail-with takes exception or error');
          }
          DcycleHarness::$failWith = $value;
          break;

        case '--run':
          DcycleHarness::$runAll = $value === 'all';
          DcycleHarness::$run = $value === 'all' || $value === 'none' ? array() : array_map('intval', dcycle_harness_list($value));
          break;

        case '--passes':
          DcycleHarness::$passes = max(1, (int) $value);
          break;

        case '--missing':
          DcycleHarness::$missing = array_merge(DcycleHarness::$missing, dcycle_harness_list($value));
          break;

        case '--enabled':
          foreach (dcycle_harness_list($value) as $module) {
            DcycleHarness::$modules[$module] = TRUE;
          }
          break;

        case '--override':
          $parts = explode('=', $value, 2);
          if (count($parts) !== 2) {
            dcycle_harness_usage("--override $value: want NAME=VALUE or OBJECT:KEY=VALUE");
          }
          if (strpos($parts[0], ':') !== FALSE) {
            list($object, $key) = explode(':', $parts[0], 2);
            DcycleHarness::$configOverrides[$object][$key] = dcycle_harness_value($parts[1]);
          }
          else {
            $conf[$parts[0]] = dcycle_harness_value($parts[1]);
          }
          break;

        default:
          dcycle_harness_usage("unknown option $arg");
      }
    }
    if (count($positional) !== 2) {
      dcycle_harness_usage('usage: php replay.php MODULE FILE [--fail-at N] [--fail-with exception|error] [--run all|none|N,N] [--passes K] [--missing LIST] [--enabled LIST] [--override NAME=JSON]');
    }
    list($module, $file) = $positional;
    DcycleHarness::$module = $module;
    $output = dcycle_harness_load($module, $file);
    $numbers = DcycleHarness::numbers();

    // What Drupal does before hook_install(): record the highest update (or
    // hook_update_last_removed() when higher) as installed.
    $last_removed_hook = $module . '_update_last_removed';
    $last_removed = function_exists($last_removed_hook) ? (int) $last_removed_hook() : 0;
    $schema_before = max($numbers ? max($numbers) : 0, $last_removed);
    DcycleHarness::$schema[$module] = $schema_before;
    DcycleHarness::$log = array();

    $exception = NULL;
    $install = $module . '_install';
    if (!function_exists($install)) {
      DcycleHarness::$problems[] = "$install() does not exist";
    }
    else {
      try {
        $install(FALSE);
      }
      catch (Throwable $e) {
        $exception = array('class' => get_class($e), 'message' => $e->getMessage());
      }
    }
    $schema = DcycleHarness::$schema[$module];
    $problems = dcycle_harness_check($numbers, $schema_before, $schema, $exception, $last_removed);
    $report = array(
      'ok' => !$problems,
      'problems' => $problems,
      'updates' => $numbers,
      'calls' => DcycleHarness::$calls,
      'completed' => DcycleHarness::$completed,
      'schema_before' => $schema_before,
      'schema' => $schema,
      'exception' => $exception,
      'log' => DcycleHarness::$log,
      'variables' => (object) DcycleHarness::$variables,
      'modules' => array_keys(DcycleHarness::$modules),
      'themes' => array_keys(array_filter(DcycleHarness::$themes)),
      'config' => (object) DcycleHarness::$config,
      'output' => $output,
    );
    echo json_encode($report, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE), "\n";
    exit($problems ? 1 : 0);
  }

  dcycle_harness_main($argv);

}
