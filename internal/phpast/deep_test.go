package phpast

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// callNamed returns the only call of fn whose callee (as Callee renders it)
// is name.
func callNamed(t *testing.T, fn *Function, name string) *Call {
	t.Helper()
	var found *Call
	for _, c := range fn.Calls {
		if c.Callee() == name {
			if found != nil {
				t.Fatalf("two calls of %s", name)
			}
			found = c
		}
	}
	if found == nil {
		t.Fatalf("no call of %s in %s", name, fn.Name)
	}
	return found
}

func TestCallUse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code     string
		use      UseKind
		target   string
		silenced bool
	}{
		{"module_enable(array('a'));", UseStatement, "", false},
		{"@module_enable(array('a'));", UseStatement, "", true},
		{"(module_enable(array('a')));", UseStatement, "", false},
		{"$ok = module_enable(array('a'));", UseAssigned, "ok", false},
		{"$ok = @module_enable(array('a'));", UseAssigned, "ok", true},
		{"$messages[] = module_enable(array('a'));", UseAssigned, "messages", false},
		{"$r['x'] = module_enable(array('a'));", UseAssigned, "r", false},
		{"$ok = $x ? TRUE : module_enable(array('a'));", UseOther, "", false},
		{"return module_enable(array('a'));", UseReturned, "", false},
		{"if (!module_enable(array('a'))) { throw new Exception('x'); }", UseCondition, "", false},
		{"if ($x && module_enable(array('a'))) { f(); }", UseCondition, "", false},
		{"while (module_enable(array('a'))) { f(); }", UseCondition, "", false},
		{"watchdog('x', module_enable(array('a')));", UseArgument, "", false},
		{"module_enable(array('a'))->x();", UseReceiver, "", false},
		{"$s = 'x' . module_enable(array('a'));", UseOther, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			t.Parallel()
			f := parseString(t, "m", "<?php\nfunction m_update_7001() {\n  "+tt.code+"\n}\n")
			c := callNamed(t, f.Functions[0], "module_enable")
			got := fmt.Sprintf("%v %q %v", c.Use, c.Target, c.Silenced)
			want := fmt.Sprintf("%v %q %v", tt.use, tt.target, tt.silenced)
			if got != want {
				t.Errorf("use, target, silenced = %s, want %s", got, want)
			}
		})
	}
}

func TestReceivers(t *testing.T) {
	t.Parallel()
	src := `<?php
function m_update_8001() {
  \Drupal::configFactory()->getEditable('a.settings')->set('k', \Drupal::configFactory()->getEditable('b.settings')->get('x'))->save();
  $config->set('y', 1);
}
`
	fn := parseString(t, "m", src).Functions[0]
	var sets []*Call
	for _, c := range fn.Calls {
		if c.Name == "set" {
			sets = append(sets, c)
		}
	}
	if len(sets) != 2 {
		t.Fatalf("%d set() calls, want 2", len(sets))
	}
	recv := sets[0].Receiver
	if recv == nil || recv.Kind != ExprCall || recv.Call.Name != "getEditable" || recv.Call.Arg(0).Text != "a.settings" {
		t.Fatalf("receiver of the first set() = %+v, want the getEditable('a.settings') call", recv)
	}
	if root := recv.Call.Receiver; root == nil || root.Call == nil || root.Call.Callee() != "Drupal::configFactory" {
		t.Errorf("receiver of getEditable() = %+v, want Drupal::configFactory()", root)
	}
	if recv := sets[1].Receiver; recv == nil || recv.Kind != ExprVar || recv.Var != "config" {
		t.Errorf("receiver of $config->set() = %+v, want the variable config", recv)
	}
}

func TestTruth(t *testing.T) {
	t.Parallel()
	tests := []struct {
		cond string
		want Truth
	}{
		{"db_table_exists('t')", TruthTrue},
		{"!db_table_exists('t')", TruthFalse},
		{"!(db_table_exists('t'))", TruthFalse},
		{"!!db_table_exists('t')", TruthTrue},
		{"db_table_exists('t') && $x", TruthTrue},
		{"!db_table_exists('t') && $x", TruthFalse},
		{"db_table_exists('t') || $x", TruthUnknown},
		{"!(db_table_exists('t') || $x)", TruthFalse},
		{"db_table_exists('t') === FALSE", TruthFalse},
		{"db_table_exists('t') == 0", TruthFalse},
		{"FALSE !== db_table_exists('t')", TruthTrue},
		{"db_table_exists('t') == $y", TruthUnknown},
		{"empty(db_table_exists('t'))", TruthFalse},
		{"!empty(db_table_exists('t'))", TruthTrue},
		{"$found = db_table_exists('t')", TruthTrue},
	}
	for _, tt := range tests {
		t.Run(tt.cond, func(t *testing.T) {
			t.Parallel()
			f := parseString(t, "m", "<?php\nfunction m_update_7001() {\n  if ("+tt.cond+") {\n    f();\n  }\n}\n")
			if got := callNamed(t, f.Functions[0], "db_table_exists").Truth; got != tt.want {
				t.Errorf("truth %v, want %v", got, tt.want)
			}
		})
	}
}

