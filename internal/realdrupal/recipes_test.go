package realdrupal

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcycle/dcycle/internal/drupaltest"
)

// recipeCase is one update made by new-update, run both ways on real sites.
type recipeCase struct {
	name string
	core int
	// older are the recipe flags of the module's first update, the version
	// enabled before the update under test is added; nil: the module as
	// init made it, with no update.
	older []string
	// flags are new-update's recipe flags for the update under test.
	flags []string
	// prepare puts what the update needs in the site (code, enabled
	// modules), on every site of the case, before the module is enabled.
	prepare func(t *testing.T, s *drupaltest.Site)
	// breaks makes the update's precondition fail and repair fixes it; nil
	// when nothing can.
	breaks, repair func(t *testing.T, s *drupaltest.Site)
	// failure is in what Drupal prints when the precondition fails.
	failure string
	// coped is done to the updated site before its updb, which must still
	// run the update and end as the fresh site: a change that looks like a
	// broken precondition but that Drupal copes with.
	coped func(t *testing.T, s *drupaltest.Site)
	// want are facts the update sets (see drupaltest.State), each different
	// before it ran; "" is a fact that must be gone.
	want drupaltest.State
}

func TestRecipesDrupal7(t *testing.T) {
	t.Parallel()
	older := []string{"--set", "site_slogan=older"}
	probe := func(t *testing.T, s *drupaltest.Site) { addModule(t, s, "d7/probe") }
	noProbe := func(t *testing.T, s *drupaltest.Site) { removeModule(t, s, "probe") }
	probeEnabled := func(t *testing.T, s *drupaltest.Site) {
		addModule(t, s, "d7/probe")
		s.Must(t, "enable.php", "probe")
	}
	feature := func(t *testing.T, s *drupaltest.Site) {
		addModule(t, s, "d7/features")
		addModule(t, s, "d7/probe_feature")
		s.Must(t, "enable.php", "probe_feature")
	}
	featureOff := func(t *testing.T, s *drupaltest.Site) { s.Must(t, "disable.php", "probe_feature") }
	featureOn := func(t *testing.T, s *drupaltest.Site) { s.Must(t, "enable.php", "probe_feature") }
	probetheme := func(t *testing.T, s *drupaltest.Site) { addTheme(t, s, "d7/probetheme") }
	noProbetheme := func(t *testing.T, s *drupaltest.Site) { removeTheme(t, s, "probetheme") }
	overrideWith := func(php string) func(*testing.T, *drupaltest.Site) {
		return func(t *testing.T, s *drupaltest.Site) { override(t, s, php) }
	}
	reverted := drupaltest.State{"variable probe_feature_color": `"blue"`, "variable probe_feature_size": "3"}

	runRecipes(t, []recipeCase{{
		name: "empty body", core: 7, older: older,
		want: drupaltest.State{"module example_deploy": "enabled, schema 7002"},
	}, {
		name: "enable", core: 7, older: older, flags: []string{"--enable", "syslog,probe"},
		prepare: probe, breaks: noProbe, repair: probe,
		failure: "syslog, probe could not be enabled",
		want: drupaltest.State{
			"module syslog": "enabled, schema 0", "module probe": "enabled, schema 0",
			"variable probe_installed": "42",
		},
	}, {
		// Nothing makes a disable fail under updb: before any update runs,
		// update_fix_compatibility() disables every enabled module whose
		// code is gone, so the update finds it disabled already.
		name: "disable", core: 7, older: older, flags: []string{"--disable", "probe"},
		prepare: probeEnabled, coped: noProbe,
		want: drupaltest.State{"module probe": "disabled, schema 0"},
	}, {
		name: "set", core: 7, older: older, flags: []string{"--set", "preprocess_js=1"},
		breaks: overrideWith("$conf['preprocess_js'] = 0;"), repair: unoverride,
		failure: "preprocess_js is overridden in settings.php",
		want:    drupaltest.State{"variable preprocess_js": "1"},
	}, {
		name: "revert a component", core: 7, older: older, flags: []string{"--revert", "probe_feature:variable"},
		prepare: feature, breaks: featureOff, repair: featureOn,
		failure: "The probe_feature feature is not enabled",
		want:    reverted,
	}, {
		name: "revert a feature", core: 7, older: older, flags: []string{"--revert", "probe_feature"},
		prepare: feature, breaks: featureOff, repair: featureOn,
		failure: "The probe_feature feature is not enabled",
		want:    reverted,
	}, {
		name: "theme", core: 7, older: older, flags: []string{"--theme", "probetheme"},
		prepare: probetheme, breaks: noProbetheme, repair: probetheme,
		failure: "The probetheme theme is not enabled",
		want:    drupaltest.State{"theme probetheme": "enabled", "variable theme_default": `"probetheme"`},
	}, {
		name: "theme default overridden", core: 7, older: older, flags: []string{"--theme", "garland"},
		// A pin to another theme than the stored one: one equal to the
		// stored value cannot be told from it once Drupal 7 has
		// bootstrapped (variable_initialize() merged the two).
		breaks: overrideWith("$conf['theme_default'] = 'seven';"), repair: unoverride,
		failure: "theme_default is overridden in settings.php",
		want:    drupaltest.State{"theme garland": "enabled", "variable theme_default": `"garland"`},
	}, {
		name: "init then every recipe", core: 7,
		flags: []string{
			"--enable", "syslog,probe", "--disable", "dblog", "--set", "site_slogan=all of them",
			"--revert", "probe_feature", "--theme", "garland",
		},
		prepare: func(t *testing.T, s *drupaltest.Site) { probe(t, s); feature(t, s) },
		breaks:  noProbe, repair: probe,
		failure: "syslog, probe could not be enabled",
		want: drupaltest.State{
			"module example_deploy": "enabled, schema 7001",
			"module syslog":         "enabled, schema 0", "module probe": "enabled, schema 0",
			"module dblog": "disabled, schema 7003", "variable site_slogan": `"all of them"`,
			"variable probe_feature_color": `"blue"`, "theme garland": "enabled", "variable theme_default": `"garland"`,
		},
	}})
}

