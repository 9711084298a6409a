<?php

/**
 * @file
 * Deploy hooks of example_deploy, run by drush deploy after the config
 * import.
 */

/**
 * #4903: Rename the site.
 */
function example_deploy_deploy_10003_site_name(array &$sandbox): string {
  \Drupal::configFactory()->getEditable('system.site')->set('name', 'Shop')->save(); // want DC014 "system.site:name is set to 'Shop' here, but the config import of the next deploy \\(deploy hooks run after it\\) sets it back to 'd10 test site'"
  return 'Site renamed.';
}
