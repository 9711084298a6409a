package gen

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dcycle/dcycle/internal/phpast"
	"github.com/dcycle/dcycle/internal/phptest"
)

// resumable is the replay every created or rewritten hook_install() must
// have.
func checkResumable(t *testing.T, f *phpast.File) {
	t.Helper()
	for _, fn := range f.Functions {
		if fn.Kind != phpast.KindInstall {
			continue
		}
		r := fn.Replay
		if r == nil || r.Kind != phpast.ReplayRegistry || !r.Sandbox || !r.Resumable {
			t.Errorf("%s replay = %+v, want a sandboxed, resumable registry replay", fn.Name, r)
		}
		return
	}
	t.Errorf("no hook_install() in the result")
}

func TestNewUpdatePlacement(t *testing.T) {
	t.Parallel()
	const replayed = "function m_install() {\n  foreach (drupal_get_schema_versions('m') as $n) {\n    $f = 'm_update_' . $n;\n    $f();\n  }\n}\n"
	tests := []struct {
		name    string
		core    int
		src     string
		install InstallChange
		// checks are regular expressions the result must match.
		checks []string
		// kept are snippets of the source that must survive unchanged.
		kept []string
	}{
		{
			name: "after the update that ends last, not the highest", core: 7,
			src:     "<?php\n" + replayed + "\nfunction m_update_7002() {}\n\nfunction m_update_7001() {}\n\nfunction m_helper() {}\n",
			install: InstallKept,
			checks:  []string{`(?s)function m_update_7001\(\) \{\}\n\n/\*\*\n \* #1: Add\.\n \*/\nfunction m_update_7003\(\) \{\n.*\n\}\n\nfunction m_helper`},
		},
		{
			name: "hook_install created before the first update", core: 7,
			src:     "<?php\n\n/**\n * @file\n */\n\n/**\n * #5: First.\n */\nfunction m_update_7001() {}\n",
			install: InstallCreated,
			checks:  []string{`(?s)@file\n \*/\n\n/\*\*\n \* Implements hook_install\(\)\..*\nfunction m_install\(\) \{\n  \$last = 7000;\n.*\n\}\n\n/\*\*\n \* #5: First\.`, `function m_update_7001\(\) \{\}\n\n/\*\*\n \* #1: Add\.`},
		},
		{
			name: "hook_install created in a file with no function", core: 7,
			src:     "<?php\n\n/**\n * @file\n */\n",
			install: InstallCreated,
			checks:  []string{`(?s)^<\?php\n\n/\*\*\n \* @file\n \*/\n\n/\*\*\n \* Implements hook_install.*\n\}\n\n/\*\*\n \* #1: Add\.\n \*/\nfunction m_update_7001\(\) \{\n.*\n\}\n$`},
		},
		{
			name: "empty file gets an opening tag", core: 7,
			src:     "",
			install: InstallCreated,
			checks:  []string{`(?s)^<\?php\n\n/\*\*\n \* Implements hook_install.*\n\}\n\n/\*\*\n \* #1: Add\.\n.*\n\}\n$`},
		},
		{
			name: "file without a trailing newline", core: 7,
			src:     "<?php\n" + replayed + "function m_update_7001() {}",
			install: InstallKept,
			checks:  []string{`(?s)function m_update_7001\(\) \{\}\n\n/\*\*\n \* #1: Add\.\n.*\n\}$`},
		},
		{
			name: "trailing close tag stays last", core: 7,
			src:     "<?php\n" + replayed + "?>\n",
			install: InstallKept,
			checks:  []string{`(?s)\n\}\n\n/\*\*\n \* #1: Add\..*\n\}\n\?>\n$`},
		},
		{
			name: "close tag right after the last update", core: 7,
			src:     "<?php\n" + replayed + "function m_update_7001() {}\n?>",
			install: InstallKept,
			checks:  []string{`(?s)function m_update_7001\(\) \{\}\n\n/\*\*\n \* #1: Add\..*\n\}\n\?>$`},
		},
		{
			name: "range replay that covers the new number is kept", core: 7,
			src:     "<?php\nfunction m_install() {\n  for ($i = 7001; $i < 8000; $i++) {\n    $c = 'm_update_' . $i;\n    if (function_exists($c)) {\n      $c();\n    }\n  }\n}\nfunction m_update_7001() {}\n",
			install: InstallKept,
			kept:    []string{"for ($i = 7001; $i < 8000; $i++) {"},
		},
		{
			name: "range replay that stops short gets its bound raised, nothing else", core: 7,
			src:     "<?php\nfunction m_install() {\n  variable_set('a', 1);\n  for ($i = 7001; $i < 7002; $i++) {\n    $c = 'm_update_' . $i;\n    $c();\n  }\n  variable_set('b', 2);\n}\nfunction m_update_7001() {}\n",
			install: InstallExtended,
			checks:  []string{`(?s)function m_install\(\) \{\n  variable_set\('a', 1\);\n  for \(\$i = 7001; \$i < 7003; \$i\+\+\) \{\n    \$c = 'm_update_' \. \$i;\n    \$c\(\);\n  \}\n  variable_set\('b', 2\);\n\}`},
		},
		{
			name: "inclusive range bound is raised to the new number", core: 7,
			src:     "<?php\nfunction m_install() {\n  for ($i = 7001; $i <= 7001; $i++) {\n    $c = 'm_update_' . $i;\n    $c();\n  }\n}\nfunction m_update_7001() {}\n",
			install: InstallExtended,
			checks:  []string{`\$i <= 7002; \$i\+\+`},
		},
		{
			name: "explicit calls get the new call after the last, in their style", core: 7,
			src:     "<?php\nfunction m_install() {\n  $messages = array();\n  $messages[] = m_update_7001();\n  variable_set('x', 1);\n  $messages[] = m_update_7002();\n  return implode(\"\\n\", $messages);\n}\nfunction m_update_7001() {}\nfunction m_update_7002() {}\n",
			install: InstallExtended,
			checks:  []string{`(?s)function m_install\(\) \{\n  \$messages = array\(\);\n  \$messages\[\] = m_update_7001\(\);\n  variable_set\('x', 1\);\n  \$messages\[\] = m_update_7002\(\);\n  \$messages\[\] = m_update_7003\(\);\n  return implode`},
		},
		{
			name: "install without a replay gets one after its statements", core: 7,
			src:     "<?php\nfunction m_install() {\n  variable_set('a', 1);\n}\nfunction m_update_7001() {}\n",
			install: InstallRewritten,
			checks:  []string{`(?s)function m_install\(\) \{\n  variable_set\('a', 1\);\n\n  \$last = 7000;\n  try \{\n.*\n  \}\n\}`},
		},
		{
			name: "install without a replay gets one before its final return", core: 7,
			src:     "<?php\nfunction m_install() {\n  module_enable(array('views'));\n  return t('Installed.');\n}\nfunction m_update_7001() {}\n",
			install: InstallRewritten,
			checks:  []string{`(?s)function m_install\(\) \{\n  module_enable\(array\('views'\)\);\n\n  \$last = 7000;\n  try \{\n.*\n  \}\n  return t\('Installed\.'\);\n\}`},
		},
		{
			name: "empty install body", core: 7,
			src:     "<?php\nfunction m_install() {\n}\nfunction m_update_7001() {}\n",
			install: InstallRewritten,
			checks:  []string{`(?s)function m_install\(\) \{\n  \$last = 7000;\n.*\n  \}\n\}\nfunction m_update_7001`},
		},
		{
			name: "one-line install body", core: 7,
			src:     "<?php\nfunction m_install() { variable_set('a', 1); }\nfunction m_update_7001() {}\n",
			install: InstallRewritten,
			checks:  []string{`(?s)function m_install\(\) \{ variable_set\('a', 1\);\n\n  \$last = 7000;\n.*\n  \}\n \}`},
		},
		{
			name: "last removed sets the base of the replay", core: 7,
			src:     "<?php\nfunction m_update_last_removed() {\n  return 7010;\n}\n",
			install: InstallCreated,
			checks:  []string{`\$last = 7010;`, `function m_update_7011\(\)`},
		},
		{
			name: "drupal 9 uses the schema functions", core: 9,
			src:     "<?php\nfunction m_update_9001() {}\n",
			install: InstallCreated,
			checks:  []string{`function m_install\(\) \{`, `\$last = 9000;`, `drupal_get_schema_versions\('m'\) \?: \[\] as \$number`, `catch \(\\Throwable \$e\)`, `drupal_set_installed_schema_version\('m', \$last\);`, `function m_update_9002\(\)`},
		},
		{
			name: "drupal 9 module with drupal 8 updates records below them", core: 9,
			src:     "<?php\nfunction m_update_8001() {}\n",
			install: InstallCreated,
			checks:  []string{`\$last = 8000;`, `function m_update_9001\(\)`},
		},
		{
			name: "drupal 10 uses the update hook registry", core: 10,
			src:     "<?php\nfunction m_update_10001() {}\n",
			install: InstallCreated,
			checks:  []string{`function m_install\(\$is_syncing\) \{\n  \$registry = \\Drupal::service\('update.update_hook_registry'\);\n  \$last = 10000;`, `\$registry->getAvailableUpdates\('m'\) as \$number`, `\$registry->setInstalledVersion\('m', \$last\);`, `function m_update_10002\(\)`},
		},
		{
			name: "tabs are kept", core: 7,
			src:     "<?php\nfunction m_update_7001() {\n\tvariable_set('a', 1);\n\tif (TRUE) {\n\t\tvariable_set('b', 1);\n\t}\n}\n",
			install: InstallCreated,
			checks:  []string{"\n\t\\$last = 7000;\n\ttry \\{\n\t\tforeach", "\n\t\t\tdo \\{\n\t\t\t\t\\$function = ", "function m_update_7002\\(\\) \\{\n\t// TODO"},
		},
		{
			name: "indented functions get indented neighbours", core: 7,
			src:     "<?php\nif (!function_exists('m_update_7001')) {\n  function m_update_7001() {}\n}\n",
			install: InstallCreated,
			checks:  []string{"\n  /\\*\\*\n   \\* Implements hook_install\\(\\)\\.\n", "\n  function m_install\\(\\) \\{\n    \\$last = 7000;", "\n  \\}\n\n  function m_update_7001\\(\\) \\{\\}\n\n  /\\*\\*\n   \\* #1: Add\\.\n   \\*/\n  function m_update_7002\\(\\) \\{\n    // TODO.*\n  \\}\n\\}\n$"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := module(t, "m", tt.core, tt.src)
			res, err := NewUpdate(m, mustRequest(t, "#1 add"), builtin)
			if err != nil {
				t.Fatal(err)
			}
			got := string(res.New)
			if res.Install != tt.install {
				t.Errorf("install change = %d, want %d", res.Install, tt.install)
			}
			if res.Install == InstallKept {
				for _, fn := range m.Install.Functions {
					if fn.Kind == phpast.KindInstall && !strings.Contains(got, string(m.Install.Src[fn.Span.Start:fn.Span.End])) {
						t.Errorf("hook_install() changed although it already replays the new update")
					}
				}
			} else if res.Install != InstallExtended {
				checkResumable(t, res.File)
			}
			for _, c := range tt.checks {
				if !regexp.MustCompile(c).MatchString(got) {
					t.Errorf("result does not match %q:\n%s", c, got)
				}
			}
			for _, k := range tt.kept {
				if !strings.Contains(got, k) {
					t.Errorf("result lost %q:\n%s", k, got)
				}
			}
			checkPHP(t, "m", got, len(m.Updates())+1)
		})
	}
}

