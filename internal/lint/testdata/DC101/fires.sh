#!/bin/bash
# Every head runs the database updates: the loop runs them three times.
# dcycle-test: core=7
set -euo pipefail
release=$1
for head in web1 web2 web3; do
  ssh "$head" "mkdir -p /var/www/releases/$release && tar -xzf /srv/packages/$release.tgz -C /var/www/releases/$release"
done
ssh web1 "drush -r /var/www/current vset maintenance_mode 1"
for head in web1 web2 web3; do
  ssh "$head" "ln -sfn /var/www/releases/$release /var/www/.current.next && mv -T /var/www/.current.next /var/www/current && sudo systemctl reload php8.2-fpm"
  ssh "$head" "cd /var/www/current && drush updb -y" # want DC101 "drush updb runs on every head \\(ssh in a loop over the hosts\\)"
done
ssh web1 "drush -r /var/www/current cc all"
ssh web1 "drush -r /var/www/current cron"
ssh web2 "drush -r /var/www/current cron" # want DC101 "drush cron runs on web2 after it ran on web1 \\(line 15\\)"
ssh web1 "drush -r /var/www/current vset maintenance_mode 0"
