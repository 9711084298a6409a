package phpast

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// argValue parses `<?php f(EXPR);` and returns the argument's value.
func argValue(t *testing.T, expr string) Value {
	t.Helper()
	f := parseString(t, "m", "<?php\nfunction m_update_7001() {\n  f("+expr+");\n}\n")
	calls := f.Functions[0].Calls
	if len(calls) == 0 || calls[0].Name != "f" {
		t.Fatalf("no call f() in %s", expr)
	}
	return calls[0].Arg(0)
}

func TestValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		expr string
		want string
	}{
		{`'plain'`, "string:plain"},
		{`'it\'s a \\ backslash, \n stays'`, `string:it's a \ backslash, \n stays`},
		{`"tab\tnew\nline\rcr\vvt\ff\eesc"`, "string:tab\tnew\nline\rcr\vvt\ff\x1besc"},
		{`"quote \" dollar \$ backslash \\ other \q"`, `string:quote " dollar $ backslash \ other \q`},
		{`"octal \101\0\7770 hex \x41\x4a\xZ unicode \u{e9}\u{1F600} bad \u{zz}"`, "string:octal A\x00\xff0 hex AJ\\xZ unicode \u00e9\U0001F600 bad \\u{zz}"},
		{`b'bin'`, "string:bin"},
		{`B"bin\n"`, "string:bin\n"},
		{"'Caf\xe9'", "string:Caf\xe9"},
		{`''`, "string:"},
		{`42`, "int:42"},
		{`-42`, "int:-42"},
		{`0x1F`, "int:0x1F"},
		{`1_000`, "int:1_000"},
		{`1.5`, "float:1.5"},
		{`-1.5e3`, "float:-1.5e3"},
		{`TRUE`, "bool:TRUE"},
		{`false`, "bool:FALSE"},
		{`\True`, "bool:TRUE"},
		{`Null`, "null:NULL"},
		{`LANGUAGE_NONE`, "const:LANGUAGE_NONE"},
		{`\PHP_EOL`, "const:PHP_EOL"},
		{`array()`, "[]"},
		{`array('a', 'b')`, "[string:a, string:b]"},
		{`['k' => 1, 2 => 'x', 'n' => ['deep' => [TRUE, NULL]]]`, "[string:k => int:1, int:2 => string:x, string:n => [string:deep => [bool:TRUE, null:NULL]]]"},
		{`array('t' => array('type' => 'int', 'not null' => TRUE,),)`, "[string:t => [string:type => string:int, string:not null => bool:TRUE]]"},
		{`$variable`, "other:$variable"},
		{`$a['b']`, "other:$a['b']"},
		{`t('x')`, "other:t('x')"},
		{`1 + 2`, "other:1 + 2"},
		{`"interpolated $x"`, `other:"interpolated $x"`},
		{`Foo::BAR`, "other:Foo::BAR"},
		{`-$x`, "other:-$x"},
		{`['k' => $v]`, "[string:k => other:$v]"},
		{"<<<EOT\nhere\nEOT\n", "other:<<<EOT\nhere\nEOT"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			t.Parallel()
			if got := argValue(t, tt.expr).render(); got != tt.want {
				t.Errorf("value of %s = %q, want %q", tt.expr, got, tt.want)
			}
		})
	}
}

func TestValueStrings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		expr string
		want []string
	}{
		{`'views'`, []string{"views"}},
		{`array('views', 'ctools', 3, $x)`, []string{"views", "ctools"}},
		{`42`, nil},
		{`$x`, nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, argValue(t, tt.expr).Strings()); diff != "" {
			t.Errorf("Strings(%s) (-want +got):\n%s", tt.expr, diff)
		}
	}
}

func TestNamedArguments(t *testing.T) {
	t.Parallel()
	f := parseString(t, "m", "<?php\nfunction m_update_10001() {\n  f('a', enable_dependencies: FALSE, ...$rest);\n}\n")
	var got []string
	for _, a := range f.Functions[0].Calls[0].Args {
		got = append(got, a.Name+"="+a.Value.render())
	}
	want := []string{"=string:a", "enable_dependencies=bool:FALSE", "=other:$rest"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("args (-want +got):\n%s", diff)
	}
}