func TestRecipesDrupal10(t *testing.T) {
	t.Parallel()
	older := []string{"--config", "system.site:slogan=older"}
	probe := func(t *testing.T, s *drupaltest.Site) { addModule(t, s, "d10/probe") }
	noProbe := func(t *testing.T, s *drupaltest.Site) { removeModule(t, s, "probe") }
	probeInstalled := func(t *testing.T, s *drupaltest.Site) {
		addModule(t, s, "d10/probe")
		s.Must(t, "enable.php", "probe")
	}
	probetheme := func(t *testing.T, s *drupaltest.Site) { addTheme(t, s, "d10/probetheme") }
	noProbetheme := func(t *testing.T, s *drupaltest.Site) { removeTheme(t, s, "probetheme") }
	overrideWith := func(php string) func(*testing.T, *drupaltest.Site) {
		return func(t *testing.T, s *drupaltest.Site) { override(t, s, php) }
	}

	runRecipes(t, []recipeCase{{
		name: "empty body", core: 10, older: older,
		want: drupaltest.State{"schema example_deploy": "10002"},
	}, {
		name: "enable", core: 10, older: older, flags: []string{"--enable", "contact,probe"},
		prepare: probe, breaks: noProbe, repair: probe,
		failure: "Unable to install modules contact, probe due to missing modules probe",
		want: drupaltest.State{
			"config core.extension:module.contact": "0", "config core.extension:module.probe": "0",
			"config system.maintenance:message": `"probed"`,
		},
	}, {
		name: "uninstall", core: 10, older: older, flags: []string{"--uninstall", "probe"},
		prepare: probeInstalled, breaks: noProbe, repair: probe,
		failure: "probe is still installed after uninstall(): Drupal uninstalls only a module whose code is in the code base",
		want:    drupaltest.State{"config core.extension:module.probe": "", "schema probe": ""},
	}, {
		name: "config", core: 10, older: older, flags: []string{"--config", "system.performance:cache.page.max_age=3600"},
		breaks: overrideWith("$config['system.performance']['cache']['page']['max_age'] = 60;"), repair: unoverride,
		failure: "system.performance:cache.page.max_age did not keep its new value",
		want:    drupaltest.State{"config system.performance:cache.page.max_age": "3600"},
	}, {
		// The default theme is set and checked as --config sets and checks
		// a value: the config case covers its override.
		name: "theme", core: 10, older: older, flags: []string{"--theme", "probetheme"},
		prepare: probetheme, breaks: noProbetheme, repair: probetheme,
		failure: "Unknown themes: probetheme.",
		want: drupaltest.State{
			"config core.extension:theme.probetheme": "0", "config system.theme:default": `"probetheme"`,
		},
	}, {

		name: "init then every recipe", core: 10,
		flags: []string{
			"--enable", "contact,probe", "--uninstall", "dblog",
			"--config", "system.site:slogan=all of them", "--theme", "olivero",
		},
		prepare: probe, breaks: noProbe, repair: probe,
		failure: "Unable to install modules contact, probe due to missing modules probe",
		want: drupaltest.State{
			"schema example_deploy":                "10001",
			"config core.extension:module.contact": "0", "config core.extension:module.probe": "0",
			"config core.extension:module.dblog": "", "config system.site:slogan": `"all of them"`,
			"config system.theme:default": `"olivero"`,
		},
	}})
}

