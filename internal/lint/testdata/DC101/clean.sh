#!/bin/bash
# Files on every head, the database steps once, from web1.
# dcycle-test: core=7
set -euo pipefail
release=$1
for head in web1 web2 web3; do
  ssh "$head" "mkdir -p /var/www/releases/$release && tar -xzf /srv/packages/$release.tgz -C /var/www/releases/$release"
done
ssh web1 "drush -r /var/www/current vset maintenance_mode 1"
for head in web1 web2 web3; do
  ssh "$head" "ln -sfn /var/www/releases/$release /var/www/.current.next && mv -T /var/www/.current.next /var/www/current && sudo systemctl reload php8.2-fpm"
done
ssh web1 "cd /var/www/current && drush updb -y && drush cc all && drush cron"
ssh web1 "drush -r /var/www/current vset maintenance_mode 0"
