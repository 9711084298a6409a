package procedure

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dcycle/dcycle/internal/golden"
	"github.com/dcycle/dcycle/templates"
)

// genNeedTool returns the path of a program the test runs, skipping the
// test without it, except under CI=true, where .ci/run installs it.
func genNeedTool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required in CI (CI=true) and was not found: %v", name, err)
		}
		t.Skipf("%s not found, skipping: %v", name, err)
	}
	return path
}

// genCases are the procedures the goldens and the syntax checks cover:
// both targets, both families of cores, with and without drush rr.
var genCases = []struct {
	name string
	s    Settings
}{
	{"bash_d10", Settings{Target: TargetBash, Core: 10, Root: "/var/www/shop", Drush: "vendor/bin/drush", Reload: "sudo systemctl reload php8.2-fpm", Keep: 5, Heads: 1,
		Shared: []string{"web/sites/default/settings.php", "web/sites/default/files"}}},
	{"bash_d7_rr", Settings{Target: TargetBash, Core: 7, Root: "/srv/example", Drush: "sudo -u www-data drush", Reload: "sudo service php7.4-fpm reload", Keep: 3, Heads: 1, RegistryRebuild: true,
		Shared: []string{"sites/default/settings.php", "sites/default/files"}}},
	{"ansible_d10", Settings{Target: TargetAnsible, Core: 10, Root: "/var/www/shop", Drush: "vendor/bin/drush", Reload: "sudo systemctl reload php8.2-fpm", Keep: 5, Heads: 3,
		Shared: []string{"web/sites/default/settings.php", "web/sites/default/files"}}},
	{"ansible_d7_inventory", Settings{Target: TargetAnsible, Core: 7, Root: "/srv/example", Drush: "drush", Reload: "cachetool opcache:reset --fcgi=/run/php/php7.4-fpm.sock", Keep: 5,
		Inventory: "../inventory/production.ini", Shared: []string{"sites/default/settings.php", "sites/default/files", "sites/default/private"}}},
}

func genFiles(t *testing.T, s Settings) []GeneratedFile {
	t.Helper()
	files, err := Generate(s, templates.Procedure())
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestGenerateGolden keeps every generated file under review: a change to a
// template shows up as a change of the goldens.
func TestGenerateGolden(t *testing.T) {
	t.Parallel()
	for _, tc := range genCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, f := range genFiles(t, tc.s) {
				golden.Check(t, filepath.Join("testdata", "gen", tc.name, f.Name+".golden"), f.Data)
				if !bytes.Contains(f.Data, []byte(GeneratedMarker)) {
					t.Errorf("%s lacks %q, so a later run would refuse to overwrite it", f.Name, GeneratedMarker)
				}
			}
		})
	}
}

// TestGenerateDeterministic generates every case twice: the bytes must not
// depend on time, map order or anything but the settings.
func TestGenerateDeterministic(t *testing.T) {
	t.Parallel()
	for _, tc := range genCases {
		a, b := genFiles(t, tc.s), genFiles(t, tc.s)
		if len(a) != len(b) {
			t.Fatalf("%s: %d files, then %d", tc.name, len(a), len(b))
		}
		for i := range a {
			if a[i].Name != b[i].Name || !bytes.Equal(a[i].Data, b[i].Data) || a[i].Mode != b[i].Mode {
				t.Errorf("%s: %s differs between two generations", tc.name, a[i].Name)
			}
		}
	}
}

