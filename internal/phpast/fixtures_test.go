package phpast

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSeedModule(t *testing.T) {
	t.Parallel()
	m := loadFixture(t, "example_deploy", "d7_seed/example_deploy.install")
	f := m.Install
	src := f.Src

	if diff := cmp.Diff([]string{
		"example_deploy_install",
		"example_deploy_update_7001",
		"example_deploy_update_7002",
		"example_deploy_update_7003",
		"example_deploy_update_7004",
	}, functionNames(f)); diff != "" {
		t.Errorf("functions (-want +got):\n%s", diff)
	}
	if f.Version != "8.1" || f.BOM || f.EOL != "\n" || f.Indent != "  " || f.HasCloseTag || f.OpenTag != (Span{0, 5}) {
		t.Errorf("file facts: Version %q BOM %v EOL %q Indent %q HasCloseTag %v OpenTag %v",
			f.Version, f.BOM, f.EOL, f.Indent, f.HasCloseTag, f.OpenTag)
	}

	type updateView struct {
		Number  int
		Line    int
		Issues  []string
		Summary string
		Actions []string
	}
	var got []updateView
	for _, u := range m.Updates() {
		line, _ := f.Lines.Position(u.Span.Start)
		got = append(got, updateView{u.Number, line, u.Doc.Issues, u.Doc.Summary, u.Actions()})
	}
	want := []updateView{
		{7001, 21, []string{"#12345"}, "Enable javascript aggregation", []string{"variable_set preprocess_js"}},
		{7002, 29, []string{"#12346"}, "Change view to remove html tags from trimmed body", []string{"features_revert xyz_feature.views_view"}},
		{7003, 36, []string{"#12347"}, "New theme for the site", []string{"variable_set theme_default"}},
		{7004, 43, []string{"#12348"}, "Add a drop-down menu instead of the default menu for admins", []string{"module_enable admin_menu_toolbar", "module_disable toolbar"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("updates (-want +got):\n%s", diff)
	}

	u := function(t, f, "example_deploy_update_7001")
	wantSpan := spanFrom(t, src, "/**\n * #12345", "Strongarm module.\n}")
	if u.Span != wantSpan {
		t.Errorf("7001 Span = %v, want %v (docblock through closing brace)", u.Span, wantSpan)
	}
	if want := spanFrom(t, src, "/**\n * #12345", "*/"); u.Doc.Span != want {
		t.Errorf("7001 Doc.Span = %v, want %v", u.Doc.Span, want)
	}
	if want := spanFrom(t, src, "function example_deploy_update_7001", "Strongarm module.\n}"); u.DeclSpan != want {
		t.Errorf("7001 DeclSpan = %v, want %v", u.DeclSpan, want)
	}
	if want := spanFrom(t, src, "example_deploy_update_7001(", "7001"); u.NameSpan != want {
		t.Errorf("7001 NameSpan = %v, want %v", u.NameSpan, want)
	}
	if want := spanFrom(t, src, "{\n  variable_set('preprocess_js'", "module.\n}"); u.BodySpan != want {
		t.Errorf("7001 BodySpan = %v, want %v", u.BodySpan, want)
	}
	if u.Doc.Text != "#12345: Enable javascript aggregation" || u.NumberText != "7001" || u.Sandbox || u.Kind != KindUpdate {
		t.Errorf("7001: Doc.Text %q NumberText %q Sandbox %v Kind %v", u.Doc.Text, u.NumberText, u.Sandbox, u.Kind)
	}

	install := m.Find(KindInstall)
	if install == nil || install.Name != "example_deploy_install" {
		t.Fatalf("Find(KindInstall) = %v", install)
	}
	if install.Doc.Issues != nil || install.Doc.Summary != "Implements hook_install()" {
		t.Errorf("install doc: issues %q summary %q", install.Doc.Issues, install.Doc.Summary)
	}
	wantReplay := &Replay{
		Kind:     ReplayRange,
		From:     7001,
		To:       7999,
		Prefix:   "example_deploy_update_",
		Span:     spanFrom(t, src, "for ($i = 7001", "    }\n  }"),
		Bound:    spanFrom(t, src, "8000", "8000"),
		Stmts:    []int{0},
		SeedForm: true,
	}
	if diff := cmp.Diff(wantReplay, install.Replay); diff != "" {
		t.Errorf("replay (-want +got):\n%s", diff)
	}
	wantCalls := []callView{
		{Callee: "function_exists", Chain: "function_exists", Args: []string{"other:$candidate"}},
		{Callee: "$candidate", Chain: "$candidate", Conds: []string{"function_exists($candidate)"}},
	}
	if diff := cmp.Diff(wantCalls, viewCalls(src, install.Calls)); diff != "" {
		t.Errorf("install calls (-want +got):\n%s", diff)
	}
	if m.HighestUpdate() != 7004 || m.LastRemoved() != 0 {
		t.Errorf("HighestUpdate %d LastRemoved %d, want 7004 0", m.HighestUpdate(), m.LastRemoved())
	}
	for _, n := range []int{7001, 7004, 7005, 7999} {
		if !install.Replay.Covers("example_deploy_update_", n) {
			t.Errorf("replay does not cover %d", n)
		}
	}
	for _, n := range []int{7000, 8000} {
		if install.Replay.Covers("example_deploy_update_", n) {
			t.Errorf("replay covers %d", n)
		}
	}
	if install.Replay.Covers("other_deploy_update_", 7001) {
		t.Error("replay covers another module's prefix")
	}
}

// TestEveryFixtureParses parses every PHP file under testdata/modules:
// all of them are valid PHP except the syntax-error fixture.
func TestEveryFixtureParses(t *testing.T) {
	t.Parallel()
	var paths []string
	err := filepath.WalkDir(modulesDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch filepath.Ext(path) {
		case ".install", ".php", ".module", ".inc":
			paths = append(paths, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 20 {
		t.Fatalf("found only %d PHP files under %s", len(paths), modulesDir)
	}
	for _, path := range paths {
		rel, _ := filepath.Rel(modulesDir, path)
		t.Run(rel, func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			module := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
			module = strings.TrimSuffix(module, ".post_update")
			f, err := ParseFile(path, src, Options{Module: module})
			if strings.HasPrefix(rel, "d7_syntax_error"+string(filepath.Separator)+"broken_deploy.install") {
				if err == nil {
					t.Fatal("the syntax-error fixture parsed")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkInvariants(t, f)
		})
	}
}

func TestSyntaxError(t *testing.T) {
	t.Parallel()
	rel := filepath.Join("d7_syntax_error", "broken_deploy.install")
	_, err := LoadModule("broken_deploy", filepath.Join(modulesDir, rel), Options{})
	var perr *Error
	if !errors.As(err, &perr) {
		t.Fatalf("LoadModule error = %v (%T), want *phpast.Error", err, err)
	}
	// php -l: syntax error, unexpected token ";", expecting ")" on line 12;
	// column 34 is that ";" in "  variable_set('preprocess_js', 1;".
	want := &Error{
		Path: filepath.Join(modulesDir, rel),
		Line: 12,
		Col:  34,
		Msg:  `syntax error, unexpected token ";", expecting ")"`,
	}
	if diff := cmp.Diff(want, perr); diff != "" {
		t.Errorf("error (-want +got):\n%s", diff)
	}
	if got, want := err.Error(), want.Path+`:12:34: syntax error, unexpected token ";", expecting ")"`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	src := readFixture(t, rel)
	if off := NewLineIndex(src).Offset(12, 34); src[off] != ';' {
		t.Errorf("12:34 is %q, want the ';'", src[off])
	}
}

// TestSyntaxErrorAgreesWithPHP checks the line against what php -l says.
func TestSyntaxErrorAgreesWithPHP(t *testing.T) {
	t.Parallel()
	php := requirePHP(t)
	path := filepath.Join(modulesDir, "d7_syntax_error", "broken_deploy.install")
	out, _ := exec.Command(php, "-d", "display_errors=stderr", "-l", path).CombinedOutput()
	m := regexp.MustCompile(`Parse error: +(.*) in .* on line (\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("php -l said:\n%s", out)
	}
	_, err := ParseFile(path, readFixture(t, filepath.Join("d7_syntax_error", "broken_deploy.install")), Options{})
	var perr *Error
	if !errors.As(err, &perr) {
		t.Fatalf("error = %v, want *phpast.Error", err)
	}
	if line, _ := strconv.Atoi(string(m[2])); perr.Line != line || perr.Msg != string(m[1]) {
		t.Errorf("we say %d: %s; php says %d: %s", perr.Line, perr.Msg, line, m[1])
	}
}

func TestCRLFWithBOMAndCloseTag(t *testing.T) {
	t.Parallel()
	m := loadFixture(t, "crlf_deploy", "d7_crlf_bom/crlf_deploy.install")
	f := m.Install
	src := f.Src
	if !f.BOM || f.EOL != "\r\n" || !f.HasCloseTag || f.Indent != "  " {
		t.Errorf("BOM %v EOL %q HasCloseTag %v Indent %q", f.BOM, f.EOL, f.HasCloseTag, f.Indent)
	}
	if want := (Span{Start: 3, End: 8}); f.OpenTag != want {
		t.Errorf("OpenTag = %v, want %v (after the BOM)", f.OpenTag, want)
	}
	if want := (Span{Start: index(t, src, "?>"), End: len(src)}); f.CloseTag != want {
		t.Errorf("CloseTag = %v, want %v", f.CloseTag, want)
	}
	u := function(t, f, "crlf_deploy_update_7001")
	if want := spanFrom(t, src, "/**\r\n * #880", "300);\r\n}"); u.Span != want {
		t.Errorf("7001 Span = %v, want %v", u.Span, want)
	}
	if string(src[u.Span.Start:u.Span.Start+3]) != "/**" || src[u.Span.End-1] != '}' {
		t.Errorf("7001 Span covers %q", src[u.Span.Start:u.Span.End])
	}
	if u.Doc.Text != "#880: Enable page caching for anonymous users." || u.Doc.Summary != "Enable page caching for anonymous users" {
		t.Errorf("Doc.Text %q Summary %q: no \\r may remain", u.Doc.Text, u.Doc.Summary)
	}
	if line, col := f.Lines.Position(u.Span.Start); line != 21 || col != 1 {
		t.Errorf("7001 starts at %d:%d, want 21:1", line, col)
	}
	if line, col := f.Lines.Position(index(t, src, "variable_set('site_mail'")); line != 33 || col != 3 {
		t.Errorf("site_mail call at %d:%d, want 33:3", line, col)
	}
	install := m.Find(KindInstall)
	if install.Replay.Kind != ReplayRange || install.Replay.Prefix != "crlf_deploy_update_" {
		t.Errorf("replay %+v", install.Replay)
	}
}

func TestMessyModule(t *testing.T) {
	t.Parallel()
	m := loadFixture(t, "messy_deploy", "d7_messy/messy_deploy.install")
	f := m.Install
	src := f.Src
	if f.Version != "7.4" || f.Indent != "\t" || f.EOL != "\n" || f.BOM {
		t.Errorf("Version %q Indent %q EOL %q BOM %v", f.Version, f.Indent, f.EOL, f.BOM)
	}
	// 7006 and 7007 are commented out: they are not functions.
	if diff := cmp.Diff([]string{
		"messy_deploy_install",
		"messy_deploy_update_7001",
		"messy_deploy_update_7003",
		"messy_deploy_update_7002",
		"messy_deploy_update_7004",
		"messy_deploy_update_07005",
		"mesy_deploy_update_7008",
	}, functionNames(f)); diff != "" {
		t.Errorf("functions (-want +got):\n%s", diff)
	}
	type updateView struct {
		Name       string
		Number     int
		NumberText string
		Doc        bool
		Summary    string
	}
	var got []updateView
	for _, u := range m.Updates() {
		got = append(got, updateView{u.Name, u.Number, u.NumberText, u.Doc.Present, u.Doc.Summary})
	}
	want := []updateView{
		{"messy_deploy_update_7001", 7001, "7001", true, "Enable javascript aggregation"},
		{"messy_deploy_update_7002", 7002, "7002", true, `Turn off the "Powered by Drupal" block`},
		{"messy_deploy_update_7003", 7003, "7003", true, "Rename the site"},
		{"messy_deploy_update_7004", 7004, "7004", false, ""},
		{"messy_deploy_update_07005", 7005, "07005", true, "Front page title starts with a capital letter"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("updates (-want +got):\n%s", diff)
	}
	if typo := function(t, f, "mesy_deploy_update_7008"); typo.Kind != KindOther || typo.Number != 0 {
		t.Errorf("typo'd update: Kind %v Number %d, want other 0", typo.Kind, typo.Number)
	}
	// A "//" comment is not a docblock: the span is the declaration alone.
	u := function(t, f, "messy_deploy_update_7004")
	if u.Span != u.DeclSpan || u.Span.Start != index(t, src, "function messy_deploy_update_7004") {
		t.Errorf("7004 Span %v DeclSpan %v", u.Span, u.DeclSpan)
	}
	// The brace on its own line belongs to the body.
	u = function(t, f, "messy_deploy_update_7002")
	if want := spanFrom(t, src, "{\n\tdb_update('block')", "->execute();\n}"); u.BodySpan != want {
		t.Errorf("7002 BodySpan = %v, want %v", u.BodySpan, want)
	}
	// Latin-1 bytes inside a string are kept as they are.
	u = function(t, f, "messy_deploy_update_7003")
	if got := u.Calls[0].Arg(1); got.Kind != ValueString || got.Text != "Caf\xe9 Messy" {
		t.Errorf("site_name value = %q (%v), want the Latin-1 bytes", got.Text, got.Kind)
	}
	install := m.Find(KindInstall)
	wantReplay := &Replay{Kind: ReplayRegistry, Stmts: []int{0}, Span: spanFrom(t, src, "foreach (drupal_get_schema_versions", "$function();\n\t}")}
	if diff := cmp.Diff(wantReplay, install.Replay); diff != "" {
		t.Errorf("replay (-want +got):\n%s", diff)
	}
}

func TestDrupal10Module(t *testing.T) {
	t.Parallel()
	m := loadFixture(t, "shop_deploy", "d10_site/web/modules/custom/shop_deploy/shop_deploy.install")
	f := m.Install
	src := f.Src
	if f.Version != "8.1" {
		t.Errorf("Version = %q", f.Version)
	}
	kinds := map[string]Kind{}
	for _, ff := range m.Files() {
		for _, fn := range ff.Functions {
			kinds[fn.Name] = fn.Kind
		}
	}
	wantKinds := map[string]Kind{
		"shop_deploy_install":                         KindInstall,
		"shop_deploy_helper":                          KindOther,
		"shop_deploy_update_10001":                    KindUpdate,
		"shop_deploy_update_10002":                    KindUpdate,
		"shop_deploy_update_10003":                    KindUpdate,
		"shop_deploy_post_update_rebuild_shop_routes": KindPostUpdate,
	}
	if diff := cmp.Diff(wantKinds, kinds); diff != "" {
		t.Errorf("kinds (-want +got):\n%s", diff)
	}
	if len(m.Other) != 1 || m.Other[0].Functions[0].Slug != "rebuild_shop_routes" {
		t.Errorf("post_update file not read: %v", m.Other)
	}

	install := m.Find(KindInstall)
	wantReplay := &Replay{
		Kind:          ReplayRegistry,
		Span:          spanFrom(t, src, "$registry = \\Drupal::service", "throw $e;\n  }"),
		Sandbox:       true,
		PassesSandbox: true,
		Resumable:     true,
		Stmts:         []int{0, 1, 2},
	}
	if diff := cmp.Diff(wantReplay, install.Replay); diff != "" {
		t.Errorf("replay (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"$is_syncing"}, install.Params); diff != "" {
		t.Errorf("install params (-want +got):\n%s", diff)
	}

	tests := []struct {
		function string
		want     []callView
		actions  []string
	}{
		{
			function: "shop_deploy_update_10001",
			want: []callView{
				{Callee: "->save", Chain: "Drupal::configFactory()->getEditable()->set()->save", Args: []string{"bool:TRUE"}},
				{Callee: "->set", Chain: "Drupal::configFactory()->getEditable()->set", Args: []string{"string:js.preprocess", "bool:TRUE"}},
				{Callee: "->getEditable", Chain: "Drupal::configFactory()->getEditable", Args: []string{"string:system.performance"}},
				{Callee: "Drupal::configFactory", Chain: "Drupal::configFactory"},
				{Callee: "->get", Chain: "Drupal::config()->get", Args: []string{"string:js.preprocess"}},
				{Callee: "Drupal::config", Chain: "Drupal::config", Args: []string{"string:system.performance"}},
				{
					Callee: "new UpdateException", Chain: "new UpdateException",
					Args:  []string{"string:js.preprocess is still off: it is probably overridden in settings.php."},
					Conds: []string{`!\Drupal::config('system.performance')->get('js.preprocess')`},
				},
			},
			actions: []string{"config_set system.performance:js.preprocess"},
		},
		{
			function: "shop_deploy_update_10002",
			want: []callView{
				{Callee: "->install", Chain: "Drupal::service()->install", Args: []string{"[string:shop_core]", "enable_dependencies: bool:TRUE"}},
				{Callee: "Drupal::service", Chain: "Drupal::service", Args: []string{"string:module_installer"}},
				{Callee: "new UpdateException", Chain: "new UpdateException", Args: []string{"string:shop_core could not be installed: is it in web/modules/custom?"}},
				{Callee: "->moduleExists", Chain: "Drupal::moduleHandler()->moduleExists", Args: []string{"string:shop_core"}},
				{Callee: "Drupal::moduleHandler", Chain: "Drupal::moduleHandler"},
				{
					Callee: "new UpdateException", Chain: "new UpdateException", Args: []string{"string:shop_core is not installed."},
					Conds: []string{`!\Drupal::moduleHandler()->moduleExists('shop_core')`},
				},
				{
					Callee: "->save", Chain: "Drupal::entityTypeManager()->getStorage()->load()?->grantPermission()?->save",
					Conds: []string{`!(!\Drupal::moduleHandler()->moduleExists('shop_core'))`},
				},
				{
					Callee: "->grantPermission", Chain: "Drupal::entityTypeManager()->getStorage()->load()?->grantPermission",
					Args:  []string{"string:administer shop"},
					Conds: []string{`!(!\Drupal::moduleHandler()->moduleExists('shop_core'))`},
				},
				{
					Callee: "->load", Chain: "Drupal::entityTypeManager()->getStorage()->load", Args: []string{"string:shop_manager"},
					Conds: []string{`!(!\Drupal::moduleHandler()->moduleExists('shop_core'))`},
				},
				{
					Callee: "->getStorage", Chain: "Drupal::entityTypeManager()->getStorage", Args: []string{"string:user_role"},
					Conds: []string{`!(!\Drupal::moduleHandler()->moduleExists('shop_core'))`},
				},
				{
					Callee: "Drupal::entityTypeManager", Chain: "Drupal::entityTypeManager",
					Conds: []string{`!(!\Drupal::moduleHandler()->moduleExists('shop_core'))`},
				},
			},
			actions: []string{"module_install shop_core"},
		},
	}
	for _, tt := range tests {
		fn := function(t, f, tt.function)
		if diff := cmp.Diff(tt.want, viewCalls(f.Src, fn.Calls)); diff != "" {
			t.Errorf("%s calls (-want +got):\n%s", tt.function, diff)
		}
		if diff := cmp.Diff(tt.actions, fn.Actions()); diff != "" {
			t.Errorf("%s actions (-want +got):\n%s", tt.function, diff)
		}
	}

	u := function(t, f, "shop_deploy_update_10003")
	if !u.Sandbox || u.Params[0] != "$sandbox" {
		t.Errorf("10003 Sandbox %v Params %v", u.Sandbox, u.Params)
	}
	var create *Call
	for _, c := range u.Calls {
		if c.Callee() == "Vocabulary::create" {
			create = c
		}
	}
	if create == nil {
		t.Fatal("no Vocabulary::create() call")
	}
	if diff := cmp.Diff([]string{"!isset($sandbox['terms'])", "!Vocabulary::load('product_category')"}, viewCalls(f.Src, []*Call{create})[0].Conds); diff != "" {
		t.Errorf("Vocabulary::create conditions, outermost first (-want +got):\n%s", diff)
	}
	guard := create.Conditions[1]
	if len(guard.Calls) != 1 || guard.Calls[0].Callee() != "Vocabulary::load" || guard.Negated {
		t.Errorf("guard condition: %+v", guard)
	}
	if want := `[string:vid => string:product_category, string:name => string:Product category, string:description => string:Categories shown in the shop menu.]`; create.Arg(0).render() != want {
		t.Errorf("create argument = %s", create.Arg(0).render())
	}
	if got := create.Span; got != spanFrom(t, src, "Vocabulary::create([", "])") {
		t.Errorf("create span %v covers %q", got, src[got.Start:got.End])
	}
}

func TestOtherFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		module, rel string
		updates     []int
		replay      ReplayKind
		numbers     []int
		sandboxless []int
		resumable   bool
		lastRemoved int
		sandboxFns  []int
	}{
		{"explicit_deploy", "d7_explicit_calls/explicit_deploy.install", []int{7001, 7002, 7003, 7004}, ReplayExplicit, []int{7001, 7002, 7003}, []int{7001, 7002, 7003}, false, 0, nil},
		{"batch_deploy", "d7_sandbox/batch_deploy.install", []int{7001, 7002, 7003}, ReplayRange, nil, nil, false, 0, []int{7002}},
		{"legacy_deploy", "d7_last_removed/legacy_deploy.install", nil, ReplayRange, nil, nil, false, 7010, nil},
		{"tidy_deploy", "d7_clean/tidy_deploy.install", []int{7001, 7002, 7003}, ReplayRegistry, nil, nil, true, 0, nil},
		{"noinstall_deploy", "d7_no_install_hook/noinstall_deploy.install", []int{7001, 7002, 7003}, ReplayNone, nil, nil, false, 0, nil},
		{"risky_deploy", "d7_lint_broken/risky_deploy.install", []int{7001, 7002, 7005}, ReplayRange, nil, nil, false, 0, nil},
		{"portal_deploy", "d10_docroot/docroot/modules/custom/portal_deploy/portal_deploy.install", []int{10001, 10002}, ReplayRegistry, nil, nil, true, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.module, func(t *testing.T) {
			t.Parallel()
			m := loadFixture(t, tt.module, tt.rel)
			var numbers, sandboxFns []int
			for _, u := range m.Updates() {
				numbers = append(numbers, u.Number)
				if u.Sandbox {
					sandboxFns = append(sandboxFns, u.Number)
				}
			}
			if diff := cmp.Diff(tt.updates, numbers); diff != "" {
				t.Errorf("updates (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.sandboxFns, sandboxFns); diff != "" {
				t.Errorf("sandbox updates (-want +got):\n%s", diff)
			}
			if got := m.LastRemoved(); got != tt.lastRemoved {
				t.Errorf("LastRemoved = %d, want %d", got, tt.lastRemoved)
			}
			install := m.Find(KindInstall)
			if tt.replay == ReplayNone {
				if install != nil {
					t.Errorf("found an install function %s", install.Name)
				}
				return
			}
			r := install.Replay
			if r.Kind != tt.replay || r.Resumable != tt.resumable {
				t.Errorf("replay Kind %v Resumable %v, want %v %v", r.Kind, r.Resumable, tt.replay, tt.resumable)
			}
			if diff := cmp.Diff(tt.numbers, r.Numbers); diff != "" {
				t.Errorf("replay numbers (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.sandboxless, r.SandboxlessCalls); diff != "" {
				t.Errorf("sandboxless calls (-want +got):\n%s", diff)
			}
		})
	}
}
