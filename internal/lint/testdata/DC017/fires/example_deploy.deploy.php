<?php

/**
 * @file
 * Deploy hooks of example_deploy.
 */

/**
 * #5101: Create the topics. A deploy hook of example_deploy itself.
 */
function example_deploy_deploy_10001_topics(array &$sandbox): string {
  return 'Topics created.';
}
