<?php

/**
 * @file
 * Deploy hooks, as deployed.
 */

/**
 * #151: Colours.
 */
function shop_deploy_deploy_9_colours(): string {
  \Drupal::state()->set('shop.colours', ['red', 'blue']);
  return 'Colours set.';
}
