<?php

/**
 * @file
 * Deploy hooks with names drush reads otherwise.
 */

/**
 * #104: Its name holds _deploy_ after the module's.
 */
function shop_deploy_deploy_10002_after_deploy_cleanup(): string { // want DC010 "shop_deploy_deploy_10002_after_deploy_cleanup never runs: Drupal splits the name at its last _deploy_ and looks for an extension called shop_deploy_deploy_10002_after; keep deploy out of the part after shop_deploy_deploy_"
  return 'Cleaned.';
}

/**
 * #105: Topics.
 */
function shop_deploy_deploy_10003_topics(): string {
  shop_deploy_deploy_create_term('News');
  return 'Topics created.';
}

/**
 * Creates a term: a helper, named like a deploy hook.
 */
function shop_deploy_deploy_create_term($name) { // want DC010 "shop_deploy_deploy_create_term is called by shop_deploy_deploy_10003_topics\\(\\) as a helper, but its name makes it a deploy hook: Drupal also runs it on its own" want DC011 "does not start with an issue reference"
  $storage = \Drupal::entityTypeManager()->getStorage('taxonomy_term');
  if (!$storage->loadByProperties(['vid' => 'tags', 'name' => $name])) {
    $storage->create(['vid' => 'tags', 'name' => $name])->save();
  }
}
