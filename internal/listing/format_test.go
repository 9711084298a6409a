package listing

import (
	"bytes"
	"testing"
)

// sample is a listing with what each format must handle: a summary with
// characters that HTML and Markdown treat apart, an update without issue,
// summary or actions, a post-update and a deploy hook in files of their
// own (one without a sequence), and a module of unknown core with no
// steps.
var sample = &Document{Version: 1, Modules: []Module{
	{Module: "shop_deploy", Path: "web/modules/custom/shop_deploy/shop_deploy.install", Core: 10, Updates: []Update{
		{Number: 10001, Function: "shop_deploy_update_10001", Line: 5, Issue: "#1", Summary: "Enable <a> | b", Actions: []string{"enable a", "set x"}, Kind: "update", Runs: "updb", Path: "web/modules/custom/shop_deploy/shop_deploy.install"},
		{Number: 10002, Function: "shop_deploy_update_10002", Line: 12, Sandbox: true, Actions: []string{}, Kind: "update", Runs: "updb", Path: "web/modules/custom/shop_deploy/shop_deploy.install"},
	}, PostUpdates: []Update{
		{Number: 10001, Function: "shop_deploy_post_update_10001_menus", Line: 9, Issue: "#2", Summary: "Menus", Sandbox: true, Actions: []string{}, Kind: "post-update", Runs: "updb (after updates)", Name: "10001_menus", Path: "web/modules/custom/shop_deploy/shop_deploy.post_update.php"},
	}, DeployHooks: []Update{
		{Function: "shop_deploy_deploy_front", Line: 7, Issue: "#3", Summary: "Front page", Actions: []string{"config_set system.site:page.front"}, Kind: "deploy", Runs: "drush deploy", Name: "front", Path: "web/modules/custom/shop_deploy/shop_deploy.deploy.php"},
	}},
	{Module: "blog_deploy", Path: "blog_deploy.install", Updates: []Update{}, PostUpdates: []Update{}, DeployHooks: []Update{}},
}}

