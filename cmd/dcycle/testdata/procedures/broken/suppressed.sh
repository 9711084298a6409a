#!/bin/bash
set -euo pipefail
cd /var/www/current
drush state:set system.maintenance_mode 1 --input-format=integer
# dcycle-ignore DC109 -- the site alias sets yes: true for every command
drush updb
drush cim # dcycle-ignore DC109
drush deploy:hook -y
drush state:set system.maintenance_mode 0 --input-format=integer
