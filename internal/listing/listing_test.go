package listing

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/dcycle/dcycle/internal/phpast"
)

func TestBuild(t *testing.T) {
	t.Parallel()
	files := fstest.MapFS{
		"example_deploy.install": {Data: []byte(`<?php

/**
 * #12345: Enable javascript aggregation.
 */
function example_deploy_update_7002() {
  variable_set('preprocess_js', 1);
}

/**
 * PROJ-7, #8: Big batch
 */
function example_deploy_update_7001(&$sandbox) {
}

function example_deploy_install() {
}
`)},
		"example_deploy.deploy.php": {Data: []byte("<?php\n\nfunction example_deploy_update_7003() {\n}\n")},
	}
	m, err := phpast.RequireAll(phpast.LoadFS(files, "example_deploy", phpast.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	m.Core = 7
	empty := &phpast.Module{Name: "blog_deploy"}
	got := Build([]*phpast.Module{m, empty}, func(p string) string { return "shown/" + p })
	update := func(u Update) Update {
		u.Kind, u.Runs = "update", "updb"
		if u.Path == "" {
			u.Path = "shown/example_deploy.install"
		}
		return u
	}
	want := &Document{Version: 1, Modules: []Module{
		{Module: "example_deploy", Path: "shown/example_deploy.install", Core: 7, Updates: []Update{
			update(Update{Number: 7001, Function: "example_deploy_update_7001", Line: 10, Issue: "PROJ-7, #8", Summary: "Big batch", Sandbox: true, Actions: []string{}}),
			update(Update{Number: 7002, Function: "example_deploy_update_7002", Line: 3, Issue: "#12345", Summary: "Enable javascript aggregation", Actions: []string{"variable_set preprocess_js"}}),
			update(Update{Number: 7003, Function: "example_deploy_update_7003", Line: 3, Actions: []string{}, Path: "shown/example_deploy.deploy.php"}),
		}, PostUpdates: []Update{}, DeployHooks: []Update{}},
		{Module: "blog_deploy", Updates: []Update{}, PostUpdates: []Update{}, DeployHooks: []Update{}},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Build (-want +got):\n%s", diff)
	}
}

// TestBuildHookKinds lists a Drupal 10 module's post-updates and deploy
// hooks beside its updates: numbered by the sequence their names start
// with, in the order drush runs them (the string order of their names,
// across files, whatever order they are declared in), with what runs them.
// A module with no .install is shown by its first other file.
func TestBuildHookKinds(t *testing.T) {
	t.Parallel()
	files := fstest.MapFS{
		"shop_deploy.post_update.php": {Data: []byte(`<?php
/**
 * #2: Menus.
 */
function shop_deploy_post_update_10002_menus(array &$sandbox): string {
  \Drupal::service('module_installer')->install(['menu_ui']);
  return 'Menus.';
}
/**
 * #1: Rebuild the router.
 */
function shop_deploy_post_update_10001_router() {
}
/**
 * #0: Fix aliases.
 */
function shop_deploy_post_update_fix_aliases() {
}
`)},
		"shop_deploy.deploy.php": {Data: []byte(`<?php
function shop_deploy_deploy_9_x_old() {
}
function shop_deploy_deploy_10001_front() {
  \Drupal::configFactory()->getEditable('system.site')->set('page.front', '/shop')->save();
}
`)},
	}
	m, _, err := phpast.LoadFS(files, "shop_deploy", phpast.Options{})
	if err != nil {
		t.Fatal(err)
	}
	m.Core = 10
	got := Build([]*phpast.Module{m}, nil)
	post := func(u Update) Update {
		u.Kind, u.Runs, u.Path = "post-update", "updb (after updates)", "shop_deploy.post_update.php"
		return u
	}
	deploy := func(u Update) Update {
		u.Kind, u.Runs, u.Path = "deploy", "drush deploy", "shop_deploy.deploy.php"
		return u
	}
	want := &Document{Version: 1, Modules: []Module{{
		Module: "shop_deploy", Path: "shop_deploy.post_update.php", Core: 10, Updates: []Update{},
		PostUpdates: []Update{
			post(Update{Number: 10001, Function: "shop_deploy_post_update_10001_router", Line: 9, Issue: "#1", Summary: "Rebuild the router", Actions: []string{}, Name: "10001_router"}),
			post(Update{Number: 10002, Function: "shop_deploy_post_update_10002_menus", Line: 2, Issue: "#2", Summary: "Menus", Sandbox: true, Actions: []string{"module_install menu_ui"}, Name: "10002_menus"}),
			post(Update{Function: "shop_deploy_post_update_fix_aliases", Line: 14, Issue: "#0", Summary: "Fix aliases", Actions: []string{}, Name: "fix_aliases"}),
		},
		DeployHooks: []Update{
			deploy(Update{Number: 10001, Function: "shop_deploy_deploy_10001_front", Line: 4, Actions: []string{"config_set system.site:page.front"}, Name: "10001_front"}),
			deploy(Update{Number: 9, Function: "shop_deploy_deploy_9_x_old", Line: 2, Actions: []string{}, Name: "9_x_old"}),
		},
	}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Build (-want +got):\n%s", diff)
	}
	var out bytes.Buffer
	if err := (Table{}).Format(&out, got, Options{}); err != nil {
		t.Fatal(err)
	}
	// The steps run in this order: the table lists them so.
	var order []string
	for _, line := range strings.Split(out.String(), "\n")[2:] {
		if fields := strings.Fields(line); len(fields) > 0 {
			order = append(order, fields[0])
		}
	}
	if diff := cmp.Diff([]string{"post-update", "post-update", "post-update", "deploy", "deploy"}, order); diff != "" {
		t.Errorf("table rows (-want +got):\n%s\n%s", diff, out.String())
	}
}

// An update named with a leading zero is listed as written, never as the
// number Drupal may read from it (DC010 says what goes wrong); the JSON
// keeps the number, and the function name shows the digits.
func TestBuildLeadingZero(t *testing.T) {
	t.Parallel()
	files := fstest.MapFS{"example_deploy.install": {Data: []byte(`<?php

/**
 * #1: Enable javascript aggregation.
 */
function example_deploy_update_7001() {
}

/**
 * #2: Front page title.
 */
function example_deploy_update_07005() {
}
`)}}
	m, err := phpast.RequireAll(phpast.LoadFS(files, "example_deploy", phpast.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	m.Core = 7
	doc := Build([]*phpast.Module{m}, nil)
	if u := doc.Modules[0].Updates; len(u) != 2 || u[0].Written != "" || u[1].Number != 7005 || u[1].Written != "07005" {
		t.Fatalf("updates %+v, want 7001 and 7005 written 07005", u)
	}
	for _, tc := range []struct {
		format Formatter
		row    string
	}{
		{Table{}, "  07005   example_deploy_update_07005 "},
		{Markdown{}, " | 07005 | `example_deploy_update_07005` |"},
	} {
		var out bytes.Buffer
		if err := tc.format.Format(&out, doc, Options{}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), tc.row) {
			t.Errorf("%s output does not list 07005 as written:\n%s", tc.format.Name(), out.String())
		}
	}
}
