<?php

/**
 * @file
 * Post-updates, one of them retired.
 */

/**
 * Implements hook_removed_post_updates().
 */
function shop_deploy_removed_post_updates() {
  return [
    'shop_deploy_post_update_10001_front' => '2.0.0',
  ];
}

/**
 * #161: Slogan.
 */
function shop_deploy_post_update_10002_slogan(): string {
  \Drupal::configFactory()->getEditable('system.site')->set('slogan', 'Buy')->save();
  return 'Slogan set.';
}
