<?php

/**
 * @file
 * Post-updates, one of them pasted twice.
 */

/**
 * #120: Front page.
 */
function shop_deploy_post_update_10001_front_page(): string {
  \Drupal::configFactory()->getEditable('system.site')->set('page.front', '/shop')->save();
  return 'Front page set.';
}

/**
 * #120: Front page.
 */
function shop_deploy_post_update_10001_front_page(): string { // want DC002 "shop_deploy_post_update_10001_front_page\\(\\) is already declared at shop_deploy.post_update.php:11: PHP stops with a fatal error"
  \Drupal::configFactory()->getEditable('system.site')->set('page.front', '/shop')->save();
  return 'Front page set.';
}
