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
	want := &Document{Version: 1, Modules: []Module{
		{Module: "example_deploy", Path: "shown/example_deploy.install", Core: 7, Updates: []Update{
			{Number: 7001, Function: "example_deploy_update_7001", Line: 10, Issue: "PROJ-7, #8", Summary: "Big batch", Sandbox: true, Actions: []string{}},
			{Number: 7002, Function: "example_deploy_update_7002", Line: 3, Issue: "#12345", Summary: "Enable javascript aggregation", Actions: []string{"variable_set preprocess_js"}},
			{Number: 7003, Function: "example_deploy_update_7003", Line: 3, Actions: []string{}},
		}},
		{Module: "blog_deploy", Updates: []Update{}},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Build (-want +got):\n%s", diff)
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
		{Table{}, "\n07005   example_deploy_update_07005 "},
		{Markdown{}, "\n| 07005 | `example_deploy_update_07005` |"},
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
