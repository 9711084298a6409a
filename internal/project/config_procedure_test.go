package project

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoadConfigProcedure(t *testing.T) {
	t.Parallel()
	yes := true
	tests := []struct {
		name    string
		content string
		want    ProcedureConfig
		wantErr string // $PATH is the config's path
	}{
		{
			name: "every setting",
			content: "procedure:\n" +
				"  target: ansible\n" +
				"  heads: 3\n" +
				"  inventory: inventory/production.ini\n" +
				"  root: /var/www/shop\n" +
				"  drush: sudo -u www-data vendor/bin/drush\n" +
				"  reload: sudo systemctl reload php8.2-fpm\n" +
				"  keep: 4\n" +
				"  out: deploy\n" +
				"  shared: [web/sites/default/settings.php, web/sites/default/files]\n" +
				"  registry_rebuild: true\n",
			want: ProcedureConfig{
				Target: "ansible", Heads: 3, Inventory: "inventory/production.ini", Root: "/var/www/shop",
				Drush: "sudo -u www-data vendor/bin/drush", Reload: "sudo systemctl reload php8.2-fpm",
				Keep: 4, Out: "deploy", Shared: []string{"web/sites/default/settings.php", "web/sites/default/files"},
				RegistryRebuild: &yes,
			},
		},
		{name: "empty section", content: "procedure:\n", want: ProcedureConfig{}},
		{name: "no shared path at all", content: "procedure:\n  shared: []\n", want: ProcedureConfig{Shared: []string{}}},
		{name: "unknown target", content: "procedure:\n  target: salt\n", wantErr: `$PATH:2:11: procedure.target: expected bash or ansible, got "salt"`},
		{name: "no head", content: "procedure:\n  heads: 0\n", wantErr: `$PATH:2:10: procedure.heads: expected a whole number of at least 1, got "0"`},
		{name: "one release kept", content: "procedure:\n  keep: 1\n", wantErr: `$PATH:2:9: procedure.keep: expected a whole number of at least 2, got "1"`},
		{name: "shared as a string", content: "procedure:\n  shared: files\n", wantErr: `$PATH:2:11: procedure.shared: expected a list of paths`},
		{name: "registry_rebuild as a word", content: "procedure:\n  registry_rebuild: maybe\n", wantErr: `$PATH:2:21: procedure.registry_rebuild: expected true or false, got "maybe"`},
		{name: "unknown key", content: "procedure:\n  reloads: x\n", wantErr: `$PATH:2:3: procedure: unknown key "reloads" (known: ` + procedureKeys + `)`},
		{name: "duplicate key", content: "procedure:\n  keep: 3\n  keep: 4\n", wantErr: `$PATH:3:3: procedure: duplicate key "keep"`},
		{name: "not a mapping", content: "procedure: [a]\n", wantErr: `$PATH:1:12: procedure: expected a mapping of settings (` + procedureKeys + `)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), ConfigFile)
			if err := os.WriteFile(path, []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
			cfg, err := LoadConfig(path)
			if tc.wantErr != "" {
				want := strings.ReplaceAll(tc.wantErr, "$PATH", path)
				if err == nil || err.Error() != want {
					t.Fatalf("error %v, want %s", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, cfg.Procedure); diff != "" {
				t.Errorf("procedure settings (-want +got):\n%s", diff)
			}
		})
	}
}
