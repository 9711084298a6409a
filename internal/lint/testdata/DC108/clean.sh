#!/bin/bash
# dcycle-test: core=10
set -euo pipefail
release=$1
drush -r /var/www/current state:set system.maintenance_mode 1 --input-format=integer
ln -sfn "/var/www/releases/$release" /var/www/.current.next
mv -T /var/www/.current.next /var/www/current
sudo systemctl reload php8.2-fpm
drush -r /var/www/current deploy -y
drush -r /var/www/current state:set system.maintenance_mode 0 --input-format=integer