// TestGeneratedSyntax runs the real checkers on every generated file: bash
// -n and shellcheck on scripts, ansible-playbook --syntax-check on
// playbooks (against the example inventory, or an inventory of the group
// web when the playbook names the team's own).
func TestGeneratedSyntax(t *testing.T) {
	t.Parallel()
	bash := genNeedTool(t, "bash")
	shellcheck := genNeedTool(t, "shellcheck")
	ansible := genNeedTool(t, "ansible-playbook")
	for _, tc := range genCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			for _, f := range genFiles(t, tc.s) {
				if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, f.Mode); err != nil {
					t.Fatal(err)
				}
			}
			switch tc.s.Target {
			case TargetBash:
				genMustRun(t, dir, nil, bash, "-n", ScriptFile)
				genMustRun(t, dir, nil, shellcheck, "--severity=style", ScriptFile)
			case TargetAnsible:
				inv := InventoryFile
				if tc.s.Inventory != "" {
					inv = "inventory.ini"
					if err := os.WriteFile(filepath.Join(dir, inv), []byte("[web]\nweb1\nweb2\n"), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				genMustRun(t, dir, genAnsibleEnv(t), ansible, "-i", inv, "--syntax-check", PlaybookFile)
			}
		})
	}
}

// genAnsibleEnv keeps Ansible's own files (its temporary folder, its fact
// cache) inside the test's temporary folder.
func genAnsibleEnv(t testing.TB) []string {
	home := t.TempDir()
	return []string{"ANSIBLE_LOCAL_TEMP=" + filepath.Join(home, "tmp"), "ANSIBLE_HOME=" + home, "ANSIBLE_NOCOLOR=1", "ANSIBLE_RETRY_FILES_ENABLED=0"}
}

func genMustRun(t testing.TB, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestGenerateRefuses covers every setting that cannot be carried exactly
// into a script or playbook, or contradicts another: each is a
// *SettingError naming the setting, and nothing is generated.
func TestGenerateRefuses(t *testing.T) {
	t.Parallel()
	ok := genCases[0].s
	tests := []struct {
		name    string
		edit    func(*Settings)
		setting string
	}{
		{"relative root", func(s *Settings) { s.Root = "var/www" }, "--root"},
		{"root is /", func(s *Settings) { s.Root = "/" }, "--root"},
		{"NUL in the root", func(s *Settings) { s.Root = "/var/www\x00x" }, "--root"},
		{"root that is not UTF-8", func(s *Settings) { s.Root = "/var/www/caf\xe9" }, "--root"},
		{"empty drush", func(s *Settings) { s.Drush = "  " }, "--drush"},
		{"drush on two lines", func(s *Settings) { s.Drush = "drush\nrm -rf /" }, "--drush"},
		{"reload on two lines", func(s *Settings) { s.Reload = "a\r\nb" }, "--reload"},
		{"keep one release", func(s *Settings) { s.Keep = 1 }, "--keep"},
		{"shared release folder", func(s *Settings) { s.Shared = []string{"."} }, "procedure.shared"},
		{"shared outside the release", func(s *Settings) { s.Shared = []string{"../files"} }, "procedure.shared"},
		{"absolute shared path", func(s *Settings) { s.Shared = []string{"/etc/passwd"} }, "procedure.shared"},
		{"unclean shared path", func(s *Settings) { s.Shared = []string{"web//files"} }, "procedure.shared"},
		{"shared path twice", func(s *Settings) { s.Shared = []string{"files", "files"} }, "procedure.shared"},
		{"bash for three heads", func(s *Settings) { s.Heads = 3 }, "--target"},
		{"unknown target", func(s *Settings) { s.Target = "salt" }, "--target"},
		{"core 6", func(s *Settings) { s.Core = 6 }, "--core"},
		{"newline in the inventory path", func(s *Settings) {
			s.Target, s.Heads, s.Inventory = TargetAnsible, 0, "inv\nentory.ini"
		}, "--inventory"},
	}
	for _, tc := range tests {
		s := ok
		s.Shared = append([]string(nil), ok.Shared...)
		tc.edit(&s)
		files, err := Generate(s, templates.Procedure())
		var se *SettingError
		if !errors.As(err, &se) {
			t.Errorf("%s: got %d files and error %v, want a *SettingError", tc.name, len(files), err)
			continue
		}
		if se.Setting != tc.setting {
			t.Errorf("%s: the error names %s, want %s (%v)", tc.name, se.Setting, tc.setting, err)
		}
	}
}
