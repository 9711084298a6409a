<?php

/**
 * @file
 * Deploy hooks tied to their issues.
 */

/**
 * SHOP-141: Offer two colours.
 */
function shop_deploy_deploy_10002_colours(): string {
  \Drupal::state()->set('shop.colours', ['red', 'blue']);
  return 'Colours set.';
}
