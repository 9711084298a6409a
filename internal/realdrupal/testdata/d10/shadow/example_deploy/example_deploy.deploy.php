<?php

/**
 * @file
 * Deploy hooks of example_deploy.
 */

/**
 * #6101: The module's own deploy hook.
 */
function example_deploy_deploy_10001_own(array &$sandbox): string {
  _example_deploy_count('example_deploy.own');
  return 'Counted.';
}
