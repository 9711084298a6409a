<?php

/**
 * @file
 * Post update functions for the shop deployment module.
 */

/**
 * #12357: Rebuild the router so that the new shop pages are found.
 */
function shop_deploy_post_update_rebuild_shop_routes() {
  \Drupal::service('router.builder')->rebuild();
}
