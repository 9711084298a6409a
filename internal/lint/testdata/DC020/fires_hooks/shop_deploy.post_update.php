<?php

/**
 * @file
 * Post-updates.
 */

/**
 * #150: Front page.
 */
function shop_deploy_post_update_10001_front(): string { // want DC020 "shop_deploy_post_update_10001_front differs from base:shop_deploy.post_update.php:6: sites deployed from base already ran this post-update and never run it again"
  \Drupal::configFactory()->getEditable('system.site')->set('page.front', '/home')->save();
  return 'Front page set.';
}
