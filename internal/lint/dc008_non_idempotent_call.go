package lint

import (
	"regexp"
	"strings"

	"github.com/dcycle/dcycle/internal/phpast"
)

var dc008 = &Rule{
	ID:          "DC008",
	Name:        "non-idempotent-call",
	Severity:    SeverityWarning,
	NeedsSource: true,
	Check:       checkNonIdempotentCall,
	Doc: Doc{
		Title: "A call that fails or duplicates data when it runs twice is not guarded by an existence check",
		Why: `An update runs more than once in practice: hook_install() replays it on new
sites where a module's own install may already have created the table, a
failed "drush updb" is retried after half of the update ran, and a database
copied down from production runs it again. Creating a table or field that
exists is a fatal error; inserting a row, creating an entity or a menu link
twice silently duplicates it; dropping something that is gone fails. A check
that the thing exists (db_table_exists(), db_field_exists(),
db_index_exists(), field_info_field(), field_info_instance(), a *_load() or
::load() or loadByProperties() result, the schema's tableExists() or
fieldExists() on Drupal 8 and later) around the call, in an if or as an
early return, makes the update safe to repeat.

Calls that fire: D7 db_insert(), db_create_table(), db_add_field(),
db_add_index(), db_add_unique_key(), db_add_primary_key(), db_drop_*(),
db_rename_table(), field_create_field(), field_create_instance(), and
node_save(), user_save(), taxonomy_term_save(), taxonomy_vocabulary_save(),
menu_link_save() of a literal (a new object); D8+ Entity::create(),
a storage's ->create(), the database's ->insert(), and the schema's
->createTable(), ->addField(), ->addIndex(), ->drop*() and similar. When both
the call and the check name a table (or entity) literally, the names must
match.`,
		Bad: `function example_deploy_update_7002() {
  db_create_table('example_newsletter', array(
    'fields' => array(
      'sid' => array('type' => 'serial', 'not null' => TRUE),
    ),
    'primary key' => array('sid'),
  ));
}`,
		Good: `function example_deploy_update_7002() {
  if (!db_table_exists('example_newsletter')) {
    db_create_table('example_newsletter', array(
      'fields' => array(
        'sid' => array('type' => 'serial', 'not null' => TRUE),
      ),
      'primary key' => array('sid'),
    ));
  }
}`,
		Fix: `Wrap the call in an if that checks that the table, field, index, entity or
row is not there yet, or return early when it is.`,
		Since: since,
	},
}

// d7NonIdempotent are the Drupal 7 functions that fail or duplicate when
// run twice, with what they act on.
var d7NonIdempotent = map[string]string{
	"db_insert": "inserts a row", "db_create_table": "creates a table",
	"db_add_field": "adds a field", "db_add_index": "adds an index",
	"db_add_unique_key": "adds a unique key", "db_add_primary_key": "adds a primary key",
	"db_drop_table": "drops a table", "db_drop_field": "drops a field", "db_drop_index": "drops an index",
	"db_drop_unique_key": "drops a unique key", "db_drop_primary_key": "drops a primary key",
	"db_rename_table":    "renames a table",
	"field_create_field": "creates a field", "field_create_instance": "creates a field instance",
}

// d7Creators save a new object when given a literal.
var d7Creators = map[string]string{
	"node_save": "creates a node", "user_save": "creates a user",
	"taxonomy_term_save": "creates a term", "taxonomy_vocabulary_save": "creates a vocabulary",
	"menu_link_save": "creates a menu link",
}

// d8SchemaChanges are the schema methods that fail when run twice.
var d8SchemaChanges = map[string]string{
	"createTable": "creates a table", "addField": "adds a field", "addIndex": "adds an index",
	"addUniqueKey": "adds a unique key", "addPrimaryKey": "adds a primary key",
	"dropTable": "drops a table", "dropField": "drops a field", "dropIndex": "drops an index",
	"dropUniqueKey": "drops a unique key", "dropPrimaryKey": "drops a primary key",
	"renameTable": "renames a table",
}

// nonIdempotent tells what a call does that cannot be repeated, "" when it
// can.
func nonIdempotent(c *phpast.Call) string {
	name := strings.ToLower(c.Name)
	switch c.Kind {
	case phpast.CallFunction:
		if what, ok := d7NonIdempotent[name]; ok {
			return what
		}
		if what, ok := d7Creators[name]; ok && len(c.Args) > 0 {
			v := c.Args[0].Value
			if v.Kind == phpast.ValueArray || strings.HasPrefix(strings.ReplaceAll(v.Text, " ", ""), "(object)") {
				return what
			}
		}
	case phpast.CallStatic:
		if c.Name == "create" && c.Class != "Drupal" && c.Class != "static" && c.Class != "self" && c.Class != "parent" {
			return "creates a " + shortClass(c.Class)
		}
	case phpast.CallMethod:
		switch {
		case c.Name == "create" && strings.Contains(c.Chain, "getStorage()"):
			return "creates an entity"
		case c.Name == "insert" && (strings.Contains(c.Chain, "database()") || strings.Contains(c.Chain, "getConnection()") || strings.Contains(c.Chain, "$connection") || strings.Contains(c.Chain, "$database")):
			return "inserts a row"
		case d8SchemaChanges[c.Name] != "" && (strings.Contains(c.Chain, "schema()") || strings.Contains(c.Chain, "$schema")):
			return d8SchemaChanges[c.Name]
		}
	}
	return ""
}

