<?php

/**
 * @file
 * Deploy hooks that create content.
 */

/**
 * #131: The about page.
 */
function shop_deploy_deploy_10002_about_page(): string {
  $storage = \Drupal::entityTypeManager()->getStorage('node');
  $storage->create(['type' => 'page', 'title' => 'About us'])->save(); // want DC008 "->create\\(\\) creates an entity with no existence check around it: running the deploy hook twice fails or duplicates data"
  return 'About page created.';
}
