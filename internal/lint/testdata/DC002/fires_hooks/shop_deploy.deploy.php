<?php

/**
 * @file
 * Deploy hooks, and a helper the .install declares too.
 */

/**
 * #121: Colours.
 */
function shop_deploy_deploy_10002_colours(): string {
  \Drupal::state()->set('shop.colours', ['red', 'blue']);
  return 'Colours set.';
}

/**
 * #122: Colours, again.
 */
function shop_deploy_deploy_10002_colours(): string { // want DC002 "shop_deploy_deploy_10002_colours\\(\\) is already declared at shop_deploy.deploy.php:11: PHP stops with a fatal error"
  \Drupal::state()->set('shop.colours', ['red', 'green']);
  return 'Colours set.';
}

/**
 * Lists the topics.
 */
function _shop_deploy_topics() { // want DC002 "_shop_deploy_topics\\(\\) is already declared at shop_deploy.install:12: drush updb runs one and drush deploy:hook the other, and PHP stops with a fatal error wherever both files are loaded"
  return ['News', 'Events', 'Offers'];
}
