#!/bin/bash
# dcycle-test: core=10
set -euo pipefail
cd /var/www/current
drush state:set system.maintenance_mode 1 --input-format=integer
drush updatedb # want DC109 "drush updatedb asks for a confirmation nobody gives: add -y"
drush config:import # want DC109 "drush config:import asks"
drush deploy:hook -y
drush state:set system.maintenance_mode 0 --input-format=integer
