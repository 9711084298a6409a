<?php // want DC021 "shop_deploy_post_update_10001_front \\(base:shop_deploy.post_update.php:6\\) was removed: sites deployed from base ran it and keep its name recorded, new sites will not run it, and a post-update added later under that name never runs on the old ones"

/**
 * @file
 * Post-updates, one of them gone.
 */

/**
 * #161: Slogan.
 */
function shop_deploy_post_update_10002_slogan(): string {
  \Drupal::configFactory()->getEditable('system.site')->set('slogan', 'Buy')->save();
  return 'Slogan set.';
}
