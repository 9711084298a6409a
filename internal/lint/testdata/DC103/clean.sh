#!/bin/bash
# dcycle-test: core=7
set -euo pipefail
cd /var/www/example
drush rr
drush vset maintenance_mode 1
drush updb -y | tee -a deploy.log
if ! drush cc all; then
  echo "cache clear failed" >&2
  exit 1
fi
drush cron || { echo "cron failed" >&2; exit 1; }
drush vset maintenance_mode 0
