package phptest

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func fixture(parts ...string) string {
	return filepath.Join(append([]string{"..", "..", "testdata", "modules"}, parts...)...)
}

// The harness must tell a resumable replay from the ones that leave a site
// believing it is up to date, or it proves nothing about generated code.
func TestReplayOfFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, module, path string
		opts               ReplayOptions
		ok                 bool
		completed          []int
		schema             int
		problem            string
	}{
		{
			name: "clean module replays every update", module: "tidy_deploy",
			path: fixture("d7_clean", "tidy_deploy.install"), opts: ReplayOptions{Run: "none"},
			ok: true, completed: []int{7001, 7002, 7003}, schema: 7003,
		},
		{
			name: "clean module records the last completed update", module: "tidy_deploy",
			path: fixture("d7_clean", "tidy_deploy.install"), opts: ReplayOptions{Run: "none", FailAt: 7003},
			ok: true, completed: []int{7001, 7002}, schema: 7002,
		},
		{
			name: "seed loop is not resumable", module: "example_deploy",
			path: fixture("d7_seed", "example_deploy.install"), opts: ReplayOptions{Run: "none", FailAt: 7002},
			ok: false, completed: []int{7001}, schema: 7004, problem: "would not resume at 7002",
		},
		{
			name: "seed loop replays every update when none fails", module: "example_deploy",
			path: fixture("d7_seed", "example_deploy.install"), opts: ReplayOptions{},
			ok: true, completed: []int{7001, 7002, 7003, 7004}, schema: 7004,
		},
		{
			name: "sandbox update called without a sandbox", module: "batch_deploy",
			path: fixture("d7_sandbox", "batch_deploy.install"), opts: ReplayOptions{Run: "none"},
			ok: false, completed: []int{7001}, schema: 7003, problem: "ArgumentCountError",
		},
		{
			name: "registry replay runs a sandbox update until finished", module: "shop_deploy",
			path: fixture("d10_site", "web", "modules", "custom", "shop_deploy", "shop_deploy.install"), opts: ReplayOptions{Run: "none", Passes: 4},
			ok: true, completed: []int{10001, 10002, 10003}, schema: 10003,
		},
		{
			name: "registry replay fails at the sandbox update", module: "shop_deploy",
			path: fixture("d10_site", "web", "modules", "custom", "shop_deploy", "shop_deploy.install"), opts: ReplayOptions{Run: "none", FailAt: 10001, FailWithError: true},
			ok: true, completed: nil, schema: 10000,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := Replay(t, tt.module, tt.path, tt.opts)
			if r.OK != tt.ok {
				t.Errorf("ok = %v, want %v; problems: %q", r.OK, tt.ok, r.Problems)
			}
			if !slices.Equal(r.Completed, tt.completed) {
				t.Errorf("completed = %v, want %v", r.Completed, tt.completed)
			}
			if r.Schema != tt.schema {
				t.Errorf("schema = %d, want %d", r.Schema, tt.schema)
			}
			if tt.problem != "" && !strings.Contains(strings.Join(r.Problems, "\n"), tt.problem) {
				t.Errorf("problems %q do not mention %q", r.Problems, tt.problem)
			}
		})
	}
}

func TestReplayCountsSandboxPasses(t *testing.T) {
	t.Parallel()
	path := fixture("d10_site", "web", "modules", "custom", "shop_deploy", "shop_deploy.install")
	r := Replay(t, "shop_deploy", path, ReplayOptions{Run: "none", Passes: 5})
	var passes int
	for _, c := range r.Calls {
		if c.Update == 10003 {
			passes++
			if c.Finished != (c.Pass == 5) {
				t.Errorf("call %+v: finished should be true on pass 5 only", c)
			}
		}
	}
	if passes != 5 {
		t.Errorf("update 10003 called %d times, want 5", passes)
	}
}

func TestReplayRunsBodiesAgainstStubs(t *testing.T) {
	t.Parallel()
	r := Replay(t, "example_deploy", fixture("d7_seed", "example_deploy.install"), ReplayOptions{})
	want := []string{
		`variable_set preprocess_js 1`,
		`features_revert xyz_feature:views_view`,
		`variable_set theme_default "xyz"`,
		`module_enable admin_menu_toolbar`,
		`module_disable toolbar`,
	}
	if !slices.Equal(r.Log, want) {
		t.Errorf("log = %q, want %q", r.Log, want)
	}
}

func TestLint(t *testing.T) {
	t.Parallel()
	if _, err := LintOutput(t, fixture("d7_seed", "example_deploy.install")); err != nil {
		t.Errorf("php -l rejects the seed module: %v", err)
	}
	out, err := LintOutput(t, fixture("d7_syntax_error", "broken_deploy.install"))
	if err == nil || !strings.Contains(out, "line 12") {
		t.Errorf("php -l on the broken module: err = %v, output %q; want a failure on line 12", err, out)
	}
}
