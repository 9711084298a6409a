<?php

/**
 * @file
 * Post-updates: reworded and reindented, the same code.
 */

/**
 * #150: Set the front page to the shop.
 */
function shop_deploy_post_update_10001_front(): string {
  // The shop is the front page.
  \Drupal::configFactory()
    ->getEditable('system.site')
    ->set('page.front', '/shop')
    ->save();
  return 'Front page set.';
}

/**
 * #152: New since the base.
 */
function shop_deploy_post_update_10002_slogan(): string {
  \Drupal::configFactory()->getEditable('system.site')->set('slogan', 'Buy')->save();
  return 'Slogan set.';
}
