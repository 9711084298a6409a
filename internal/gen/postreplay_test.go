package gen

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcycle/dcycle/internal/phpast"
	"github.com/dcycle/dcycle/internal/phptest"
)

// postUpdates is a .post_update.php of module m with two post-updates, the
// first batched.
const postUpdates = `<?php

/**
 * #1: First.
 */
function m_post_update_10001_first(array &$sandbox): string {
  $sandbox['pass'] = ($sandbox['pass'] ?? 0) + 1;
  $sandbox['#finished'] = $sandbox['pass'] / 2;
  $GLOBALS['ran'][] = 'm_post_update_10001_first:' . $sandbox['pass'];
  return 'First.';
}

/**
 * #2: Second.
 */
function m_post_update_10002_second(array &$sandbox): string {
  if (in_array('m_post_update_10002_second', $GLOBALS['fail'], TRUE)) {
    throw new \Exception('second fails');
  }
  $GLOBALS['ran'][] = 'm_post_update_10002_second';
  return 'Second.';
}
`

// updates are two updates of m, for the .install of a shape.
const updates = `
/**
 * #3: Update one.
 */
function m_update_10001() {
  if (in_array('m_update_10001', $GLOBALS['fail'], TRUE)) {
    throw new \Exception('update fails');
  }
  $GLOBALS['ran'][] = 'm_update_10001';
}

/**
 * #4: Update two.
 */
function m_update_10002() {
  $GLOBALS['ran'][] = 'm_update_10002';
}
`

// registryReplay is the generated Drupal 10 update replay.
const registryReplay = `  $registry = \Drupal::service('update.update_hook_registry');
  $last = 10000;
  try {
    foreach ($registry->getAvailableUpdates('m') as $number) {
      $sandbox = [];
      do {
        $function = 'm_update_' . $number;
        $function($sandbox);
      } while (isset($sandbox['#finished']) && $sandbox['#finished'] < 1);
      $last = $number;
    }
  }
  catch (\Throwable $e) {
    $registry->setInstalledVersion('m', $last);
    throw $e;
  }
`

// installShape is one hook_install() that new-update --kind post-update
// meets.
type installShape struct {
	name    string
	install string // the hook_install() and what surrounds it; "" for none
	core    int
	// change is what postReplayEdits must do; refuse, the start of its
	// error when it must refuse.
	change InstallChange
	refuse string
	// post is the post-update replay the result must hold.
	post phpast.PostReplayKind
	// harness: the result runs in the registry harness (every form that
	// replays at install).
	harness bool
}

var installShapes = []installShape{
	{name: "no hook_install()", core: 10, change: InstallCreated, post: phpast.PostReplayLoop, harness: true},
	{name: "no hook_install(), Drupal 9", core: 9, change: InstallCreated, post: phpast.PostReplayLoop},
	{name: "the generated registry replay", core: 10, change: InstallExtended, post: phpast.PostReplayLoop, harness: true,
		install: "function m_install($is_syncing) {\n" + registryReplay + "}\n"},
	{name: "own statements and no replay", core: 10, change: InstallRewritten, post: phpast.PostReplayLoop, harness: true,
		install: "function m_install($is_syncing) {\n  $GLOBALS['ran'][] = 'baseline';\n  $done = TRUE;\n  return $done;\n}\n"},
	{name: "a range loop", core: 10, change: InstallExtended, post: phpast.PostReplayLoop, harness: true,
		install: "function m_install() {\n  $GLOBALS['ran'][] = 'baseline';\n  for ($i = 10001; $i < 11000; $i++) {\n    $f = 'm_update_' . $i;\n    if (function_exists($f)) {\n      $f();\n    }\n  }\n}\n"},
	{name: "an explicit list with a guard and a result array", core: 10, change: InstallExtended, post: phpast.PostReplayLoop, harness: true,
		install: "function m_install() {\n  $messages = [];\n  $messages[] = m_update_10001();\n  if (TRUE) {\n    m_update_10002();\n  }\n  return implode(\"\\n\", array_filter($messages));\n}\n"},
	{name: "a schema reset: the forget alone", core: 10, change: InstallExtended, post: phpast.PostReplayReset,
		install: "function m_install() {\n  \\Drupal::service('update.update_hook_registry')->setInstalledVersion('m', 10000);\n}\n"},
	{name: "already replayed", core: 10, change: InstallKept, post: phpast.PostReplayLoop,
		install: "function m_install($is_syncing) {\n  $post_updates = \\Drupal::service('update.post_update_registry');\n  $post_updates->filterOutInvokedUpdatesByExtension('m');\n\n" + registryReplay + "\n  foreach ($post_updates->getPendingUpdateFunctions() as $p) {\n    $s = [];\n    $p($s);\n    $post_updates->registerInvokedUpdates([$p]);\n  }\n}\n"},
	{name: "post-updates called by name", core: 10, refuse: "m.install:5:3: m_install() calls post-updates by name",
		install: "function m_install() {\n  $s = [];\n  m_post_update_10001_first($s);\n}\n"},
	{name: "a post-update replay dcycle does not know", core: 10, refuse: "m_install() seems to replay the post-updates in a form dcycle does not recognise",
		install: "function m_install() {\n  foreach (['10001_first'] as $n) {\n    call_user_func('m_post_update_' . $n, []);\n  }\n}\n"},
	{name: "updates replayed by a helper", core: 10, refuse: "m_install() replays the updates through _m_replay()",
		install: "function m_install() {\n  _m_replay();\n}\n\nfunction _m_replay() {\n  foreach (drupal_get_schema_versions('m') as $n) {\n    $f = 'm_update_' . $n;\n    $f();\n  }\n}\n"},
}

