package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcycle/dcycle/internal/configsync"
	"github.com/dcycle/dcycle/internal/golden"
	"github.com/dcycle/dcycle/internal/site"
)

func raw(s string) json.RawMessage { return json.RawMessage(s) }

// keysAndValues shows differences without attribution, for comparison.
func keysAndValues(diffs []Difference) []string {
	var out []string
	for _, d := range diffs {
		out = append(out, d.Kind+" "+d.Key+": "+string(d.Fresh)+" | "+string(d.Updated))
	}
	return out
}

func TestDiffDrupal7(t *testing.T) {
	t.Parallel()
	fresh := &site.State{
		Core:       7,
		Variables:  map[string]json.RawMessage{"site_slogan": raw(`"Installed"`), "cron_last": raw("1"), "menu": raw(`{"b": 2, "a": [1, 2]}`)},
		Extensions: map[string]site.Extension{"module acme_deploy": {Status: 1, Schema: 7002}, "theme bartik": {Status: 1, Schema: -1}},
		Tables:     map[string]int{"node": 0, "variable": 5, "menu_router": 100},
	}
	updated := &site.State{
		Core:       7,
		Variables:  map[string]json.RawMessage{"site_slogan": raw(`"Deployed"`), "cron_last": raw("2"), "menu": raw(`{"a":[1,2],"b":2}`), "contact_default_status": raw("0")},
		Extensions: map[string]site.Extension{"module acme_deploy": {Status: 1, Schema: 7002}, "module contact": {Status: 1, Schema: 7003}, "theme bartik": {Status: 1, Schema: -1}},
		Tables:     map[string]int{"node": 0, "variable": 6, "menu_router": 104, "contact": 1},
	}
	f, err := flatten(fresh)
	if err != nil {
		t.Fatal(err)
	}
	u, err := flatten(updated)
	if err != nil {
		t.Fatal(err)
	}
	// cron_last changes on every cron run and the variable and menu_router
	// counts repeat other differences: none of them is one. The menu
	// variable is equal whatever the order of its keys.
	want := []string{
		`module contact: null | "enabled, schema 7003"`,
		`variable contact_default_status: null | 0`,
		`variable site_slogan: "Installed" | "Deployed"`,
		`table contact: null | 1`,
	}
	if diff := cmp.Diff(want, keysAndValues(diff(f, u))); diff != "" {
		t.Errorf("differences (-want +got):\n%s", diff)
	}
}

func TestDiffDrupal10(t *testing.T) {
	t.Parallel()
	fresh := &site.State{
		Core: 10,
		Config: map[string]json.RawMessage{
			"system.site":    raw(`{"name": "Acme", "slogan": "", "page": {"front": "/node", "403": ""}}`),
			"core.extension": raw(`{"module": {"acme_deploy": 0, "system": 0}, "theme": {"stark": 0}, "profile": "minimal"}`),
		},
		Schema:      map[string]int{"acme_deploy": 10001, "system": 10400},
		PostUpdates: []string{"system_post_update_a"},
		DeployHooks: []string{"acme_deploy_deploy_10002_name"},
		Tables:      map[string]int{"users": 2},
	}
	updated := &site.State{
		Core: 10,
		Config: map[string]json.RawMessage{
			"system.site":      raw(`{"name": "Acme", "slogan": "Deployed", "page": {"front": "/contact", "403": ""}}`),
			"contact.settings": raw(`{"flood": {"limit": 5, "interval": 3600}}`),
			"core.extension":   raw(`{"module": {"acme_deploy": 0, "contact": 0, "system": 0}, "theme": {"stark": 0}, "profile": "minimal"}`),
		},
		Schema:      map[string]int{"acme_deploy": 10001, "contact": 8000, "system": 10400},
		PostUpdates: []string{"system_post_update_a", "contact_post_update_b"},
		DeployHooks: []string{"acme_deploy_deploy_10002_name"},
		Tables:      map[string]int{"users": 3},
	}
	f, err := flatten(fresh)
	if err != nil {
		t.Fatal(err)
	}
	u, err := flatten(updated)
	if err != nil {
		t.Fatal(err)
	}
	// An object only one site has is one difference, whole.
	want := []string{
		`module contact: null | "installed"`,
		`config contact.settings: null | {"flood":{"interval":3600,"limit":5}}`,
		`config system.site:page.front: "/node" | "/contact"`,
		`config system.site:slogan: "" | "Deployed"`,
		`schema contact: null | 8000`,
		`post-update contact_post_update_b: null | "run"`,
		`table users: 2 | 3`,
	}
	if diff := cmp.Diff(want, keysAndValues(diff(f, u))); diff != "" {
		t.Errorf("differences (-want +got):\n%s", diff)
	}
}

