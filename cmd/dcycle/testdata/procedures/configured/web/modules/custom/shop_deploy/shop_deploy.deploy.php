<?php

/**
 * @file
 * Deploy hooks of shop_deploy, run by drush deploy:hook.
 */

/**
 * #102: Create the front page.
 */
function shop_deploy_deploy_10002_front_page(array &$sandbox): string {
  return 'front page created';
}