// TestPostReplayEdits runs postReplayEdits on every shape: it adds only
// (every byte of the original stays, checked by the one verification), the
// result holds a resumable post-update replay after the updates, and it
// runs, in PHP, as Drupal runs it.
func TestPostReplayEdits(t *testing.T) {
	t.Parallel()
	for _, tt := range installShapes {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := "<?php\n\n" + tt.install + updates
			m := hookModule(t, "m", tt.core, map[string]string{"m.install": src, "m.post_update.php": postUpdates})
			tmpl, err := loadTemplates(builtin, m.Core)
			if err != nil {
				t.Fatal(err)
			}
			p, err := newPlanner(m, tmpl)
			if err != nil {
				t.Fatal(err)
			}
			edits, change, err := p.postReplayEdits()
			if tt.refuse != "" {
				if err == nil || !strings.Contains(err.Error(), tt.refuse) || !strings.HasSuffix(err.Error(), "; nothing was written") {
					t.Fatalf("err = %v, want a refusal with %q", err, tt.refuse)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if change != tt.change {
				t.Errorf("change %d, want %d", change, tt.change)
			}
			for _, e := range edits {
				if e.Start != e.End {
					t.Errorf("edit %+v replaces bytes: a post-update replay is only added", e)
				}
			}
			c := &Change{File: m.Install, Edits: edits, Options: phpast.Options{Module: "m"}}
			f, err := c.Apply()
			if err != nil {
				t.Fatal(err)
			}
			if tt.change == InstallKept {
				if len(edits) != 0 {
					t.Errorf("edits %v on a hook_install() that replays the post-updates", edits)
				}
				return
			}
			install := lookup(t, f, "m_install")
			post := install.Replay.PostUpdates
			if post.Kind != tt.post || post.Kind == phpast.PostReplayLoop && (!post.Resumable || !post.Sandbox) {
				t.Errorf("post-update replay %+v, want a resumable, batched %s\n%s", post, tt.post, f.Src)
			}
			if install.Replay.Kind == phpast.ReplayNone {
				t.Errorf("the result replays no update\n%s", f.Src)
			}
			// A second run changes nothing.
			again := hookModule(t, "m", tt.core, map[string]string{"m.install": string(f.Src), "m.post_update.php": postUpdates})
			p2, err := newPlanner(again, tmpl)
			if err != nil {
				t.Fatal(err)
			}
			if more, change, err := p2.postReplayEdits(); err != nil || len(more) > 0 || change != InstallKept {
				t.Errorf("second run: %v, %d, %v; want nothing to do", more, change, err)
			}
			dir := t.TempDir()
			installPath := filepath.Join(dir, "m.install")
			writeTestFile(t, installPath, f.Src)
			writeTestFile(t, filepath.Join(dir, "m.post_update.php"), []byte(postUpdates))
			phptest.Lint(t, installPath)
			if tt.harness {
				checkRegistryHarness(t, dir, tt.name, install.Replay.Resumable, 10002)
			}
		})
	}
}

