#!/bin/bash
# dcycle-test: core=7
set -euo pipefail
cd /var/www/example
drush sql-dump --result-file=/var/backups/before.sql
git pull # want DC107 "git pull replaces the live code's files in place" want DC108 "no PHP reset follows the switch"
drush vset maintenance_mode 1 # want DC106 "drush vset loads Drupal on the new code before drush rr \\(line 8\\)"
drush rr
drush updb -y
drush cc all
drush cron
drush vset maintenance_mode 0
