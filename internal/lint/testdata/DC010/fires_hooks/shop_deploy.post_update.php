<?php

/**
 * @file
 * Post-updates with names Drupal reads otherwise.
 */

/**
 * #102: Moves the flag: its name holds the kind's own marker.
 */
function shop_deploy_post_update_10001_move_post_update_flag(): string { // want DC010 "shop_deploy_post_update_10001_move_post_update_flag never runs: Drupal splits the name at its last _post_update_ and looks for an extension called shop_deploy_post_update_10001_move"
  return 'Moved.';
}

/**
 * #103: Left as drush generate wrote it.
 */
function shop_deploy_post_update_NAME(&$sandbox) { // want DC010 "shop_deploy_post_update_NAME keeps the placeholder of hook_post_update_NAME\\(\\): it runs once under a name that says nothing"
  return t('Done.');
}

/**
 * Copied from the API documentation.
 */
function hook_post_update_NAME(&$sandbox) { // want DC010 "hook_post_update_NAME is the name the API documentation gives the hook"
  return t('Done.');
}
