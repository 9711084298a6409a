<?php

/**
 * @file
 * Deploy hooks that create content once.
 */

/**
 * #131: The about page.
 */
function shop_deploy_deploy_10002_about_page(): string {
  $storage = \Drupal::entityTypeManager()->getStorage('node');
  $existing = $storage->loadByProperties(['type' => 'page', 'title' => 'About us']);
  if (empty($existing)) {
    $storage->create(['type' => 'page', 'title' => 'About us'])->save();
  }
  return 'About page created.';
}
