package gen

import (
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dcycle/dcycle/internal/phpast"
)

// hookModule loads a module from files (name → source) with the one
// loader, at a core major.
func hookModule(t testing.TB, name string, core int, files map[string]string) *phpast.Module {
	t.Helper()
	fsys := fstest.MapFS{}
	for n, src := range files {
		fsys[n] = &fstest.MapFile{Data: []byte(src)}
	}
	m, broken, err := phpast.LoadFS(fsys, name, phpast.Options{})
	if err != nil || len(broken) > 0 {
		t.Fatalf("load %s: %v %v", name, err, broken)
	}
	m.Core = core
	return m
}

func TestSlug(t *testing.T) {
	t.Parallel()
	tests := []struct{ summary, want string }{
		{"Enable js aggregation.", "enable_js_aggregation"},
		{"Install the Shop_Core module: it's new!", "install_the_shop_core_module_it_s_new"},
		// drush and Drupal find a hook's module by the last "_deploy_" or
		// "_post_update_" of its name.
		{"Deploy the new front page, redeploy menus.", "the_new_front_page_menus"},
		{"Rerun the post update of views", "rerun_the_postupdate_of_views"},
		{"Post-update cleanup", "postupdate_cleanup"},
		{"Café: 10 € — déjà vu", "caf_10_d_j_vu"},
		{"A very long summary that goes on and on well past forty characters", "a_very_long_summary_that_goes_on_and_on"},
		{"Supercalifragilisticexpialidociousandmoreletters than forty", "supercalifragilisticexpialidociousandmoreletters"},
		{"…", ""},
	}
	for _, tt := range tests {
		got := Slug(tt.summary)
		if got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.summary, got, tt.want)
		}
		if strings.Contains(got, "deploy") || strings.Contains(got, "post_update") {
			t.Errorf("Slug(%q) = %q holds a word that hands the hook to another module", tt.summary, got)
		}
		for _, r := range got {
			if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' {
				t.Errorf("Slug(%q) = %q holds %q", tt.summary, got, r)
			}
		}
	}
}

func TestParseHookKind(t *testing.T) {
	t.Parallel()
	for _, k := range HookKinds {
		if got, err := ParseHookKind(string(k)); err != nil || got != k {
			t.Errorf("ParseHookKind(%q) = %q, %v", k, got, err)
		}
	}
	for _, bad := range []string{"", "post_update", "deploy-hook", "Update"} {
		if _, err := ParseHookKind(bad); err == nil {
			t.Errorf("ParseHookKind(%q) accepted", bad)
		}
	}
}

// TestNextHook: SEQ continues the numbering of the hooks of the same kind,
// across the module's files, as wide as the widest so far; string order of
// the new name is then after every numbered name before it.
func TestNextHook(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		core  int
		kind  HookKind
		files map[string]string
		want  string
		err   string
	}{
		{name: "first post-update of a Drupal 10 module", core: 10, kind: HookPostUpdate,
			files: map[string]string{"m.install": "<?php\nfunction m_update_10007() {}\n"}, want: "m_post_update_10001"},
		{name: "first deploy hook of a Drupal 11 module", core: 11, kind: HookDeploy, want: "m_deploy_11001"},
		{name: "first post-update of a Drupal 9 module", core: 9, kind: HookPostUpdate, want: "m_post_update_9001"},
		{name: "continues the kind's numbering, not the other kind's", core: 10, kind: HookDeploy,
			files: map[string]string{
				"m.post_update.php": "<?php\nfunction m_post_update_10009_a() {}\n",
				"m.deploy.php":      "<?php\nfunction m_deploy_10002_b() {}\nfunction m_deploy_10001_a() {}\n",
			}, want: "m_deploy_10003"},
		{name: "a Drupal 9 numbering goes on after the move to Drupal 10, so that it keeps sorting", core: 10, kind: HookPostUpdate,
			files: map[string]string{"m.post_update.php": "<?php\nfunction m_post_update_9004_a() {}\n"}, want: "m_post_update_9005"},
		{name: "zero-padded sequences keep their width", core: 10, kind: HookPostUpdate,
			files: map[string]string{"m.post_update.php": "<?php\nfunction m_post_update_0007_a() {}\nfunction m_post_update_fix() {}\n"}, want: "m_post_update_0008"},
		{name: "hooks in .module count", core: 10, kind: HookDeploy,
			files: map[string]string{"m.install": "<?php\nfunction m_deploy_10004_x() {}\n"}, want: "m_deploy_10005"},
		{name: "a sequence without a slug counts", core: 10, kind: HookPostUpdate,
			files: map[string]string{"m.post_update.php": "<?php\nfunction m_post_update_10003() {}\n"}, want: "m_post_update_10004"},
		{name: "an update: its number", core: 10, kind: HookUpdate,
			files: map[string]string{"m.install": "<?php\nfunction m_update_10007() {}\n"}, want: "m_update_10008"},
		{name: "9999 is the last of four digits", core: 9, kind: HookPostUpdate,
			files: map[string]string{"m.post_update.php": "<?php\nfunction m_post_update_9999_last() {}\n"},
			err:   "the next post-update of m would be number 10000, which sorts before m_post_update_9999_last"},
		{name: "no post-updates on Drupal 7", core: 7, kind: HookPostUpdate, err: "m is a Drupal 7 module: --kind post-update is for Drupal 8 and later; use --kind update"},
		{name: "unknown core", core: 0, kind: HookDeploy, err: "cannot tell the Drupal core major of m; pass --core"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := hookModule(t, "m", tt.core, tt.files)
			got, err := NextHook(m, tt.kind)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("NextHook = %q, %v; want an error with %q", got, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("NextHook = %q, want %q", got, tt.want)
			}
			// Every numbered hook of the kind runs before the new one.
			var names []string
			for _, fn := range hooksOf(m, tt.kind.PHPKind()) {
				if seqPrefix.MatchString(fn.Slug) {
					names = append(names, strings.ToLower(fn.Name))
				}
			}
			names = append(names, got+"_slug")
			if !sort.StringsAreSorted(names) && tt.kind != HookUpdate {
				sorted := append([]string(nil), names...)
				sort.Strings(sorted)
				if sorted[len(sorted)-1] != got+"_slug" {
					t.Errorf("%s does not sort after %v", got, names[:len(names)-1])
				}
			}
		})
	}
}
