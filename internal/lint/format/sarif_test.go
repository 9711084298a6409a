package format

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dcycle/dcycle/internal/lint"
)

func TestSARIFGolden(t *testing.T) {
	t.Parallel()
	out := formatGolden(t, SARIF{}, Options{})
	var log sarifLog
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || log.Schema == "" || len(log.Runs) != 1 {
		t.Fatalf("version %q, schema %q, %d runs", log.Version, log.Schema, len(log.Runs))
	}
	run := log.Runs[0]
	if run.ColumnKind != "unicodeCodePoints" {
		t.Errorf("columnKind %q", run.ColumnKind)
	}
	rules := lint.Registry()
	if len(run.Tool.Driver.Rules) != len(rules) {
		t.Fatalf("%d rules described, want every one of %d", len(run.Tool.Driver.Rules), len(rules))
	}
	for i, r := range run.Tool.Driver.Rules {
		if r.ID != rules[i].ID || r.HelpURI != "https://github.com/dcycle/dcycle/blob/main/docs/rules/"+r.ID+".md" {
			t.Errorf("rules[%d] = %s with helpUri %s", i, r.ID, r.HelpURI)
		}
		if _, err := os.Stat(filepath.Join("..", "..", "..", "docs", "rules", r.ID+".md")); err != nil {
			t.Errorf("helpUri of %s points to a page that does not exist: %v", r.ID, err)
		}
	}
	if len(run.Results) == 0 {
		t.Fatal("no results")
	}
	for _, res := range run.Results {
		if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %s has ruleIndex %d", res.RuleID, res.RuleIndex)
		}
		reg := res.Locations[0].PhysicalLocation.Region
		if reg.StartLine < 1 || reg.StartColumn < 1 || reg.EndLine < reg.StartLine || (reg.EndLine == reg.StartLine && reg.EndColumn < reg.StartColumn) {
			t.Errorf("result %s has region %+v", res.RuleID, reg)
		}
		if uri := res.Locations[0].PhysicalLocation.ArtifactLocation.URI; strings.HasPrefix(uri, "/") || strings.Contains(uri, "\\") {
			t.Errorf("uri %q is not a relative URI reference", uri)
		}
	}
}

func TestSARIF(t *testing.T) {
	t.Parallel()
	// A line with "é" in UTF-8 before the finding: byte column 12 is code
	// point column 11.
	f := finding("DC013", "superseded-setting", lint.SeverityInfo, "dir with space/café.install", 3, 12, "m")
	f.RuneColumn, f.RuneEndColumn = 11, 11
	f.EndColumn = 12
	var buf bytes.Buffer
	if err := (SARIF{}).Format(&buf, &Report{Findings: []lint.Finding{f}, Rules: lint.Registry()}, Options{}); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	res := log.Runs[0].Results[0]
	loc := res.Locations[0].PhysicalLocation
	if loc.Region.StartColumn != 11 || loc.Region.EndColumn != 11 {
		t.Errorf("region %+v, want code point columns 11", loc.Region)
	}
	if loc.ArtifactLocation.URI != "dir%20with%20space/caf%C3%A9.install" {
		t.Errorf("uri %q", loc.ArtifactLocation.URI)
	}
	if res.Level != "note" {
		t.Errorf("info is level %q, want note", res.Level)
	}
	// No findings is still a valid log with an empty results list.
	buf.Reset()
	if err := (SARIF{}).Format(&buf, &Report{Rules: lint.Registry()}, Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"results": []`) {
		t.Errorf("empty report has no empty results list:\n%s", buf.String())
	}
}