func TestDocblocks(t *testing.T) {
	t.Parallel()
	type docView struct {
		Present bool
		Text    string
		Issues  []string
		Summary string
		// SpanFrom is where the function's Span starts.
		SpanFrom string
	}
	tests := []struct {
		name string
		src  string
		want docView
	}{
		{
			name: "no docblock",
			src:  "<?php\n\nfunction m_update_7001() {}\n",
			want: docView{SpanFrom: "function m_update_7001"},
		},
		{
			name: "file block is never a function's doc",
			src:  "<?php\n/**\n * @file\n * Deploy functions.\n */\n\nfunction m_update_7001() {}\n",
			want: docView{SpanFrom: "function m_update_7001"},
		},
		{
			name: "file block then the function's own",
			src:  "<?php\n/**\n * @file\n * Deploy functions.\n */\n\n/**\n * #7: Own doc.\n */\nfunction m_update_7001() {}\n",
			want: docView{true, "#7: Own doc.", []string{"#7"}, "Own doc", "/**\n * #7"},
		},
		{
			name: "line comment between docblock and function",
			src:  "<?php\n/**\n * #1: Enable x.\n */\n// TODO: remove after launch.\nfunction m_update_7001() {}\n",
			want: docView{true, "#1: Enable x.", []string{"#1"}, "Enable x", "/**\n * #1"},
		},
		{
			name: "docblock before attributes",
			src:  "<?php\n/**\n * #2: Attributed.\n */\n#[Deprecated]\nfunction m_update_7001() {}\n",
			want: docView{true, "#2: Attributed.", []string{"#2"}, "Attributed", "/**\n * #2"},
		},
		{
			name: "docblock between attributes and function",
			src:  "<?php\n#[Deprecated]\n/**\n * #3: After the attribute.\n */\nfunction m_update_7001() {}\n",
			want: docView{true, "#3: After the attribute.", []string{"#3"}, "After the attribute", "#[Deprecated]"},
		},
		{
			name: "several issue references",
			src:  "<?php\n/**\n * #1, #2: Fix both.\n */\nfunction m_update_7001() {}\n",
			want: docView{true, "#1, #2: Fix both.", []string{"#1", "#2"}, "Fix both", "/**"},
		},
		{
			name: "issues joined by and",
			src:  "<?php\n/**\n * #1 and #2 - Fix both\n */\nfunction m_update_7001() {}\n",
			want: docView{true, "#1 and #2 - Fix both", []string{"#1", "#2"}, "Fix both", "/**"},
		},
		{
			name: "project key",
			src:  "<?php\n/**\n * PROJ-12 enable the shop\n */\nfunction m_update_7001() {}\n",
			want: docView{true, "PROJ-12 enable the shop", []string{"PROJ-12"}, "enable the shop", "/**"},
		},
		{
			name: "no issue reference",
			src:  "<?php\n/**\n * Enable the shop.\n *\n * Longer text.\n */\nfunction m_update_7001() {}\n",
			want: docView{true, "Enable the shop.\n\nLonger text.", nil, "Enable the shop", "/**"},
		},
		{
			name: "one line docblock",
			src:  "<?php\n/** #5: One line. */\nfunction m_update_7001() {}\n",
			want: docView{true, "#5: One line.", []string{"#5"}, "One line", "/**"},
		},
		{
			name: "blank first line",
			src:  "<?php\n/**\n *\n * #6: Late start.\n */\nfunction m_update_7001() {}\n",
			want: docView{true, "#6: Late start.", []string{"#6"}, "Late start", "/**"},
		},
		{
			name: "docblock of an earlier statement",
			src:  "<?php\n/** #8: Not mine. */\n$x = 1;\nfunction m_update_7001() {}\n",
			want: docView{SpanFrom: "function m_update_7001"},
		},
		{
			name: "plain block comment is not a docblock",
			src:  "<?php\n/* #9: Not a docblock. */\nfunction m_update_7001() {}\n",
			want: docView{SpanFrom: "function m_update_7001"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := parseString(t, "m", tt.src)
			fn := function(t, f, "m_update_7001")
			got := docView{fn.Doc.Present, fn.Doc.Text, fn.Doc.Issues, fn.Doc.Summary, ""}
			want := tt.want
			want.SpanFrom = ""
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("doc (-want +got):\n%s", diff)
			}
			if start := index(t, f.Src, tt.want.SpanFrom); fn.Span.Start != start {
				t.Errorf("Span starts at %d %q, want %d", fn.Span.Start, f.Src[fn.Span.Start:], start)
			}
			checkInvariants(t, f)
		})
	}
}

