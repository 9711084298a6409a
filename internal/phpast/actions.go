package phpast

import "strings"

// Strings returns the string literals a value holds: the string itself, or
// the string items of an array literal ("views" and array('views', 'ctools')
// alike), in order.
func (v Value) Strings() []string {
	switch v.Kind {
	case ValueString:
		return []string{v.Text}
	case ValueArray:
		var out []string
		for _, it := range v.Items {
			if it.Value.Kind == ValueString {
				out = append(out, it.Value.Text)
			}
		}
		return out
	}
	return nil
}

// Arg returns the i-th positional argument, or a zero Value.
func (c *Call) Arg(i int) Value {
	if i < len(c.Args) {
		return c.Args[i].Value
	}
	return Value{}
}

// FeatureComponents lists what a features_revert() call reverts, as
// "feature.component", or "feature" for a whole feature. Features 2.x takes
// array('feature' => array('component', ...)); features_revert_module()
// takes a module name; plain features_revert(array('feature')) reverts all
// of a feature's components.
func (c *Call) FeatureComponents() []string {
	name := strings.ToLower(c.Name)
	if c.Kind != CallFunction || (name != "features_revert" && name != "features_revert_module") {
		return nil
	}
	arg := c.Arg(0)
	if name == "features_revert_module" || arg.Kind == ValueString {
		return arg.Strings()
	}
	var out []string
	for _, it := range arg.Items {
		switch {
		case it.Key != nil && it.Key.Kind == ValueString:
			comps := it.Value.Strings()
			if len(comps) == 0 {
				out = append(out, it.Key.Text)
			}
			for _, comp := range comps {
				out = append(out, it.Key.Text+"."+comp)
			}
		case it.Value.Kind == ValueString:
			out = append(out, it.Value.Text)
		}
	}
	return out
}

// d7Actions are the Drupal 7 calls that change a site, with how many of
// their leading arguments name what they change.
var d7Actions = map[string]bool{
	"variable_set": true, "variable_del": true,
	"module_enable": true, "module_disable": true, "drupal_uninstall_modules": true,
	"theme_enable": true, "theme_disable": true,
	"db_create_table": true, "db_drop_table": true, "db_rename_table": true,
	"db_add_field": true, "db_drop_field": true, "db_change_field": true,
	"db_add_index": true, "db_drop_index": true, "db_add_unique_key": true, "db_add_primary_key": true,
	"field_create_field": false, "field_create_instance": false, "field_delete_field": true,
	"user_role_grant_permissions": false, "user_role_revoke_permissions": false,
	"menu_rebuild": false, "node_types_rebuild": false, "drupal_flush_all_caches": false,
}

// Actions describes what an update does, one short line per change-making
// call: "variable_set preprocess_js", "features_revert
// xyz_feature.views_view", "module_enable admin_menu_toolbar", "config_set
// system.performance:js.preprocess".
func (fn *Function) Actions() []string {
	var out []string
	for _, c := range fn.Calls {
		if a := fn.action(c); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// Receiver returns the call whose result c is called on
// (\Drupal::service('x') for \Drupal::service('x')->install()), or nil when
// c's receiver is not a call.
func (fn *Function) Receiver(c *Call) *Call {
	if c.Receiver == nil || c.Receiver.Kind != ExprCall {
		return nil
	}
	return c.Receiver.Call
}

func (fn *Function) action(c *Call) string {
	name := strings.ToLower(c.Name)
	switch c.Kind {
	case CallFunction:
		if comps := c.FeatureComponents(); comps != nil {
			return name + " " + strings.Join(comps, ",")
		}
		named, known := d7Actions[name]
		if !known {
			return ""
		}
		if !named {
			return name
		}
		subject := strings.Join(c.Arg(0).Strings(), ",")
		if strings.HasPrefix(name, "db_") && strings.Contains(name, "field") || strings.Contains(name, "index") || strings.Contains(name, "_key") {
			if field := c.Arg(1).Strings(); len(field) == 1 {
				subject += "." + field[0]
			}
		}
		return strings.TrimSpace(name + " " + subject)
	case CallMethod:
		return fn.methodAction(c)
	case CallStatic:
		if c.Name == "create" && c.Class != "Drupal" {
			return "create " + c.Class
		}
	}
	return ""
}

// methodAction recognises the Drupal 8+ service calls that change a site:
// \Drupal::service('module_installer')->install(['x']) and
// \Drupal::configFactory()->getEditable('system.site')->set('name', …).
func (fn *Function) methodAction(c *Call) string {
	recv := fn.Receiver(c)
	if recv == nil {
		return ""
	}
	subject := strings.Join(c.Arg(0).Strings(), ",")
	switch service := strings.Join(recv.Arg(0).Strings(), ""); {
	case recv.Name == "service" && service == "module_installer" && (c.Name == "install" || c.Name == "uninstall"):
		return "module_" + c.Name + " " + subject
	case recv.Name == "service" && service == "theme_installer" && (c.Name == "install" || c.Name == "uninstall"):
		return "theme_" + c.Name + " " + subject
	case recv.Name == "getEditable" && (c.Name == "set" || c.Name == "clear"):
		return "config_" + c.Name + " " + service + ":" + subject
	case recv.Name == "getEditable" && c.Name == "delete":
		return "config_delete " + service
	}
	return ""
}
