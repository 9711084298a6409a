<?php

/**
 * @file
 * Post-updates: run by drush updb after the updates.
 */

/**
 * #31: Give every article a summary, 100 at a time.
 */
function shop_deploy_post_update_10001_article_summaries(array &$sandbox): string {
  $storage = \Drupal::entityTypeManager()->getStorage('node');
  $sandbox['ids'] ??= array_values($storage->getQuery()->accessCheck(FALSE)->condition('type', 'article')->execute());
  $sandbox['total'] ??= count($sandbox['ids']);
  foreach ($storage->loadMultiple(array_splice($sandbox['ids'], 0, 100)) as $node) {
    $node->set('body', ['summary' => 'Read on.'] + $node->get('body')->getValue()[0])->save();
  }
  $sandbox['finished'] = empty($sandbox['ids']) ? 1 : 1 - count($sandbox['ids']) / $sandbox['total']; // want DC023 "calls shop_deploy_post_update_10001_article_summaries once"
  return 'Summaries written.';
}
