package lint

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDeployHookOf(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		function string
		hook     string // "" when drush does not take it for a deploy hook of example
	}{
		{"example_deploy_cron", "cron"},
		{"Example_Deploy_Mark", "mark"},
		{"example_deploy_form_alter", "form_alter"},
		// The module's own deploy hooks: the last "_deploy_" wins.
		{"example_deploy_deploy_10001_topics", ""},
		// A later "_deploy_" makes it a hook of another name.
		{"example_deploy_x_deploy_y", ""},
		// "_deploy_" at the very end needs a name after it: the earlier one counts.
		{"example_deploy_cache_deploy_", "cache_deploy_"},
		{"_example_deploy_helper", ""},
		{"example_deploy", ""},
		{"other_deploy_cron", ""},
	} {
		hook, ok := deployHookOf(tc.function, "example")
		if ok != (tc.hook != "") || hook != tc.hook {
			t.Errorf("deployHookOf(%s) = %q, %v; want %q", tc.function, hook, ok, tc.hook)
		}
	}
}

func TestExtensionsRootWithoutProject(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	for _, tc := range []struct{ module, want string }{
		{"web/modules/custom/example_deploy", "web"},
		{"web/profiles/site/modules/example_deploy", "web"},
		{"web/sites/default/modules/example_deploy", "web"},
		{"elsewhere/example_deploy", ""},
	} {
		dir := filepath.Join(tmp, tc.module)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		want := ""
		if tc.want != "" {
			want = filepath.Join(tmp, tc.want)
		}
		if got := extensionsRoot("", dir); got != want {
			t.Errorf("extensionsRoot(%s) = %s, want %s", tc.module, got, want)
		}
	}
}
