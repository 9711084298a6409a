<?php

/**
 * @file
 * Deploy hooks of shop_deploy.
 *
 * drush deploy runs each shop_deploy_deploy_SEQ_SLUG() once, last: after
 * updb, the configuration import and the cache rebuild (drush deploy:hook);
 * hooks run in the string order of their names (the fixed-width SEQ keeps
 * it the order they were written in). A new site runs them all on its
 * first drush deploy: shop_deploy_install() does not. Configuration set here
 * is undone by the next drush deploy unless the config sync directory holds
 * it too: export it.
 *
 * shop_deploy.install is not loaded while deploy hooks run: helpers they
 * share belong in shop_deploy.module, named _shop_deploy_*().
 *
 * Add one with: dcycle new-update --kind deploy "#ISSUE what it does"
 */

/**
 * #12371: Front theme.
 */
function shop_deploy_deploy_10001_front_theme(array &$sandbox): string {
  \Drupal::service('theme_installer')->install(['olivero']);
  if (!\Drupal::service('theme_handler')->themeExists('olivero')) {
    throw new \Drupal\Core\Utility\UpdateException('The olivero theme is not installed: check that it is in the code base.');
  }
  \Drupal::configFactory()->getEditable('system.theme')->set('default', 'olivero')->save(TRUE);
  if (\Drupal::config('system.theme')->get('default') !== 'olivero') {
    throw new \Drupal\Core\Utility\UpdateException('system.theme:default did not keep its new value: it is probably overridden in settings.php ($config).');
  }
  return 'Front theme.';
}
