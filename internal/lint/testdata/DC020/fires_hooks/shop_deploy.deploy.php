<?php

/**
 * @file
 * Deploy hooks, one renamed to sort after the others.
 */

/**
 * #151: Colours.
 */
function shop_deploy_deploy_10009_colours(): string { // want DC020 "shop_deploy_deploy_10009_colours is shop_deploy_deploy_9_colours \\(base:shop_deploy.deploy.php:6\\) renamed: Drupal records a deploy hook by its name, so every site deployed from base runs it again"
  \Drupal::state()->set('shop.colours', ['red', 'blue']);
  return 'Colours set.';
}
