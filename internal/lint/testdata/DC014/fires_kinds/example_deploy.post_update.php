<?php

/**
 * @file
 * Post-update functions of example_deploy.
 */

/**
 * #4902: Turn the admin theme on for node editing.
 */
function example_deploy_post_update_10002_admin_theme(array &$sandbox): string {
  \Drupal::configFactory()->getEditable('node.settings')->set('use_admin_theme', TRUE)->save(); // want DC014 "node.settings:use_admin_theme is set to TRUE here, but the config import of the same deploy sets it back to FALSE"
  return 'Admin theme on for node editing.';
}
