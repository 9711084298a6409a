<?php

/**
 * @file
 * Post-updates: they run in drush updb, before the config import.
 */

/**
 * #6003: Node editing and the front page.
 */
function example_deploy_post_update_10003_admin(array &$sandbox): string {
  \Drupal::configFactory()->getEditable('node.settings')->set('use_admin_theme', TRUE)->save(); // W:post_contradicted
  \Drupal::configFactory()->getEditable('system.site')->set('page.front', '/node')->save(); // W:post_agreed
  \Drupal::service('theme_installer')->install(['claro']); // W:theme_not_in_sync
  return 'Admin theme for node editing, front page.';
}
