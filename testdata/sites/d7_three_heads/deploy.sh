#!/bin/bash
# The seed's answer, scripted: copy the package to every web server and
# install it there, then run the database steps on one of them.
package=drupal-site-yoursitehere.2011.05.25-1.all.deb
for server in web1 web2 web3; do
  scp "$package" "$server:/srv/packages/"
  ssh "$server" "sudo dpkg -i /srv/packages/$package"
done
ssh web1 "cd /path/to/drupal-root && sudo -u drupal-site-yoursitehere drush updb && drush fra -y && drush cron"
