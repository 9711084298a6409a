#!/bin/bash
# No maintenance window at all.
# dcycle-test: core=7
set -euo pipefail
cd /var/www/example
drush updb -y # want DC102 "drush updb runs while the site is not in maintenance mode"
drush cc all
drush cron
