#!/bin/bash
# dcycle-test: core=7
set -euo pipefail
ssh web1 "drush -r /var/www/current vset maintenance_mode 1"
ssh web1 "cd /var/www/current && drush updb -y && drush cc all"
for head in web1 web2; do
  # dcycle-ignore DC101 -- each head keeps its own search index, rebuilt by cron
  ssh "$head" "drush -r /var/www/current cron"
done
ssh web1 "drush -r /var/www/current vset maintenance_mode 0"
