package procedure

import (
	"errors"
	"testing"
)

func TestAnsibleSteps(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"scopes", `- hosts: web
  tasks:
    - command: drush -r /srv/site cron
    - command: drush -r /srv/site updb -y
      run_once: true
    - command: drush -r /srv/site cr
      when: inventory_hostname == groups['web'][0]
- hosts: web
  serial: 1
  tasks:
    - command: drush -r /srv/site updb -y
      run_once: true
- hosts: web[0]
  tasks:
    - command: drush -r /srv/site cim -y
`, []string{
			"3:16 drush core:cron on every head",
			"4:16 drush updatedb -y once",
			"6:16 drush cache:rebuild once",
			"11:16 drush updatedb -y once per serial batch",
			"15:16 drush config:import -y once",
		}},
		{"modules, become and handlers", `- hosts: web
  become: true
  become_user: www-data
  tasks:
    - name: Switch
      ansible.builtin.file:
        src: /srv/site/releases/42
        dest: /srv/site/current
        state: link
      notify: reload php
    - name: Staging link, not a switch
      file: src=/srv/site/shared/files dest=/srv/site/releases/42/files state=link
    - meta: flush_handlers
    - ansible.builtin.shell: |
        drush -r /srv/site/current updb -y
        drush -r /srv/site/current cc all
      run_once: true
    - apt:
        deb: /srv/packages/site.deb
  handlers:
    - name: reload php
      ansible.builtin.systemd:
        name: php8.2-fpm
        state: reloaded
`, []string{
			"6:7 switch atomic /srv/site/current on every head as www-data",
			"22:7 reset fpm on every head as www-data",
			"15:9 drush updatedb -y once as www-data lost(not the last command of the shell task, whose shell goes on after a failure (no set -e there))",
			"16:9 drush cache:clear all once as www-data",
			"18:7 switch in-place /srv/packages/site.deb on every head as www-data",
		}},
		{"failures", `- hosts: web
  any_errors_fatal: true
  vars:
    drush: vendor/bin/drush
  tasks:
    - shell: '{{ drush }} updb -y'
      ignore_errors: yes
    - shell: "{{ drush }} cim -y"
      failed_when: false
    - block:
        - command: "{{ drush }} deploy:hook -y"
      rescue:
        - debug: msg=failed
    - block:
        - command: "{{ drush }} cron"
      rescue:
        - command: "{{ drush }} state:set system.maintenance_mode 0"
        - fail: msg=stopped
`, []string{
			"6:15 drush updatedb -y on every head lost(ignore_errors: yes)",
			"8:15 drush config:import -y on every head lost(failed_when: false)",
			"11:21 drush deploy:hook -y on every head lost(a rescue that does not end in fail, so the play goes on)",
			"15:21 drush core:cron on every head",
			"17:21 maintenance off on every head on failure",
		}},
		{"a rescue that records a failure for a barrier", `- hosts: web
  any_errors_fatal: true
  tasks:
    - block:
        - command: drush -r /srv/site cron
      rescue:
        - set_fact:
            failed_here: true
    - assert:
        that: ansible_play_hosts_all | map('extract', hostvars) | selectattr('failed_here', 'defined') | list | length == 0
      run_once: true
`, []string{
			"5:20 drush core:cron on every head",
		}},
		{"delegation", `- hosts: web
  tasks:
    - command: drush -r /srv/site updb -y
      delegate_to: admin1
      run_once: true
    - command: drush -r /srv/site cron
      delegate_to: admin1
    - local_action: command curl -fsS http://localhost/opcache-reset.php
`, []string{
			"3:16 drush updatedb -y once on admin1",
			"6:16 drush core:cron on every head on admin1",
			"8:29 reset fpm on every head on localhost",
		}},
		{"argv, action and free-form parameters", `- hosts: web
  tasks:
    - command:
        argv: [drush, -r, /srv/site, updb, -y]
    - action: shell drush -r /srv/site cc all
    - shell: drush cron chdir=/srv/site
`, []string{
			"4:16 drush updatedb -y on every head",
			"5:21 drush cache:clear all on every head",
			"6:14 drush core:cron on every head",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, err := ParseAnsible("deploy.yml", []byte(tc.src), Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkSummary(t, p, tc.want)
		})
	}
}

func TestAnsiblePlays(t *testing.T) {
	t.Parallel()
	p, err := ParseAnsible("deploy.yml", []byte(`- name: Deploy
  hosts: web
  serial: 50%
  tasks: []
- hosts: localhost
  max_fail_percentage: 0
- import_playbook: other.yml
`), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Plays) != 2 {
		t.Fatalf("%d plays, want 2", len(p.Plays))
	}
	a, b := p.Plays[0], p.Plays[1]
	if a.Name != "Deploy" || a.Hosts != "web" || a.Serial != "50%" || a.AnyErrorsFatal || a.OneHost || a.Span.Start.Line != 2 {
		t.Errorf("first play %+v", a)
	}
	if !b.AnyErrorsFatal || !b.OneHost {
		t.Errorf("second play %+v", b)
	}
	if a.String() != `play "Deploy"` || b.String() != "the play on localhost" {
		t.Errorf("plays read %q and %q", a, b)
	}
}

func TestAnsibleComments(t *testing.T) {
	t.Parallel()
	p, err := ParseAnsible("deploy.yml", []byte(`# a playbook
- hosts: web
  tasks:
    # dcycle-ignore DC101 -- cron is idempotent here
    - name: Cron
      command: drush cron
      ignore_errors: true  # dcycle-ignore DC103 -- cron may fail
`), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range p.Comments {
		s := fmtPos(c.Pos) + c.Text
		if c.Task != (Span{}) {
			s += " task " + fmtPos(c.Task.Start) + "-" + fmtPos(c.Task.End)
		}
		got = append(got, s)
	}
	want := []string{
		"1:2 a playbook",
		"4:6 dcycle-ignore DC101 -- cron is idempotent here task 5:7-7:66",
		"7:29 dcycle-ignore DC103 -- cron may fail",
	}
	if len(got) != len(want) {
		t.Fatalf("comments %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("comment %d: %q, want %q", i, got[i], want[i])
		}
	}
}

func TestAnsibleErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		src, want string
	}{
		{"hosts: web\ntasks: []\n", "deploy.yml:1:1: not an Ansible playbook: a playbook is a list of plays"},
		{"- web\n", "deploy.yml:1:3: not an Ansible playbook: a play is a mapping"},
		{"- hosts: web\n  tasks: [\n", "deploy.yml:2:1: did not find expected node content"},
	} {
		_, err := ParseAnsible("deploy.yml", []byte(tc.src), Options{})
		var serr *SyntaxError
		if !errors.As(err, &serr) {
			t.Errorf("%q: error %v, want a *SyntaxError", tc.src, err)
			continue
		}
		if serr.Error() != tc.want {
			t.Errorf("%q: error %q, want %q", tc.src, serr.Error(), tc.want)
		}
	}
	p, err := ParseAnsible("deploy.yml", nil, Options{})
	if err != nil || len(p.Steps) != 0 {
		t.Errorf("an empty playbook: %v, %d steps", err, len(p.Steps))
	}
}
