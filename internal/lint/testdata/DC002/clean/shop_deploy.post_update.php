<?php

/**
 * @file
 * Post updates.
 */

/**
 * #12: Rebuild the router.
 */
function shop_deploy_post_update_rebuild_router() {
  \Drupal::service('router.builder')->rebuild();
}
