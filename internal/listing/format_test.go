package listing

import (
	"bytes"
	"testing"
)

// sample is a listing with what each format must handle: a summary with
// characters that HTML and Markdown treat apart, an update without issue,
// summary or actions, and a module of unknown core with no updates.
var sample = &Document{Version: 1, Modules: []Module{
	{Module: "shop_deploy", Path: "web/modules/custom/shop_deploy/shop_deploy.install", Core: 10, Updates: []Update{
		{Number: 10001, Function: "shop_deploy_update_10001", Line: 5, Issue: "#1", Summary: "Enable <a> | b", Actions: []string{"enable a", "set x"}},
		{Number: 10002, Function: "shop_deploy_update_10002", Line: 12, Sandbox: true, Actions: []string{}},
	}},
	{Module: "blog_deploy", Path: "blog_deploy.install", Updates: []Update{}},
}}

func TestFormats(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		format string
		color  bool
		want   string
	}{
		{"table", false, `shop_deploy (Drupal 10) web/modules/custom/shop_deploy/shop_deploy.install
NUMBER  FUNCTION                  ISSUE  SUMMARY         LINE  SANDBOX  ACTIONS
10001   shop_deploy_update_10001  #1     Enable <a> | b  5     no       enable a; set x
10002   shop_deploy_update_10002  -      -               12    yes      -

blog_deploy (Drupal ?) blog_deploy.install
no updates
`},
		{"table", true, "\x1b[1mshop_deploy\x1b[22m (Drupal 10) web/modules/custom/shop_deploy/shop_deploy.install\n" +
			"NUMBER  FUNCTION                  ISSUE  SUMMARY         LINE  SANDBOX  ACTIONS\n" +
			"10001   shop_deploy_update_10001  #1     Enable <a> | b  5     no       enable a; set x\n" +
			"10002   shop_deploy_update_10002  -      -               12    yes      -\n" +
			"\n" +
			"\x1b[1mblog_deploy\x1b[22m (Drupal ?) blog_deploy.install\n" +
			"no updates\n"},
		{"markdown", true, "## shop_deploy (Drupal 10)\n\n`web/modules/custom/shop_deploy/shop_deploy.install`\n\n" +
			"| Number | Function | Issue | Summary | Line | Sandbox | Actions |\n" +
			"|---:|---|---|---|---:|---|---|\n" +
			"| 10001 | `shop_deploy_update_10001` | #1 | Enable <a> \\| b | 5 | no | `enable a`, `set x` |\n" +
			"| 10002 | `shop_deploy_update_10002` |  |  | 12 | yes |  |\n" +
			"\n" +
			"## blog_deploy (Drupal ?)\n\n`blog_deploy.install`\n\n" +
			"| Number | Function | Issue | Summary | Line | Sandbox | Actions |\n" +
			"|---:|---|---|---|---:|---|---|\n"},
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
          ]
        },
        {
          "number": 10002,
          "function": "shop_deploy_update_10002",
          "line": 12,
          "issue": "",
          "summary": "",
          "sandbox": true,
          "actions": []
        }
      ]
    },
    {
      "module": "blog_deploy",
      "path": "blog_deploy.install",
      "core": 0,
      "updates": []
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
