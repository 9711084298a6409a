package format

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/dcycle/dcycle/internal/lint"
)

// SARIF writes a SARIF 2.1.0 log, which GitHub code scanning and most
// security dashboards read. Every rule is described in rules[] with a
// helpUri to its page under docs/rules, and columns count Unicode code
// points, as columnKind says.
type SARIF struct{}

// Name implements Formatter.
func (SARIF) Name() string { return "sarif" }

const sarifSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	ColumnKind string        `json:"columnKind"`
	Results    []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string       `json:"id"`
	Name                 string       `json:"name"`
	ShortDescription     sarifText    `json:"shortDescription"`
	FullDescription      sarifText    `json:"fullDescription"`
	HelpURI              string       `json:"helpUri"`
	Help                 sarifText    `json:"help"`
	DefaultConfiguration sarifDefault `json:"defaultConfiguration"`
}

type sarifDefault struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical  `json:"physicalLocation"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

type sarifLogical struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
}

var sarifLevel = map[lint.Severity]string{
	lint.SeverityError:   "error",
	lint.SeverityWarning: "warning",
	lint.SeverityInfo:    "note",
}

// Format implements Formatter.
func (SARIF) Format(w io.Writer, r *Report, _ Options) error {
	driver := sarifDriver{Name: "dcycle", Version: r.Version, InformationURI: "https://github.com/dcycle/dcycle", Rules: []sarifRule{}}
	index := map[string]int{}
	for i, rule := range r.Rules {
		index[rule.ID] = i
		driver.Rules = append(driver.Rules, sarifRule{
			ID: rule.ID, Name: rule.Name,
			ShortDescription:     sarifText{Text: rule.Doc.Title},
			FullDescription:      sarifText{Text: oneParagraph(rule.Doc.Why)},
			HelpURI:              lint.DocURL(rule.ID),
			Help:                 sarifText{Text: oneParagraph(rule.Doc.Fix), Markdown: rule.Markdown()},
			DefaultConfiguration: sarifDefault{Level: sarifLevel[rule.Severity]},
		})
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, ColumnKind: "unicodeCodePoints", Results: []sarifResult{}}
	for _, f := range r.Findings {
		loc := sarifLocation{PhysicalLocation: sarifPhysical{
			ArtifactLocation: sarifArtifact{URI: fileURI(f.Path)},
			// SARIF columns start at 1 and end after the last character;
			// clamp so that an empty span stays a valid region.
			Region: sarifRegion{StartLine: max(f.Line, 1), StartColumn: max(f.RuneColumn, 1), EndLine: max(f.EndLine, f.Line, 1), EndColumn: max(f.RuneEndColumn, 1)},
		}}
		if loc.PhysicalLocation.Region.EndLine == loc.PhysicalLocation.Region.StartLine && loc.PhysicalLocation.Region.EndColumn < loc.PhysicalLocation.Region.StartColumn {
			loc.PhysicalLocation.Region.EndColumn = loc.PhysicalLocation.Region.StartColumn
		}
		if f.Function != "" {
			loc.LogicalLocations = []sarifLogical{{Name: f.Function, Kind: "function"}}
		}
		ruleIndex, ok := index[f.Rule]
		if !ok {
			ruleIndex = -1
		}
		run.Results = append(run.Results, sarifResult{
			RuleID: f.Rule, RuleIndex: ruleIndex, Level: sarifLevel[f.Severity],
			Message: sarifText{Text: f.Message}, Locations: []sarifLocation{loc},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

// fileURI turns a path into a URI reference: relative paths stay relative
// (to the folder dcycle ran in), absolute ones become file:// URIs.
func fileURI(path string) string {
	slash := filepath.ToSlash(path)
	if filepath.IsAbs(path) {
		return (&url.URL{Scheme: "file", Path: slash}).String()
	}
	return (&url.URL{Path: slash}).String()
}

// oneParagraph joins a doc's hard-wrapped lines, keeping blank-line breaks.
func oneParagraph(s string) string {
	paras := strings.Split(strings.TrimSpace(s), "\n\n")
	for i, p := range paras {
		paras[i] = strings.Join(strings.Fields(p), " ")
	}
	return strings.Join(paras, "\n\n")
}