func shortClass(class string) string {
	if i := strings.LastIndex(class, "\\"); i >= 0 {
		return class[i+1:]
	}
	return class
}

var d7Checks = map[string]bool{
	"db_table_exists": true, "db_field_exists": true, "db_index_exists": true,
	"field_info_field": true, "field_info_instance": true, "field_read_field": true, "field_read_instance": true,
	"db_query": true, "db_select": true, "module_exists": true,
}

var loadFunction = regexp.MustCompile(`_load(_multiple|_by_name|_by_properties)?$`)

// existenceCheck reports whether a call looks up whether something exists.
func existenceCheck(c *phpast.Call) bool {
	name := strings.ToLower(c.Name)
	switch c.Kind {
	case phpast.CallFunction:
		return d7Checks[name] || loadFunction.MatchString(name) || strings.HasPrefix(name, "entity_load")
	case phpast.CallStatic:
		return c.Name == "load" || c.Name == "loadMultiple" || c.Name == "entityQuery"
	case phpast.CallMethod:
		switch c.Name {
		case "load", "loadMultiple", "loadByProperties", "tableExists", "fieldExists", "indexExists",
			"getQuery", "fetchField", "fetchObject", "fetchAssoc", "fetchCol", "moduleExists", "hasDefinition":
			return true
		}
	}
	return false
}

func checkNonIdempotentCall(p *Pass) {
	for _, f := range p.Module.Files() {
		for _, fn := range f.Functions {
			if fn.Kind != phpast.KindUpdate && fn.Kind != phpast.KindPostUpdate && fn.Kind != phpast.KindDeploy {
				continue
			}
			checked := checkedVariables(f.Src, fn)
			for _, c := range fn.Calls {
				what := nonIdempotent(c)
				if what == "" || guarded(c, checked) {
					continue
				}
				p.Report(f, c.Span, fn, "%s() %s with no existence check around it: running the update twice fails or duplicates data", calleeName(c), what)
			}
		}
	}
}

func calleeName(c *phpast.Call) string {
	switch c.Kind {
	case phpast.CallStatic:
		return shortClass(c.Class) + "::" + c.Name
	case phpast.CallMethod:
		return "->" + c.Name
	}
	return c.Name
}

// guarded reports whether a condition around c checks for existence, with
// a literal first argument matching c's when both have one.
func guarded(c *phpast.Call, checkedVars []string) bool {
	target := literalTarget(c)
	for _, cond := range c.Conditions {
		for _, check := range cond.Calls {
			if !existenceCheck(check) {
				continue
			}
			if t := literalTarget(check); target == "" || t == "" || strings.EqualFold(t, target) {
				return true
			}
		}
		for _, v := range checkedVars {
			if mentionsVariable(cond.Text, v) {
				return true
			}
		}
	}
	return false
}

func literalTarget(c *phpast.Call) string {
	if v := c.Arg(0); v.Kind == phpast.ValueString {
		return v.Text
	}
	return ""
}

// checkedVariables are the variables of fn assigned the result of an
// existence check ($existing = $storage->loadByProperties(...)), which a
// later condition may test instead of the call.
func checkedVariables(src []byte, fn *phpast.Function) []string {
	var out []string
	for _, c := range fn.Calls {
		if !existenceCheck(c) {
			continue
		}
		if v := assignedTo(src, c.Span.Start); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// assignedTo returns "$name" when "$name =" comes just before offset.
func assignedTo(src []byte, offset int) string {
	i := offset - 1
	for i >= 0 && isSpace(src[i]) {
		i--
	}
	if i < 1 || src[i] != '=' || strings.ContainsRune("=!<>+-*/.%&|^?", rune(src[i-1])) {
		return ""
	}
	i--
	for i >= 0 && isSpace(src[i]) {
		i--
	}
	end := i + 1
	for i >= 0 && isIdentByte(src[i]) {
		i--
	}
	if i < 0 || src[i] != '$' || i+1 == end {
		return ""
	}
	return string(src[i:end])
}

func mentionsVariable(text, v string) bool {
	for i := strings.Index(text, v); i >= 0; {
		after := i + len(v)
		if after == len(text) || !isIdentByte(text[after]) {
			return true
		}
		j := strings.Index(text[after:], v)
		if j < 0 {
			return false
		}
		i = after + j
	}
	return false
}