const attributed = `<?php

function acme_deploy_install($is_syncing) {
  \Drupal::configFactory()->getEditable('system.site')->set('name', 'Before')->save();
  foreach (\Drupal::service('update.update_hook_registry')->getAvailableUpdates('acme_deploy') as $number) {
    $function = 'acme_deploy_update_' . $number;
    $function();
  }
  \Drupal::configFactory()->getEditable('system.site')->set('slogan', 'Installed')->save();
}

/**
 * #1: Slogan.
 */
function acme_deploy_update_10001() {
  \Drupal::configFactory()->getEditable('system.site')->set('slogan', 'Deployed')->save();
}

/**
 * #2: No CSS aggregation.
 */
function acme_deploy_update_10002() {
  \Drupal::configFactory()->getEditable('system.performance')->set('css', ['preprocess' => FALSE])->save();
  \Drupal::service('module_installer')->install(['contact', 'ban']);
}

/**
 * #3: Computed.
 */
function acme_deploy_update_10003() {
  \Drupal::configFactory()->getEditable('system.site')->set('mail', acme_deploy_mail())->save();
}
`

func TestAttribute(t *testing.T) {
	t.Parallel()
	m := loadFiles(t, site.Files{"acme_deploy.install": []byte(attributed)})
	sync := t.TempDir()
	for name, yml := range map[string]string{
		"system.site.yml":        "uuid: x\nname: Acme\nslogan: Deployed\nmail: sync@example.com\npage:\n  403: ''\n  front: /user\n",
		"system.performance.yml": "css:\n  preprocess: true\n",
	} {
		if err := os.WriteFile(filepath.Join(sync, name), []byte(yml), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	diffs := []Difference{
		{Kind: KindModule, Key: "ban", Fresh: raw("null"), Updated: raw(`"installed"`)},
		{Kind: KindConfig, Key: "system.performance:css.preprocess", Fresh: raw("false"), Updated: raw("true")},
		{Kind: KindConfig, Key: "system.site:mail", Fresh: raw(`"a@example.com"`), Updated: raw(`"sync@example.com"`)},
		{Kind: KindConfig, Key: "system.site:page.front", Fresh: raw(`"/node"`), Updated: raw(`"/user"`)},
		{Kind: KindConfig, Key: "system.site:slogan", Fresh: raw(`"Installed"`), Updated: raw(`"Deployed"`)},
	}
	dir, err := configsync.Read(sync, configsync.Options{})
	if err != nil {
		t.Fatal(err)
	}
	attribute(diffs, m, dir)
	type got struct{ SetBy, Note string }
	var gots []got
	for _, d := range diffs {
		var by []string
		for _, s := range d.SetBy {
			by = append(by, s.Function+" "+s.Action+" "+string(s.Value)+" "+s.Doc)
		}
		gots = append(gots, got{SetBy: strings.Join(by, "; "), Note: d.Note})
	}
	want := []got{
		{SetBy: "acme_deploy_update_10002 module_install contact,ban  #2: No CSS aggregation."},
		{
			SetBy: `acme_deploy_update_10002 config_set system.performance:css {"preprocess":false} #2: No CSS aggregation.`,
			Note:  "the config sync directory says true: the config import undoes acme_deploy_update_10002() on updated sites only",
		},
		{
			// Set from a call: what it sets is not known.
			SetBy: "acme_deploy_update_10003 config_set system.site:mail  #3: Computed.",
			Note:  `the config sync directory says "sync@example.com", which the config import sets on updated sites only`,
		},
		{Note: `the config sync directory says "/user": the config import sets it on updated sites only`},
		{
			// The update agrees with the sync directory: hook_install()'s
			// statement after the replay is the cause.
			SetBy: `acme_deploy_install config_set system.site:slogan "Installed" ; acme_deploy_update_10001 config_set system.site:slogan "Deployed" #1: Slogan.`,
			Note:  "acme_deploy_install() changes it after the replay of the updates: a fresh site keeps that value, an updated site never runs it",
		},
	}
	if diff := cmp.Diff(want, gots); diff != "" {
		t.Errorf("attribution (-want +got):\n%s", diff)
	}
}

// sampleReport is a report of each shape: failures on both sites, a
// difference with its sources and a note, one without, an object only one
// site has.
func sampleReport() *Report {
	return &Report{
		Module: "acme_deploy", Core: 10, Base: "origin/main", Profile: "minimal", Sync: "/p/config/sync", Compared: 673,
		Ran: []string{"acme_deploy_update_10004", "acme_deploy_deploy_10005_mail_server"},
		Failures: []site.Failure{
			{Site: "updated", Step: "drush deploy", Update: "acme_deploy_deploy_10005_mail_server", Message: "no mail server is configured"},
			{Site: "fresh", Step: "enable", Update: "acme_deploy_install", Message: "Error: Call to undefined function acme_deploy_update_10003() in /p/web/modules/custom/acme_deploy/acme_deploy.install:12"},
		},
		Differences: []Difference{
			{Kind: KindModule, Key: "contact", Fresh: raw("null"), Updated: raw(`"installed"`), SetBy: []Source{{Function: "acme_deploy_update_10001", Doc: "#301: Enable the contact form.", Action: "module_install contact"}}},
			{Kind: KindConfig, Key: "contact.settings", Fresh: raw("null"), Updated: raw(`{"default_form":"feedback","flood":{"interval":3600,"limit":5},"user_default_enabled":true,"x":"` + strings.Repeat("y", 60) + `"}`), Note: "the config sync directory has it: the config import creates it on updated sites only"},
			{Kind: KindConfig, Key: "system.performance:css.preprocess", Fresh: raw("false"), Updated: raw("true"),
				SetBy: []Source{{Function: "acme_deploy_update_10004", Doc: "#304: No CSS aggregation.", Action: "config_set system.performance:css.preprocess", Value: raw("false")}},
				Note:  "the config sync directory says true: the config import undoes acme_deploy_update_10004() on updated sites only"},
			{Kind: KindTable, Key: "users_field_data", Fresh: raw("2"), Updated: raw("3")},
		},
	}
}

func TestReportGolden(t *testing.T) {
	t.Parallel()
	var text, js bytes.Buffer
	if err := WriteText(&text, sampleReport()); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&js, sampleReport()); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "report.txt"), text.Bytes())
	golden.Check(t, filepath.Join("testdata", "report.json"), js.Bytes())

	same := &Report{Module: "acme_deploy", Core: 7, Profile: "minimal", Compared: 66, Ran: []string{"acme_deploy_update_7001"}, Sites: map[string]string{"fresh": "/build/work/dcycle-verify-1/fresh", "updated": "/build/work/dcycle-verify-1/updated"}, Logs: "/build/work/dcycle-verify-1"}
	text.Reset()
	if err := WriteText(&text, same); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "same.txt"), text.Bytes())
}