func TestConditions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want []callView
	}{
		{
			name: "if elseif else",
			body: "if (a()) { b(); } elseif (c()) { d(); } elseif (e()) { f(); } else { g(); }",
			want: []callView{
				{Callee: "a", Chain: "a"},
				{Callee: "b", Chain: "b", Conds: []string{"a()"}},
				{Callee: "c", Chain: "c", Conds: []string{"!(a())"}},
				{Callee: "d", Chain: "d", Conds: []string{"!(a())", "c()"}},
				{Callee: "e", Chain: "e", Conds: []string{"!(a())", "!(c())"}},
				{Callee: "f", Chain: "f", Conds: []string{"!(a())", "!(c())", "e()"}},
				{Callee: "g", Chain: "g", Conds: []string{"!(a())", "!(c())", "!(e())"}},
			},
		},
		{
			name: "nested, outermost first",
			body: "if (a()) {\n  foreach ($x as $y) {\n    if (!b($y)) {\n      c($y);\n    }\n  }\n}",
			want: []callView{
				{Callee: "a", Chain: "a"},
				{Callee: "b", Chain: "b", Args: []string{"other:$y"}, Conds: []string{"a()"}},
				{Callee: "c", Chain: "c", Args: []string{"other:$y"}, Conds: []string{"a()", "!b($y)"}},
			},
		},
		{
			name: "early return guard",
			body: "before();\nif (db_table_exists('t')) {\n  return;\n}\ndb_create_table('t', array());",
			want: []callView{
				{Callee: "before", Chain: "before"},
				{Callee: "db_table_exists", Chain: "db_table_exists", Args: []string{"string:t"}},
				{Callee: "db_create_table", Chain: "db_create_table", Args: []string{"string:t", "[]"}, Conds: []string{"!(db_table_exists('t'))"}},
			},
		},
		{
			name: "throw guard without braces",
			body: "if (!module_exists('x')) throw new Exception('no x');\nx_do();",
			want: []callView{
				{Callee: "module_exists", Chain: "module_exists", Args: []string{"string:x"}},
				{Callee: "new Exception", Chain: "new Exception", Args: []string{"string:no x"}, Conds: []string{"!module_exists('x')"}},
				{Callee: "x_do", Chain: "x_do", Conds: []string{"!(!module_exists('x'))"}},
			},
		},
		{
			name: "an if with an else is no guard",
			body: "if (a()) { return; } else { b(); }\nc();",
			want: []callView{
				{Callee: "a", Chain: "a"},
				{Callee: "b", Chain: "b", Conds: []string{"!(a())"}},
				{Callee: "c", Chain: "c"},
			},
		},
		{
			name: "an if that does not exit is no guard",
			body: "if (a()) { b(); }\nc();",
			want: []callView{
				{Callee: "a", Chain: "a"},
				{Callee: "b", Chain: "b", Conds: []string{"a()"}},
				{Callee: "c", Chain: "c"},
			},
		},
		{
			name: "alternative syntax",
			body: "if (a()):\n  b();\nelse:\n  c();\nendif;",
			want: []callView{
				{Callee: "a", Chain: "a"},
				{Callee: "b", Chain: "b", Conds: []string{"a()"}},
				{Callee: "c", Chain: "c", Conds: []string{"!(a())"}},
			},
		},
		{
			name: "closures count, nested declarations do not",
			body: "array_map(function ($m) { return m($m); }, $x);\nfunction inner() { never_called(); }\nclass Inner { function f() { never_called(); } }\nafter();",
			want: []callView{
				{Callee: "array_map", Chain: "array_map", Args: []string{"other:function ($m) { return m($m); }", "other:$x"}},
				{Callee: "m", Chain: "m", Args: []string{"other:$m"}},
				{Callee: "after", Chain: "after"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := parseString(t, "m", "<?php\nfunction m_update_7001() {\n"+tt.body+"\n}\n")
			fn := function(t, f, "m_update_7001")
			if diff := cmp.Diff(tt.want, viewCalls(f.Src, fn.Calls)); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
		})
	}
}

func TestConditionCalls(t *testing.T) {
	t.Parallel()
	f := parseString(t, "m", "<?php\nfunction m_update_7001() {\n  if (!db_field_exists('users', 'x') && !db_index_exists('users', 'i')) {\n    db_add_field('users', 'x', array());\n  }\n}\n")
	add := f.Functions[0].Calls[2]
	if add.Name != "db_add_field" || len(add.Conditions) != 1 {
		t.Fatalf("call %s with %d conditions", add.Name, len(add.Conditions))
	}
	var names []string
	for _, c := range add.Conditions[0].Calls {
		names = append(names, c.Name)
	}
	if diff := cmp.Diff([]string{"db_field_exists", "db_index_exists"}, names); diff != "" {
		t.Errorf("condition calls (-want +got):\n%s", diff)
	}
	if want := spanFrom(t, f.Src, "!db_field_exists", "'i')"); add.Conditions[0].Span != want {
		t.Errorf("condition span %v, want %v", add.Conditions[0].Span, want)
	}
}

