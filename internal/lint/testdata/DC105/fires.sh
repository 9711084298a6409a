#!/bin/bash
# Drupal 7 guessed from vset.
set -euo pipefail
cd /var/www/example
drush vset maintenance_mode 1
drush updb -y # want DC105 "drush updb is not followed by drush cc all"
drush cron
drush vset maintenance_mode 0
