package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// lintStepsFile renders a PHP file of hooks with docblocks that name an issue,
// so that each case below carries the one defect it is about.
func lintStepsFile(functions ...string) string {
	var b strings.Builder
	b.WriteString("<?php\n\n/**\n * @file\n * Deployment steps.\n */\n")
	for _, f := range functions {
		b.WriteString("\n/**\n * #12: A step.\n */\n" + f + "\n")
	}
	return b.String()
}

// Lint of a lone NAME.post_update.php or NAME.deploy.php with each defect
// that issue 11 lists: the right finding, on the right line, and exit 1.
func TestLintLoneHookFiles(t *testing.T) {
	t.Parallel()
	ok := "function shop_deploy_post_update_10001_front(): string {\n  \\Drupal::configFactory()->getEditable('system.site')->set('page.front', '/shop')->save();\n  return 'Done.';\n}"
	for _, tc := range []struct {
		name  string
		lint  string            // the file linted
		files map[string]string // the folder's files
		want  []string          // "RULE line"
	}{
		{
			name: "parse error", lint: "shop_deploy.deploy.php",
			files: map[string]string{"shop_deploy.deploy.php": "<?php\nfunction shop_deploy_deploy_10001_x(): string {\n  return 'x'\n}\n"},
			want:  []string{"DC000 4"},
		},
		{
			name: "function declared twice", lint: "shop_deploy.post_update.php",
			files: map[string]string{"shop_deploy.post_update.php": lintStepsFile(ok, ok)},
			want:  []string{"DC002 19"},
		},
		{
			name: "Drupal 7 API", lint: "shop_deploy.post_update.php",
			files: map[string]string{"shop_deploy.post_update.php": lintStepsFile("function shop_deploy_post_update_10001_js(): string {\n  variable_set('preprocess_js', 1);\n  return 'Done.';\n}")},
			want:  []string{"DC012 12"},
		},
		{
			name: "name holding _post_update_", lint: "shop_deploy.post_update.php",
			files: map[string]string{"shop_deploy.post_update.php": lintStepsFile(strings.Replace(ok, "10001_front", "10001_front_post_update_fix", 1))},
			want:  []string{"DC010 11"},
		},
		{
			name: "name holding _deploy_", lint: "shop_deploy.deploy.php",
			files: map[string]string{"shop_deploy.deploy.php": lintStepsFile("function shop_deploy_deploy_10001_pre_deploy_cleanup(): string {\n  return 'Done.';\n}")},
			want:  []string{"DC010 11"},
		},
		{
			name: "generator placeholder", lint: "shop_deploy.post_update.php",
			files: map[string]string{"shop_deploy.post_update.php": lintStepsFile(strings.Replace(ok, "10001_front", "NAME", 1))},
			want:  []string{"DC010 11"},
		},
		{
			name: "helper named like a deploy hook", lint: "shop_deploy.deploy.php",
			files: map[string]string{"shop_deploy.deploy.php": lintStepsFile(
				"function shop_deploy_deploy_10001_topics(): string {\n  shop_deploy_deploy_term('News');\n  return 'Done.';\n}",
				"function shop_deploy_deploy_term($name) {\n  \\Drupal::state()->set('shop.term', $name);\n}")},
			want: []string{"DC010 19"},
		},
		{
			name: "run out of order", lint: "shop_deploy.deploy.php",
			files: map[string]string{"shop_deploy.deploy.php": lintStepsFile(
				"function shop_deploy_deploy_9_x_index(): string {\n  return 'Done.';\n}",
				"function shop_deploy_deploy_10_x_search(): string {\n  return 'Done.';\n}")},
			want: []string{"DC018 18"},
		},
		{
			name: "content created with no existence check", lint: "shop_deploy.deploy.php",
			files: map[string]string{"shop_deploy.deploy.php": lintStepsFile("function shop_deploy_deploy_10001_sale(): string {\n  \\Drupal\\taxonomy\\Entity\\Term::create(['vid' => 'tags', 'name' => 'Sale'])->save();\n  return 'Done.';\n}")},
			want:  []string{"DC008 12"},
		},
		{
			name: "failure recorded as done", lint: "shop_deploy.post_update.php",
			files: map[string]string{"shop_deploy.post_update.php": lintStepsFile("function shop_deploy_post_update_10001_search(): string {\n  if (!\\Drupal::moduleHandler()->moduleExists('search')) {\n    return 'Skipping.';\n  }\n  \\Drupal::configFactory()->getEditable('search.settings')->set('index.cron_limit', 50)->save();\n  return 'Done.';\n}")},
			want:  []string{"DC019 13"},
		},
		{
			name: "sandbox finished without #", lint: "shop_deploy.post_update.php",
			files: map[string]string{"shop_deploy.post_update.php": lintStepsFile("function shop_deploy_post_update_10001_batch(array &$sandbox): string {\n  $sandbox['finished'] = 1;\n  return 'Done.';\n}")},
			want:  []string{"DC023 12"},
		},
		{
			name: "deploy hook calls an .install helper", lint: "shop_deploy.deploy.php",
			files: map[string]string{
				"shop_deploy.deploy.php": lintStepsFile("function shop_deploy_deploy_10001_topics(): string {\n  _shop_deploy_topics();\n  return 'Done.';\n}"),
				"shop_deploy.install":    "<?php\n\n/**\n * Creates the topics.\n */\nfunction _shop_deploy_topics() {\n}\n",
			},
			want: []string{"DC024 12"},
		},
		{
			name: "no issue reference", lint: "shop_deploy.deploy.php",
			files: map[string]string{"shop_deploy.deploy.php": "<?php\n\n/**\n * Implements hook_deploy_NAME().\n */\nfunction shop_deploy_deploy_10001_x(): string {\n  return 'Done.';\n}\n"},
			want:  []string{"DC011 6"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			writeTree(t, root, tc.files)
			r := runCLI(t, root, "lint", "--format", "json", tc.lint)
			if r.code != 1 {
				t.Errorf("exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
			}
			var out struct {
				Findings []struct {
					Rule string
					Line int
					Path string
				}
			}
			if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
				t.Fatalf("json: %v\n%s", err, r.stdout)
			}
			var got []string
			for _, f := range out.Findings {
				got = append(got, fmt.Sprintf("%s %d", f.Rule, f.Line))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s\n%s", diff, r.stdout)
			}
			// The file is reported, not rewritten.
			for name, content := range tc.files {
				if data, _ := os.ReadFile(filepath.Join(root, name)); string(data) != content {
					t.Errorf("%s changed", name)
				}
			}
		})
	}
}
