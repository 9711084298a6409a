package project

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoadConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		content string
		want    *Config // Path is filled in
		wantErr string  // rendered; $PATH is the config's path
	}{
		{
			name:    "empty file",
			content: "",
			want:    &Config{},
		},
		{
			name:    "comments only",
			content: "# nothing yet\n",
			want:    &Config{},
		},
		{
			name:    "explicit null values",
			content: "module:\ncore:\nissue_pattern:\nrules:\n",
			want:    &Config{},
		},
		{
			name: "every setting",
			content: "# deploy settings\n" +
				"module: web/modules/custom/shop_deploy\n" +
				"core: 10\n" +
				"issue_pattern: 'SHOP-[0-9]+'\n" +
				"rules:\n" +
				"  DC001: off\n" +
				"  DC008: error\n" +
				"  DC013: \"warning\"\n" +
				"  DC011: info\n",
			want: &Config{
				Module:       "web/modules/custom/shop_deploy",
				Core:         10,
				IssuePattern: "SHOP-[0-9]+",
				Rules:        map[string]string{"DC001": "off", "DC008": "error", "DC013": "warning", "DC011": "info"},
			},
		},
		{
			name:    "unknown key",
			content: "core: 7\nrules: {}\nmodul: x_deploy\n",
			wantErr: `$PATH:3:1: unknown key "modul" (known: module, core, issue_pattern, rules, verify, config_sync, procedure)`,
		},
		{
			name:    "config sync directory",
			content: "config_sync: ../config/sync\n",
			want:    &Config{ConfigSync: "../config/sync"},
		},
		{
			name:    "config sync directory that is not a path",
			content: "config_sync: [config]\n",
			wantErr: `$PATH:1:14: config_sync: expected a string`,
		},
		{
			name:    "verify profile",
			content: "verify:\n  profile: standard\n",
			want:    &Config{Verify: VerifyConfig{Profile: "standard"}},
		},
		{
			name:    "unknown verify key",
			content: "verify:\n  profil: standard\n",
			wantErr: `$PATH:2:3: verify: unknown key "profil" (known: profile)`,
		},
		{
			name:    "duplicate key",
			content: "core: 7\n\ncore: 10\n",
			wantErr: `$PATH:3:1: duplicate key "core" (first at line 1)`,
		},
		{
			name:    "unknown severity",
			content: "rules:\n  DC008: error\n  DC011: fatal\n",
			wantErr: `$PATH:3:10: rules: DC011: severity must be one of off, info, warning, error, got "fatal"`,
		},
		{
			name:    "severity that is not a string",
			content: "rules:\n  DC008: [error]\n",
			wantErr: `$PATH:2:10: rules: DC008: severity must be one of off, info, warning, error, got ""`,
		},
		{
			name:    "malformed rule ID",
			content: "rules:\n  dc008: error\n",
			wantErr: `$PATH:2:3: rules: "dc008" is not a rule ID (DC followed by three digits)`,
		},
		{
			name:    "duplicate rule",
			content: "rules:\n  DC008: error\n  DC008: off\n",
			wantErr: `$PATH:3:3: rules: duplicate rule DC008`,
		},
		{
			name:    "rules not a mapping",
			content: "rules: error\n",
			wantErr: `$PATH:1:8: rules: expected a mapping of rule ID to severity, such as DC008: error`,
		},
		{
			name:    "core as a version string",
			content: "core: 7.x\n",
			wantErr: `$PATH:1:7: core: expected a Drupal core major such as 7 or 10, got "7.x"`,
		},
		{
			name:    "core too old",
			content: "core: 6\n",
			wantErr: `$PATH:1:7: core: expected a Drupal core major such as 7 or 10, got "6"`,
		},
		{
			name:    "module not a string",
			content: "module:\n  - a_deploy\n",
			wantErr: `$PATH:2:3: module: expected a string`,
		},
		{
			name:    "invalid issue pattern",
			content: "issue_pattern: '(['\n",
			wantErr: "$PATH:1:16: issue_pattern: invalid regexp: error parsing regexp: missing closing ]: `[`",
		},
		{
			name:    "issue pattern matching nothing at all",
			content: "core: 10\nissue_pattern: '#?[0-9]*'\n",
			wantErr: `$PATH:2:16: issue_pattern: matches the empty string, so it would accept a missing issue reference`,
		},
		{
			name:    "not a mapping",
			content: "- core: 7\n",
			wantErr: `$PATH:1:1: expected a mapping of settings (module, core, issue_pattern, rules)`,
		},
		{
			name:    "syntax error",
			content: "core: 7\nmodule: a: b\n",
			wantErr: `$PATH:2: mapping values are not allowed in this context`,
		},
		{
			name:    "two documents",
			content: "core: 7\n---\ncore: 10\n",
			wantErr: `$PATH:2:1: only one YAML document is allowed`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := writeTree(t, map[string]string{".dcycle.yml": tt.content})
			path := filepath.Join(root, ".dcycle.yml")
			got, err := LoadConfig(path)
			if tt.wantErr != "" {
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("LoadConfig() error = %v, want *Error", err)
				}
				if want := strings.ReplaceAll(tt.wantErr, "$PATH", path); err.Error() != want {
					t.Errorf("LoadConfig() error =\n%s\nwant\n%s", err, want)
				}
				return
			}
			if err != nil {
				t.Fatalf("LoadConfig() error = %v", err)
			}
			want := *tt.want
			want.Path = path
			if diff := cmp.Diff(&want, got); diff != "" {
				t.Errorf("LoadConfig() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadConfigMissingFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), ".dcycle.yml")
	_, err := LoadConfig(path)
	var e *Error
	if !errors.As(err, &e) || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("LoadConfig() error = %v, want an *Error wrapping fs.ErrNotExist", err)
	}
	if want := path + ": cannot read config: no such file or directory"; err.Error() != want {
		t.Errorf("LoadConfig() error = %q, want %q", err, want)
	}
}

func TestFindConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files map[string]string
		start string
		want  string // the config's path relative to the temp folder, "" for none
	}{
		{
			name:  "at the project root, from a subfolder",
			files: merge(d10Site(t), map[string]string{".dcycle.yml": "core: 10\n"}),
			start: "web/modules/custom/site_deploy",
			want:  ".dcycle.yml",
		},
		{
			name: "the nearest wins",
			files: merge(d10Site(t), map[string]string{
				".dcycle.yml":             "core: 10\n",
				"web/modules/.dcycle.yml": "core: 11\n",
			}),
			start: "web/modules/custom",
			want:  "web/modules/.dcycle.yml",
		},
		{
			name:  "none",
			files: d10Site(t),
			start: "web/modules/custom",
		},
		{
			name: "not above the project root",
			files: map[string]string{
				".dcycle.yml":        "core: 7\n",
				"site/.git/HEAD":     "",
				"site/modules/.keep": "",
			},
			start: "site/modules",
		},
		{
			name: "past a module's own composer.json",
			files: merge(d10Site(t), map[string]string{
				".dcycle.yml": "core: 10\n",
				"web/modules/custom/site_deploy/composer.json": "{}",
			}),
			start: "web/modules/custom/site_deploy",
			want:  ".dcycle.yml",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := writeTree(t, tt.files)
			got, err := FindConfig(under(root, tt.start))
			if err != nil {
				t.Fatalf("FindConfig() error = %v", err)
			}
			gotPath := ""
			if got != nil {
				gotPath = got.Path
			}
			if want := under(root, tt.want); gotPath != want {
				t.Errorf("FindConfig() path = %q, want %q", gotPath, want)
			}
		})
	}
}

