<?php

/**
 * @file
 * Deploy hooks without an issue.
 */

/**
 * Implements hook_deploy_NAME().
 */
function shop_deploy_deploy_10002_colours(): string { // want DC011 "the docblock of shop_deploy_deploy_10002_colours does not start with an issue reference \\(\"Implements hook_deploy_NAME\\(\\).\"\\)"
  \Drupal::state()->set('shop.colours', ['red', 'blue']);
  return 'Colours set.';
}
