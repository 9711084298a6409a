package lint

import (
	"bytes"
	"strings"

	"github.com/dcycle/dcycle/internal/phpast"
)

// ignoreMarker starts a suppression comment:
//
//	// dcycle-ignore DC008, DC009 -- the table is dropped in 7003
const ignoreMarker = "dcycle-ignore"

// directive is one parsed dcycle-ignore comment.
type directive struct {
	file *phpast.File
	// at is the marker's offset; line is its 1-based line.
	at, line int
	ids      []string
	reason   string
	// doc is the function whose docblock holds the directive: it then
	// covers the whole function.
	doc *phpast.Function
}

// suppress drops the findings a valid directive covers and adds a DC099
// finding for each directive with no reason or an unknown rule. An invalid
// directive suppresses nothing: the finding stays next to the DC099 that
// explains why.
func suppress(m *phpast.Module, findings []Finding, rules []enabledRule, known map[string]bool, display func(string) string) []Finding {
	var dirs []directive
	for _, f := range m.Files() {
		if bytes.Contains(f.Src, []byte(ignoreMarker)) {
			dirs = append(dirs, directives(f)...)
		}
	}
	if len(dirs) == 0 {
		return findings
	}
	var valid []directive
	var bad []Finding
	badSeverity := severityOf(rules, dc099.ID)
	for _, d := range dirs {
		problem := d.problem(known, "//")
		if problem == "" {
			valid = append(valid, d)
			continue
		}
		if badSeverity == SeverityOff {
			continue
		}
		f := Finding{
			Rule: dc099.ID, Name: dc099.Name, Severity: badSeverity, Message: problem,
			file: d.file, span: phpast.Span{Start: d.at, End: d.at + len(ignoreMarker)},
			funcSpan: phpast.Span{Start: -1, End: -1},
		}
		if d.doc != nil {
			f.Function = d.doc.Name
		}
		place(&f, display)
		bad = append(bad, f)
	}
	kept := findings[:0]
	for _, f := range findings {
		if !suppressed(f, valid) {
			kept = append(kept, f)
		}
	}
	return append(kept, bad...)
}

func suppressed(f Finding, dirs []directive) bool {
	for _, d := range dirs {
		if d.file != f.file || f.file == nil || !contains(d.ids, f.Rule) {
			continue
		}
		if d.doc != nil && d.doc.Span.Contains(f.span) {
			return true
		}
		if d.line == f.Line || d.line == f.Line-1 {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// directives finds the dcycle-ignore comments of a file.
func directives(f *phpast.File) []directive {
	var out []directive
	for _, c := range f.Comments() {
		text := f.Src[c.Start:c.End]
		for off := 0; ; {
			i := bytes.Index(text[off:], []byte(ignoreMarker))
			if i < 0 {
				break
			}
			at := c.Start + off + i
			rest := text[off+i+len(ignoreMarker):]
			if len(rest) > 0 && !isSpace(rest[0]) && rest[0] != '*' {
				off += i + len(ignoreMarker)
				continue // "dcycle-ignored" or similar prose, not a directive
			}
			if j := bytes.IndexByte(rest, '\n'); j >= 0 {
				rest = rest[:j]
			}
			d := parseDirective(string(rest))
			d.file, d.at = f, at
			d.line, _ = f.Lines.Position(at)
			for _, fn := range f.Functions {
				if fn.Doc.Present && fn.Doc.Span.Contains(phpast.Span{Start: at, End: at}) {
					d.doc = fn
				}
			}
			out = append(out, d)
			off += i + len(ignoreMarker)
		}
	}
	return out
}

// parseDirective reads "DC008, DC009 -- reason" (what follows the marker).
func parseDirective(rest string) directive {
	rest = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "*/"))
	ids, reason, _ := strings.Cut(rest, "--")
	d := directive{ids: strings.FieldsFunc(ids, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })}
	d.reason = strings.TrimSpace(reason)
	return d
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\n' }

// problem says what is wrong with a directive, "" when it is valid: it
// must name known rules and give a reason. comment is how the file's
// comments start ("//" in PHP, "#" in a procedure), for the example.
func (d directive) problem(known map[string]bool, comment string) string {
	var unknown []string
	for _, id := range d.ids {
		if !known[id] {
			unknown = append(unknown, id)
		}
	}
	switch {
	case len(d.ids) == 0:
		return "dcycle-ignore names no rule: write " + comment + " dcycle-ignore DCnnn -- reason"
	case len(unknown) > 0:
		return "dcycle-ignore names unknown rule " + strings.Join(unknown, ", ")
	case d.reason == "":
		return "dcycle-ignore " + strings.Join(d.ids, ", ") + " gives no reason: add one after \" -- \""
	}
	return ""
}
