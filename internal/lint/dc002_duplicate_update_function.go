package lint

import (
	"path/filepath"
	"strings"

	"github.com/dcycle/dcycle/internal/phpast"
)

var dc002 = &Rule{
	ID:          "DC002",
	Name:        "duplicate-update-function",
	Severity:    SeverityError,
	NeedsSource: true,
	Check:       checkDuplicateFunction,
	Doc: Doc{
		Title: "A function is declared twice in the module",
		Why: `PHP stops with "Cannot redeclare function" the moment it loads the second
declaration: the .install (or .post_update.php) cannot be loaded at all, so
"drush updb" and enabling the module fail on every environment. It happens
when two branches add the same next update number and are merged without a
conflict, because the functions were added in different places of the file
or in different files of the module, or when a generator is run twice
(drush generate writes MODULE_post_update_NAME() each time). PHP function
names are case-insensitive, and so is this check. drush updb loads the
.install and NAME.post_update.php together; drush deploy:hook loads
NAME.deploy.php without them (checked on Drupal 10.5.7 with drush 12.5): a
function declared in NAME.deploy.php and in another file is no fatal error
there, but each command silently runs its own copy, and anything that loads
both (a test, drush php:eval, a require) stops.`,
		Bad: `function example_deploy_update_7002() {
  variable_set('preprocess_js', 1);
}

function example_deploy_update_7002() {
  variable_set('preprocess_css', 1);
}`,
		Good: `function example_deploy_update_7002() {
  variable_set('preprocess_js', 1);
}

function example_deploy_update_7003() {
  variable_set('preprocess_css', 1);
}`,
		Fix: `Give the later function the next free number ("dcycle next" prints it) and
keep its body, or merge the two bodies if they belong to the same change.`,
		Since: since,
	},
}

func checkDuplicateFunction(p *Pass) {
	type decl struct {
		file *phpast.File
		fn   *phpast.Function
	}
	first := map[string]decl{}
	for _, f := range p.Module.Files() {
		for _, fn := range f.Functions {
			key := strings.ToLower(fn.Name)
			earlier, seen := first[key]
			if !seen {
				first[key] = decl{f, fn}
				continue
			}
			line, _ := earlier.file.Lines.Position(earlier.fn.NameSpan.Start)
			if earlier.file != f && (isDeployFile(earlier.file) || isDeployFile(f)) {
				// drush loads NAME.deploy.php alone: updb and deploy:hook
				// each see one of the two.
				p.Report(f, fn.NameSpan, fn, "%s() is already declared at %s:%d: drush updb runs one and drush deploy:hook the other, and PHP stops with a fatal error wherever both files are loaded",
					fn.Name, filepath.Base(earlier.file.Path), line)
				continue
			}
			p.Report(f, fn.NameSpan, fn, "%s() is already declared at %s:%d: PHP stops with a fatal error",
				fn.Name, filepath.Base(earlier.file.Path), line)
		}
	}
}

// isDeployFile reports whether f is a module's NAME.deploy.php, which drush
// loads apart from the module's other files.
func isDeployFile(f *phpast.File) bool { return strings.HasSuffix(f.Path, ".deploy.php") }