func TestKinds(t *testing.T) {
	t.Parallel()
	src := `<?php
function shop_deploy_install() {}
function shop_deploy_requirements($phase) {}
function shop_deploy_schema() {}
function shop_deploy_update_last_removed() { return 8005; }
function shop_deploy_update_dependencies() {}
function shop_deploy_update_8006(&$sandbox) {}
function SHOP_DEPLOY_UPDATE_8007() {}
function shop_deploy_update_015401() {}
function shop_deploy_update_99999999999999999999() {}
function shop_deploy_update_80x() {}
function shop_deploy_post_update_fix_aliases() {}
function shop_deploy_deploy_import_terms() {}
function shop_deployer_update_8008() {}
function shop_deploy_helper() {}
if (!function_exists('shop_deploy_update_8009')) {
  function shop_deploy_update_8009($sandbox = NULL) {}
}
`
	f := parseString(t, "shop_deploy", src)
	type kindView struct {
		Name       string
		Kind       string
		Number     int
		NumberText string
		Slug       string
		Sandbox    bool
	}
	var got []kindView
	for _, fn := range f.Functions {
		got = append(got, kindView{fn.Name, fn.Kind.String(), fn.Number, fn.NumberText, fn.Slug, fn.Sandbox})
	}
	want := []kindView{
		{"shop_deploy_install", "install", 0, "", "", false},
		{"shop_deploy_requirements", "requirements", 0, "", "", false},
		{"shop_deploy_schema", "schema", 0, "", "", false},
		{"shop_deploy_update_last_removed", "update_last_removed", 0, "", "", false},
		{"shop_deploy_update_dependencies", "update_dependencies", 0, "", "", false},
		{"shop_deploy_update_8006", "update", 8006, "8006", "", true},
		{"SHOP_DEPLOY_UPDATE_8007", "update", 8007, "8007", "", false},
		{"shop_deploy_update_015401", "update", 15401, "015401", "", false},
		{"shop_deploy_update_99999999999999999999", "other", 0, "", "", false},
		{"shop_deploy_update_80x", "other", 0, "", "", false},
		{"shop_deploy_post_update_fix_aliases", "post_update", 0, "", "fix_aliases", false},
		{"shop_deploy_deploy_import_terms", "deploy", 0, "", "import_terms", false},
		{"shop_deployer_update_8008", "other", 0, "", "", false},
		{"shop_deploy_helper", "other", 0, "", "", false},
		{"shop_deploy_update_8009", "update", 8009, "8009", "", false},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("kinds (-want +got):\n%s", diff)
	}
	m := &Module{Name: "shop_deploy", Install: f}
	if got := m.LastRemoved(); got != 8005 {
		t.Errorf("LastRemoved = %d, want 8005", got)
	}
	if got := m.HighestUpdate(); got != 15401 {
		t.Errorf("HighestUpdate = %d, want 15401", got)
	}
}

