package gen

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dcycle/dcycle/internal/phpast"
	"github.com/dcycle/dcycle/internal/phptest"
)

// shapesDir holds deploy modules whose hook_install() replays the updates
// the messy ways real modules do (its README says what each one is).
var shapesDir = filepath.Join("..", "..", "testdata", "install_shapes")

// shapeOutcome is what new-update must do to a shape's hook_install().
type shapeOutcome struct {
	module string
	core   int
	change InstallChange
	// refuse is true when new-update must refuse, saying what to add by
	// hand; refusal names a fragment of the message.
	refuse  bool
	refusal string
}

var shapeOutcomes = map[string]shapeOutcome{
	"01_messages_array":        {module: "example_deploy", core: 7, change: InstallExtended},
	"02_guarded_call":          {module: "library_deploy", core: 7, change: InstallExtended},
	"03_commented_call":        {module: "shop_deploy", core: 7, change: InstallExtended},
	"04_statements_between":    {module: "campus_deploy", core: 7, change: InstallExtended},
	"05_highest_run":           {module: "intranet_deploy", core: 7, change: InstallKept},
	"06_baseline_then_list":    {module: "portal_deploy", core: 7, change: InstallExtended},
	"07_baseline_no_replay":    {module: "news_deploy", core: 7, change: InstallRewritten},
	"08_variable_before_loop":  {module: "example_deploy", core: 7, change: InstallKept},
	"09_seed_loop":             {module: "example_deploy", core: 7, change: InstallKept},
	"10_range_inclusive_bound": {module: "museum_deploy", core: 7, change: InstallExtended},
	"11_explicit_gaps":         {module: "agency_deploy", core: 7, change: InstallExtended},
	"12_schema_reset":          {module: "example_deploy", core: 7, change: InstallKept},
	"13_schema_reset_api":      {module: "example_deploy", core: 7, change: InstallKept},
	"14_try_catch_list":        {module: "store_deploy", core: 7, change: InstallExtended},
	"15_replay_in_helper":      {module: "club_deploy", core: 7, refuse: true, refusal: "_club_deploy_replay()"},
	"16_crlf_bom":              {module: "board_deploy", core: 7, change: InstallExtended},
	"17_tabs_exclusive_bound":  {module: "gallery_deploy", core: 7, change: InstallExtended},
	"18_d10_php8_mixed":        {module: "shop_deploy", core: 10, change: InstallExtended},
	"19_return_at_end":         {module: "alumni_deploy", core: 7, change: InstallRewritten},
	"20_d10_is_syncing":        {module: "events_deploy", core: 10, change: InstallRewritten},
	"21_number_array_loop":     {module: "press_deploy", core: 7, refuse: true, refusal: "does not recognise"},
}

// recipesFor are the recipe flags new-update is run with on each shape:
// none, and every recipe of the core.
func recipesFor(core int) map[string][2]string {
	if core >= 8 {
		return map[string][2]string{
			"none": {}, "enable": {"enable", "views_ui"}, "uninstall": {"uninstall", "history"},
			"config": {"config", "system.performance:css.preprocess=true"}, "theme": {"theme", "olivero"},
		}
	}
	return map[string][2]string{
		"none": {}, "enable": {"enable", "views_ui"}, "disable": {"disable", "toolbar"},
		"set": {"set", "preprocess_css=1"}, "revert": {"revert", "site_feature:views_view"}, "theme": {"theme", "bartik"},
	}
}

