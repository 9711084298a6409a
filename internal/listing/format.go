package listing

import (
	"io"
	"slices"
	"strconv"
	"strings"
)

// Options change how a listing looks, not what it says.
type Options struct {
	// Color turns on ANSI colours (table only).
	Color bool
}

// Formatter writes a listing in one format.
type Formatter interface {
	Name() string
	Format(w io.Writer, doc *Document, opts Options) error
}

// formatters are the output formats, in the order --help lists them.
var formatters = []Formatter{Table{}, JSON{}, Markdown{}}

// Lookup returns the formatter called name, or nil.
func Lookup(name string) Formatter {
	i := slices.IndexFunc(formatters, func(f Formatter) bool { return f.Name() == name })
	if i < 0 {
		return nil
	}
	return formatters[i]
}

// Names lists the formats as a sentence does: "table, json or markdown".
func Names() string {
	var b strings.Builder
	for i, f := range formatters {
		switch {
		case i == 0:
		case i == len(formatters)-1:
			b.WriteString(" or ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(f.Name())
	}
	return b.String()
}

func coreName(core int) string {
	if core == 0 {
		return "?"
	}
	return strconv.Itoa(core)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