// TestNewUpdateBeforePostReplay: a hook_install() that replays the
// post-updates and no update gets its update replay before the post-update
// loop, so that post-updates still run after every update.
func TestNewUpdateBeforePostReplay(t *testing.T) {
	t.Parallel()
	src := "<?php\n\nfunction m_install($is_syncing) {\n  $GLOBALS['ran'][] = 'baseline';\n  $post_updates = \\Drupal::service('update.post_update_registry');\n  $post_updates->filterOutInvokedUpdatesByExtension('m');\n  foreach ($post_updates->getPendingUpdateFunctions() as $p) {\n    if (strpos($p, 'm_post_update_') === 0) {\n      $s = [];\n      do {\n        $p($s);\n      } while (isset($s['#finished']) && $s['#finished'] < 1);\n      $post_updates->registerInvokedUpdates([$p]);\n    }\n  }\n}\n" + updates
	m := hookModule(t, "m", 10, map[string]string{"m.install": src, "m.post_update.php": postUpdates})
	res, err := NewUpdate(m, mustRequest(t, "#5 update three"), builtin)
	if err != nil {
		t.Fatal(err)
	}
	if res.Install != InstallRewritten {
		t.Errorf("install change %d, want rewritten", res.Install)
	}
	install := lookup(t, res.File, "m_install")
	r := install.Replay
	if r.Kind != phpast.ReplayRegistry || r.PostUpdates.Kind != phpast.PostReplayLoop || r.Stmts[len(r.Stmts)-1] > r.PostUpdates.Loop || !r.PostUpdates.Resumable {
		t.Fatalf("replay %+v, post %+v: want the update replay between the forget and the post-update loop\n%s", r, r.PostUpdates, res.New)
	}
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, "m.install"), res.New)
	writeTestFile(t, filepath.Join(dir, "m.post_update.php"), []byte(postUpdates))
	checkRegistryHarness(t, dir, "update before post-updates", true, 10003)
}

// TestCreatedInstallReplaysPostUpdates: new-update --kind update creates a
// hook_install() that replays the post-updates too when the module has
// some, and one that replays only the updates when it has none.
func TestCreatedInstallReplaysPostUpdates(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		files map[string]string
		want  phpast.PostReplayKind
	}{
		{map[string]string{"m.install": "<?php\n" + updates, "m.post_update.php": postUpdates}, phpast.PostReplayLoop},
		{map[string]string{"m.install": "<?php\n" + updates}, phpast.PostReplayNone},
	} {
		m := hookModule(t, "m", 10, tt.files)
		res, err := NewUpdate(m, mustRequest(t, "#5 update three"), builtin)
		if err != nil {
			t.Fatal(err)
		}
		if got := lookup(t, res.File, "m_install").Replay.PostUpdates.Kind; res.Install != InstallCreated || got != tt.want {
			t.Errorf("install %d, post-update replay %s; want created, %s\n%s", res.Install, got, tt.want, res.New)
		}
	}
}

func lookup(t *testing.T, f *phpast.File, name string) *phpast.Function {
	t.Helper()
	for _, fn := range f.Functions {
		if fn.Name == name {
			return fn
		}
	}
	t.Fatalf("no %s in\n%s", name, f.Src)
	return nil
}

func writeTestFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// registryHarness installs module m as Drupal 10 does, against stubs of
// its two registries: it records every post-update as run, sets the schema
// to the highest update, then calls m_install(). Then it runs what the
// next updb would: the updates above the schema, then the pending
// post-updates. argv[2] lists functions that fail during the install.
const registryHarness = `<?php
namespace Drupal {
  class Drupal {
    public static $services = [];
    public static function service($name) { return self::$services[$name]; }
  }
}
namespace {
  $dir = $argv[1];
  $GLOBALS['fail'] = array_filter(explode(',', $argv[2]));
  $GLOBALS['ran'] = [];
  function drupal_get_schema_versions($m) { return \Drupal::service('update.update_hook_registry')->getAvailableUpdates($m); }
  class UpdateHooks {
    public $installed = -1;
    public function getAvailableUpdates($m) {
      $n = [];
      foreach (get_defined_functions()['user'] as $f) {
        if (preg_match('/^' . $m . '_update_(\d+)$/', $f, $x)) { $n[] = (int) $x[1]; }
      }
      sort($n);
      return $n;
    }
    public function setInstalledVersion($m, $v) { $this->installed = $v; }
  }
  class PostUpdates {
    public $existing = [];
    public function all() {
      $f = preg_grep('/_post_update_/', get_defined_functions()['user']);
      sort($f);
      return $f;
    }
    public function getPendingUpdateFunctions() { return array_values(array_diff($this->all(), $this->existing)); }
    public function registerInvokedUpdates(array $f) { $this->existing = array_merge($this->existing, $f); return $this; }
    public function filterOutInvokedUpdatesByExtension($m) {
      $this->existing = array_values(array_filter($this->existing, function ($f) use ($m) { return strpos($f, $m . '_post_update_') !== 0; }));
    }
  }
  $updates = new UpdateHooks();
  $posts = new PostUpdates();
  \Drupal\Drupal::$services = ['update.update_hook_registry' => $updates, 'update.post_update_registry' => $posts];
  class_alias('Drupal\Drupal', 'Drupal');
  require $dir . '/m.install';
  require $dir . '/m.post_update.php';
  $posts->registerInvokedUpdates($posts->all());
  $updates->installed = max(array_merge([8000], $updates->getAvailableUpdates('m')));
  $result = ['error' => ''];
  try {
    m_install(FALSE);
  }
  catch (\Throwable $e) {
    $result['error'] = $e->getMessage();
  }
  $result['install'] = $GLOBALS['ran'];
  $result['schema'] = $updates->installed;
  $result['recorded'] = $posts->existing;
  // The next updb, with every failure fixed.
  $GLOBALS['fail'] = [];
  $GLOBALS['ran'] = [];
  foreach ($updates->getAvailableUpdates('m') as $n) {
    if ($n > $updates->installed) {
      call_user_func('m_update_' . $n);
      $updates->installed = $n;
    }
  }
  foreach ($posts->getPendingUpdateFunctions() as $f) {
    $s = [];
    do { $f($s); } while (isset($s['#finished']) && $s['#finished'] < 1);
    $posts->registerInvokedUpdates([$f]);
  }
  $result['updb'] = $GLOBALS['ran'];
  echo json_encode($result);
}
`

