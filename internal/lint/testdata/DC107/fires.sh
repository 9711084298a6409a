#!/bin/bash
# dcycle-test: core=10
set -euo pipefail
release=$1
drush -r /var/www/current state:set system.maintenance_mode 1 --input-format=integer
ln -sfn "/var/www/releases/$release" /var/www/current # want DC107 "ln -sfn replaces the live link /var/www/current in two steps"
rm /var/www/current
ln -s "/var/www/releases/$release" /var/www/current # want DC107 "/var/www/current is removed \\(line 7\\) and then linked again"
ln -s "/var/www/releases/$release" /var/www/next
mv /var/www/next /var/www/current # want DC107 "mv without -T moves the new link into the folder /var/www/current points to"
sudo systemctl reload php8.2-fpm
drush -r /var/www/current deploy -y
drush -r /var/www/current state:set system.maintenance_mode 0 --input-format=integer
