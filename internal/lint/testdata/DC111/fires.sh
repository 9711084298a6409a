#!/bin/bash
# dcycle-test: core=10 deploy_hooks=shop_deploy.deploy.php
set -euo pipefail
cd /var/www/current
drush state:set system.maintenance_mode 1 --input-format=integer
drush updb -y # want DC111 "the deploy module has shop_deploy.deploy.php, but the procedure never runs drush deploy or drush deploy:hook"
drush cim -y
drush cr
drush state:set system.maintenance_mode 0 --input-format=integer
