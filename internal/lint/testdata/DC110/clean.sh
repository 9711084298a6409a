#!/bin/bash
# dcycle-test: core=7
set -euo pipefail
cd /path/to/drupal-root
sudo -u drupal-site drush vset maintenance_mode 1
sudo -u drupal-site sh -c 'drush updb -y && drush cc all && drush cron'
sudo -u drupal-site drush vset maintenance_mode 0
