package format

import (
	"encoding/xml"
	"io"

	"github.com/dcycle/dcycle/internal/lint"
)

// Checkstyle writes the XML of Checkstyle 4.3, which Jenkins Warnings NG,
// GitLab and most CI dashboards read. Rules are named dcycle.DCnnn in the
// source attribute.
type Checkstyle struct{}

// Name implements Formatter.
func (Checkstyle) Name() string { return "checkstyle" }

type checkstyleReport struct {
	XMLName xml.Name         `xml:"checkstyle"`
	Version string           `xml:"version,attr"`
	Files   []checkstyleFile `xml:"file"`
}

type checkstyleFile struct {
	Name   string            `xml:"name,attr"`
	Errors []checkstyleError `xml:"error"`
}

type checkstyleError struct {
	Line     int    `xml:"line,attr"`
	Column   int    `xml:"column,attr"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

// Format implements Formatter.
func (Checkstyle) Format(w io.Writer, r *Report, _ Options) error {
	doc := checkstyleReport{Version: "4.3"}
	for _, f := range r.Findings {
		if len(doc.Files) == 0 || doc.Files[len(doc.Files)-1].Name != f.Path {
			doc.Files = append(doc.Files, checkstyleFile{Name: f.Path})
		}
		file := &doc.Files[len(doc.Files)-1]
		file.Errors = append(file.Errors, checkstyleError{
			Line: f.Line, Column: f.Column, Severity: checkstyleSeverity(f.Severity),
			Message: f.Message + " (" + f.Name + ")", Source: "dcycle." + f.Rule,
		})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func checkstyleSeverity(s lint.Severity) string {
	if s == lint.SeverityInfo {
		return "info"
	}
	return s.String()
}
