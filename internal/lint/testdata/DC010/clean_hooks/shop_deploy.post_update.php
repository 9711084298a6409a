<?php

/**
 * @file
 * Post-updates whose names run as meant.
 */

/**
 * #111: A post-update may hold _deploy_ in its name: drush splits only deploy hooks there.
 */
function shop_deploy_post_update_10002_before_deploy_hooks(): string {
  return 'Ready.';
}
