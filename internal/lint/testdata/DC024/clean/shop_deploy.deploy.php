<?php

/**
 * @file
 * Deploy hooks that find their helpers.
 */

/**
 * #71: Regions, through a helper of this file.
 */
function shop_deploy_deploy_10002_regions(): string {
  _shop_deploy_regions();
  return 'Regions created.';
}

/**
 * Creates the region terms.
 */
function _shop_deploy_regions() {
  $storage = \Drupal::entityTypeManager()->getStorage('taxonomy_term');
  if (!$storage->loadByProperties(['vid' => 'tags', 'name' => 'North'])) {
    $storage->create(['vid' => 'tags', 'name' => 'North'])->save();
  }
}

/**
 * #72: Colours, with the .install loaded first.
 */
function shop_deploy_deploy_10003_colours(): string {
  \Drupal::moduleHandler()->loadInclude('shop_deploy', 'install');
  _shop_deploy_create_terms(['Red', 'Blue']);
  return t('Colours created.');
}