// runRecipes runs each case as a subtest, in parallel.
func runRecipes(t *testing.T, cases []recipeCase) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.run(t)
		})
	}
}

// run proves one update both ways: an updated site (the older module
// enabled, then the update added and run by updb — once with its
// precondition broken, which must fail and leave the update pending, then
// fixed) and a fresh site (the whole module enabled) end in the same
// state; and a fresh site whose precondition is broken fails to enable
// the module, records the last update that completed, and resumes with
// updb once it is fixed.
func (c recipeCase) run(t *testing.T) {
	updated := bases.Copy(t, c.core)
	mustDcycle(t, updated.Dir, "init", "example")
	if c.older != nil {
		newUpdate(t, updated.Dir, append([]string{"#1 the older version"}, c.older...)...)
	}
	if c.prepare != nil {
		c.prepare(t, updated)
	}
	updated.Must(t, "enable.php", "example_deploy")
	before := schema(t, updated, "example_deploy")
	function, number := newUpdate(t, updated.Dir, append([]string{"#2 the update under test"}, c.flags...)...)
	if before >= number {
		t.Fatalf("the older version has schema %d, not below the new update %d", before, number)
	}
	module := filepath.Join(updated.ModulesDir(), "example_deploy")
	prior := updated.State(t)

	if c.breaks != nil {
		c.breaks(t, updated)
		r := updated.Run(t, "updb.php", nil)
		if r.Exit != 1 || !strings.Contains(r.Stderr, "FAILED "+function) || !strings.Contains(r.Stderr, c.failure) {
			t.Errorf("updb with the precondition broken: exit %d, want 1 and FAILED %s: …%s…\n%s%s", r.Exit, function, c.failure, r.Stdout, r.Stderr)
		}
		// updb itself sets the schema to the first pending update less one.
		if got := schema(t, updated, "example_deploy"); got >= number {
			t.Errorf("after the failed updb the schema is %d: the failed update %d was recorded", got, number)
		}
		c.repair(t, updated)
	}
	if c.coped != nil {
		c.coped(t, updated)
	}
	if got := updated.Must(t, "updb.php"); got != function+"\n" {
		t.Errorf("updb ran %q, want %s", got, function)
	}

	fresh := bases.Copy(t, c.core)
	if c.prepare != nil {
		c.prepare(t, fresh)
	}
	copyDir(t, module, filepath.Join(fresh.ModulesDir(), "example_deploy"))
	fresh.Must(t, "enable.php", "example_deploy")

	want := fresh.State(t)
	if diff := cmp.Diff(want, updated.State(t)); diff != "" {
		t.Errorf("the updated site differs from the fresh one (-fresh +updated):\n%s", diff)
	}
	for key, value := range c.want {
		if got := want[key]; got != value {
			t.Errorf("fresh site: %s = %q, want %q", key, got, value)
		}
		if prior[key] == value {
			t.Errorf("%s was already %q before the update ran: the case proves nothing", key, value)
		}
	}

	if c.breaks == nil {
		return
	}
	broken := bases.Copy(t, c.core)
	if c.prepare != nil {
		c.prepare(t, broken)
	}
	copyDir(t, module, filepath.Join(broken.ModulesDir(), "example_deploy"))
	c.breaks(t, broken)
	r := broken.Run(t, "enable.php", nil, "example_deploy")
	if r.Exit != 1 || !strings.Contains(r.Stderr+r.Stdout, c.failure) {
		t.Errorf("enabling the module with the precondition broken: exit %d, want 1 and …%s…\n%s%s", r.Exit, c.failure, r.Stdout, r.Stderr)
	}
	// The replay records the last update that completed: the older one, or
	// the one before the first when there is none.
	last := before
	if c.older == nil {
		last = number - 1
	}
	if got := schema(t, broken, "example_deploy"); got != last {
		t.Errorf("after the failed install the schema is %d, want %d (the last update that completed)", got, last)
	}
	c.repair(t, broken)
	if got := broken.Must(t, "updb.php"); got != function+"\n" {
		t.Errorf("updb after the failed install ran %q, want %s", got, function)
	}
	if diff := cmp.Diff(want, broken.State(t)); diff != "" {
		t.Errorf("the site whose install failed and resumed differs from the fresh one (-fresh +resumed):\n%s", diff)
	}
}
