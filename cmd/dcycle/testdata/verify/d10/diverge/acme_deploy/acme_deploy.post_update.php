<?php

/**
 * @file
 * Post-updates of acme_deploy: run by drush updb after every update.
 */

/**
 * #103: The contact form is the front page.
 */
function acme_deploy_post_update_10003_front_page(array &$sandbox): string {
  \Drupal::configFactory()->getEditable('system.site')->set('page.front', '/contact')->save(TRUE);
  return 'The front page is /contact.';
}