// TestInstallShapes runs new-update, with every recipe, on every messy
// hook_install() shape: every statement of the original is still there, in
// order; the result passes php -l and replays what the original did plus
// the new update; a shape dcycle cannot extend safely is refused with a
// message saying what to add by hand.
func TestInstallShapes(t *testing.T) {
	t.Parallel()
	dirs, err := os.ReadDir(shapesDir)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		want, ok := shapeOutcomes[d.Name()]
		if !ok {
			t.Errorf("%s: no expected outcome: add it to shapeOutcomes", d.Name())
			continue
		}
		seen++
		for name, flag := range recipesFor(want.core) {
			t.Run(d.Name()+"/"+name, func(t *testing.T) {
				t.Parallel()
				m := loadShape(t, d.Name(), want)
				var recipes []Recipe
				if flag[0] != "" {
					r, err := ParseRecipe(flag[0], flag[1])
					if err != nil {
						t.Fatal(err)
					}
					recipes = append(recipes, r)
				}
				req := mustRequest(t, "#4242 the new update", recipes...)
				res, err := NewUpdate(m, req, builtin)
				if want.refuse {
					var perr *phpast.Error
					if !errors.As(err, &perr) || !strings.Contains(perr.Msg, "by hand") || !strings.Contains(perr.Msg, want.refusal) {
						t.Fatalf("err = %v, want a refusal naming %q and saying what to add by hand", err, want.refusal)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if res.Install != want.change {
					t.Errorf("install change %d, want %d", res.Install, want.change)
				}
				old := m.Find(phpast.KindInstall)
				now := findInstall(t, res.File)
				if err := statementsKept(m.Install, old, res.File, now); err != nil {
					t.Error(err)
				}
				if !now.Replay.Covers(strings.ToLower(m.Name)+"_update_", res.Number) {
					t.Errorf("hook_install() does not replay %d afterwards (replay %v)", res.Number, now.Replay.Kind)
				}
				checkShapePHP(t, m, res, want)
			})
		}
	}
	if seen < 12 {
		t.Errorf("%d shapes, want at least 12", seen)
	}
}

func loadShape(t *testing.T, dir string, want shapeOutcome) *phpast.Module {
	t.Helper()
	path := filepath.Join(shapesDir, dir, want.module+".install")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := phpast.ParseFile(path, src, phpast.Options{Module: want.module})
	if err != nil {
		t.Fatal(err)
	}
	return &phpast.Module{Name: want.module, Dir: filepath.Dir(path), Core: want.core, Install: f}
}

func findInstall(t *testing.T, f *phpast.File) *phpast.Function {
	t.Helper()
	for _, fn := range f.Functions {
		if fn.Kind == phpast.KindInstall {
			return fn
		}
	}
	t.Fatal("no hook_install() in the result")
	return nil
}

// statementsKept checks, on the model, that every statement of the old
// hook_install() is in the new one, in order: the simple statements with
// the same text, the compound ones (if, loops, try) with the same kind.
// A loop whose bound was raised is the same statement.
func statementsKept(oldFile *phpast.File, old *phpast.Function, newFile *phpast.File, now *phpast.Function) error {
	if old == nil {
		return nil
	}
	render := func(f *phpast.File, fn *phpast.Function) []string {
		var out []string
		for _, s := range fn.Stmts {
			if s.Compound() {
				out = append(out, fmt.Sprintf("compound %d", s.Kind))
				continue
			}
			out = append(out, strings.ReplaceAll(string(f.Src[s.Span.Start:s.Span.End]), "\r\n", "\n"))
		}
		return out
	}
	before, after := render(oldFile, old), render(newFile, now)
	j := 0
	for _, s := range before {
		for j < len(after) && after[j] != s {
			j++
		}
		if j == len(after) {
			return fmt.Errorf("statement lost or moved: %q\nbefore: %q\nafter: %q", s, before, after)
		}
		j++
	}
	return nil
}

// checkShapePHP runs php -l on the result and the replay harness on the
// original and on the result: the result replays what the original did,
// then the new update (a schema reset replays nothing at install, at
// either time).
func checkShapePHP(t *testing.T, m *phpast.Module, res *Result, want shapeOutcome) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, m.Name+".install")
	if err := os.WriteFile(path, res.New, 0o644); err != nil {
		t.Fatal(err)
	}
	phptest.Lint(t, path)
	opts := phptest.ReplayOptions{Run: "none"}
	before := phptest.Replay(t, m.Name, m.Install.Path, opts)
	after := phptest.Replay(t, m.Name, path, opts)
	wantCompleted := append(slices.Clone(before.Completed), res.Number)
	switch install := m.Find(phpast.KindInstall); {
	case install.Replay.Kind == phpast.ReplaySchemaReset:
		wantCompleted = before.Completed
	case before.Exception != nil:
		// A replay that already dies (a sandbox update called without
		// one, a lint finding) dies the same way, at the same update.
		wantCompleted = before.Completed
	case res.Install == InstallRewritten:
		// The new replay runs every update, after the module's own
		// statements.
		wantCompleted = append(before.Updates, res.Number)
	}
	if !slices.Equal(after.Completed, wantCompleted) {
		t.Errorf("replay completed %v, want %v (the original's %v, then %d); problems %q", after.Completed, wantCompleted, before.Completed, res.Number, after.Problems)
	}
	if after.Exception != nil && (before.Exception == nil || after.Exception.Class != before.Exception.Class) {
		t.Errorf("hook_install() throws %s: %s", after.Exception.Class, after.Exception.Message)
	}
}

