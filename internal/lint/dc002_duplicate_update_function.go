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
or in different files of the module. PHP function names are
case-insensitive, and so is this check.`,
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
			p.Report(f, fn.NameSpan, fn, "%s() is already declared at %s:%d: PHP stops with a fatal error",
				fn.Name, filepath.Base(earlier.file.Path), line)
		}
	}
}
