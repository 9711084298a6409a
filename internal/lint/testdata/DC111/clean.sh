#!/bin/bash
# dcycle-test: core=10 deploy_hooks=shop_deploy.deploy.php
set -euo pipefail
cd /var/www/current
drush state:set system.maintenance_mode 1 --input-format=integer
drush deploy -y
drush state:set system.maintenance_mode 0 --input-format=integer
