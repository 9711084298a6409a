#!/bin/bash
# The seed's incremental deployment procedure, once the code is fetched.
# dcycle-test: core=7
set -euo pipefail
cd /var/www/example
drush rr
drush vset maintenance_mode 1
drush updb -y
drush cc all
drush cron
drush vset maintenance_mode 0