func TestConditionVars(t *testing.T) {
	t.Parallel()
	src := "<?php\nfunction m_update_8001() {\n  $existing = $storage->loadByProperties(['name' => 'x']);\n  if (empty($existing) && !$other) {\n    $storage->create(['name' => 'x'])->save();\n  }\n}\n"
	fn := parseString(t, "m", src).Functions[0]
	create := callNamed(t, fn, "->create")
	if len(create.Conditions) != 1 {
		t.Fatalf("%d conditions, want 1", len(create.Conditions))
	}
	want := []CondVar{{Name: "existing", Truth: TruthFalse}, {Name: "other", Truth: TruthFalse}}
	if diff := cmp.Diff(want, create.Conditions[0].Vars); diff != "" {
		t.Errorf("vars (-want +got):\n%s", diff)
	}
	load := callNamed(t, fn, "->loadByProperties")
	if load.Use != UseAssigned || load.Target != "existing" {
		t.Errorf("loadByProperties use %v target %q, want assigned to existing", load.Use, load.Target)
	}
	if len(fn.Assigns) != 1 || fn.Assigns[0].Var != "existing" || fn.Assigns[0].Call != load {
		t.Errorf("assigns = %+v, want $existing from loadByProperties()", fn.Assigns)
	}
}

// stmtView renders statements as "kind@depth:first line of text".
func stmtView(f *File, fn *Function) []string {
	var out []string
	for _, s := range fn.Stmts {
		depth := 0
		for p := s.Parent; p >= 0; p = fn.Stmts[p].Parent {
			depth++
		}
		text, _, _ := strings.Cut(string(f.Src[s.Span.Start:s.Span.End]), "\n")
		out = append(out, fmt.Sprintf("%d %d %s", s.Kind, depth, text))
	}
	return out
}

func TestStatements(t *testing.T) {
	t.Parallel()
	src := `<?php
function m_install() {
  $a = 1; ;
  if ($a) {
    f();
  }
  elseif ($b) g();
  else {
    h();
  }
  try {
    i();
  }
  catch (Exception $e) {
    j();
  }
  finally {
    k();
  }
  switch ($a) {
    case 1:
      l();
      break;
    default:
      m();
  }
  foreach ($x as $y) { n(); }
  return $a;
}
`
	f := parseString(t, "m", src)
	fn := f.Functions[0]
	want := []string{
		"1 0 $a = 1;",
		"3 0 if ($a) {",
		"1 1 f();",
		"4 1 elseif ($b) g();",
		"1 2 g();",
		"5 1 else {",
		"1 2 h();",
		"10 0 try {",
		"1 1 i();",
		"11 1 catch (Exception $e) {",
		"1 2 j();",
		"12 1 finally {",
		"1 2 k();",
		"13 0 switch ($a) {",
		"14 1 case 1:",
		"1 2 l();",
		"0 2 break;",
		"14 1 default:",
		"1 2 m();",
		"7 0 foreach ($x as $y) { n(); }",
		"1 1 n();",
		"2 0 return $a;",
	}
	if diff := cmp.Diff(want, stmtView(f, fn)); diff != "" {
		t.Errorf("statements (-want +got):\n%s", diff)
	}
	j := callNamed(t, fn, "j")
	if !fn.Within(j.Stmt, -1, StmtCatch) || fn.Within(callNamed(t, fn, "i").Stmt, -1, StmtCatch) {
		t.Error("j() is in the catch clause and i() is not")
	}
	if top := fn.TopLevel(j.Stmt); fn.Stmts[top].Kind != StmtTry {
		t.Errorf("top-level statement of j() is %v, want the try", fn.Stmts[top].Kind)
	}
}

// replayText renders the replay's statements as their source.
func replayText(f *File, fn *Function) []string {
	var out []string
	stmts := fn.Stmts
	if fn.Replay.Via != nil {
		stmts = fn.Replay.Via.Stmts
	}
	for _, i := range fn.Replay.Stmts {
		text, _, _ := strings.Cut(string(f.Src[stmts[i].Span.Start:stmts[i].Span.End]), "\n")
		out = append(out, text)
	}
	return out
}