func TestReplayForms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want Replay // Span is checked to cover the body's replay statements
		// spanFrom, spanTo delimit the expected replay span.
		spanFrom, spanTo string
	}{
		{
			name:     "seed loop",
			body:     "for ($i = 7001; $i < 8000; $i++) {\n  $candidate = 'm_update_' . $i;\n  if (function_exists($candidate)) {\n    $candidate();\n  }\n}",
			want:     Replay{Kind: ReplayRange, From: 7001, To: 7999, Prefix: "m_update_", SeedForm: true},
			spanFrom: "for (", spanTo: "  }\n}",
		},
		{
			name:     "inclusive bound and interpolated prefix",
			body:     "for ($n = 7001; $n <= 7010; $n++) {\n  $f = \"m_update_$n\";\n  $f();\n}",
			want:     Replay{Kind: ReplayRange, From: 7001, To: 7010, Prefix: "m_update_", BoundInclusive: true},
			spanFrom: "for (", spanTo: "$f();\n}",
		},
		{
			name:     "braced interpolation",
			body:     "for ($n = 8001; $n < 9000; $n++) {\n  $f = \"M_Update_{$n}\";\n  if (function_exists($f)) { $f(); }\n}",
			want:     Replay{Kind: ReplayRange, From: 8001, To: 8999, Prefix: "m_update_"},
			spanFrom: "for (", spanTo: "$f(); }\n}",
		},
		{
			name:     "loop with the sandbox",
			body:     "$last = 7000;\nfor ($i = 7001; $i < 8000; $i++) {\n  $f = 'm_update_' . $i;\n  if (function_exists($f)) {\n    $sandbox = array();\n    do { $f($sandbox); } while (isset($sandbox['#finished']) && $sandbox['#finished'] < 1);\n    $last = $i;\n  }\n}",
			want:     Replay{Kind: ReplayRange, From: 7001, To: 7999, Prefix: "m_update_", Sandbox: true, PassesSandbox: true},
			spanFrom: "$last = 7000", spanTo: "$last = $i;\n  }\n}",
		},
		{
			name:     "registry service",
			body:     "$r = \\Drupal::service('update.update_hook_registry');\nforeach ($r->getAvailableUpdates('m') as $n) {\n  $f = 'm_update_' . $n;\n  $f();\n}",
			want:     Replay{Kind: ReplayRegistry},
			spanFrom: "$r = ", spanTo: "$f();\n}",
		},
		{
			name:     "explicit calls",
			body:     "drupal_set_message('start');\nm_update_7001();\nm_update_7002($sandbox);\nif (TRUE) {\n  m_update_7004();\n}\ndrupal_set_message('done');",
			want:     Replay{Kind: ReplayExplicit, Numbers: []int{7001, 7002, 7004}, SandboxlessCalls: []int{7001, 7004}},
			spanFrom: "m_update_7001();", spanTo: "m_update_7004();\n}",
		},
		{
			name: "no replay",
			body: "variable_set('x', 1);\nfor ($i = 0; $i < count($x); $i++) { f($i); }",
			want: Replay{Kind: ReplayNone},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := parseString(t, "m", "<?php\nfunction m_install() {\n"+tt.body+"\n}\n")
			got := function(t, f, "m_install").Replay
			want := tt.want
			if tt.spanFrom != "" {
				want.Span = spanFrom(t, f.Src, tt.spanFrom, tt.spanTo)
			}
			// Bound, Calls and Stmts are checked by TestReplayStatements.
			if diff := cmp.Diff(&want, got, cmpopts.IgnoreFields(Replay{}, "Bound", "Calls", "Stmts")); diff != "" {
				t.Errorf("replay (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFileEdges(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		src       string
		functions int
		// openTag and closeTag are where the tags start, -1 for none;
		// a close tag's span runs to the end of the file.
		openTag, closeTag string
	}{
		{"empty file", "", 0, "", ""},
		{"only inline HTML", "<html><body>No PHP here.</body></html>\n", 0, "", ""},
		{"only the open tag", "<?php", 0, "<?php", ""},
		{"open tag and newline", "<?php\n", 0, "<?php", ""},
		{"upper-case open tag", "<?PHP\nfunction m_update_7001() {}\n", 1, "<?PHP", ""},
		{"HTML before the tag", "\n\n<?php\nfunction m_update_7001() {}\n", 1, "<?php", ""},
		{"short echo tag first", "<p><?= $x ?></p>\n<?php\nfunction m_update_7001() {}\n", 1, "<?php", ""},
		{"close tag and text after it", "<?php\nfunction m_update_7001() {}\n?>\ntrailing text\n", 1, "<?php", "?>"},
		{"close tag alone", "<?php\nfunction m_update_7001() {}\n?>", 1, "<?php", "?>"},
		{"close tag after a statement", "<?php\nfoo();\n?>\n", 0, "<?php", "?>"},
		{"close tag ends a statement", "<?php\nfoo() ?>\n", 0, "<?php", "?>"},
		{"close tag after return", "<?php\nreturn 1;\n?>\n", 0, "<?php", "?>"},
		{"close tag in the middle", "<?php\nfoo();\n?>\nhtml\n<?php\nbar();\n", 0, "<?php\nfoo", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := parseString(t, "m", tt.src)
			openTag, closeTag, hasCloseTag := Span{-1, -1}, Span{}, tt.closeTag != ""
			if tt.openTag != "" {
				start := index(t, f.Src, tt.openTag)
				openTag = Span{start, start + 5}
			}
			if hasCloseTag {
				closeTag = Span{index(t, f.Src, tt.closeTag), len(f.Src)}
			}
			if len(f.Functions) != tt.functions || f.OpenTag != openTag || f.CloseTag != closeTag || f.HasCloseTag != hasCloseTag {
				t.Errorf("functions %d OpenTag %v CloseTag %v HasCloseTag %v; want %d %v %v %v",
					len(f.Functions), f.OpenTag, f.CloseTag, f.HasCloseTag, tt.functions, openTag, closeTag, hasCloseTag)
			}
			checkInvariants(t, f)
		})
	}
}
