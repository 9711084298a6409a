<?php

/**
 * @file
 * Post-updates numbered by the Drupal major they were written for.
 */

/**
 * #40: Create the search index.
 */
function shop_deploy_post_update_9_x_create_index(): string {
  return 'Index created.';
}

/**
 * #41: Enable the search page, which needs the index.
 */
function shop_deploy_post_update_10_x_enable_search(): string { // want DC018 "shop_deploy_post_update_10_x_enable_search runs before shop_deploy_post_update_9_x_create_index: Drupal runs post-updates in the string order of their names, not by number"
  return 'Search enabled.';
}
