#!/bin/bash
set -e
if [ -d /var/www/current ]; then
  drush updb -y