func TestReplayStatements(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		kind ReplayKind
		// replay are the first lines of the replay's statements.
		replay []string
		seed   bool
	}{
		{
			name:   "a variable whose name starts like the loop's stays the module's",
			body:   "$f = 'keep me';\nfor ($i = 7001; $i < 8000; $i++) {\n  $function = 'm_update_' . $i;\n  if (function_exists($function)) {\n    $function();\n  }\n}",
			kind:   ReplayRange,
			replay: []string{"for ($i = 7001; $i < 8000; $i++) {"},
			seed:   true,
		},
		{
			name:   "setup only the loop reads belongs to the replay",
			body:   "variable_set('x', 1);\n$last = 7000;\nforeach (drupal_get_schema_versions('m') as $n) {\n  $function = 'm_update_' . $n;\n  $function();\n  $last = $n;\n}",
			kind:   ReplayRegistry,
			replay: []string{"$last = 7000;", "foreach (drupal_get_schema_versions('m') as $n) {"},
		},
		{
			name:   "a loop variable used after the loop is not the seed form",
			body:   "$highest_run = 0;\nfor ($i = 7001; $i < 8000; $i++) {\n  $candidate = 'm_update_' . $i;\n  if (function_exists($candidate)) {\n    $candidate();\n    $highest_run = $i;\n  }\n}\nvariable_set('m_highest', $highest_run);",
			kind:   ReplayRange,
			replay: []string{"for ($i = 7001; $i < 8000; $i++) {"},
		},
		{
			name:   "explicit calls keep the statements between them",
			body:   "$messages = array();\n$messages[] = m_update_7001();\nvariable_set('x', 1);\nif (module_exists('ding')) {\n  m_update_7002();\n}\nreturn implode(\"\\n\", $messages);",
			kind:   ReplayExplicit,
			replay: []string{"$messages[] = m_update_7001();", "if (module_exists('ding')) {"},
		},
		{
			name:   "schema reset with db_update",
			body:   "module_enable(array('x'));\ndb_update('system')\n  ->fields(array('schema_version' => 7000))\n  ->condition('name', 'm')\n  ->execute();",
			kind:   ReplaySchemaReset,
			replay: []string{"db_update('system')"},
		},
		{
			name:   "schema reset with drupal_set_installed_schema_version",
			body:   "drupal_set_installed_schema_version('m', 7000);",
			kind:   ReplaySchemaReset,
			replay: []string{"drupal_set_installed_schema_version('m', 7000);"},
		},
		{
			name: "a reset of another module is not a replay",
			body: "drupal_set_installed_schema_version('other', 7000);",
			kind: ReplayNone,
		},
		{
			name:   "a replay in a helper",
			body:   "variable_set('x', 1);\n_m_replay();",
			kind:   ReplayRange,
			replay: []string{"for ($i = 7001; $i < 8000; $i++) {"},
			seed:   true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := "<?php\nfunction m_install() {\n" + tt.body + "\n}\n\nfunction _m_replay() {\n  for ($i = 7001; $i < 8000; $i++) {\n    $c = 'm_update_' . $i;\n    if (function_exists($c)) {\n      $c();\n    }\n  }\n}\n"
			f := parseString(t, "m", src)
			fn := function(t, f, "m_install")
			if fn.Replay.Kind != tt.kind {
				t.Fatalf("kind %v, want %v", fn.Replay.Kind, tt.kind)
			}
			if diff := cmp.Diff(tt.replay, replayText(f, fn)); diff != "" {
				t.Errorf("replay statements (-want +got):\n%s", diff)
			}
			if fn.Replay.SeedForm != tt.seed {
				t.Errorf("seed form %v, want %v", fn.Replay.SeedForm, tt.seed)
			}
		})
	}
}

func TestReplaySandboxFromTheTree(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		loop           string
		passes, repeat bool
	}{
		{"repeats until finished", "$s = array();\n  do {\n    $f($s);\n  } while (isset($s['#finished']) && $s['#finished'] < 1);", true, true},
		{"finished only in a comment", "$s = array();\n  // Runs until $s['#finished'] is 1.\n  $f($s);", true, false},
		{"another variable's finished", "$s = array();\n  do {\n    $f($s);\n  } while ($t['#finished'] < 1);", true, false},
		{"no sandbox", "$f();", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := "<?php\nfunction m_install() {\n  foreach (drupal_get_schema_versions('m') as $n) {\n  $f = 'm_update_' . $n;\n  " + tt.loop + "\n  }\n}\n"
			r := parseString(t, "m", src).Functions[0].Replay
			if r.PassesSandbox != tt.passes || r.Sandbox != tt.repeat {
				t.Errorf("passes %v repeats %v, want %v %v", r.PassesSandbox, r.Sandbox, tt.passes, tt.repeat)
			}
		})
	}
}

func TestObjectCastAndArgVars(t *testing.T) {
	t.Parallel()
	src := "<?php\nfunction m_update_7001() {\n  $node = new stdClass();\n  $term = (object) array('name' => 'x');\n  node_save($node);\n}\n"
	fn := parseString(t, "m", src).Functions[0]
	if save := callNamed(t, fn, "node_save"); save.Args[0].Var != "node" {
		t.Errorf("node_save argument var %q, want node", save.Args[0].Var)
	}
	if n := callNamed(t, fn, "new stdClass"); n.Use != UseAssigned || n.Target != "node" {
		t.Errorf("new stdClass use %v target %q", n.Use, n.Target)
	}
	if len(fn.Assigns) != 2 || fn.Assigns[1].Value.Kind != ValueObject || len(fn.Assigns[1].Value.Items) != 1 {
		t.Errorf("assigns = %+v, want $term an object cast of one item", fn.Assigns)
	}
	elems := parseString(t, "m", "<?php\nfunction m_install() {\n  $m = array();\n  $m[] = f();\n  $m['k'] = 1;\n}\n").Functions[0].Assigns
	if len(elems) != 3 || elems[0].Element || !elems[1].Element || !elems[2].Element {
		t.Errorf("assigns = %+v, want $m replaced, then two element writes", elems)
	}
}
