package lint

import (
	"strings"

	"github.com/dcycle/dcycle/internal/phpast"
)

var dc009 = &Rule{
	ID:          "DC009",
	Name:        "unchecked-module-enable",
	Severity:    SeverityWarning,
	NeedsSource: true,
	Check:       checkUncheckedModuleEnable,
	Doc: Doc{
		Title: "The result of module_enable() is ignored (Drupal 7)",
		Why: `module_enable() returns FALSE and does nothing when the module, or one of its
dependencies, is missing from the code base: forgotten in git, misspelled,
or in a folder Drupal does not scan. The update then "succeeds", Drupal
records it as done, and it never runs again: the site goes on without the
module and nobody is told. Silencing the call with @ hides its warnings, not
its result. A result that is assigned, returned, passed on or tested is
taken as checked.`,
		Bad: `function example_deploy_update_7004() {
  module_enable(array('admin_menu_toolbar'));
}`,
		Good: `function example_deploy_update_7004() {
  if (!module_enable(array('admin_menu_toolbar'))) {
    throw new DrupalUpdateException('admin_menu_toolbar could not be enabled: check that it and its dependencies are in the code base.');
  }
}`,
		Fix: `Test the result and throw DrupalUpdateException when it is FALSE, so the
update fails, is not recorded, and runs again once the code is fixed
("dcycle new-update --enable MODULE" generates this).`,
		Since: since,
	},
}

func checkUncheckedModuleEnable(p *Pass) {
	if isD8Plus(p.Module) {
		return // Drupal 8+ has no module_enable(); DC012 reports it.
	}
	for _, f := range p.Module.Files() {
		for _, fn := range f.Functions {
			if fn.Kind == phpast.KindInstall {
				continue // the replay calls updates, not module_enable()
			}
			for _, c := range fn.Calls {
				if c.Kind == phpast.CallFunction && strings.EqualFold(c.Name, "module_enable") && c.Use == phpast.UseStatement {
					modules := strings.Join(c.Arg(0).Strings(), ", ")
					if modules == "" {
						modules = "the modules"
					}
					p.Report(f, c.Span, fn, "the result of module_enable() is ignored: if %s cannot be enabled the update still succeeds, having done nothing", modules)
				}
			}
		}
	}
}
