#!/bin/bash
# The seed's answer, on one web server.
# dcycle-test: core=7
set -euo pipefail
cd /path/to/drupal-root
sudo -u drupal-site drush vset maintenance_mode 1
sudo -u drupal-site drush updb -y && drush cc all && drush cron # want DC103 "a failure of drush updb -y is lost: left of &&" want DC110 "drush cc all runs as the user running the procedure, not as drupal-site: sudo -u covers only drush updb -y"
sudo -u drupal-site drush vset maintenance_mode 0
