#!/bin/bash
# dcycle-test: core=10
set -euo pipefail
cd /var/www/current
drush state:set system.maintenance_mode 1 --input-format=integer
drush cim -y # want DC104 "drush cim runs before drush updb \\(line 7\\)"
drush updb -y
drush cr
drush deploy:hook -y
drush state:set system.maintenance_mode 0 --input-format=integer
