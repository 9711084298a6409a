<?php

/**
 * @file
 * Post-updates: run by drush updb after the updates.
 */

/**
 * #84: Feature the sale term.
 */
function shop_deploy_post_update_10005_feature_sale(): string {
  $terms = \Drupal::entityTypeManager()->getStorage('taxonomy_term')->loadByProperties(['vid' => 'tags', 'name' => 'Sale']);
  if (empty($terms)) {
    return 'No sale term, skipping.'; // want DC019 "returns when \\$terms, set from ->loadByProperties\\(\\), is empty: Drupal records the post-update as done"
  }
  reset($terms)->set('weight', -10)->save();
  return 'Sale featured.';
}
