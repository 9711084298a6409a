<?php

/**
 * @file
 * Post-updates tied to their issues.
 */

/**
 * #140: Set the front page to the shop.
 */
function shop_deploy_post_update_10001_front_page(): string {
  \Drupal::configFactory()->getEditable('system.site')->set('page.front', '/shop')->save();
  return 'Front page set.';
}
