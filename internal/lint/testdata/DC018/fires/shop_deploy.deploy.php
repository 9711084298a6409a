<?php

/**
 * @file
 * Deploy hooks numbered 1, 2, … without padding.
 */

/**
 * #50: First.
 */
function shop_deploy_deploy_1_first(): string {
  return 'First.';
}

/**
 * #51: Second.
 */
function shop_deploy_deploy_2_second(): string {
  return 'Second.';
}

/**
 * #52: Tenth.
 */
function shop_deploy_deploy_10_tenth(): string { // want DC018 "shop_deploy_deploy_10_tenth runs before shop_deploy_deploy_1_first: Drupal runs deploy hooks"
  return 'Tenth.';
}

/**
 * #53: Eleventh.
 */
function shop_deploy_deploy_11_eleventh(): string { // want DC018 "shop_deploy_deploy_11_eleventh runs before shop_deploy_deploy_1_first"
  return 'Eleventh.';
}
