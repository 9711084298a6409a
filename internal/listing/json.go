package listing

import (
	"encoding/json"
	"io"
)

// JSON writes the Document as one indented object, HTML characters as they
// are.
type JSON struct{}

// Name implements Formatter.
func (JSON) Name() string { return "json" }

// Format implements Formatter.
func (JSON) Format(w io.Writer, doc *Document, _ Options) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
