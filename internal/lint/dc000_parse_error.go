package lint

// dc000 is reported by the runner itself when a file does not parse: every
// other rule needs the parsed model.
var dc000 = &Rule{
	ID:       "DC000",
	Name:     "parse-error",
	Severity: SeverityError,
	Doc: Doc{
		Title: "The file does not parse",
		Why: `PHP refuses the whole file, so none of the module's updates can run and
"drush updb" (or enabling the module) dies with a fatal error on every
environment. dcycle cannot check anything else in the file either, and never
writes to a file that does not parse.`,
		Bad: `function example_deploy_update_7001() {
  variable_set('preprocess_js', 1;
}`,
		Good: `function example_deploy_update_7001() {
  variable_set('preprocess_js', 1);
}`,
		Fix: `Correct the syntax at the reported position; "php -l FILE" shows the same
error. dcycle accepts what PHP 5.6 to 8.1 accept.`,
		Since: since,
	},
}
