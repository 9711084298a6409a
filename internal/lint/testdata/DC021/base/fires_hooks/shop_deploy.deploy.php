<?php

/**
 * #162: Colours.
 */
function shop_deploy_deploy_10003_colours(): string {
  \Drupal::state()->set('shop.colours', ['red', 'blue']);
  return 'Colours set.';
}
