package listing

import (
	"fmt"
	"io"
	"strings"
)

// Markdown writes, per module, a heading, the .install's path and a table of
// its deployment steps, for pasting into an issue or a wiki.
type Markdown struct{}

// Name implements Formatter.
func (Markdown) Name() string { return "markdown" }

// cell escapes what would end a table cell.
var cell = strings.NewReplacer("|", `\|`, "\n", " ")

// Format implements Formatter.
func (Markdown) Format(w io.Writer, doc *Document, _ Options) error {
	for i, m := range doc.Modules {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "## %s (Drupal %s)\n\n`%s`\n\n", m.Module, coreName(m.Core), m.Path)
		fmt.Fprintln(w, "| Kind | Runs | Number | Function | Issue | Summary | Line | Sandbox | Actions |")
		fmt.Fprintln(w, "|---|---|---:|---|---|---|---:|---|---|")
		for _, u := range m.Steps() {
			actions := make([]string, len(u.Actions))
			for i, a := range u.Actions {
				actions[i] = "`" + a + "`"
			}
			if _, err := fmt.Fprintf(w, "| %s | %s | %s | `%s` | %s | %s | %s | %s | %s |\n", u.Kind, cell.Replace(u.Runs), u.shownNumber(), u.Function, cell.Replace(u.Issue), cell.Replace(u.Summary), u.shownLine(m), yesNo(u.Sandbox), cell.Replace(strings.Join(actions, ", "))); err != nil {
				return err
			}
		}
	}
	return nil
}
