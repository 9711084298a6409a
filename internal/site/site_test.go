package site

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dcycle/dcycle/internal/gittest"
	"github.com/dcycle/dcycle/internal/phptest"
)

// tree writes files (slash paths, each holding its own path) below a new
// temporary folder and returns it.
func tree(t *testing.T, files ...string) string {
	t.Helper()
	root := t.TempDir()
	for _, f := range files {
		gittest.Write(t, root, f, f)
	}
	return root
}

func TestFindCodebase(t *testing.T) {
	t.Parallel()
	d7 := tree(t, "index.php", "includes/bootstrap.inc", "sites/all/modules/custom/acme_deploy/acme_deploy.install")
	d10 := tree(t, "composer.json", "vendor/autoload.php", "vendor/bin/drush", "web/core/lib/Drupal.php", "web/modules/custom/acme_deploy/acme_deploy.install")
	legacy := tree(t, "core/lib/Drupal.php", "vendor/autoload.php", "modules/custom/acme_deploy/acme_deploy.install")
	noVendor := tree(t, "web/core/lib/Drupal.php", "web/modules/custom/acme_deploy/acme_deploy.install")
	tests := []struct {
		name, module string
		core         int
		want         Codebase
		wantErr      string
	}{
		{name: "drupal 7 root", module: filepath.Join(d7, "sites/all/modules/custom/acme_deploy"), core: 7,
			want: Codebase{Core: 7, Root: d7, Module: "sites/all/modules/custom/acme_deploy", ModuleName: "acme_deploy"}},
		{name: "composer project with web/", module: filepath.Join(d10, "web/modules/custom/acme_deploy"), core: 10,
			want: Codebase{Core: 10, Root: d10, DocRoot: "web", Drush: "vendor/bin/drush", Module: "web/modules/custom/acme_deploy", ModuleName: "acme_deploy"}},
		{name: "vendor inside the docroot, no drush", module: filepath.Join(legacy, "modules/custom/acme_deploy"), core: 10,
			want: Codebase{Core: 10, Root: legacy, Module: "modules/custom/acme_deploy", ModuleName: "acme_deploy"}},
		{name: "no vendor", module: filepath.Join(noVendor, "web/modules/custom/acme_deploy"), core: 10,
			wantErr: "no vendor/autoload.php in or above the Drupal root; run composer install first"},
		{name: "drupal 10 module looked for in drupal 7", module: filepath.Join(d10, "web/modules/custom/acme_deploy"), core: 7,
			wantErr: "no Drupal 7 codebase around the module (no includes/bootstrap.inc in a folder above it)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := FindCodebase(tt.module, "acme_deploy", tt.core)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if *got != tt.want {
				t.Errorf("got %+v\nwant %+v", *got, tt.want)
			}
		})
	}
}

func TestPlan(t *testing.T) {
	t.Parallel()
	cb := &Codebase{Core: 10, Root: "/p", DocRoot: "web", Module: "web/modules/custom/acme_deploy", Sync: "/p/config/sync"}
	plan := cb.plan()
	skipped := []string{
		".git", "web/modules/contrib/x/.git", "web/themes/custom/t/node_modules",
		"web/sites/default/files", "web/sites/example.com/files", "web/sites/sites.php",
		"web/sites/default/settings.php", "web/sites/default/settings.local.php",
		"config/sync", "config/sync/system.site.yml",
	}
	for _, rel := range skipped {
		dir := !strings.Contains(rel, ".")
		if !plan.skip(rel, dir || strings.HasSuffix(rel, ".git") || strings.HasSuffix(rel, "files")) {
			t.Errorf("%s is copied into the site, want it left out", rel)
		}
	}
	kept := []string{"web/index.php", "vendor/autoload.php", "web/sites/default/default.settings.php", "web/sites/default/services.yml", "config/sync.md", "web/modules/custom/acme_deploy/acme_deploy.install"}
	for _, rel := range kept {
		if plan.skip(rel, false) {
			t.Errorf("%s is left out of the site", rel)
		}
	}
	copied := []string{"web/modules/custom/acme_deploy/acme_deploy.install", "web/sites/default/default.settings.php"}
	linked := []string{"web/index.php", "web/modules/custom/acme_deploy_extra/x.install", "web/sites/all/x.php"}
	for _, rel := range copied {
		if !plan.copied(rel) {
			t.Errorf("%s is hard-linked, want a copy: the site writes to it", rel)
		}
	}
	for _, rel := range linked {
		if plan.copied(rel) {
			t.Errorf("%s is copied, want a hard link", rel)
		}
	}
}

