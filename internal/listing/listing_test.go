package listing

import (
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
