package lint

import (
	"strings"

	"github.com/dcycle/dcycle/internal/phpast"
)

var dc011 = &Rule{
	ID:          "DC011",
	Name:        "missing-issue-reference",
	Severity:    SeverityWarning,
	NeedsSource: true,
	Check:       checkIssueReference,
	Doc: Doc{
		Title: "An update's docblock is missing or does not start with an issue reference and a summary",
		Why: `The first line of an update's docblock is what update.php and "drush updb"
show before running it, and the only link between a change on production
and the reason it was made. The site deployment workflow ties every update
to an issue: "#12345: Enable javascript aggregation". Without it nobody can
tell, a year later, whether an update may be removed or why a setting has
its value. The issue pattern (#123 and PROJ-123 by default) is set with
issue_pattern in .dcycle.yml. Post-update and deploy functions are checked
too.`,
		Bad: `// Welcome mail.
function example_deploy_update_7004() {
  variable_set('user_mail_register_no_approval_required_subject', 'Welcome');
}`,
		Good: `/**
 * #12349: Send a friendlier welcome mail.
 */
function example_deploy_update_7004() {
  variable_set('user_mail_register_no_approval_required_subject', 'Welcome');
}`,
		Fix: `Write a docblock whose first line is the issue reference, a colon and a
one-line summary.`,
		Since: since,
	},
}

func checkIssueReference(p *Pass) {
	for _, f := range p.Module.Files() {
		for _, fn := range f.Functions {
			if fn.Kind != phpast.KindUpdate && fn.Kind != phpast.KindPostUpdate && fn.Kind != phpast.KindDeploy {
				continue
			}
			switch {
			case !fn.Doc.Present:
				p.Report(f, fn.NameSpan, fn, "%s has no docblock: drush updb shows nothing for it and no issue explains it", fn.Name)
			case len(fn.Doc.Issues) == 0:
				p.Report(f, fn.NameSpan, fn, "the docblock of %s does not start with an issue reference (%q)", fn.Name, firstDocLine(fn.Doc.Text))
			case strings.TrimSpace(fn.Doc.Summary) == "":
				p.Report(f, fn.NameSpan, fn, "the docblock of %s has an issue reference but no summary", fn.Name)
			}
		}
	}
}

func firstDocLine(text string) string {
	line, _, _ := strings.Cut(text, "\n")
	return strings.TrimSpace(line)
}
