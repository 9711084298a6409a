<?php

/**
 * #160: Front page.
 */
function shop_deploy_post_update_10001_front(): string {
  \Drupal::configFactory()->getEditable('system.site')->set('page.front', '/shop')->save();
  return 'Front page set.';
}

/**
 * #161: Slogan.
 */
function shop_deploy_post_update_10002_slogan(): string {
  \Drupal::configFactory()->getEditable('system.site')->set('slogan', 'Buy')->save();
  return 'Slogan set.';
}
