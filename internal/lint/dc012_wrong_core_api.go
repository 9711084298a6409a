package lint

import (
	"strings"

	"github.com/dcycle/dcycle/internal/phpast"
)

var dc012 = &Rule{
	ID:          "DC012",
	Name:        "wrong-core-api",
	Severity:    SeverityError,
	NeedsSource: true,
	Check:       checkWrongCoreAPI,
	Doc: Doc{
		Title: "A Drupal 7 API is called in a Drupal 8+ module, or a Drupal 8+ API in a Drupal 7 module",
		Why: `Calling a function that the site's core does not have is a fatal error in
the middle of "drush updb": the update is not recorded, the ones after it do
not run, and every web server sharing the database is left on a half-updated
site. It happens when an update is copied from another project or from an
old blog post (variable_set() in Drupal 10), or when a Drupal 7 module is
given Drupal 8 code. Functions that Drupal 8 kept for a while and removed
later (db_query() in Drupal 9, drupal_get_schema_versions() in Drupal 10)
fire from the major that removed them.`,
		Bad: `function example_deploy_update_10001() {
  variable_set('preprocess_js', 1);
}`,
		Good: `function example_deploy_update_10001() {
  \Drupal::configFactory()->getEditable('system.performance')->set('js.preprocess', TRUE)->save(TRUE);
}`,
		Fix: `Use the API of the module's core: on Drupal 8 and later, the config factory
instead of variable_set(), the module_installer service instead of
module_enable(), configuration import instead of features_revert(). Check
that --core (or core: in .dcycle.yml) is right if the module is.`,
		Since: since,
	},
}

// removedIn maps Drupal 7 functions to the first core major without them.
var removedIn = map[string]int{
	"variable_set": 8, "variable_get": 8, "variable_del": 8,
	"module_enable": 8, "module_disable": 8, "drupal_uninstall_modules": 8,
	"theme_enable": 8, "theme_disable": 8,
	"features_revert": 8, "features_revert_module": 8,
	"field_create_field": 8, "field_create_instance": 8, "field_info_field": 8, "field_info_instance": 8,
	"field_delete_field": 8, "field_delete_instance": 8, "field_update_field": 8, "field_update_instance": 8,
	"taxonomy_vocabulary_save": 8, "taxonomy_vocabulary_machine_name_load": 8, "taxonomy_term_save": 8,
	"menu_rebuild": 8, "node_types_rebuild": 8, "menu_link_save": 8, "user_save": 8,
	"cache_clear_all": 8, "drupal_set_message": 9, "node_save": 8,
	"db_query": 9, "db_select": 9, "db_insert": 9, "db_update": 9, "db_delete": 9, "db_merge": 9,
	"db_create_table": 9, "db_drop_table": 9, "db_table_exists": 9, "db_add_field": 9, "db_drop_field": 9,
	"db_field_exists": 9, "db_change_field": 9, "db_add_index": 9, "db_drop_index": 9, "db_index_exists": 9,
	"db_add_unique_key": 9, "db_add_primary_key": 9, "db_rename_table": 9,
	"drupal_get_schema_versions": 10, "drupal_set_installed_schema_version": 10, "drupal_get_installed_schema_version": 10,
}

// d7Replacement suggests the Drupal 8+ way for the most common calls.
var d7Replacement = map[string]string{
	"variable_set": "the config factory", "variable_get": "\\Drupal::config()", "variable_del": "the config factory",
	"module_enable": "the module_installer service", "module_disable": "the module_installer service",
	"features_revert": "configuration import", "features_revert_module": "configuration import",
	"theme_enable": "the theme_installer service",
	"db_query":     "\\Drupal::database()", "db_select": "\\Drupal::database()", "db_insert": "\\Drupal::database()",
	"db_update": "\\Drupal::database()", "db_delete": "\\Drupal::database()",
	"drupal_get_schema_versions":          "the update.update_hook_registry service",
	"drupal_set_installed_schema_version": "the update.update_hook_registry service",
}

func checkWrongCoreAPI(p *Pass) {
	core := p.Module.Core
	if core == 0 {
		return
	}
	for _, f := range p.Module.Files() {
		for _, fn := range f.Functions {
			for _, c := range fn.Calls {
				switch {
				case core >= 8 && c.Kind == phpast.CallFunction:
					name := strings.ToLower(c.Name)
					if gone, ok := removedIn[name]; ok && core >= gone {
						msg := "%s() does not exist in Drupal %d"
						args := []any{c.Name, core}
						if r := d7Replacement[name]; r != "" {
							msg += ": use %s"
							args = append(args, r)
						}
						p.Report(f, c.Span, fn, msg, args...)
					}
				case core == 7 && isModernCall(c):
					p.Report(f, c.Span, fn, "%s is Drupal 8+ API: this module is Drupal 7", modernName(c))
				}
			}
		}
	}
}

// isModernCall recognises Drupal 8+ code: the \Drupal service container and
// classes of the Drupal\ namespace.
func isModernCall(c *phpast.Call) bool {
	switch c.Kind {
	case phpast.CallStatic, phpast.CallNew:
		return c.Class == "Drupal" || strings.HasPrefix(c.Class, "Drupal\\")
	}
	return false
}

func modernName(c *phpast.Call) string {
	if c.Kind == phpast.CallNew {
		return "new " + c.Class
	}
	return c.Class + "::" + c.Name + "()"
}
