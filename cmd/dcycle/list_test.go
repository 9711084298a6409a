package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcycle/dcycle/internal/listing"
)

// listable are the fixtures that parse; each gets a JSON golden.
var listable = []string{
	"d7_seed", "d7_no_install_hook", "d7_explicit_calls", "d7_sandbox", "d7_last_removed",
	"d10_site", "d7_crlf_bom", "d7_messy", "d7_root", "d10_docroot", "two_deploy_modules",
	"d7_lint_broken", "d7_clean",
}

func TestListJSONGoldens(t *testing.T) {
	t.Parallel()
	dir := modulesDir(t)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{"d7_syntax_error": true}
	for _, name := range listable {
		covered[name] = true
	}
	for _, e := range entries {
		if e.IsDir() && !covered[e.Name()] {
			t.Errorf("fixture %s has no list golden: add it to listable", e.Name())
		}
	}
	for _, name := range listable {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, dir, "list", "--format", "json", name)
			if r.code != 0 || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			var doc listing.Document
			if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
				t.Fatalf("output is not JSON: %v", err)
			}
			checkGolden(t, filepath.Join("testdata", "cli", "list", name+".json"), r.stdout)
		})
	}
}

// TestListSeedMatchesSpec checks the seed module against the values the
// SPEC's example document and the seed article give, independently of the
// goldens.
func TestListSeedMatchesSpec(t *testing.T) {
	t.Parallel()
	r := runCLI(t, modulesDir(t), "list", "--format", "json", "d7_seed")
	var doc listing.Document
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("exit %d: %v\n%s", r.code, err, r.stderr)
	}
	if len(doc.Modules) != 1 {
		t.Fatalf("got %d modules, want 1", len(doc.Modules))
	}
	m := doc.Modules[0]
	if m.Module != "example_deploy" || m.Core != 7 || m.Path != filepath.Join("d7_seed", "example_deploy.install") {
		t.Errorf("module = %q core %d path %q", m.Module, m.Core, m.Path)
	}
	path := filepath.Join("d7_seed", "example_deploy.install")
	want := []listing.Update{
		{Number: 7001, Function: "example_deploy_update_7001", Line: 21, Issue: "#12345", Summary: "Enable javascript aggregation", Actions: []string{"variable_set preprocess_js"}, Kind: "update", Runs: "updb", Path: path},
		{Number: 7002, Function: "example_deploy_update_7002", Line: 29, Issue: "#12346", Summary: "Change view to remove html tags from trimmed body", Actions: []string{"features_revert xyz_feature.views_view"}, Kind: "update", Runs: "updb", Path: path},
		{Number: 7003, Function: "example_deploy_update_7003", Line: 36, Issue: "#12347", Summary: "New theme for the site", Actions: []string{"variable_set theme_default"}, Kind: "update", Runs: "updb", Path: path},
		{Number: 7004, Function: "example_deploy_update_7004", Line: 43, Issue: "#12348", Summary: "Add a drop-down menu instead of the default menu for admins", Actions: []string{"module_enable admin_menu_toolbar", "module_disable toolbar"}, Kind: "update", Runs: "updb", Path: path},
	}
	if diff := cmp.Diff(want, m.Updates); diff != "" {
		t.Errorf("updates (-want +got):\n%s", diff)
	}
}

func TestListFormats(t *testing.T) {
	t.Parallel()
	dir := modulesDir(t)
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"table", []string{"list", "d7_seed"}},
		{"markdown", []string{"list", "--format", "markdown", "d7_seed"}},
		{"table-two-modules", []string{"list", "two_deploy_modules"}},
		{"table-no-updates", []string{"list", "d7_last_removed"}},
		{"table-color", []string{"list", "--color", "always", "d7_seed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, dir, tc.args...)
			checkGolden(t, filepath.Join("testdata", "cli", "list", tc.name+".golden"), r.transcript(tc.args))
		})
	}
}