// checkPHP runs php -l on a result and, when it has hook_install(), the
// replay harness with simulated bodies and a failure in the middle.
func checkPHP(t *testing.T, module, src string, updates int) {
	t.Helper()
	path := filepath.Join(t.TempDir(), module+".install")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	phptest.Lint(t, path)
	if !strings.Contains(src, "function "+module+"_install(") {
		return
	}
	r := phptest.Replay(t, module, path, phptest.ReplayOptions{Run: "none"})
	if !r.OK || len(r.Completed) != updates {
		t.Errorf("replay: ok %v, %d updates completed, want %d; problems %q", r.OK, len(r.Completed), updates, r.Problems)
	}
}

func TestNewUpdateKeepsLineEndingsAndBOM(t *testing.T) {
	t.Parallel()
	src := "\xEF\xBB\xBF<?php\r\n\r\nfunction m_update_7001() {\r\n  variable_set('a', 1);\r\n}\r\n?>\r\n"
	res, err := NewUpdate(module(t, "m", 7, src), mustRequest(t, "#1 add", Recipe{Kind: RecipeSet, Name: "b", Value: "2"}), builtin)
	if err != nil {
		t.Fatal(err)
	}
	got := string(res.New)
	if !strings.HasPrefix(got, "\xEF\xBB\xBF<?php\r\n") || !strings.HasSuffix(got, "}\r\n?>\r\n") {
		t.Errorf("BOM or trailing ?> lost:\n%q", got)
	}
	if n := strings.Count(got, "\n"); n != strings.Count(got, "\r\n") {
		t.Errorf("%d line feeds without a carriage return:\n%q", n-strings.Count(got, "\r\n"), got)
	}
	if !strings.Contains(got, "function m_update_7002() {\r\n") {
		t.Errorf("new update missing:\n%q", got)
	}
}

