#!/bin/bash
# dcycle-test: core=10
set -euo pipefail
cd /var/www/current
drush state:set system.maintenance_mode 1 --input-format=integer
drush -y updatedb
yes | drush config:import
drush deploy:hook --yes
drush state:set system.maintenance_mode 0 --input-format=integer
