<?php

/**
 * @file
 * Deploy hooks whose names run as meant.
 */

/**
 * #112: A deploy hook may hold _post_update_ in its name.
 */
function shop_deploy_deploy_10003_after_post_update_run(): string {
  _shop_deploy_create_term('News');
  return 'Done.';
}

/**
 * Creates a term: a helper named as helpers should be.
 */
function _shop_deploy_create_term($name) {
  $storage = \Drupal::entityTypeManager()->getStorage('taxonomy_term');
  if (!$storage->loadByProperties(['vid' => 'tags', 'name' => $name])) {
    $storage->create(['vid' => 'tags', 'name' => $name])->save();
  }
}
