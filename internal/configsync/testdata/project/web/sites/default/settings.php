<?php

/**
 * @file
 * A Drupal 10 settings.php as a project commits it.
 */

$databases = [];
$settings['hash_salt'] = 'not-a-secret';
$settings['config_sync_directory'] = '../config/sync';
$settings['config_exclude_modules'] = ['devel'];

if (file_exists($app_root . '/' . $site_path . '/settings.local.php')) {
  include $app_root . '/' . $site_path . '/settings.local.php';
}
