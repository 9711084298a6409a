<?php

/**
 * @file
 * Deploy hooks: run by drush deploy after the configuration import.
 */

/**
 * #85: Shop settings, after the import.
 */
function shop_deploy_deploy_10006_shop_currency(): string {
  if (!\Drupal::service('config.storage')->exists('shop.settings')) {
    return 'The import brought no shop settings.'; // want DC019 "returns when ->exists\\('shop.settings'\\) is false: Drupal records the deploy hook as done"
  }
  \Drupal::configFactory()->getEditable('shop.settings')->set('currency', 'EUR')->save();
  return 'Currency set.';
}
