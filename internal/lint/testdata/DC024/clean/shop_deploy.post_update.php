<?php

/**
 * @file
 * Post-updates may call the .install's helpers: drush updb loads it.
 */

/**
 * #70: Topics.
 */
function shop_deploy_post_update_10001_topics(): string {
  _shop_deploy_create_terms(['News', 'Events']);
  return 'Topics created.';
}
