package procedure

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// summary renders the steps of a procedure that are not plain commands,
// one line each: position, what the step is, where it runs, as whom, and
// how its failure is lost.
func summary(p *Procedure) []string {
	out := []string{}
	for _, s := range p.Steps {
		if s.Kind == KindCommand {
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%d:%d %s", s.Span.Start.Line, s.Span.Start.Col, kindName(s))
		fmt.Fprintf(&b, " %s", s.Scope)
		if s.Host != "" {
			fmt.Fprintf(&b, " on %s", s.Host)
		}
		if s.RunAs != "" {
			fmt.Fprintf(&b, " as %s", s.RunAs)
		}
		if s.OnFailure {
			b.WriteString(" on failure")
		}
		if s.Failure.Lost != "" {
			fmt.Fprintf(&b, " lost(%s)", s.Failure.Lost)
		}
		out = append(out, b.String())
	}
	return out
}

func kindName(s *Step) string {
	switch s.Kind {
	case KindDrush:
		yes := ""
		if s.Drush.Yes {
			yes = " -y"
		}
		return "drush " + s.Drush.Command + strings.Join(append([]string{""}, s.Drush.Args...), " ") + yes
	case KindMaintenanceOn:
		return "maintenance on"
	case KindMaintenanceOff:
		return "maintenance off"
	case KindSwitch:
		return fmt.Sprintf("switch %s %s", [...]string{"atomic", "force-link", "remove-then-link", "move-into-dir", "in-place"}[s.Switch.How], s.Switch.Link)
	case KindReset:
		if s.Reset.ReachesFPM {
			return "reset fpm"
		}
		return "reset cli"
	}
	return "command"
}

func checkSummary(t *testing.T, p *Procedure, want []string) {
	t.Helper()
	if diff := cmp.Diff(want, summary(p)); diff != "" {
		t.Errorf("steps (-want +got):\n%s", diff)
	}
}

func TestDetect(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		path string
		src  string
		want Format
	}{
		{"deploy.sh", "", Bash},
		{"scripts/deploy.bash", "", Bash},
		{"deploy.yml", "", Ansible},
		{"playbooks/deploy.YAML", "", Ansible},
		{"deploy", "#!/usr/bin/env bash\nset -e\n", Bash},
		{"deploy", "#!/bin/sh -e\n", Bash},
		{"deploy", "#!/usr/bin/php\n", 0},
		{"shop_deploy.info.yml", "", 0},
		{".dcycle.yml", "", 0},
		{"shop.services.yml", "", 0},
		{"shop_deploy.install", "", 0},
	} {
		got, ok := Detect(tc.path, []byte(tc.src))
		if got != tc.want || ok != (tc.want != 0) {
			t.Errorf("Detect(%q) = %v, %v; want %v", tc.path, got, ok, tc.want)
		}
	}
}

func TestDrushCommands(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		src  string
		want []string
	}{
		{"drush updb", []string{"1:1 drush updatedb once"}},
		{"drush -y updb", []string{"1:1 drush updatedb -y once"}},
		{"drush @prod -r /var/www updatedb --yes", []string{"1:1 drush updatedb -y once"}},
		{"vendor/bin/drush cim --no-interaction", []string{"1:1 drush config:import -y once"}},
		{"php ../vendor/bin/drush.php deploy -y", []string{"1:1 drush deploy -y once"}},
		{`"$DRUSH" fra -y`, []string{"1:1 drush features:revert-all -y once"}},
		{"yes | drush updb", []string{"1:7 drush updatedb -y once"}},
		{"drush cc all", []string{"1:1 drush cache:clear all once"}},
		{"drush vset maintenance_mode 1", []string{"1:1 maintenance on once"}},
		{"drush variable-set site_offline 0", []string{"1:1 maintenance off once"}},
		{"drush sset system.maintenance_mode 1 --input-format=integer", []string{"1:1 maintenance on once"}},
		{"drush state:set system.maintenance_mode FALSE", []string{"1:1 maintenance off once"}},
		{"drush maint:set 1", []string{"1:1 maintenance on once"}},
		{"drush vset preprocess_js 1", []string{"1:1 drush variable:set preprocess_js 1 once"}},
		{"drush", nil},
	} {
		p, err := ParseBash("deploy.sh", []byte(tc.src+"\n"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := tc.want
		if want == nil {
			want = []string{}
		}
		if diff := cmp.Diff(want, summary(p)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.src, diff)
		}
	}
}

func TestResets(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		src  string
		want string // "" when the command is no reset
	}{
		{"sudo systemctl reload php8.2-fpm", "reset fpm"},
		{"systemctl --no-block restart php-fpm.service", "reset fpm"},
		{"systemctl reload nginx", ""},
		{"service php7.4-fpm reload", "reset fpm"},
		{"service apache2 graceful", "reset fpm"},
		{"/etc/init.d/php8.1-fpm restart", "reset fpm"},
		{"apache2ctl graceful", "reset fpm"},
		{"kill -USR2 $(cat /run/php/php8.2-fpm.pid)", "reset fpm"},
		{"pkill -USR2 php-fpm", "reset fpm"},
		{"cachetool opcache:reset --fcgi=/run/php/php8.2-fpm.sock", "reset fpm"},
		{"cachetool opcache:reset --cli", "reset cli"},
		{"php -r 'opcache_reset();'", "reset cli"},
		{`drush php:eval "opcache_reset();"`, "reset cli"},
		{"curl -fsS https://example.com/opcache-reset.php", "reset fpm"},
	} {
		p, err := ParseBash("deploy.sh", []byte(tc.src+"\n"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if s := p.Steps[len(p.Steps)-1]; s.Reset != nil {
			got = kindName(s)
		}
		if got != tc.want {
			t.Errorf("%s: %q, want %q", tc.src, got, tc.want)
		}
	}
}

func TestSwitches(t *testing.T) {
	t.Parallel()
	src := `set -e
ln -sfn releases/41 current
rm -f current
ln -s releases/42 current
ln -sfn "releases/$id" .current.next
mv -T .current.next current
ln -s releases/43 next
mv next current
ln -sfn ../shared/files "releases/$id/sites/default/files"
sudo dpkg -i site.deb
git pull --ff-only
git -C "releases/$id" checkout "$sha"
apt-get install -y ./site_1.2_all.deb
`
	p, err := ParseBash("deploy.sh", []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkSummary(t, p, []string{
		"2:1 switch force-link current once",
		"4:1 switch remove-then-link current once",
		"6:1 switch atomic current once",
		"8:1 switch move-into-dir current once",
		"10:6 switch in-place site.deb once as root",
		"11:1 switch in-place the working tree once",
		"13:1 switch in-place ./site_1.2_all.deb once",
	})
	for _, s := range p.Steps {
		if s.Switch != nil && s.Switch.How == SwitchRemoveThenLink && s.Switch.Removed.Start.Line != 3 {
			t.Errorf("the removal of current is on line %d, want 3", s.Switch.Removed.Start.Line)
		}
	}
}

func fmtPos(p Pos) string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }
