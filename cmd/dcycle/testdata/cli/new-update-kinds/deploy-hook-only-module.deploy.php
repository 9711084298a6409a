<?php

/**
 * @file
 * Deploy hooks.
 */

/**
 * #40: Tag the front page.
 */
function blog_deploy_deploy_10001_front_tag(array &$sandbox): string {
  return 'Tagged.';
}

/**
 * #42: Uninstall the old blog.
 */
function blog_deploy_deploy_10002_uninstall_the_old_blog(array &$sandbox): string {
  \Drupal::service('module_installer')->uninstall(['old_blog']);
  // Read core.extension: the module handler does not list a module whose
  // code is gone, which uninstall() leaves installed.
  $installed = \Drupal::config('core.extension')->get('module') ?: [];
  foreach (['old_blog'] as $module) {
    if (isset($installed[$module])) {
      throw new \Drupal\Core\Utility\UpdateException($module . ' is still installed after uninstall(): Drupal uninstalls only a module whose code is in the code base.');
    }
  }
  return 'Uninstall the old blog.';
}