func TestNext(t *testing.T) {
	t.Parallel()
	dir := modulesDir(t)
	for _, tc := range []struct {
		name string
		dir  string // working folder below testdata/modules
		args []string
		want string
	}{
		{"seed", "", []string{"next", "d7_seed"}, "7005"},
		{"last removed", "", []string{"next", "d7_last_removed"}, "7011"},
		{"d10 composer root", "d10_site", []string{"next"}, "10004"},
		{"d10 docroot", "d10_docroot", []string{"next"}, "10003"},
		{"d7 root", "d7_root", []string{"next"}, "7003"},
		{"inside module", "d7_root/sites/all/modules/custom/acme_deploy", []string{"next"}, "7003"},
		{"module by name", "two_deploy_modules", []string{"next", "--module", "beta_deploy"}, "10002"},
		{"module by path", "", []string{"next", "--module", "two_deploy_modules/web/modules/custom/alpha_deploy"}, "10002"},
		{"lone install file", "", []string{"next", "d7_seed/example_deploy.install"}, "7005"},
		{"messy leading zero", "", []string{"next", "d7_messy"}, "7006"},
		{"core flag", "", []string{"next", "--core", "8", "d7_no_install_hook"}, "8001"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, filepath.Join(dir, tc.dir), tc.args...)
			if r.code != 0 || strings.TrimSpace(r.stdout) != tc.want {
				t.Errorf("dcycle %s: exit %d, stdout %q, stderr %q; want %s", strings.Join(tc.args, " "), r.code, r.stdout, r.stderr, tc.want)
			}
		})
	}
}

// TestFailures checks that every bad input gets exit 2, one clear message
// with a position where there is one, and never a Go trace.
func TestFailures(t *testing.T) {
	t.Parallel()
	dir := modulesDir(t)
	for _, tc := range []struct {
		name string
		dir  string
		args []string
		want string // the whole of stderr
	}{
		{"syntax error list", "", []string{"list", "d7_syntax_error"},
			"d7_syntax_error/broken_deploy.install:12:34: syntax error, unexpected token \";\", expecting \")\"\n"},
		{"syntax error next", "", []string{"next", "d7_syntax_error"},
			"d7_syntax_error/broken_deploy.install:12:34: syntax error, unexpected token \";\", expecting \")\"\n"},
		{"two modules", "two_deploy_modules", []string{"next"},
			"two deploy modules found; choose one with --module:\n  web/modules/custom/alpha_deploy\n  web/modules/custom/beta_deploy\n"},
		{"two modules by path", "", []string{"next", "two_deploy_modules"},
			"2 deploy modules found; choose one with --module:\n  two_deploy_modules/web/modules/custom/alpha_deploy\n  two_deploy_modules/web/modules/custom/beta_deploy\n"},
		{"bad format", "", []string{"list", "--format", "xml", "d7_seed"},
			"dcycle: --format must be table, json or markdown, not \"xml\"\nRun 'dcycle list --help' for usage.\n"},
		{"unknown flag", "", []string{"next", "--frobnicate"},
			"dcycle: unknown flag: --frobnicate\nRun 'dcycle next --help' for usage.\n"},
		{"unknown command", "", []string{"bogus"},
			"dcycle: unknown command \"bogus\" for \"dcycle\"\nRun 'dcycle --help' for usage.\n"},
		{"bad color", "", []string{"list", "--color", "sometimes", "d7_seed"},
			"dcycle: --color must be auto, always or never, not \"sometimes\"\nRun 'dcycle list --help' for usage.\n"},
		{"missing path", "", []string{"list", "no_such_module"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, filepath.Join(dir, tc.dir), tc.args...)
			if r.code != 2 {
				t.Errorf("exit %d, want 2 (stderr %q)", r.code, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout %q, want nothing", r.stdout)
			}
			if strings.Contains(r.stderr, "goroutine") || strings.Contains(r.stderr, "panic") {
				t.Errorf("stderr shows a Go trace: %s", r.stderr)
			}
			if tc.want != "" && r.stderr != tc.want {
				t.Errorf("stderr:\n%s\nwant:\n%s", r.stderr, tc.want)
			}
			if tc.want == "" && !strings.Contains(r.stderr, "no_such_module") {
				t.Errorf("stderr %q does not name the missing path", r.stderr)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	r := runCLI(t, t.TempDir(), "version")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "dcycle ") {
		t.Errorf("exit %d stdout %q", r.code, r.stdout)
	}
}
