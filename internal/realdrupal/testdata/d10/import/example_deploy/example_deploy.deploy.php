<?php

/**
 * @file
 * Deploy hooks: they run in drush deploy after the config import.
 */

/**
 * #6004: Site name, slogan and a state object.
 */
function example_deploy_deploy_10004_site(array &$sandbox): string {
  $site = \Drupal::configFactory()->getEditable('system.site');
  $site->set('slogan', 'Set by a deploy hook'); // W:deploy_contradicted
  $site->set('name', 'Agreed name'); // W:deploy_agreed
  $site->save();
  \Drupal::configFactory()->getEditable('example_deploy.deployed')->set('at', 1)->save(); // W:deploy_not_in_sync
  return 'Site named.';
}
