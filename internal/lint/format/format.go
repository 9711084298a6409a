// Package format owns how lint findings are written: one file per output
// format (text, json, sarif, github, checkstyle, gitlab, junit), all behind the Formatter
// interface and listed explicitly in formatters.
package format

import (
	"io"
	"strings"

	"github.com/dcycle/dcycle/internal/lint"
)

// Report is what a formatter writes.
type Report struct {
	// Findings are sorted as lint.Run returns them.
	Findings []lint.Finding
	// Rules are every rule the run knows, for formats that describe them
	// (SARIF's rules[]).
	Rules []*lint.Rule
	// Version is dcycle's version.
	Version string
}

// Options change how a report looks, not what it says.
type Options struct {
	// Color turns on ANSI colours (text only).
	Color bool
	// ShowSource prints each finding's source line and a caret (text only).
	ShowSource bool
	// Quiet leaves out the closing count line (text only).
	Quiet bool
}

// Formatter writes a report in one format.
type Formatter interface {
	Name() string
	Format(w io.Writer, r *Report, opts Options) error
}

// formatters are the output formats, in the order --help lists them.
var formatters = []Formatter{Text{}, JSON{}, SARIF{}, GitHub{}, Checkstyle{}, GitLab{}, JUnit{}}

// Lookup returns the formatter called name, or nil.
func Lookup(name string) Formatter {
	for _, f := range formatters {
		if f.Name() == name {
			return f
		}
	}
	return nil
}

// Names lists the formats, "text, json, sarif, github, checkstyle, gitlab, junit".
func Names() string {
	names := make([]string, len(formatters))
	for i, f := range formatters {
		names[i] = f.Name()
	}
	return strings.Join(names, ", ")
}
