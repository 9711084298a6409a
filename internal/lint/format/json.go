package format

import (
	"encoding/json"
	"io"
)

// JSON writes one object whose shape is part of dcycle's contract and only
// grows: {"version": 1, "findings": [...]}.
type JSON struct{}

// Name implements Formatter.
func (JSON) Name() string { return "json" }

type jsonReport struct {
	Version  int           `json:"version"`
	Findings []jsonFinding `json:"findings"`
}

type jsonFinding struct {
	Rule      string `json:"rule"`
	Name      string `json:"name"`
	Severity  string `json:"severity"`
	Path      string `json:"path"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	Function  string `json:"function"`
	Message   string `json:"message"`
	Fixable   bool   `json:"fixable"`
}

// Format implements Formatter.
func (JSON) Format(w io.Writer, r *Report, _ Options) error {
	doc := jsonReport{Version: 1, Findings: make([]jsonFinding, 0, len(r.Findings))}
	for _, f := range r.Findings {
		doc.Findings = append(doc.Findings, jsonFinding{
			Rule: f.Rule, Name: f.Name, Severity: f.Severity.String(), Path: f.Path,
			Line: f.Line, Column: f.Column, EndLine: f.EndLine, EndColumn: f.EndColumn,
			Function: f.Function, Message: f.Message, Fixable: f.Fixable,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
