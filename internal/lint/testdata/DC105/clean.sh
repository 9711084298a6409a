#!/bin/bash
# dcycle-test: core=7
set -euo pipefail
cd /var/www/example
drush vset maintenance_mode 1
drush updb -y
drush cc all
drush cron
drush vset maintenance_mode 0
