<?php

/**
 * @file
 * Post-update hooks of blog_deploy.
 *
 * drush updb runs each blog_deploy_post_update_SEQ_SLUG() once, after the
 * updates of every module and a cache rebuild, and before drush deploy
 * imports the configuration; hooks run in the string order of their names
 * (the fixed-width SEQ keeps it the order they were written in). A new site
 * runs them in blog_deploy_install(), after the updates.
 *
 * Add one with: dcycle new-update --kind post-update "#ISSUE what it does"
 */

/**
 * #41: Rebuild the blog menu.
 */
function blog_deploy_post_update_10001_rebuild_the_blog_menu(array &$sandbox): string {
  // TODO: load what this hook makes and create it only when it is missing,
  // so that running it again changes nothing; throw
  // \Drupal\Core\Utility\UpdateException when something it needs is
  // missing: a hook that returns is recorded as run and never runs again.
  return 'Rebuild the blog menu.';
}
