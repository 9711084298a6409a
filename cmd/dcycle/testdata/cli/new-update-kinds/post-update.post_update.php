<?php

/**
 * @file
 * Post update functions for the shop deployment module.
 */

/**
 * #12357: Rebuild the router so that the new shop pages are found.
 */
function shop_deploy_post_update_rebuild_shop_routes() {
  \Drupal::service('router.builder')->rebuild();
}

/**
 * #12370: Shop menus.
 */
function shop_deploy_post_update_10001_shop_menus(array &$sandbox): string {
  \Drupal::service('module_installer')->install(['menu_ui']);
  foreach (['menu_ui'] as $module) {
    if (!\Drupal::moduleHandler()->moduleExists($module)) {
      throw new \Drupal\Core\Utility\UpdateException($module . ' could not be installed: check that it and its dependencies are in the code base.');
    }
  }

  \Drupal::configFactory()->getEditable('system.menu.main')->set('label', 'Shop')->save(TRUE);
  if (\Drupal::config('system.menu.main')->get('label') !== 'Shop') {
    throw new \Drupal\Core\Utility\UpdateException('system.menu.main:label did not keep its new value: it is probably overridden in settings.php ($config).');
  }
  return 'Shop menus.';
}
