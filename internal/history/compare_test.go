package history

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcycle/dcycle/internal/phpast"
)

// update is one hook_update_N() of a test module.
type update struct {
	n    int
	doc  string
	body string
}

// install renders a Drupal 7 .install with an explicit-free range replay and
// the updates in the order given.
func install(updates ...update) string {
	var b strings.Builder
	b.WriteString("<?php\n\n/**\n * Implements hook_install().\n */\nfunction example_deploy_install() {\n  for ($i = 7001; $i < 8000; $i++) {\n    $candidate = 'example_deploy_update_' . $i;\n    if (function_exists($candidate)) {\n      $candidate();\n    }\n  }\n}\n")
	for _, u := range updates {
		b.WriteString("\n/**\n * " + u.doc + "\n */\nfunction example_deploy_update_" + strconv.Itoa(u.n) + "() {\n" + u.body + "}\n")
	}
	return b.String()
}

func parseModule(t testing.TB, label, src string) *phpast.Module {
	t.Helper()
	f, err := phpast.ParseFile(label+":example_deploy.install", []byte(src), phpast.Options{Module: "example_deploy"})
	if err != nil {
		t.Fatal(err)
	}
	return &phpast.Module{Name: "example_deploy", Core: 7, Install: f}
}

var (
	u7001  = update{7001, "#1: Enable js aggregation", "  variable_set('preprocess_js', 1);\n"}
	u7002  = update{7002, "#2: Set the theme", "  variable_set('theme_default', 'xyz');\n"}
	u7003m = update{7003, "#3: Enable admin menu", "  if (!module_enable(array('admin_menu'))) {\n    throw new DrupalUpdateException('admin_menu');\n  }\n"}
	u7004m = update{7004, "#4: Site name", "  variable_set('site_name', 'Example');\n"}
	u7003b = update{7003, "#9: Aggregate css", "  variable_set('preprocess_css', 1);\n"}
)

