<?php

/**
 * @file
 * Post updates.
 */

/**
 * #12: Set the front page.
 */
function shop_deploy_update_10001() { // want DC002 "already declared at shop_deploy.install"
  \Drupal::configFactory()->getEditable('system.site')->set('page.front', '/node')->save(TRUE);
}
