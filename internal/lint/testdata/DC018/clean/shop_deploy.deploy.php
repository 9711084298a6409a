<?php

/**
 * @file
 * Deploy hooks: numbered apart from the post-updates, which run first
 * whatever their names.
 */

/**
 * #50: Warm the caches.
 */
function shop_deploy_deploy_9_warm_caches(): string {
  return 'Warm.';
}
