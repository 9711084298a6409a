package procedure

import (
	"errors"
	"testing"
)

func TestBashSteps(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"ssh string, positions inside it", `ssh web1 "cd /srv/site && sudo -u www-data drush updb && drush cron"
`, []string{
			"1:44 drush updatedb once on web1 as www-data",
			"1:58 drush core:cron once on web1",
		}},
		{"loop over the hosts", `for h in web1 web2; do
  ssh "deploy@$h" 'drush cr'
done
while read -r host; do ssh -p 2222 -o BatchMode=yes "$host" drush cron; done < hosts
for i in 1 2; do ssh web1 "drush cron"; done
`, []string{
			"2:20 drush cache:rebuild on every head as deploy",
			"4:61 drush core:cron on every head",
			"5:28 drush core:cron once on web1",
		}},
		{"here-document to ssh", "ssh web1 bash -s <<'END'\nset -e\ndrush updb -y\ndrush cc all\nEND\n", []string{
			"3:1 drush updatedb -y once on web1",
			"4:1 drush cache:clear all once on web1",
		}},
		{"parallel ssh", `pssh -h heads.txt -i "sudo systemctl reload php8.2-fpm"
`, []string{
			"1:28 reset fpm on every head as root",
		}},
		{"bash -c and su -c", `bash -ec 'drush updb -y; drush cc all'
su - www-data -s /bin/bash -c "drush cron"
`, []string{
			"1:11 drush updatedb -y once",
			"1:26 drush cache:clear all once",
			"2:32 drush core:cron once as www-data",
		}},
		{"functions, their arguments and the drush wrapper", `drush() { (cd /srv/site && command drush "$@"); }
run() { echo "+ $*"; "$@"; }
on_heads() { for h in web1 web2; do ssh "$h" "$@"; done; }
run drush updb -y
on_heads sudo systemctl reload php8.2-fpm
`, []string{
			"4:5 drush updatedb -y once",
			"5:15 reset fpm on every head as root",
		}},
		{"eval of a constant", `readonly reload='sudo systemctl reload php8.2-fpm'
reset_php() { eval "$reload"; }
reset_php
`, []string{
			"1:23 reset fpm once as root",
		}},
		{"trap handlers and || branches run on failure", `set -e
rollback() { drush vset maintenance_mode 0; }
trap rollback ERR
drush vset maintenance_mode 1
drush updb -y || { rollback; exit 1; }
`, []string{
			"2:14 maintenance off once on failure",
			"4:1 maintenance on once",
			"5:1 drush updatedb -y once",
			"2:14 maintenance off once on failure",
		}},
		{"failures lost", `set -e
drush updb -y || true
drush cc all | tee -a deploy.log
drush rr && drush cron
drush vset maintenance_mode 1; drush cron
set +e
drush cr
set -e
drush cim -y && drush deploy:hook -y
`, []string{
			"2:1 drush updatedb -y once lost(|| true)",
			"3:1 drush cache:clear all once lost(| tee without set -o pipefail)",
			"4:1 drush registry:rebuild once lost(left of && in a list that is not the last command: set -e ignores the failure)",
			"4:13 drush core:cron once",
			"5:1 maintenance on once",
			"5:32 drush core:cron once",
			"7:1 drush cache:rebuild once lost(after set +e)",
			"9:1 drush config:import -y once",
			"9:17 drush deploy:hook -y once",
		}},
		{"pipefail and the remote shell", `set -eo pipefail
drush updb -y | tee -a deploy.log
ssh web1 "drush updb -y; drush cc all"
ssh web1 "set -e; drush updb -y; drush cc all"
`, []string{
			"2:1 drush updatedb -y once",
			"3:11 drush updatedb -y once on web1 lost(not the last command of ssh web1, whose shell goes on after a failure (no set -e there))",
			"3:26 drush cache:clear all once on web1",
			"4:19 drush updatedb -y once on web1",
			"4:34 drush cache:clear all once on web1",
		}},
		{"a lost ssh loses its commands", `set -e
ssh web1 "drush cron" || true
`, []string{
			"2:11 drush core:cron once on web1 lost(|| true)",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, err := ParseBash("deploy.sh", []byte(tc.src), Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkSummary(t, p, tc.want)
		})
	}
}

func TestBashErrexit(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		src  string
		want bool
	}{
		{"drush updb -y\n", false},
		{"set -e\ndrush updb -y\n", true},
		{"set -euo pipefail\ndrush updb -y\n", true},
		{"set -o errexit\ndrush updb -y\n", true},
		{"#!/bin/bash -e\ndrush updb -y\n", true},
		{"#!/usr/bin/env bash\ndrush updb -y\n", false},
		{"drush updb -y\nset -e\n", false},
		{"main() { set -e; drush updb -y; }\nmain\n", true},
	} {
		p, err := ParseBash("deploy.sh", []byte(tc.src), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if p.Errexit != tc.want {
			t.Errorf("%q: Errexit %v, want %v", tc.src, p.Errexit, tc.want)
		}
	}
}

func TestBashCore(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		src     string
		opts    Options
		core    int
		guessed bool
	}{
		{"drush updb -y\n", Options{}, 0, false},
		{"drush updb -y\ndrush cc all\n", Options{}, 7, true},
		{"drush rr\n", Options{}, 7, true},
		{"drush deploy -y\n", Options{}, 8, true},
		{"drush cim -y\n", Options{Core: 10}, 10, false},
	} {
		p, err := ParseBash("deploy.sh", []byte(tc.src), tc.opts)
		if err != nil {
			t.Fatal(err)
		}
		if p.Core != tc.core || p.CoreGuessed != tc.guessed {
			t.Errorf("%q: core %d guessed %v, want %d %v", tc.src, p.Core, p.CoreGuessed, tc.core, tc.guessed)
		}
	}
}

func TestBashComments(t *testing.T) {
	t.Parallel()
	p, err := ParseBash("deploy.sh", []byte("#!/bin/bash\n  # dcycle-ignore DC109 -- why\ndrush updb # trailing\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range p.Comments {
		got = append(got, fmtPos(c.Pos)+" "+c.Text)
	}
	want := []string{"1:2 !/bin/bash", "2:4  dcycle-ignore DC109 -- why", "3:13  trailing"}
	if len(got) != len(want) {
		t.Fatalf("comments %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("comment %d: %q, want %q", i, got[i], want[i])
		}
	}
}

func TestBashSyntaxError(t *testing.T) {
	t.Parallel()
	_, err := ParseBash("deploy.sh", []byte("set -e\nif true; then\n  drush cron\n"), Options{})
	var serr *SyntaxError
	if !errors.As(err, &serr) {
		t.Fatalf("error %v, want a *SyntaxError", err)
	}
	if serr.Error() != "deploy.sh:2:1: `if` statement must end with `fi`" {
		t.Errorf("error %q", serr.Error())
	}
}
