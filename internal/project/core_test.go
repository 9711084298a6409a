package project

import (
	"strconv"
	"testing"

	"github.com/dcycle/dcycle/internal/phpast"
)

// TestCore checks how a module's core major is settled: DetectCore from the
// project, then Load from the update numbers when nothing else told.
func TestCore(t *testing.T) {
	t.Parallel()
	// A Drupal 8+ module in a composer project; each case adds the files
	// that should decide.
	mod := &Module{
		Name:        "x_deploy",
		Dir:         "web/modules/custom/x_deploy",
		InstallPath: "web/modules/custom/x_deploy/x_deploy.install",
		InfoPath:    "web/modules/custom/x_deploy/x_deploy.info.yml",
		Root:        ".",
		Layout:      LayoutComposerWeb,
	}
	d7 := &Module{
		Name:        "x_deploy",
		Dir:         "sites/all/modules/custom/x_deploy",
		InstallPath: "sites/all/modules/custom/x_deploy/x_deploy.install",
		InfoPath:    "sites/all/modules/custom/x_deploy/x_deploy.info",
		Root:        ".",
		Layout:      LayoutDrupal7,
	}
	lone := &Module{
		Name:        "x_deploy",
		Dir:         "sites/all/modules/custom/x_deploy",
		InstallPath: "sites/all/modules/custom/x_deploy/x_deploy.install",
		Root:        ".",
		Layout:      LayoutDrupal7,
		LoneFile:    true,
	}
	noRoot := &Module{
		Name:        "x_deploy",
		Dir:         "x_deploy",
		InstallPath: "x_deploy/x_deploy.install",
		InfoPath:    "x_deploy/x_deploy.info.yml",
	}
	info := func(requirement string) map[string]string {
		return map[string]string{"web/modules/custom/x_deploy/x_deploy.info.yml": "name: x\ntype: module\n" + requirement}
	}
	json := func(require map[string]string) map[string]string {
		return map[string]string{"composer.json": composerJSON(t, require)}
	}
	lock := func(packages map[string]string) map[string]string {
		return map[string]string{"composer.lock": composerLock(t, packages)}
	}
	tests := []struct {
		name   string
		module *Module
		files  map[string]string
		opts   Options
		cfg    *Config
		update int // the .install holds one update of this number
		want   int
	}{
		{
			name:   "--core wins over everything",
			module: d7,
			files:  merge(lock(map[string]string{"drupal/core": "10.3.6"}), d7Root),
			opts:   Options{Core: 9},
			cfg:    &Config{Core: 10},
			update: 7001,
			want:   9,
		},
		{
			name:   ".dcycle.yml wins over the .info file",
			module: d7,
			cfg:    &Config{Core: 10},
			want:   10,
		},
		{
			name:   "nil module: the config still answers",
			module: nil,
			cfg:    &Config{Core: 11},
			want:   11,
		},
		{
			name:   "nil module and nothing set",
			module: nil,
			want:   0,
		},
		{
			name:   ".info file means Drupal 7 whatever composer says",
			module: d7,
			files:  lock(map[string]string{"drupal/core": "10.3.6"}),
			update: 10001,
			want:   7,
		},
		{
			name:   "lone .install in a Drupal 7 web root",
			module: lone,
			files:  d7Root,
			update: 8001,
			want:   7,
		},
		{
			name:   "Drupal 7 in web/",
			module: &Module{Name: "x_deploy", Dir: "web/sites/all/modules/custom/x_deploy", InstallPath: "web/sites/all/modules/custom/x_deploy/x_deploy.install", Root: ".", Layout: LayoutComposerWeb, LoneFile: true},
			files:  map[string]string{"web/index.php": "", "web/includes/bootstrap.inc": ""},
			want:   7,
		},
		{
			name:   "composer.lock drupal/core wins over composer.json and the info file",
			module: mod,
			files: merge(lock(map[string]string{"drupal/core": "10.3.6"}),
				json(map[string]string{"drupal/core": "^11"}),
				info("core_version_requirement: ^9\n")),
			update: 9001,
			want:   10,
		},
		{
			name:   "composer.lock with a v prefix",
			module: mod,
			files:  lock(map[string]string{"drupal/core": "v9.5.11"}),
			want:   9,
		},
		{
			name:   "composer.lock drupal/core-recommended",
			module: mod,
			files:  lock(map[string]string{"drupal/core-recommended": "11.0.1", "drupal/token": "1.15.0"}),
			want:   11,
		},
		{
			name:   "composer.lock dev branch",
			module: mod,
			files:  lock(map[string]string{"drupal/core": "11.x-dev"}),
			want:   11,
		},
		{
			name:   "composer.lock packages-dev drupal/core-dev",
			module: mod,
			files:  map[string]string{"composer.lock": `{"packages":[{"name":"drupal/token","version":"1.15.0"}],"packages-dev":[{"name":"drupal/core-dev","version":"10.2.0"}]}`},
			want:   10,
		},
		{
			name:   "composer.lock drupal/drupal for composer-managed Drupal 7",
			module: lone,
			files:  lock(map[string]string{"drupal/drupal": "7.101.0"}),
			want:   7,
		},
		{
			name:   "malformed composer.lock falls through to composer.json",
			module: mod,
			files:  merge(map[string]string{"composer.lock": "{"}, json(map[string]string{"drupal/core": "^10.3"})),
			want:   10,
		},
		{
			name:   "composer.json caret",
			module: mod,
			files:  json(map[string]string{"drupal/core-recommended": "^10.3"}),
			want:   10,
		},
		{
			name:   "composer.json tilde",
			module: mod,
			files:  json(map[string]string{"drupal/core": "~10.2.0"}),
			want:   10,
		},
		{
			name:   "composer.json wildcard",
			module: mod,
			files:  json(map[string]string{"drupal/core": "10.2.x"}),
			want:   10,
		},
		{
			name:   "composer.json alternatives: the highest",
			module: mod,
			files:  json(map[string]string{"drupal/core": "^10 || ^11"}),
			want:   11,
		},
		{
			name:   "composer.json range with an exclusive bound",
			module: mod,
			files:  json(map[string]string{"drupal/core": ">=9.5 <11"}),
			want:   10,
		},
		{
			name:   "composer.json drupal/core-dev in require-dev",
			module: mod,
			files:  map[string]string{"composer.json": `{"require":{"drush/drush":"^12"},"require-dev":{"drupal/core-dev":"^10"}}`},
			want:   10,
		},
		{
			name:   "composer.json without a core version falls through to the info file",
			module: mod,
			files: merge(json(map[string]string{"drupal/core": "self.version", "drush/drush": "^13"}),
				info("core_version_requirement: ^9.5 || ^10\n")),
			want: 10,
		},
		{
			name:   "core_version_requirement alternatives",
			module: mod,
			files:  info("core_version_requirement: '^8 || ^9'\n"),
			want:   9,
		},
		{
			name:   "Drupal 8-era core key",
			module: mod,
			files:  info("core: 8.x\n"),
			want:   8,
		},
		{
			name:   "no project root: the info file",
			module: noRoot,
			files:  map[string]string{"x_deploy/x_deploy.info.yml": "core_version_requirement: ^10\n"},
			want:   10,
		},
		{
			name:   "unparsable info file falls through to the update numbers",
			module: mod,
			files:  info("core_version_requirement: [\n"),
			update: 10003,
			want:   10,
		},
		{
			name:   "highest update 8xxx",
			module: mod,
			files:  info(""),
			update: 8002,
			want:   8,
		},
		{
			name:   "highest update 11xxx",
			module: mod,
			update: 11001,
			want:   11,
		},
		{
			name:   "no updates",
			module: mod,
			update: 0,
			want:   0,
		},
		{
			name:   "update number below any core",
			module: mod,
			update: 6001,
			want:   0,
		},
		{
			name:   "nothing at all",
			module: mod,
			want:   0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			files := merge(tt.files)
			if tt.update > 0 {
				files[tt.module.InstallPath] = "<?php\nfunction x_deploy_update_" + strconv.Itoa(tt.update) + "() {\n}\n"
			}
			m := placed(writeTree(t, files), tt.module)
			got := DetectCore(m, tt.opts, tt.cfg)
			if m != nil {
				m.Core = got
				pm, broken, err := m.Load(phpast.Options{})
				if err != nil || len(broken) > 0 {
					t.Fatalf("Load: %v %v", err, broken)
				}
				if tt.update > 0 && pm.HighestUpdate() != tt.update {
					t.Fatalf("Load read highest update %d, want %d", pm.HighestUpdate(), tt.update)
				}
				got = pm.Core
			}
			if got != tt.want {
				t.Errorf("core = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestConstraintMajor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		constraint string
		want       int
	}{
		{"^10.3", 10},
		{"~10.2.0", 10},
		{"10.2.x", 10},
		{"10.*", 10},
		{"10.3.6", 10},
		{"v10.3.6", 10},
		{"^10 || ^11", 11},
		{"^9.5|^10", 10},
		{"^8.8 || ^9 || ^10.1", 10},
		{">=9.5 <11", 10},
		{">=9.5, <11.0.0", 10},
		{">=10.1 <10.3", 10},
		{">=10 <=11.1", 11},
		{"10.1 - 10.3", 10},
		{"^10@dev", 10},
		{"!=11.0.0 ^10", 10},
		{"11.x-dev", 11},
		{"dev-11.x", 11},
		{"*", 0},
		{"self.version", 0},
		{"dev-main", 0},
		{"", 0},
	}
	for _, tt := range tests {
		t.Run(tt.constraint, func(t *testing.T) {
			t.Parallel()
			if got := constraintMajor(tt.constraint); got != tt.want {
				t.Errorf("constraintMajor(%q) = %d, want %d", tt.constraint, got, tt.want)
			}
		})
	}
}
