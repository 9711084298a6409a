<?php

/**
 * @file
 * Deploy hooks of acme_deploy: run by drush deploy, after the config import.
 */

/**
 * #104: Name the site.
 */
function acme_deploy_deploy_10004_site_name(array &$sandbox): string {
  \Drupal::configFactory()->getEditable('system.site')->set('name', 'Acme')->save(TRUE);
  return 'The site is Acme.';
}

/**
 * #305: Check the mail server.
 */
function acme_deploy_deploy_10005_mail_server(array &$sandbox): string {
  throw new \Drupal\Core\Utility\UpdateException('no mail server is configured');
}
