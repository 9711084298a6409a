<?php

/**
 * @file
 * Post-updates numbered with a fixed width, and named without numbers.
 */

/**
 * #40: Create the search index.
 */
function shop_deploy_post_update_10009_create_index(): string {
  return 'Index created.';
}

/**
 * #41: Enable the search page, which needs the index.
 */
function shop_deploy_post_update_10010_enable_search(): string {
  return 'Search enabled.';
}

/**
 * #42: Rebuild the router.
 */
function shop_deploy_post_update_rebuild_router(): string {
  return 'Router rebuilt.';
}

/**
 * #43: Numbers written with a leading zero sort by value as text does.
 */
function shop_deploy_post_update_v09_padded(): string {
  return 'Padded.';
}

/**
 * #44: Ten.
 */
function shop_deploy_post_update_v10_padded(): string {
  return 'Padded.';
}
