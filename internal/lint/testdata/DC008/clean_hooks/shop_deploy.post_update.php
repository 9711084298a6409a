<?php

/**
 * @file
 * Post-updates that create content once.
 */

/**
 * #130: The sale term.
 */
function shop_deploy_post_update_10001_sale_term(): string {
  $storage = \Drupal::entityTypeManager()->getStorage('taxonomy_term');
  if ($storage->loadByProperties(['vid' => 'tags', 'name' => 'Sale'])) {
    return 'The sale term exists already.';
  }
  \Drupal\taxonomy\Entity\Term::create(['vid' => 'tags', 'name' => 'Sale'])->save();
  return 'Sale term created.';
}
