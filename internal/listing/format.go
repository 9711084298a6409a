package listing

import (
	"io"
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
	for _, f := range formatters {
		if f.Name() == name {
			return f
		}
	}
	return nil
}

// Names lists the formats as a sentence does: "table, json or markdown".
func Names() string {
	names := make([]string, len(formatters))
	for i, f := range formatters {
		names[i] = f.Name()
	}
	last := len(names) - 1
	if last == 0 {
		return names[0]
	}
	return strings.Join(names[:last], ", ") + " or " + names[last]
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