func TestFormats(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		format string
		color  bool
		want   string
	}{
		{"table", false, `shop_deploy (Drupal 10) web/modules/custom/shop_deploy/shop_deploy.install
KIND         RUNS                  NUMBER  FUNCTION                             ISSUE  SUMMARY         LINE                           SANDBOX  ACTIONS
update       updb                  10001   shop_deploy_update_10001             #1     Enable <a> | b  5                              no       enable a; set x
update       updb                  10002   shop_deploy_update_10002             -      -               12                             yes      -
post-update  updb (after updates)  10001   shop_deploy_post_update_10001_menus  #2     Menus           shop_deploy.post_update.php:9  yes      -
deploy       drush deploy          -       shop_deploy_deploy_front             #3     Front page      shop_deploy.deploy.php:7       no       config_set system.site:page.front

blog_deploy (Drupal ?) blog_deploy.install
no updates
`},
		{"table", true, "\x1b[1mshop_deploy\x1b[22m (Drupal 10) web/modules/custom/shop_deploy/shop_deploy.install\n" +
			"KIND         RUNS                  NUMBER  FUNCTION                             ISSUE  SUMMARY         LINE                           SANDBOX  ACTIONS\n" +
			"update       updb                  10001   shop_deploy_update_10001             #1     Enable <a> | b  5                              no       enable a; set x\n" +
			"update       updb                  10002   shop_deploy_update_10002             -      -               12                             yes      -\n" +
			"post-update  updb (after updates)  10001   shop_deploy_post_update_10001_menus  #2     Menus           shop_deploy.post_update.php:9  yes      -\n" +
			"deploy       drush deploy          -       shop_deploy_deploy_front             #3     Front page      shop_deploy.deploy.php:7       no       config_set system.site:page.front\n" +
			"\n" +
			"\x1b[1mblog_deploy\x1b[22m (Drupal ?) blog_deploy.install\n" +
			"no updates\n"},
		{"markdown", true, "## shop_deploy (Drupal 10)\n\n`web/modules/custom/shop_deploy/shop_deploy.install`\n\n" +
			"| Kind | Runs | Number | Function | Issue | Summary | Line | Sandbox | Actions |\n" +
			"|---|---|---:|---|---|---|---:|---|---|\n" +
			"| update | updb | 10001 | `shop_deploy_update_10001` | #1 | Enable <a> \\| b | 5 | no | `enable a`, `set x` |\n" +
			"| update | updb | 10002 | `shop_deploy_update_10002` |  |  | 12 | yes |  |\n" +
			"| post-update | updb (after updates) | 10001 | `shop_deploy_post_update_10001_menus` | #2 | Menus | shop_deploy.post_update.php:9 | yes |  |\n" +
			"| deploy | drush deploy | - | `shop_deploy_deploy_front` | #3 | Front page | shop_deploy.deploy.php:7 | no | `config_set system.site:page.front` |\n" +
			"\n" +
			"## blog_deploy (Drupal ?)\n\n`blog_deploy.install`\n\n" +
			"| Kind | Runs | Number | Function | Issue | Summary | Line | Sandbox | Actions |\n" +
			"|---|---|---:|---|---|---|---:|---|---|\n"},
		{"json", true, `{
  "version": 1,
  "modules": [
    {
      "module": "shop_deploy",
      "path": "web/modules/custom/shop_deploy/shop_deploy.install",
      "core": 10,
      "updates": [
        {
          "number": 10001,
          "function": "shop_deploy_update_10001",
          "line": 5,
          "issue": "#1",
          "summary": "Enable <a> | b",
          "sandbox": false,
          "actions": [
            "enable a",
            "set x"
          ],
          "kind": "update",
          "runs": "updb",
          "path": "web/modules/custom/shop_deploy/shop_deploy.install"
        },
        {
          "number": 10002,
          "function": "shop_deploy_update_10002",
          "line": 12,
          "issue": "",
          "summary": "",
          "sandbox": true,
          "actions": [],
          "kind": "update",
          "runs": "updb",
          "path": "web/modules/custom/shop_deploy/shop_deploy.install"
        }
      ],
      "post_updates": [
        {
          "number": 10001,
          "function": "shop_deploy_post_update_10001_menus",
          "line": 9,
          "issue": "#2",
          "summary": "Menus",
          "sandbox": true,
          "actions": [],
          "kind": "post-update",
          "runs": "updb (after updates)",
          "name": "10001_menus",
          "path": "web/modules/custom/shop_deploy/shop_deploy.post_update.php"
        }
      ],
      "deploy_hooks": [
        {
          "number": 0,
          "function": "shop_deploy_deploy_front",
          "line": 7,
          "issue": "#3",
          "summary": "Front page",
          "sandbox": false,
          "actions": [
            "config_set system.site:page.front"
          ],
          "kind": "deploy",
          "runs": "drush deploy",
          "name": "front",
          "path": "web/modules/custom/shop_deploy/shop_deploy.deploy.php"
        }
      ]
    },
    {
      "module": "blog_deploy",
      "path": "blog_deploy.install",
      "core": 0,
      "updates": [],
      "post_updates": [],
      "deploy_hooks": []
    }
  ]
}
`},
	} {
		f := Lookup(tc.format)
		if f == nil {
			t.Fatalf("no format %q", tc.format)
		}
		var buf bytes.Buffer
		if err := f.Format(&buf, sample, Options{Color: tc.color}); err != nil {
			t.Fatal(err)
		}
		if got := buf.String(); got != tc.want {
			t.Errorf("%s (color %v):\n%s\nwant:\n%s", tc.format, tc.color, got, tc.want)
		}
	}
}

func TestRegistry(t *testing.T) {
	t.Parallel()
	if got, want := Names(), "table, json or markdown"; got != want {
		t.Errorf("Names() = %q, want %q", got, want)
	}
	for _, name := range []string{"table", "json", "markdown"} {
		if f := Lookup(name); f == nil || f.Name() != name {
			t.Errorf("Lookup(%q) = %v", name, f)
		}
	}
	if f := Lookup("xml"); f != nil {
		t.Errorf("Lookup(%q) = %v, want nil", "xml", f)
	}
}