func TestCompare(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		base    string
		fork    string // "" when git cannot tell the fork point
		now     string
		changed []string
		removed []string
		added   []string
		below   []string
		highest int
	}{
		{
			name: "unchanged", base: install(u7001, u7002), now: install(u7001, u7002),
			highest: 7002,
		},
		{
			name: "docblock reworded, code reindented and commented",
			base: install(u7001, u7002),
			now: install(u7001, update{7002, "#2: Set the default theme.\n *\n * The front end theme, not the admin one.",
				"  // The new theme.\n  variable_set(\n    'theme_default',\n    'xyz'\n  );\n"}),
			highest: 7002,
		},
		{
			name: "deployed update edited", base: install(u7001, u7002),
			now:     install(u7001, update{7002, u7002.doc, "  variable_set('theme_default', 'abc');\n"}),
			changed: []string{"example_deploy_update_7002"}, highest: 7002,
		},
		{
			name: "parameter added", base: install(u7001, u7002),
			now:     strings.Replace(install(u7001, u7002), "update_7002()", "update_7002(&$sandbox)", 1),
			changed: []string{"example_deploy_update_7002"}, highest: 7002,
		},
		{
			name: "deployed update removed", base: install(u7001, u7002), now: install(u7001),
			removed: []string{"example_deploy_update_7002"}, highest: 7002,
		},
		{
			name: "new update above the base", base: install(u7001, u7002), now: install(u7001, u7002, u7003b),
			added: []string{"example_deploy_update_7003"}, highest: 7002,
		},
		{
			name: "branch behind its base: collision, nothing removed",
			base: install(u7001, u7002, u7003m, u7004m), fork: install(u7001, u7002),
			now:     install(u7001, u7002, u7003b),
			added:   []string{"example_deploy_update_7003"},
			below:   []string{"example_deploy_update_7003"},
			highest: 7004,
		},
		{
			name:    "branch behind its base, fork unknown: an edit and a removal",
			base:    install(u7001, u7002, u7003m, u7004m),
			now:     install(u7001, u7002, u7003b),
			changed: []string{"example_deploy_update_7003"}, removed: []string{"example_deploy_update_7004"},
			highest: 7004,
		},
		{
			name: "merged with both 7003s kept",
			base: install(u7001, u7002, u7003m, u7004m), fork: install(u7001, u7002, u7003m, u7004m),
			now:     install(u7001, u7002, u7003m, u7004m, u7003b),
			added:   []string{"example_deploy_update_7003"},
			below:   []string{"example_deploy_update_7003"},
			highest: 7004,
		},
		{
			name:  "merged with the branch's 7003 first",
			base:  install(u7001, u7002, u7003m, u7004m),
			now:   install(u7001, u7002, u7003b, u7003m, u7004m),
			added: []string{"example_deploy_update_7003"}, below: []string{"example_deploy_update_7003"},
			highest: 7004,
		},
		{
			name: "base edited an update after the fork, branch did not",
			base: install(u7001, update{7002, u7002.doc, "  variable_set('theme_default', 'new');\n"}),
			fork: install(u7001, u7002), now: install(u7001, u7002),
			highest: 7002,
		},
		{
			name: "branch edited an update that existed at the fork",
			base: install(u7001, u7002), fork: install(u7001, u7002),
			now:     install(u7001, update{7002, u7002.doc, "  variable_set('theme_default', 'abc');\n"}),
			changed: []string{"example_deploy_update_7002"}, highest: 7002,
		},
		{
			name: "module new since the base", base: "", now: install(u7001),
			added: []string{"example_deploy_update_7001"},
		},
	}
	names := func(us []phpast.FileFunction) []string {
		var out []string
		for _, u := range us {
			out = append(out, u.Name)
		}
		return out
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			base := &Base{Ref: "main", Module: &phpast.Module{Name: "example_deploy"}}
			if tt.base != "" {
				base.Module = parseModule(t, "main", tt.base)
			}
			if tt.fork != "" {
				base.Fork = parseModule(t, "fork", tt.fork)
			}
			now := parseModule(t, "now", tt.now)
			c := Compare(now, base)
			var changed []string
			for _, ch := range c.Changed {
				if ch.Now.Number != ch.Then.Number {
					t.Errorf("change pairs %s with %s", ch.Now.Name, ch.Then.Name)
				}
				changed = append(changed, ch.Now.Name)
			}
			for _, got := range []struct {
				what      string
				want, got []string
			}{
				{"changed", tt.changed, changed},
				{"removed", tt.removed, names(c.Removed)},
				{"added", tt.added, names(c.Added)},
				{"below", tt.below, names(c.Below)},
			} {
				if diff := cmp.Diff(got.want, got.got); diff != "" {
					t.Errorf("%s (-want +got):\n%s", got.what, diff)
				}
			}
			if c.BaseHighest != tt.highest {
				t.Errorf("BaseHighest = %d, want %d", c.BaseHighest, tt.highest)
			}
		})
	}
}

// TestCompareDuplicateIdentity checks that of two functions with one number,
// the one that differs from the base is the addition, wherever it stands.
func TestCompareDuplicateIdentity(t *testing.T) {
	t.Parallel()
	base := &Base{Ref: "main", Module: parseModule(t, "main", install(u7001, u7002, u7003m, u7004m))}
	for _, order := range [][]update{{u7003b, u7003m}, {u7003m, u7003b}} {
		now := parseModule(t, "now", install(append([]update{u7001, u7002}, append(order, u7004m)...)...))
		c := Compare(now, base)
		if len(c.Below) != 1 {
			t.Fatalf("Below = %d updates, want 1", len(c.Below))
		}
		if got := c.Below[0].Doc.Issues; len(got) != 1 || got[0] != "#9" {
			t.Errorf("the addition found is %v, want the #9 update", got)
		}
	}
}

// BenchmarkCompare compares a module of 1,000 updates with its base, the
// work lint --base adds per module besides running git.
func BenchmarkCompare(b *testing.B) {
	var base, now []update
	for n := 7001; n <= 7999; n++ {
		u := update{n, "#" + strconv.Itoa(n) + ": Set a variable.", "  variable_set('v" + strconv.Itoa(n) + "', " + strconv.Itoa(n) + ");\n"}
		base = append(base, u)
		now = append(now, u)
	}
	now[500].body = "  // Reworded.\n" + now[500].body
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		bm := &Base{Ref: "main", Module: parseModule(b, "main", install(base...))}
		nm := parseModule(b, "now", install(now...))
		b.StartTimer()
		if c := Compare(nm, bm); len(c.Changed) != 0 {
			b.Fatalf("%d changed", len(c.Changed))
		}
	}
}
