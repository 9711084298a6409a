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

The check must say the right thing where the call runs: a call that
creates, adds or inserts needs the check to be false there (if
(!db_table_exists('t')), or after if (db_table_exists('t')) { return; }); a
drop or rename needs it true. A check read through a variable ($existing =
$storage->loadByProperties(...); if (empty($existing))) counts the same way.
A check whose result dcycle cannot tell (inside a || or compared with a
variable), or that checks something else (the table around adding a field
to it), is taken as a guard.

Post-updates and deploy hooks are checked the same way: a hook that fails
half-way is run again from the start, and one whose name changed runs again
on every site.

Calls that fire: D7 db_insert(), db_query() of an INSERT, db_create_table(),
db_add_field(), db_add_index(), db_add_unique_key(), db_add_primary_key(),
db_drop_*(), db_rename_table(), field_create_field(),
field_create_instance(), and node_save(), user_save(), taxonomy_term_save(),
taxonomy_vocabulary_save(), menu_link_save() of a new object (an array
literal, an (object) cast, or a variable the update set to one of those or
to new stdClass()); D8+ Entity::create(), a storage's ->create() (the result
of ->getStorage(), directly or through a variable), the database's
->insert() (\Drupal::database(), a ->getConnection() or
\Drupal::service('database')), and the schema's ->createTable(),
->addField(), ->addIndex(), ->drop*() and similar. When both the call and
the check name a table (or entity) literally, the names must match.`,
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
// run twice, with what they do.
var d7NonIdempotent = map[string]string{
	"db_insert": "inserts a row", "db_create_table": "creates a table",
	"db_add_field": "adds a field", "db_add_index": "adds an index",
	"db_add_unique_key": "adds a unique key", "db_add_primary_key": "adds a primary key",
	"db_drop_table": "drops a table", "db_drop_field": "drops a field", "db_drop_index": "drops an index",
	"db_drop_unique_key": "drops a unique key", "db_drop_primary_key": "drops a primary key",
	"db_rename_table":    "renames a table",
	"field_create_field": "creates a field", "field_create_instance": "creates a field instance",
}

// d7Creators save a new object when given one.
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

// nonIdempotent tells what a call of fn does that cannot be repeated, ""
// when it can.
func nonIdempotent(fn *phpast.Function, c *phpast.Call) string {
	name := strings.ToLower(c.Name)
	switch c.Kind {
	case phpast.CallFunction:
		if what, ok := d7NonIdempotent[name]; ok {
			return what
		}
		if what, ok := d7Creators[name]; ok && len(c.Args) > 0 && newObject(fn, c.Args[0], c.Span.Start) {
			return what
		}
		if name == "db_query" && insertQuery(c) {
			return "inserts a row"
		}
	case phpast.CallStatic:
		if c.Name == "create" && c.Class != "Drupal" && c.Class != "static" && c.Class != "self" && c.Class != "parent" {
			return "creates a " + shortClass(c.Class)
		}
	case phpast.CallMethod:
		recv := producer(fn, c.Receiver, c.Span.Start)
		switch {
		case c.Name == "create" && isMethod(recv, "getStorage"):
			return "creates an entity"
		case c.Name == "insert" && isDatabase(recv):
			return "inserts a row"
		case d8SchemaChanges[c.Name] != "" && isMethod(recv, "schema"):
			return d8SchemaChanges[c.Name]
		}
	}
	return ""
}

// newObject reports whether a save function's argument is a new object:
// an array literal or an (object) cast of one, or a variable whose value,
// where the call is made, was last set to one of those or to new Class().
// Element writes ($node['title'] = 'x') keep the variable what it was; a
// variable set from any other call (node_load()) is not new.
func newObject(fn *phpast.Function, arg phpast.Arg, before int) bool {
	switch arg.Value.Kind {
	case phpast.ValueArray, phpast.ValueObject:
		return true
	}
	if arg.Var == "" {
		return false
	}
	created := false
	for _, a := range fn.Assigns {
		if a.Var != arg.Var || a.Span.End > before || a.Element {
			continue
		}
		switch {
		case a.Call != nil:
			created = a.Call.Kind == phpast.CallNew
		case a.Value.Kind == phpast.ValueArray || a.Value.Kind == phpast.ValueObject:
			created = true
		}
	}
	return created
}

// insertQuery reports whether db_query()'s query is a literal INSERT.
func insertQuery(c *phpast.Call) bool {
	q := c.Arg(0)
	if q.Kind != phpast.ValueString {
		return false
	}
	words := strings.Fields(q.Text)
	return len(words) > 0 && strings.EqualFold(words[0], "INSERT")
}

// isDatabase reports whether a receiver's call returns the database
// connection: \Drupal::database(), \Drupal::service('database'), or
// getConnection() (Database::getConnection(), $container->getConnection()).
func isDatabase(c *phpast.Call) bool {
	switch {
	case c == nil:
		return false
	case c.Kind == phpast.CallStatic && c.Class == "Drupal":
		return c.Name == "database" || c.Name == "service" && c.Arg(0).Kind == phpast.ValueString && c.Arg(0).Text == "database"
	}
	return c.Name == "getConnection" && (c.Kind == phpast.CallMethod || c.Kind == phpast.CallStatic)
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
		if name == "db_query" {
			return !insertQuery(c)
		}
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

// checkSubjects tell what an existence check looks for, where it is one
// kind of schema object; other checks (loads, queries) look for whatever
// the call acts on.
var checkSubjects = map[string]string{
	"db_table_exists": "table", "tableexists": "table",
	"db_field_exists": "field", "fieldexists": "field", "field_info_field": "field", "field_read_field": "field",
	"db_index_exists": "index", "indexexists": "index",
	"field_info_instance": "instance", "field_read_instance": "instance",
	"module_exists": "module", "moduleexists": "module", "hasdefinition": "definition",
}

// actionSubject is the kind of thing a non-idempotent action acts on, in
// the words of checkSubjects: "adds a unique key" acts on an index.
func actionSubject(what string) string {
	words := strings.Fields(what)
	switch last := words[len(words)-1]; last {
	case "table", "field", "index", "instance":
		return last
	case "key":
		return "index"
	}
	return ""
}

// needsTruth is what an existence check must say where the action runs:
// a creation needs the thing missing, a drop or rename needs it there.
func needsTruth(what string) phpast.Truth {
	if strings.HasPrefix(what, "drops ") || strings.HasPrefix(what, "renames ") {
		return phpast.TruthTrue
	}
	return phpast.TruthFalse
}

func checkNonIdempotentCall(p *Pass) {
	for _, f := range p.Module.Files() {
		for _, fn := range f.Functions {
			if fn.Kind != phpast.KindUpdate && fn.Kind != phpast.KindPostUpdate && fn.Kind != phpast.KindDeploy {
				continue
			}
			for _, c := range fn.Calls {
				what := nonIdempotent(fn, c)
				if what == "" || guarded(fn, c, what) {
					continue
				}
				p.Report(f, c.Span, fn, "%s() %s with no existence check around it: running the %s twice fails or duplicates data", calleeName(c), what, stepWord(fn.Kind))
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

// guarded reports whether a condition around c (an enclosing if, or an
// early return before it) checks for existence the way what needs: a check
// call in the condition, or a variable the condition reads that holds a
// check's result. When both c and the check have a literal first argument,
// they must match.
func guarded(fn *phpast.Function, c *phpast.Call, what string) bool {
	target := literalTarget(c)
	matches := func(check *phpast.Call) bool {
		if !existenceCheck(check) {
			return false
		}
		t := literalTarget(check)
		return target == "" || t == "" || strings.EqualFold(t, target)
	}
	for _, cond := range c.Conditions {
		for _, check := range cond.Calls {
			if matches(check) && says(check, check.Truth, cond.Negated, what) {
				return true
			}
		}
		for _, v := range cond.Vars {
			for _, a := range fn.Assigns {
				if a.Var == v.Name && a.Call != nil && a.Span.End <= c.Span.Start && matches(a.Call) && says(a.Call, v.Truth, cond.Negated, what) {
					return true
				}
			}
		}
	}
	return false
}

// says reports whether a check whose value is truth when its condition
// holds (flipped when the call runs where the condition is false) allows
// what: truth unknown, or a check of another kind of thing, gives the
// benefit of the doubt.
func says(check *phpast.Call, truth phpast.Truth, negated bool, what string) bool {
	if negated {
		truth = truth.Flip()
	}
	subject, ok := checkSubjects[strings.ToLower(check.Name)]
	if ok && subject != actionSubject(what) {
		return true
	}
	return truth == phpast.TruthUnknown || truth == needsTruth(what)
}

func literalTarget(c *phpast.Call) string {
	if v := c.Arg(0); v.Kind == phpast.ValueString {
		return v.Text
	}
	return ""
}
