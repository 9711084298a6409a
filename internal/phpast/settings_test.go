package phpast

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// renderPath writes a path expression as a small Lisp, so that a test can
// spell out the tree it expects.
func renderPath(p *PathExpr) string {
	if p == nil {
		return "<nil>"
	}
	switch p.Kind {
	case PathLiteral:
		return fmt.Sprintf("%q", p.Text)
	case PathAppRoot:
		return "$app_root"
	case PathSitePath:
		return "$site_path"
	case PathDrupalRoot:
		return "DRUPAL_ROOT"
	case PathDir:
		return "__DIR__"
	case PathFile:
		return "__FILE__"
	case PathDirname:
		return fmt.Sprintf("(dirname %s %d)", renderPath(p.Parts[0]), p.Levels)
	case PathRealpath:
		return fmt.Sprintf("(realpath %s)", renderPath(p.Parts[0]))
	case PathConcat:
		parts := make([]string, len(p.Parts))
		for i, q := range p.Parts {
			parts[i] = renderPath(q)
		}
		return "(. " + strings.Join(parts, " ") + ")"
	}
	return "?" + p.Text
}

// renderStep writes a step as "kind [if] what", with its source text.
func renderStep(s *Settings, st SettingsStep) string {
	var b strings.Builder
	b.WriteString(st.Kind.String())
	if st.Conditional {
		b.WriteString(" if")
	}
	switch st.Kind {
	case SettingSyncDirectory, SettingInclude:
		b.WriteString(" " + renderPath(st.Path))
	case SettingConfigOverride:
		fmt.Fprintf(&b, " %s %v = %s", st.Config, st.Keys, valueKeyOf(st.Value))
	default:
		b.WriteString(" " + valueKeyOf(st.Value))
	}
	fmt.Fprintf(&b, " | %s", s.Src[st.Span.Start:st.Span.End])
	return b.String()
}

func valueKeyOf(v Value) string {
	if v.Kind != ValueArray {
		return v.Text
	}
	items := make([]string, len(v.Items))
	for i, it := range v.Items {
		items[i] = valueKeyOf(it.Value)
	}
	return "[" + strings.Join(items, " ") + "]"
}

func TestParseSettings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "drupal 10 default.settings.php shape",
			src: `<?php
$databases = [];
$settings['hash_salt'] = 'x';
$settings['config_sync_directory'] = '../config/sync';
if (file_exists($app_root . '/' . $site_path . '/settings.local.php')) {
  include $app_root . '/' . $site_path . '/settings.local.php';
}
`,
			want: []string{
				`sync directory "../config/sync" | $settings['config_sync_directory'] = '../config/sync'`,
				`include if (. $app_root "/" $site_path "/settings.local.php") | include $app_root . '/' . $site_path . '/settings.local.php'`,
			},
		},
		{
			name: "paths built from roots",
			src: `<?php
$settings["config_sync_directory"] = dirname(DRUPAL_ROOT) . '/config/sync';
$settings['config_sync_directory'] = __DIR__ . "/../../../config/$site_path";
$settings['config_sync_directory'] = dirname(__DIR__, 3) . '/config';
$settings['config_sync_directory'] = realpath("{$app_root}/../config");
$settings['config_sync_directory'] = getenv('SYNC');
`,
			want: []string{
				`sync directory (. (dirname DRUPAL_ROOT 1) "/config/sync") | $settings["config_sync_directory"] = dirname(DRUPAL_ROOT) . '/config/sync'`,
				`sync directory (. __DIR__ "/../../../config/" $site_path) | $settings['config_sync_directory'] = __DIR__ . "/../../../config/$site_path"`,
				`sync directory (. (dirname __DIR__ 3) "/config") | $settings['config_sync_directory'] = dirname(__DIR__, 3) . '/config'`,
				`sync directory (realpath (. $app_root "/../config")) | $settings['config_sync_directory'] = realpath("{$app_root}/../config")`,
				`sync directory ?getenv('SYNC') | $settings['config_sync_directory'] = getenv('SYNC')`,
			},
		},
		{
			name: "drupal 8 before 8.8",
			src: `<?php
$config_directories['sync'] = 'sites/default/files/sync';
$config_directories[CONFIG_SYNC_DIRECTORY] = '../config';
$config_directories['staging'] = 'elsewhere';
`,
			want: []string{
				`sync directory "sites/default/files/sync" | $config_directories['sync'] = 'sites/default/files/sync'`,
				`sync directory "../config" | $config_directories[CONFIG_SYNC_DIRECTORY] = '../config'`,
			},
		},
		{
			name: "excluded modules and overrides",
			src: `<?php
$settings['config_exclude_modules'] = ['devel', 'stage_file_proxy'];
$settings['config_exclude_modules'][] = 'kint';
$config['config_split.config_split.dev']['status'] = TRUE;
$config['system.performance'] = ['css' => ['preprocess' => FALSE]];
$config['x'][] = 1;
$other['config_sync_directory'] = 'no';
`,
			want: []string{
				`exclude modules [devel stage_file_proxy] | $settings['config_exclude_modules'] = ['devel', 'stage_file_proxy']`,
				`exclude module kint | $settings['config_exclude_modules'][] = 'kint'`,
				`config override config_split.config_split.dev [status] = TRUE | $config['config_split.config_split.dev']['status'] = TRUE`,
				`config override system.performance [] = [[FALSE]] | $config['system.performance'] = ['css' => ['preprocess' => FALSE]]`,
			},
		},
		{
			name: "conditions, silenced and function bodies",
			src: `<?php
function helper() {
  $settings['config_sync_directory'] = 'inside a function';
}
switch (getenv('ENV')) {
  case 'prod':
    require_once __DIR__ . '/settings.prod.php';
    break;
  default:
    @include_once 'settings.dev.php';
}
try {
  require 'settings.always.php';
}
catch (Exception $e) {
  $settings['config_sync_directory'] = 'caught';
}
foreach ([1] as $x) {
  include "settings.$x.php";
}
`,
			want: []string{
				`include if (. __DIR__ "/settings.prod.php") | require_once __DIR__ . '/settings.prod.php'`,
				`include if "settings.dev.php" | include_once 'settings.dev.php'`,
				`include "settings.always.php" | require 'settings.always.php'`,
				`sync directory if "caught" | $settings['config_sync_directory'] = 'caught'`,
				`include if (. "settings." ?$x ".php") | include "settings.$x.php"`,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, err := ParseSettings("settings.php", []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, st := range s.Steps {
				got = append(got, renderStep(s, st))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("steps (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseSettingsError(t *testing.T) {
	t.Parallel()
	_, err := ParseSettings("sites/default/settings.php", []byte("<?php\n$settings['config_sync_directory'] = ;\n"))
	var perr *Error
	if !errors.As(err, &perr) {
		t.Fatalf("err = %v, want a *phpast.Error", err)
	}
	if perr.Path != "sites/default/settings.php" || perr.Line != 2 {
		t.Errorf("error at %s:%d, want sites/default/settings.php:2", perr.Path, perr.Line)
	}
}
