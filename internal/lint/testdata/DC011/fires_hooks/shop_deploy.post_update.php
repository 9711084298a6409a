<?php

/**
 * @file
 * Post-updates without an issue.
 */

function shop_deploy_post_update_10001_front_page(): string { // want DC011 "shop_deploy_post_update_10001_front_page has no docblock"
  \Drupal::configFactory()->getEditable('system.site')->set('page.front', '/shop')->save();
  return 'Front page set.';
}