func TestPHPArrays(t *testing.T) {
	t.Parallel()
	in := map[any]any{403: "", "front": map[string]any{}, "list": []any{map[string]any{}}}
	got, err := canonicalValue(phpArrays(in))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"403":"","front":[],"list":[[]]}`; string(got) != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// A literal PHP value becomes the JSON Drupal stores; anything computed is
// unknown.
func TestLiteralJSON(t *testing.T) {
	t.Parallel()
	src := `<?php
function acme_deploy_update_7001() {
  variable_set('a', 'text');
  variable_set('b', 3);
  variable_set('c', TRUE);
  variable_set('d', array('x' => 1, 'y' => array(1, 2)));
  variable_set('e', NULL);
  variable_set('f', $computed);
  variable_set('g', array(1 => 'one'));
}
`
	m := loadFiles(t, site.Files{"acme_deploy.install": []byte(src)})
	var got []string
	for _, c := range m.Install.Functions[0].Calls {
		v := literalJSON(c.Arg(1))
		if v == nil {
			got = append(got, "unknown")
			continue
		}
		got = append(got, string(v))
	}
	want := []string{`"text"`, "3", "true", `{"x":1,"y":[1,2]}`, "null", "unknown", `{"1":"one"}`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// The error that stopped one site is reported, not the cancellation it
// caused in the other.
func TestFirstError(t *testing.T) {
	t.Parallel()
	boom := errors.New("install failed")
	canceled := fmt.Errorf("drush deploy: %w", context.Canceled)
	if got := firstError(context.Background(), canceled, boom); got != boom {
		t.Errorf("got %v, want the install failure", got)
	}
	if got := firstError(context.Background(), nil, nil); got != nil {
		t.Errorf("got %v, want nil", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := firstError(ctx, canceled, boom); !errors.Is(got, context.Canceled) {
		t.Errorf("got %v, want the caller's cancellation", got)
	}
}