// installFragments are statements real hook_install() bodies are made of,
// for FuzzInstallBodies to combine.
var installFragments = []string{
	"m_update_7001();",
	"m_update_7002();",
	"$messages[] = m_update_7003();",
	"if (module_exists('ding_library')) {\n    m_update_7002();\n  }",
	"// m_update_7003();",
	"variable_set('site_name', 'Example');",
	"$f = 'keep me';",
	"for ($i = 7001; $i < 8000; $i++) {\n    $function = 'm_update_' . $i;\n    if (function_exists($function)) {\n      $function();\n    }\n  }",
	"for ($i = 7001; $i <= 7002; $i++) {\n    $update = 'm_update_' . $i;\n    $update();\n    $highest_run = $i;\n  }",
	"foreach (drupal_get_schema_versions('m') as $n) {\n    $fn = 'm_update_' . $n;\n    $fn();\n  }",
	"return implode(\"\\n\", $messages);",
	"try {\n    m_update_7001();\n  }\n  catch (Exception $e) {\n    watchdog_exception('m', $e);\n    throw $e;\n  }",
	"$sandbox = array();\n  do {\n    m_update_7003($sandbox);\n  } while (isset($sandbox['#finished']) && $sandbox['#finished'] < 1);",
	"db_update('system')->fields(array('schema_version' => 7000))->condition('name', 'm')->execute();",
	"$messages = array();",
	"call_user_func('m_update_' . 7001);",
	"foreach ($list as $n) {\n    watchdog('m', $n);\n  }",
	"module_enable(array('views'));",
	"if (!module_enable(array('views'))) {\n    throw new DrupalUpdateException('views');\n  }",
	"drupal_set_installed_schema_version('m', 7000);",
	"_m_helper();",
	"/* m_update_7002(); */",
}

// FuzzInstallBodies builds hook_install() bodies from real statements and
// checks that new-update and the replay fix keep every one of them, in
// order, or refuse; never anything else.
func FuzzInstallBodies(f *testing.F) {
	f.Add([]byte{5, 7})
	f.Add([]byte{14, 2, 5, 3, 10})
	f.Add([]byte{6, 7, 21})
	f.Add([]byte{17, 5})
	f.Add([]byte{0, 4, 1, 12})
	f.Add([]byte{8, 5})
	f.Add([]byte{13})
	f.Add([]byte{15, 20})
	f.Fuzz(func(t *testing.T, picks []byte) {
		if len(picks) > 10 {
			picks = picks[:10]
		}
		var body []string
		for _, p := range picks {
			body = append(body, "  "+installFragments[int(p)%len(installFragments)])
		}
		src := "<?php\n\nfunction m_install() {\n" + strings.Join(body, "\n") + "\n}\n\nfunction _m_helper() {\n  variable_set('x', 1);\n}\n\n" +
			"function m_update_7001() {}\n\nfunction m_update_7002() {}\n\nfunction m_update_7003(&$sandbox) {\n  $sandbox['#finished'] = 1;\n}\n"
		m := module(t, "m", 7, src)
		old := m.Find(phpast.KindInstall)
		res, err := NewUpdate(m, mustRequest(t, "#1 add"), builtin)
		if err != nil {
			var perr *phpast.Error
			if !errors.As(err, &perr) || !strings.Contains(perr.Msg, "by hand") {
				t.Fatalf("new-update failed without a refusal: %v\n%s", err, src)
			}
		} else {
			now := findInstall(t, res.File)
			if err := statementsKept(m.Install, old, res.File, now); err != nil {
				t.Fatalf("new-update: %v\n%s", err, res.New)
			}
			if !now.Replay.Covers("m_update_", res.Number) {
				t.Fatalf("new-update: hook_install() does not replay %d afterwards:\n%s", res.Number, res.New)
			}
		}
		edit, changed, err := ReplayEdit(m, builtin)
		if err != nil {
			t.Fatalf("replay fix: %v\n%s", err, src)
		}
		if !changed {
			return
		}
		out, err := phpast.Apply(m.Install.Src, []phpast.Edit{edit})
		if err != nil {
			t.Fatal(err)
		}
		fixed, err := Verify(m.Install, out, []phpast.Edit{edit}, phpast.Options{Module: "m"}, "m_install")
		if err != nil {
			t.Fatalf("replay fix: %v\n%s", err, out)
		}
		keptOld := old
		if old.Replay.SeedForm {
			// The seed loop is the one thing the fix replaces: compare
			// what surrounds it.
			keptOld = withoutReplay(old)
		}
		if err := statementsKept(m.Install, keptOld, fixed, findInstall(t, fixed)); err != nil {
			t.Fatalf("replay fix: %v\n%s", err, out)
		}
	})
}

// withoutReplay returns fn with the statements of its replay, and those
// they hold, left out.
func withoutReplay(fn *phpast.Function) *phpast.Function {
	inReplay := func(i int) bool {
		top := fn.TopLevel(i)
		return slices.Contains(fn.Replay.Stmts, top)
	}
	out := *fn
	out.Stmts = nil
	for i, s := range fn.Stmts {
		if !inReplay(i) {
			out.Stmts = append(out.Stmts, s)
		}
	}
	return &out
}
