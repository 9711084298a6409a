<?php

/**
 * @file
 * Deploy hooks: run by drush deploy after the configuration import.
 */

/**
 * #32: Warm the path alias cache, page by page.
 */
function shop_deploy_deploy_10002_warm_aliases(array &$sandbox): string {
  if (empty($sandbox['finished'])) { // want DC023 "calls shop_deploy_deploy_10002_warm_aliases once"
    $sandbox['page'] = 0;
  }
  $sandbox['page']++;
  return 'Aliases warmed.';
}
