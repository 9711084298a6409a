package format

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/fatih/color"

	"github.com/dcycle/dcycle/internal/lint"
)

// Text is the default format, one line per finding in the form compilers
// use, which editors and terminals turn into links:
//
//	path:line:col: severity DCnnn message (name)
type Text struct{}

// Name implements Formatter.
func (Text) Name() string { return "text" }

// Format implements Formatter.
func (Text) Format(w io.Writer, r *Report, opts Options) error {
	bw := bufio.NewWriter(w)
	paint := func(attrs ...color.Attribute) *color.Color {
		c := color.New(attrs...)
		if opts.Color {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return c
	}
	bold, faint := paint(color.Bold), paint(color.Faint)
	sevColor := map[lint.Severity]*color.Color{
		lint.SeverityError:   paint(color.FgRed, color.Bold),
		lint.SeverityWarning: paint(color.FgYellow),
		lint.SeverityInfo:    paint(color.FgCyan),
	}
	counts := map[lint.Severity]int{}
	for _, f := range r.Findings {
		counts[f.Severity]++
		fmt.Fprintf(bw, "%s: %s %s %s %s\n", bold.Sprint(f.Location()), sevColor[f.Severity].Sprint(f.Severity), f.Rule, f.Message, faint.Sprintf("(%s)", f.Name))
		if opts.ShowSource && f.SourceLine != "" {
			fmt.Fprintf(bw, "    %s\n    %s\n", f.SourceLine, caret(f.SourceLine, f.Column))
		}
	}
	if !opts.Quiet {
		fmt.Fprintln(bw, countLine(len(r.Findings), counts))
	}
	return bw.Flush()
}

// caret puts a ^ under a byte column, keeping the line's tabs so that it
// lines up however wide the terminal draws them.
func caret(line string, col int) string {
	var b strings.Builder
	for i := 0; i < col-1 && i < len(line); i++ {
		if line[i] == '\t' {
			b.WriteByte('\t')
		} else if line[i] < 0x80 || line[i] >= 0xC0 {
			b.WriteByte(' ') // one space per character, not per byte
		}
	}
	b.WriteByte('^')
	return b.String()
}

func countLine(total int, counts map[lint.Severity]int) string {
	if total == 0 {
		return "no findings"
	}
	var parts []string
	for _, s := range []struct {
		sev        lint.Severity
		one, other string
	}{
		{lint.SeverityError, "error", "errors"},
		{lint.SeverityWarning, "warning", "warnings"},
		{lint.SeverityInfo, "info", "info"},
	} {
		switch n := counts[s.sev]; n {
		case 0:
		case 1:
			parts = append(parts, "1 "+s.one)
		default:
			parts = append(parts, fmt.Sprintf("%d %s", n, s.other))
		}
	}
	noun := "findings"
	if total == 1 {
		noun = "finding"
	}
	return fmt.Sprintf("%d %s (%s)", total, noun, strings.Join(parts, ", "))
}
