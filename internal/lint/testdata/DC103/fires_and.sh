#!/bin/bash
# dcycle-test: core=7
set -eu
cd /var/www/example
drush rr && drush vset maintenance_mode 1 # want DC103 "a failure of drush rr is lost: left of && in a list that is not the last command: set -e ignores the failure"
drush updb -y
drush cc all
ssh web1 "drush -r /var/www/current cron; drush -r /var/www/current vset maintenance_mode 0" # want DC103 "a failure of drush -r /var/www/current cron is lost: not the last command of ssh web1"
