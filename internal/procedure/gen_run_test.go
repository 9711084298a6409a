package procedure

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcycle/dcycle/internal/gen"
	"github.com/dcycle/dcycle/internal/project"
	"github.com/dcycle/dcycle/templates"
)

// genProject makes a project root (it has .git) holding files, relative
// path to content; a path ending in / is a folder.
func genProject(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	genMkdir(t, filepath.Join(root, ".git"))
	for rel, content := range files {
		if strings.HasSuffix(rel, "/") {
			genMkdir(t, filepath.Join(root, rel))
			continue
		}
		genWrite(t, filepath.Join(root, rel), content, 0o644)
	}
	return root
}

func TestResolve(t *testing.T) {
	t.Parallel()
	const reload = "procedure:\n  reload: sudo systemctl reload php8.2-fpm\n"
	tests := []struct {
		name    string
		files   map[string]string
		workDir string // relative to the project root
		core    int    // --core
		flags   GenerateFlags
		want    Settings
		wantOut string // relative to the project root
	}{
		{
			name:  "defaults of a composer project",
			files: map[string]string{".dcycle.yml": "core: 10\n" + reload, "composer.json": "{}", "web/": ""},
			want: Settings{Target: TargetBash, Core: 10, Root: DefaultRoot, Drush: "vendor/bin/drush", Reload: "sudo systemctl reload php8.2-fpm",
				Keep: DefaultKeep, Heads: 1, Shared: []string{"web/sites/default/settings.php", "web/sites/default/files"}},
			wantOut: "deploy",
		},
		{
			name:  "docroot layout",
			files: map[string]string{".dcycle.yml": "core: 9\n" + reload, "composer.json": "{}", "docroot/": ""},
			want: Settings{Target: TargetBash, Core: 9, Root: DefaultRoot, Drush: "vendor/bin/drush", Reload: "sudo systemctl reload php8.2-fpm",
				Keep: DefaultKeep, Heads: 1, Shared: []string{"docroot/sites/default/settings.php", "docroot/sites/default/files"}},
			wantOut: "deploy",
		},
		{
			name: "Drupal 7 with registry_rebuild, several heads from the config",
			files: map[string]string{
				".dcycle.yml":            "procedure:\n  heads: 4\n  reload: cachetool opcache:reset\n",
				"index.php":              "<?php",
				"includes/bootstrap.inc": "<?php",
				"sites/all/modules/contrib/registry_rebuild/": "",
			},
			want: Settings{Target: TargetAnsible, Core: 7, Root: DefaultRoot, Drush: "drush", Reload: "cachetool opcache:reset",
				Keep: DefaultKeep, Heads: 4, RegistryRebuild: true, Shared: []string{"sites/default/settings.php", "sites/default/files"}},
			wantOut: "deploy",
		},
		{
			name: "registry_rebuild turned off in the config",
			files: map[string]string{
				".dcycle.yml":                         "core: 7\nprocedure:\n  registry_rebuild: false\n  reload: r\n",
				"sites/all/modules/registry_rebuild/": "",
			},
			want: Settings{Target: TargetBash, Core: 7, Root: DefaultRoot, Drush: "drush", Reload: "r",
				Keep: DefaultKeep, Heads: 1, Shared: []string{"sites/default/settings.php", "sites/default/files"}},
			wantOut: "deploy",
		},
		{
			name: "the config's settings, its paths read from its folder",
			files: map[string]string{
				"site/.dcycle.yml": "core: 10\nprocedure:\n  target: ansible\n  inventory: ops/prod.ini\n  root: /srv/shop\n" +
					"  drush: sudo -u www-data vendor/bin/drush\n  reload: sudo systemctl reload php8.3-fpm\n  keep: 3\n  out: ops/deploy\n" +
					"  shared: [web/sites/default/settings.local.php, web/sites/default/files]\n",
				"site/ops/prod.ini": "[web]\nweb1\n",
			},
			workDir: "site",
			want: Settings{Target: TargetAnsible, Core: 10, Root: "/srv/shop", Drush: "sudo -u www-data vendor/bin/drush",
				Reload: "sudo systemctl reload php8.3-fpm", Keep: 3, Inventory: "../prod.ini",
				Shared: []string{"web/sites/default/settings.local.php", "web/sites/default/files"}},
			wantOut: "site/ops/deploy",
		},
		{
			name: "flags over the config",
			files: map[string]string{
				".dcycle.yml": "core: 10\nprocedure:\n  heads: 3\n  root: /srv/shop\n  reload: a\n  keep: 3\n  out: ops\n",
				"inv/web.yml": "all:\n  children:\n    web:\n      hosts:\n        web1: {}\n",
			},
			core:  11,
			flags: GenerateFlags{Inventory: "inv/web.yml", Root: "/srv/other", Reload: "b", Keep: 7, Drush: "drush", Out: "out"},
			want: Settings{Target: TargetAnsible, Core: 11, Root: "/srv/other", Drush: "drush", Reload: "b", Keep: 7,
				Inventory: "../inv/web.yml", Shared: []string{"web/sites/default/settings.php", "web/sites/default/files"}},
			wantOut: "out",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			root := genProject(t, tc.files)
			wd := filepath.Join(root, tc.workDir)
			got, out, err := Resolve(GenerateRequest{WorkDir: wd, Project: project.Options{Core: tc.core}, Flags: tc.flags})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("settings (-want +got):\n%s", diff)
			}
			if want := filepath.Join(root, tc.wantOut); out != want {
				t.Errorf("output folder %s, want %s", out, want)
			}
		})
	}
}

func TestResolveRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		files   map[string]string
		flags   GenerateFlags
		setting string
		msg     string
	}{
		{"no reload", map[string]string{".dcycle.yml": "core: 10\n"}, GenerateFlags{}, "--reload", "not set"},
		{"no core", map[string]string{}, GenerateFlags{Reload: "r"}, "--core", "no deploy module"},
		{"inventory without web", map[string]string{".dcycle.yml": "core: 10\n", "inv.ini": "[db]\ndb1\n[web]\n# none yet\n"},
			GenerateFlags{Reload: "r", Inventory: "inv.ini"}, "--inventory", "no host in the group web"},
		{"missing inventory", map[string]string{".dcycle.yml": "core: 10\n"}, GenerateFlags{Reload: "r", Inventory: "nowhere.ini"}, "--inventory", "cannot read"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			root := genProject(t, tc.files)
			_, _, err := Resolve(GenerateRequest{WorkDir: root, Flags: tc.flags})
			var se *SettingError
			if !errors.As(err, &se) || se.Setting != tc.setting || !strings.Contains(se.Msg, tc.msg) {
				t.Errorf("error %v, want a *SettingError for %s saying %q", err, tc.setting, tc.msg)
			}
		})
	}
}

// TestGenerateProcedureWrites writes the procedure, writes it again (the
// files stay as they are), checks it, changes and removes files, and
// refuses to overwrite a file dcycle procedure did not write.
func TestGenerateProcedureWrites(t *testing.T) {
	t.Parallel()
	root := genProject(t, map[string]string{".dcycle.yml": "core: 10\nprocedure:\n  heads: 2\n  reload: r\n"})
	req := GenerateRequest{WorkDir: root, Templates: templates.Procedure()}
	states := func(res *GenerateResult) []string {
		var out []string
		for _, f := range res.Files {
			out = append(out, filepath.Base(f.Path)+" "+f.State.String())
		}
		return out
	}
	res, err := GenerateProcedure(req)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := states(res), []string{"deploy.yml created", "inventory.example.ini created"}; !slices.Equal(got, want) {
		t.Errorf("first run: %v, want %v", got, want)
	}
	playbook := filepath.Join(root, "deploy", PlaybookFile)
	first, err := os.ReadFile(playbook)
	if err != nil {
		t.Fatal(err)
	}
	if res, err = GenerateProcedure(req); err != nil || !slices.Equal(states(res), []string{"deploy.yml unchanged", "inventory.example.ini unchanged"}) {
		t.Errorf("second run: %v, %v", states(res), err)
	}

	check := req
	check.Check = true
	if res, err = GenerateProcedure(check); err != nil || res.Stale() {
		t.Errorf("check after writing: %v, %v", states(res), err)
	}
	edited := strings.Replace(string(first), "keep: 5", "keep: 9", 1)
	genWrite(t, playbook, edited, 0o644)
	if err := os.Remove(filepath.Join(root, "deploy", InventoryFile)); err != nil {
		t.Fatal(err)
	}
	res, err = GenerateProcedure(check)
	if err != nil || !res.Stale() || !slices.Equal(states(res), []string{"deploy.yml differs", "inventory.example.ini missing"}) {
		t.Fatalf("check after editing: %v, %v", states(res), err)
	}
	if d := res.Files[0].Diff; !strings.Contains(d, "--- a/deploy/deploy.yml") || !strings.Contains(d, "-    keep: 9") || !strings.Contains(d, "+    keep: 5") {
		t.Errorf("the diff does not show the change:\n%s", d)
	}
	if got, _ := os.ReadFile(playbook); string(got) != edited {
		t.Error("--check wrote the playbook")
	}

	if res, err = GenerateProcedure(req); err != nil || !slices.Equal(states(res), []string{"deploy.yml updated", "inventory.example.ini created"}) {
		t.Errorf("rewrite: %v, %v", states(res), err)
	}
	genWrite(t, playbook, "# our own playbook\n", 0o644)
	_, err = GenerateProcedure(req)
	var pe *gen.PathError
	if !errors.As(err, &pe) || pe.Path != playbook || !strings.Contains(err.Error(), "not written by dcycle procedure") {
		t.Errorf("overwriting a foreign file: %v", err)
	}
	if got, _ := os.ReadFile(playbook); string(got) != "# our own playbook\n" {
		t.Error("a foreign file was overwritten")
	}
}

// TestGenerateProcedureScriptMode writes the script executable.
func TestGenerateProcedureScriptMode(t *testing.T) {
	t.Parallel()
	root := genProject(t, map[string]string{".dcycle.yml": "core: 7\nprocedure:\n  reload: r\n"})
	if _, err := GenerateProcedure(GenerateRequest{WorkDir: root, Templates: templates.Procedure()}); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(root, "deploy", ScriptFile))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o755 {
		t.Errorf("deploy.sh has mode %v, want 0755", info.Mode().Perm())
	}
}
