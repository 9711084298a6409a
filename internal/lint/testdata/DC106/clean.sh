#!/bin/bash
# Maintenance mode goes on while the old release is live, so before the
# switch; drush rr runs first on the new code.
# dcycle-test: core=7
set -euo pipefail
cd /var/www
drush -r /var/www/current sql-dump --result-file=/var/backups/before.sql
drush -r /var/www/current vset maintenance_mode 1
ln -sfn /var/www/releases/42 /var/www/.current.next
mv -T /var/www/.current.next /var/www/current
sudo systemctl reload php7.4-fpm
drush -r /var/www/current rr
drush -r /var/www/current updb -y
drush -r /var/www/current cc all
drush -r /var/www/current cron
drush -r /var/www/current vset maintenance_mode 0