func TestFindConfigWithoutProjectRoot(t *testing.T) {
	t.Parallel()
	root := writeTree(t, map[string]string{".dcycle.yml": "core: 7\n", "sub/.keep": ""})
	requireNoRootAbove(t, root)
	tests := []struct {
		name  string
		start string
		want  string
	}{
		{name: "the start folder is searched", start: ".", want: ".dcycle.yml"},
		{name: "its parents are not", start: "sub"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := FindConfig(under(root, tt.start))
			if err != nil {
				t.Fatalf("FindConfig() error = %v", err)
			}
			gotPath := ""
			if got != nil {
				gotPath = got.Path
			}
			if want := under(root, tt.want); gotPath != want {
				t.Errorf("FindConfig() path = %q, want %q", gotPath, want)
			}
		})
	}
}

func TestIssueRegexp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		cfg   *Config
		text  string
		match string
	}{
		{name: "default, hash", cfg: nil, text: "#12345: enable js", match: "#12345"},
		{name: "default, key", cfg: &Config{}, text: "PROJ-123 enable js", match: "PROJ-123"},
		{name: "default, no issue", cfg: nil, text: "enable js", match: ""},
		{name: "configured", cfg: &Config{IssuePattern: `SHOP-[0-9]+`}, text: "#12 SHOP-7", match: "SHOP-7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			re, err := tt.cfg.IssueRegexp()
			if err != nil {
				t.Fatalf("IssueRegexp() error = %v", err)
			}
			if got := re.FindString(tt.text); got != tt.match {
				t.Errorf("IssueRegexp().FindString(%q) = %q, want %q", tt.text, got, tt.match)
			}
		})
	}
}

func TestConfigSyncDir(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		cfg  *Config
		want string
	}{
		{nil, ""},
		{&Config{Path: "site/.dcycle.yml"}, ""},
		{&Config{Path: "site/.dcycle.yml", ConfigSync: "config/sync"}, filepath.Join("site", "config", "sync")},
		{&Config{Path: "site/.dcycle.yml", ConfigSync: "/srv/sync"}, "/srv/sync"},
	} {
		if got := tc.cfg.ConfigSyncDir(); got != tc.want {
			t.Errorf("ConfigSyncDir(%+v) = %q, want %q", tc.cfg, got, tc.want)
		}
	}
}
