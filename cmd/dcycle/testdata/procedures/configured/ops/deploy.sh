#!/bin/bash
# Written by hand before the team adopted dcycle procedure.
set -euo pipefail
cd /var/www/shop/current
vendor/bin/drush state:set system.maintenance_mode 1 --input-format=integer
vendor/bin/drush updatedb -y
vendor/bin/drush state:set system.maintenance_mode 0 --input-format=integer
vendor/bin/drush config:import -y
