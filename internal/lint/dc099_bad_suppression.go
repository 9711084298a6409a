package lint

// dc099 is reported by the suppression pass (suppress.go), which sees every
// dcycle-ignore comment.
var dc099 = &Rule{
	ID:       "DC099",
	Name:     "bad-suppression",
	Severity: SeverityWarning,
	Doc: Doc{
		Title: "A dcycle-ignore comment names an unknown rule or gives no reason",
		Why: `A suppression is a decision that the next developer must be able to
understand and revisit: "// dcycle-ignore DC008 -- the table is created by
views_install() on new sites" says why the finding does not apply, a bare
"// dcycle-ignore DC008" does not. An unknown or mistyped rule ID suppresses
nothing while looking as if it did. An ignore comment with either problem
suppresses nothing, so the original finding is still reported next to this
one.

A dcycle-ignore comment suppresses the findings of the rules it names (one
ID, or several separated by commas) on its own line and on the line below;
in a function's docblock it covers the whole function.`,
		Bad: `function example_deploy_update_7002() {
  // dcycle-ignore DC008
  db_create_table('example_newsletter', $schema);
}`,
		Good: `function example_deploy_update_7002() {
  // dcycle-ignore DC008 -- example_newsletter_install() creates it only on sites without the table
  db_create_table('example_newsletter', $schema);
}`,
		Fix:   `Name existing rules (DCnnn) and add " -- " followed by the reason.`,
		Since: since,
	},
}
