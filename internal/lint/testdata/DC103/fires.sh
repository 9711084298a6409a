#!/bin/bash
# dcycle-test: core=7
cd /var/www/example
drush rr # want DC103 "the script goes on after a failing command \\(no set -e before its first step, drush rr\\): add set -euo pipefail"
drush vset maintenance_mode 1
drush updb -y || true # want DC103 "a failure of drush updb -y is lost: \\|\\| true"
drush cc all | tee -a deploy.log # want DC103 "a failure of drush cc all is lost: \\| tee without set -o pipefail"
drush cron
drush vset maintenance_mode 0
