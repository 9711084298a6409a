#!/bin/bash
# Drupal 10: updatedb rebuilds the caches itself.
# dcycle-test: core=10
set -euo pipefail
cd /var/www/current
drush state:set system.maintenance_mode 1 --input-format=integer
drush updb -y
drush cron
drush state:set system.maintenance_mode 0 --input-format=integer