// harnessResult is what registryHarness prints.
type harnessResult struct {
	Error    string   `json:"error"`
	Install  []string `json:"install"`
	Schema   int      `json:"schema"`
	Recorded []string `json:"recorded"`
	Updb     []string `json:"updb"`
}

func runRegistryHarness(t *testing.T, dir, fail string) harnessResult {
	t.Helper()
	harness := filepath.Join(dir, "harness.php")
	writeTestFile(t, harness, []byte(registryHarness))
	out, err := exec.Command(phptest.PHP(t), harness, dir, fail).CombinedOutput()
	if err != nil {
		t.Fatalf("harness: %v\n%s", err, out)
	}
	var res harnessResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("harness output: %v\n%s", err, out)
	}
	return res
}

// checkRegistryHarness runs the module in dir through the harness three
// times: all goes well (updates, then post-updates, each once, batched
// post-updates until finished; the next updb runs nothing), an update
// fails (no post-update recorded: the next updb runs every post-update,
// after the rest of the updates when the update replay is resumable), a
// post-update fails (the ones before it recorded: the next updb runs it
// and what follows).
func checkRegistryHarness(t *testing.T, dir, name string, updatesResumable bool, highest int) {
	t.Helper()
	var baseline []string
	if res := runRegistryHarness(t, dir, ""); len(res.Install) > 0 && res.Install[0] == "baseline" {
		baseline = []string{"baseline"}
	}
	all := []string{"m_update_10001", "m_update_10002", "m_post_update_10001_first:1", "m_post_update_10001_first:2", "m_post_update_10002_second"}
	tests := []struct {
		fail string
		want harnessResult
	}{
		{"", harnessResult{Install: append(baseline, all...), Schema: highest,
			Recorded: []string{"m_post_update_10001_first", "m_post_update_10002_second"}, Updb: []string{}}},
		{"m_update_10001", harnessResult{Error: "update fails", Install: baseline, Schema: 10000, Recorded: []string{}, Updb: all}},
		{"m_post_update_10002_second", harnessResult{Error: "second fails", Install: append(baseline, all[:4]...), Schema: highest,
			Recorded: []string{"m_post_update_10001_first"}, Updb: all[4:]}},
	}
	if !updatesResumable {
		// The module's own update replay leaves the highest update
		// recorded: its updates are lost, not lint's business here. The
		// post-updates are not: none is recorded, the next updb runs them.
		tests[1].want.Schema, tests[1].want.Updb = highest, all[2:]
	}
	for _, tt := range tests {
		got := runRegistryHarness(t, dir, tt.fail)
		for _, l := range []*[]string{&got.Install, &got.Recorded, &got.Updb, &tt.want.Install} {
			if *l == nil {
				*l = []string{}
			}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			src, _ := os.ReadFile(filepath.Join(dir, "m.install"))
			t.Errorf("%s, failing %q (-want +got):\n%s\n%s", name, tt.fail, diff, src)
		}
	}
}

