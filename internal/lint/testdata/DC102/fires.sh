#!/bin/bash
# Maintenance mode off before cron, the last database step.
# dcycle-test: core=7
set -euo pipefail
cd /var/www/example
drush rr
drush vset maintenance_mode 1
drush updb -y
drush cc all
drush vset maintenance_mode 0 # want DC102 "maintenance mode is turned off before drush cron \\(line 11\\), the last database step"
drush cron
