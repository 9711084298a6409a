<?php

/**
 * #150: Front page.
 */
function shop_deploy_post_update_10001_front(): string {
  \Drupal::configFactory()->getEditable('system.site')->set('page.front', '/shop')->save();
  return 'Front page set.';
}