// postInstallFragments are statements of Drupal 10 hook_install() bodies,
// post-update replays among them, for FuzzPostReplay to combine.
var postInstallFragments = []string{
	"m_update_10001();",
	"$messages[] = m_update_10002();",
	"if (\\Drupal::moduleHandler()->moduleExists('ban')) {\n    m_update_10002();\n  }",
	"\\Drupal::configFactory()->getEditable('system.site')->set('name', 'x')->save();",
	"$f = 'keep me';",
	"// m_post_update_10001_first($s);",
	registryReplay,
	"for ($i = 10001; $i < 11000; $i++) {\n    $function = 'm_update_' . $i;\n    if (function_exists($function)) {\n      $function();\n    }\n  }",
	"\\Drupal::service('update.update_hook_registry')->setInstalledVersion('m', 10000);",
	"$post_updates = \\Drupal::service('update.post_update_registry');",
	"$post_updates->filterOutInvokedUpdatesByExtension('m');",
	"foreach ($post_updates->getPendingUpdateFunctions() as $p) {\n    $s = [];\n    $p($s);\n    $post_updates->registerInvokedUpdates([$p]);\n  }",
	"$s = [];\n  m_post_update_10001_first($s);",
	"return implode(\"\\n\", $messages);",
	"_m_helper();",
	"$messages = [];",
}

// FuzzPostReplay builds Drupal 10 hook_install() bodies from real
// statements and checks what new-update --kind post-update does to them:
// it only adds (every original statement kept, in order), the result
// replays every post-update, and a second run changes nothing; or it
// refuses, saying what to add by hand.
func FuzzPostReplay(f *testing.F) {
	f.Add([]byte{6})
	f.Add([]byte{4, 7, 13})
	f.Add([]byte{15, 1, 2, 13})
	f.Add([]byte{8})
	f.Add([]byte{9, 10, 11})
	f.Add([]byte{12})
	f.Add([]byte{14})
	f.Fuzz(func(t *testing.T, picks []byte) {
		if len(picks) > 8 {
			picks = picks[:8]
		}
		var body []string
		for _, p := range picks {
			body = append(body, "  "+strings.TrimSpace(postInstallFragments[int(p)%len(postInstallFragments)]))
		}
		src := "<?php\n\nfunction m_install() {\n" + strings.Join(body, "\n") + "\n}\n\nfunction _m_helper() {\n  foreach (\\Drupal::service('update.update_hook_registry')->getAvailableUpdates('m') as $n) {\n    $f = 'm_update_' . $n;\n    $f();\n  }\n}\n" + updates
		if _, err := phpast.ParseFile("m.install", []byte(src), phpast.Options{Module: "m"}); err != nil {
			return // a return before other statements can still parse; anything else is the fragments' fault
		}
		m := hookModule(t, "m", 10, map[string]string{"m.install": src, "m.post_update.php": postUpdates})
		tmpl, err := loadTemplates(builtin, 10)
		if err != nil {
			t.Fatal(err)
		}
		p, err := newPlanner(m, tmpl)
		if err != nil {
			t.Fatal(err)
		}
		old := m.Find(phpast.KindInstall)
		edits, _, err := p.postReplayEdits()
		if err != nil {
			var perr *phpast.Error
			if !errors.As(err, &perr) || !strings.Contains(perr.Msg, "by hand") {
				t.Fatalf("refused without saying what to add by hand: %v\n%s", err, src)
			}
			return
		}
		for _, e := range edits {
			// An empty body's blank lines make room for the replay.
			if strings.TrimSpace(src[e.Start:e.End]) != "" {
				t.Fatalf("edit %+v replaces code\n%s", e, src)
			}
		}
		c := &Change{File: m.Install, Edits: edits, Options: phpast.Options{Module: "m"}, Want: []string{"m_install"}}
		f, err := c.Apply()
		if err != nil {
			t.Fatalf("%v\n%s", err, src)
		}
		now := findInstall(t, f)
		if err := statementsKept(m.Install, old, f, now); err != nil {
			t.Fatalf("%v\n%s", err, f.Src)
		}
		if !now.Replay.PostUpdates.Covers() {
			t.Fatalf("the result does not replay the post-updates: %+v\n%s", now.Replay.PostUpdates, f.Src)
		}
		again := hookModule(t, "m", 10, map[string]string{"m.install": string(f.Src), "m.post_update.php": postUpdates})
		p2, err := newPlanner(again, tmpl)
		if err != nil {
			t.Fatal(err)
		}
		if more, _, err := p2.postReplayEdits(); err != nil || len(more) > 0 {
			t.Fatalf("a second run: %v, %v\n%s", more, err, f.Src)
		}
	})
}
