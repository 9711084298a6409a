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
later fire from the major that removed them, with what replaced them:
db_query(), drupal_set_message(), entity_load(), node_load(),
\Drupal::entityManager() and the entity.manager service in Drupal 9;
drupal_get_path(), file_create_url(), module_load_install() and
drupal_get_schema_versions() in Drupal 10; module_load_include(),
user_roles() and node_revision_load() in Drupal 11. Code copied from a
Drupal 8 answer runs on a Drupal 8 site and dies on the next major's.`,
		Bad: `function example_deploy_update_10001() {
  variable_set('preprocess_js', 1);
}`,
		Good: `function example_deploy_update_10001() {
  \Drupal::configFactory()->getEditable('system.performance')->set('js.preprocess', TRUE)->save(TRUE);
}`,
		Fix: `Use the API of the module's core: on Drupal 8 and later, the config factory
instead of variable_set(), the module_installer service instead of
module_enable(), configuration import instead of features_revert(); the
replacement the message names for an API a later major removed
(\Drupal::messenger(), the entity type's storage,
\Drupal::entityTypeManager(), \Drupal::moduleHandler()->loadInclude()).
Check that --core (or core: in .dcycle.yml) is right if the module is.`,
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
	// Drupal 8 API that Drupal 9, 10 and 11 removed: absent from Drupal
	// 10.5.7's code base, or marked there "removed from drupal:11.0.0".
	"drupal_get_messages": 9, "entity_load": 9, "entity_load_multiple": 9, "entity_load_multiple_by_properties": 9,
	"entity_load_unchanged": 9, "entity_create": 9, "entity_delete_multiple": 9, "entity_revision_load": 9,
	"entity_revision_delete": 9, "entity_view": 9, "entity_view_multiple": 9, "entity_get_display": 9,
	"entity_get_form_display": 9, "node_load": 9, "node_load_multiple": 9, "user_load": 9, "user_load_multiple": 9,
	"file_load": 9, "file_load_multiple": 9, "taxonomy_term_load": 9, "taxonomy_term_load_multiple": 9,
	"taxonomy_vocabulary_load": 9, "taxonomy_vocabulary_load_multiple": 9, "comment_load": 9,
	"drupal_render": 9, "drupal_render_root": 9, "format_date": 9, "drupal_realpath": 9,
	"file_unmanaged_copy": 9, "file_unmanaged_move": 9, "file_unmanaged_delete": 9, "file_unmanaged_save_data": 9,
	"file_scan_directory": 9, "file_prepare_directory": 9, "file_directory_temp": 9, "file_default_scheme": 9,
	"drupal_get_path": 10, "drupal_get_filename": 10, "file_create_url": 10, "file_url_transform_relative": 10,
	"file_save_data": 10, "file_copy": 10, "file_move": 10, "system_rebuild_module_data": 10, "module_load_install": 10,
	"module_load_include": 11, "node_revision_load": 11, "node_revision_delete": 11, "user_roles": 11,
	"user_role_names": 11, "drupal_theme_rebuild": 11,
}

// removedDrupalMethods maps methods of the \Drupal class to the first core
// major without them.
var removedDrupalMethods = map[string]int{"entityManager": 9, "url": 9, "l": 9}

// removedServices maps service IDs to the first core major without them.
var removedServices = map[string]int{"entity.manager": 9}

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
	"drupal_set_message":                  "\\Drupal::messenger()",
	"drupal_get_messages":                 "\\Drupal::messenger()",
	"entity_load":                         "the entity type's storage: \\Drupal::entityTypeManager()->getStorage(TYPE)->load()",
	"entity_load_multiple":                "the entity type's storage: \\Drupal::entityTypeManager()->getStorage(TYPE)->loadMultiple()",
	"entity_create":                       "the entity type's storage: \\Drupal::entityTypeManager()->getStorage(TYPE)->create()",
	"node_load":                           "\\Drupal\\node\\Entity\\Node::load()",
	"user_load":                           "\\Drupal\\user\\Entity\\User::load()",
	"file_load":                           "\\Drupal\\file\\Entity\\File::load()",
	"taxonomy_term_load":                  "\\Drupal\\taxonomy\\Entity\\Term::load()",
	"drupal_get_path":                     "\\Drupal::service('extension.list.module')->getPath()",
	"file_create_url":                     "\\Drupal::service('file_url_generator')",
	"module_load_install":                 "\\Drupal::moduleHandler()->loadInclude(MODULE, 'install')",
	"module_load_include":                 "\\Drupal::moduleHandler()->loadInclude()",
	"user_roles":                          "\\Drupal\\user\\Entity\\Role::loadMultiple()",
}

// drupalMethodReplacement suggests the way that replaced a removed method
// of \Drupal.
var drupalMethodReplacement = map[string]string{
	"entityManager": "\\Drupal::entityTypeManager()", "url": "\\Drupal\\Core\\Url::fromRoute()", "l": "\\Drupal\\Core\\Link::fromTextAndUrl()",
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
						reportRemoved(p, f, fn, c, c.Name+"()", gone, d7Replacement[name])
					}
				case core >= 8 && c.Kind == phpast.CallStatic && c.Class == "Drupal":
					if gone, ok := removedDrupalMethods[c.Name]; ok && core >= gone {
						reportRemoved(p, f, fn, c, "\\Drupal::"+c.Name+"()", gone, drupalMethodReplacement[c.Name])
					}
					if id := c.Arg(0); c.Name == "service" && id.Kind == phpast.ValueString {
						if gone, ok := removedServices[id.Text]; ok && core >= gone {
							reportRemoved(p, f, fn, c, "the service "+id.Text, gone, "\\Drupal::entityTypeManager() and the services that replaced it")
						}
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

// reportRemoved reports what, an API of core major 8 or later that major
// gone removed, used in a module of a later core.
func reportRemoved(p *Pass, f *phpast.File, fn *phpast.Function, c *phpast.Call, what string, gone int, replacement string) {
	msg := "%s does not exist in Drupal %d"
	args := []any{what, p.Module.Core}
	if gone > 8 {
		msg += " (removed in Drupal %d)"
		args = append(args, gone)
	}
	if replacement != "" {
		msg += ": use %s"
		args = append(args, replacement)
	}
	p.Report(f, c.Span, fn, msg, args...)
}
