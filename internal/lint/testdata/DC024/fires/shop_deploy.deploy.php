<?php

/**
 * @file
 * Deploy hooks: run by drush deploy after the configuration import.
 */

/**
 * #60: Topics.
 */
function shop_deploy_deploy_10001_topics(): string {
  _shop_deploy_create_terms(['News', 'Events']); // want DC024 "_shop_deploy_create_terms\\(\\) is declared in shop_deploy.install:12, which drush does not load while deploy hooks run: deploy hook shop_deploy_deploy_10001_topics stops"
  return 'Topics created.';
}

/**
 * #61: Regions, through a helper of this file.
 */
function shop_deploy_deploy_10002_regions(): string {
  _shop_deploy_regions();
  return 'Regions created.';
}

/**
 * Creates the region terms.
 */
function _shop_deploy_regions() {
  _shop_deploy_create_terms(['North', 'South']); // want DC024 "deploy hook shop_deploy_deploy_10002_regions \\(through _shop_deploy_regions\\(\\)\\) stops"
}

/**
 * #62: Menu.
 */
function shop_deploy_deploy_10003_menu(): string {
  return implode(', ', _shop_deploy_menu_titles()); // want DC024 "_shop_deploy_menu_titles\\(\\) is declared in shop_deploy.post_update.php:11"
}
