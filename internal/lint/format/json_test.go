package format

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcycle/dcycle/internal/lint"
)

func TestJSONGolden(t *testing.T) {
	t.Parallel()
	out := formatGolden(t, JSON{}, Options{})
	// The contract: exactly these keys, in this order, for every finding.
	var doc struct {
		Version  int               `json:"version"`
		Findings []json.RawMessage `json:"findings"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 || len(doc.Findings) == 0 {
		t.Fatalf("version %d, %d findings", doc.Version, len(doc.Findings))
	}
	wantKeys := []string{"rule", "name", "severity", "path", "line", "column", "end_line", "end_column", "function", "message", "fixable"}
	for _, raw := range doc.Findings {
		dec := json.NewDecoder(bytes.NewReader(raw))
		var keys []string
		dec.Token() // {
		for dec.More() {
			k, _ := dec.Token()
			keys = append(keys, k.(string))
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				t.Fatal(err)
			}
		}
		if diff := cmp.Diff(wantKeys, keys); diff != "" {
			t.Errorf("keys (-want +got):\n%s", diff)
		}
	}
}

func TestJSON(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		findings []lint.Finding
		want     string
	}{
		{"no findings is an empty list, not null", nil, "{\n  \"version\": 1,\n  \"findings\": []\n}\n"},
		{"escapes", []lint.Finding{finding("DC011", "missing-issue-reference", lint.SeverityWarning, "a \"b\".install", 1, 1, "<x> & \"y\"")},
			`{
  "version": 1,
  "findings": [
    {
      "rule": "DC011",
      "name": "missing-issue-reference",
      "severity": "warning",
      "path": "a \"b\".install",
      "line": 1,
      "column": 1,
      "end_line": 1,
      "end_column": 6,
      "function": "",
      "message": "\u003cx\u003e \u0026 \"y\"",
      "fixable": false
    }
  ]
}
`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := (JSON{}).Format(&buf, &Report{Findings: tc.findings}, Options{}); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, buf.String()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
