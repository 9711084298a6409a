package listing

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/fatih/color"
)

// Table writes, per module, a heading and one aligned row per deployment
// step, in the order a deployment runs them.
type Table struct{}

// Name implements Formatter.
func (Table) Name() string { return "table" }

// Format implements Formatter.
func (Table) Format(w io.Writer, doc *Document, opts Options) error {
	bold := color.New(color.Bold)
	if opts.Color {
		bold.EnableColor()
	} else {
		bold.DisableColor()
	}
	for i, m := range doc.Modules {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s (Drupal %s) %s\n", bold.Sprint(m.Module), coreName(m.Core), m.Path)
		steps := m.Steps()
		if len(steps) == 0 {
			if _, err := fmt.Fprintln(w, "no updates"); err != nil {
				return err
			}
			continue
		}
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "KIND\tRUNS\tNUMBER\tFUNCTION\tISSUE\tSUMMARY\tLINE\tSANDBOX\tACTIONS")
		for _, u := range steps {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", u.Kind, u.Runs, u.shownNumber(), u.Function, orDash(u.Issue), orDash(u.Summary), u.shownLine(m), yesNo(u.Sandbox), orDash(strings.Join(u.Actions, "; ")))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