func TestCopyTreeLinksWhatTheSiteOnlyReads(t *testing.T) {
	t.Parallel()
	src := tree(t, "index.php", "includes/bootstrap.inc", "sites/default/default.settings.php", "sites/default/settings.php",
		"sites/default/files/big.jpg", "sites/all/modules/custom/acme_deploy/acme_deploy.install", ".git/HEAD")
	if err := os.Symlink("index.php", filepath.Join(src, "link.php")); err != nil {
		t.Fatal(err)
	}
	cb := &Codebase{Core: 7, Root: src, Module: "sites/all/modules/custom/acme_deploy"}
	dst := filepath.Join(t.TempDir(), "site")
	c := &treeCopy{plan: cb.plan(), link: true}
	if err := c.copyTree(context.Background(), src, dst); err != nil {
		t.Fatal(err)
	}
	same := func(rel string) bool {
		a, err := os.Stat(filepath.Join(src, rel))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.Stat(filepath.Join(dst, rel))
		if err != nil {
			t.Fatalf("%s is missing from the copy: %v", rel, err)
		}
		return os.SameFile(a, b)
	}
	if !same("index.php") || !same("includes/bootstrap.inc") {
		t.Error("core files are not hard-linked")
	}
	if same("sites/default/default.settings.php") || same("sites/all/modules/custom/acme_deploy/acme_deploy.install") {
		t.Error("a file the site writes to is a hard link to the project's")
	}
	for _, rel := range []string{"sites/default/settings.php", "sites/default/files", ".git"} {
		if _, err := os.Lstat(filepath.Join(dst, rel)); err == nil {
			t.Errorf("%s was copied into the site", rel)
		}
	}
	if to, err := os.Readlink(filepath.Join(dst, "link.php")); err != nil || to != "index.php" {
		t.Errorf("link.php: %q, %v; want the link recreated", to, err)
	}
	if c.linked != 2 || c.copied != 2 {
		t.Errorf("linked %d, copied %d; want 2 and 2", c.linked, c.copied)
	}
}

// A folder of the codebase that is a link out of it must not lead the
// site's writes into the project.
func TestPutModuleRefusesALinkOutOfTheSite(t *testing.T) {
	t.Parallel()
	project := tree(t, "index.php", "includes/bootstrap.inc", "custom/acme_deploy/acme_deploy.install")
	if err := os.MkdirAll(filepath.Join(project, "sites", "all", "modules"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(project, "custom"), filepath.Join(project, "sites", "all", "modules", "custom")); err != nil {
		t.Fatal(err)
	}
	cb := &Codebase{Core: 7, Root: project, Module: "sites/all/modules/custom/acme_deploy", ModuleName: "acme_deploy"}
	s := &Site{Name: "updated", Dir: filepath.Join(t.TempDir(), "updated"), cb: cb}
	s.DocRoot = s.Dir
	if err := s.copyCodebase(context.Background()); err != nil {
		t.Fatal(err)
	}
	err := s.PutModule(Files{"acme_deploy.install": []byte("<?php\n// changed\n")})
	if err == nil || !strings.Contains(err.Error(), "symbolic link out of the codebase") {
		t.Fatalf("PutModule: %v, want a refusal", err)
	}
	data, err := os.ReadFile(filepath.Join(project, "custom", "acme_deploy", "acme_deploy.install"))
	if err != nil || string(data) != "custom/acme_deploy/acme_deploy.install" {
		t.Errorf("the project's module changed: %q, %v", data, err)
	}
}

func TestDrushErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file     string
		messages []string
		failed   string
	}{
		{file: "drush-deploy-update-failed.txt", messages: []string{"the frobnicator is missing"}, failed: "acme_deploy_update_10005"},
		{file: "drush-deploy-hook-failed.txt", messages: []string{"no mail server is configured"}, failed: "acme_deploy_deploy_10005_mail_server"},
		{file: "drush-deploy-import-failed.txt", messages: []string{"Drupal\\Core\\Config\\ConfigImporterException: There were errors validating the config synchronization."}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			messages, failed := drushErrors(string(data))
			if !slices.Equal(messages, tt.messages) || failed != tt.failed {
				t.Errorf("got %q, %q; want %q, %q", messages, failed, tt.messages, tt.failed)
			}
		})
	}
}

func TestWriteSettings(t *testing.T) {
	t.Parallel()
	root := tree(t, "web/core/modules/sqlite/src/Driver/Database/sqlite/Connection.php")
	s := &Site{Name: "fresh", Dir: root, DocRoot: filepath.Join(root, "web"), Sync: "/srv/it's-sync", cb: &Codebase{Core: 10}}
	if err := s.writeSettings(); err != nil {
		t.Fatal(err)
	}
	settings := filepath.Join(root, "web", "sites", "default", "settings.php")
	phptest.Lint(t, settings)
	data, err := os.ReadFile(settings)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`$settings['config_sync_directory'] = '/srv/it\'s-sync';`,
		`$settings['deployment_identifier'] = 'dcycle-verify-fresh';`,
		`'database' => $app_root . '/' . $site_path . '/files/.ht.sqlite',`,
		`'namespace' => 'Drupal\\sqlite\\Driver\\Database\\sqlite',`,
	} {
		if !strings.Contains(string(data), want) {
			t.Errorf("settings.php lacks %s:\n%s", want, data)
		}
	}
}

func TestWriteSettingsDrupal7(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	s := &Site{Name: "updated", Dir: root, DocRoot: root, cb: &Codebase{Core: 7}}
	if err := s.writeSettings(); err != nil {
		t.Fatal(err)
	}
	settings := filepath.Join(root, "sites", "default", "settings.php")
	phptest.Lint(t, settings)
	data, err := os.ReadFile(settings)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "'database' => DRUPAL_ROOT . '/sites/default/files/.ht.sqlite',") {
		t.Errorf("settings.php does not keep the database inside the site:\n%s", data)
	}
}
