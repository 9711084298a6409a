<?php

/**
 * @file
 * Post-updates that create content.
 */

/**
 * #130: The sale term.
 */
function shop_deploy_post_update_10001_sale_term(): string {
  \Drupal\taxonomy\Entity\Term::create(['vid' => 'tags', 'name' => 'Sale'])->save(); // want DC008 "Term::create\\(\\) creates a Term with no existence check around it: running the post-update twice fails or duplicates data"
  return 'Sale term created.';
}