func TestNewUpdateKeepsLatin1Bytes(t *testing.T) {
	t.Parallel()
	src := "<?php\n// Caf\xE9\nfunction m_install() {\n  foreach (drupal_get_schema_versions('m') as $n) {\n    $f = 'm_update_' . $n;\n    $f();\n  }\n}\nfunction m_update_7001() {\n  variable_set('name', 'Caf\xE9');\n}\n"
	res, err := NewUpdate(module(t, "m", 7, src), mustRequest(t, "#1 add"), builtin)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(res.New, []byte(src[:len(src)-1])) {
		t.Errorf("the original bytes are not a prefix of the result:\n%q", res.New)
	}
}

func TestNewUpdateRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src string
		core      int
		recipes   []Recipe
		want      string
	}{
		{"no php tag", "just some text\n", 7, nil, "no <?php tag"},
		{"unknown core", "<?php\n", 0, nil, "--core"},
		{"d7 recipe on d10", "<?php\n", 10, []Recipe{{Kind: RecipeSet, Name: "a", Value: "1"}}, "use --config"},
		{"d8 recipe on d7", "<?php\n", 7, []Recipe{{Kind: RecipeUninstall, Names: []string{"a"}}}, "use --disable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := NewUpdate(module(t, "m", tt.core, tt.src), mustRequest(t, "#1 add", tt.recipes...), builtin)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

func TestNewUpdateTemplates(t *testing.T) {
	t.Parallel()
	install, err := builtin.Open("d7.install.php.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	install.Close()
	custom := fstest.MapFS{
		"d7.update.php.tmpl": {Data: []byte(`{{define "update"}}/**
 * {{.DocLine}}
 *
 * Generated for {{.Module}}.
 */
function {{.Function}}() {
  // Our own body.
}{{end}}`)},
	}
	m := module(t, "m", 7, "<?php\nfunction m_update_7001() {}\n")
	res, err := NewUpdate(m, mustRequest(t, "#1 add"), Overlay(custom, builtin))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(res.New), " * #1: Add.\n *\n * Generated for m.\n */\nfunction m_update_7002() {\n  // Our own body.\n}\n") {
		t.Errorf("override not used:\n%s", res.New)
	}
	checkResumable(t, res.File)

	broken := fstest.MapFS{"d7.update.php.tmpl": {Data: []byte(`{{define "update"}}{{.NoSuchField}}{{end}}`)}}
	if _, err := NewUpdate(m, mustRequest(t, "#1 add"), Overlay(broken, builtin)); err == nil || !strings.Contains(err.Error(), "NoSuchField") {
		t.Errorf("template with an unknown field: err = %v", err)
	}
	bad := fstest.MapFS{"d7.update.php.tmpl": {Data: []byte(`{{define "update"}}function {{.Function}}() {{end}}`)}}
	if _, err := NewUpdate(m, mustRequest(t, "#1 add"), Overlay(bad, builtin)); err == nil || !strings.Contains(err.Error(), "would not parse") {
		t.Errorf("template producing broken PHP: err = %v", err)
	}
	missing := fstest.MapFS{}
	if _, err := NewUpdate(m, mustRequest(t, "#1 add"), missing); err == nil || !strings.Contains(err.Error(), "d7.update.php.tmpl") {
		t.Errorf("no templates: err = %v", err)
	}
}

func TestReplayEdit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		src     string
		changed bool
	}{
		{"missing hook_install", "<?php\nfunction m_update_7001() {}\n", true},
		{"seed loop", "<?php\nfunction m_install() {\n  for ($i = 7001; $i < 8000; $i++) {\n    $c = 'm_update_' . $i;\n    if (function_exists($c)) {\n      $c();\n    }\n  }\n}\nfunction m_update_7001() {}\n", true},
		{"install without a replay", "<?php\nfunction m_install() {\n  variable_set('site_name', 'Example');\n}\nfunction m_update_7001() {}\n", true},
		// Every other shape has no provably safe fix: the finding stays.
		{"registry loop without sandbox", "<?php\nfunction m_install() {\n  foreach (drupal_get_schema_versions('m') as $n) {\n    $f = 'm_update_' . $n;\n    $f();\n  }\n}\nfunction m_update_7001() {}\n", false},
		{"seed loop with a statement after it", "<?php\nfunction m_install() {\n  for ($i = 7001; $i < 8000; $i++) {\n    $c = 'm_update_' . $i;\n    if (function_exists($c)) {\n      $c();\n      $done = $i;\n    }\n  }\n  variable_set('done', $done);\n}\nfunction m_update_7001() {}\n", false},
		{"explicit calls that cover everything", "<?php\nfunction m_install() {\n  m_update_7001();\n  variable_set('site_name', 'Example');\n  m_update_7002();\n}\nfunction m_update_7001() {}\nfunction m_update_7002() {}\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := module(t, "m", 7, tt.src)
			edit, changed, err := ReplayEdit(m, builtin)
			if err != nil || changed != tt.changed {
				t.Fatalf("changed %v, err %v; want changed %v", changed, err, tt.changed)
			}
			if !changed {
				if edit != (phpast.Edit{}) {
					t.Errorf("no change, yet an edit %+v", edit)
				}
				return
			}
			out, err := phpast.Apply(m.Install.Src, []phpast.Edit{edit})
			if err != nil {
				t.Fatal(err)
			}
			f, err := Verify(m.Install, out, []phpast.Edit{edit}, phpast.Options{Module: "m"}, "m_install")
			if err != nil {
				t.Fatal(err)
			}
			checkResumable(t, f)
			// Only the replay is rewritten: every other statement of
			// hook_install() is still there.
			if strings.Contains(tt.src, "site_name") && !strings.Contains(string(out), "{\n  variable_set('site_name', 'Example');\n\n  $last = 7000;") {
				t.Errorf("the module's own statement is not kept before the replay:\n%s", out)
			}
			// A second pass finds nothing to do: the fix is stable.
			m2 := &phpast.Module{Name: "m", Core: 7, Install: f}
			if _, again, err := ReplayEdit(m2, builtin); err != nil || again {
				t.Errorf("second ReplayEdit: changed %v, err %v; want no change", again, err)
			}
			checkPHP(t, "m", string(out), len(m.Updates()))
		})
	}
}
