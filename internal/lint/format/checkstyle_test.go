package format

import (
	"bytes"
	"encoding/xml"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcycle/dcycle/internal/lint"
)

func TestCheckstyleGolden(t *testing.T) {
	t.Parallel()
	out := formatGolden(t, Checkstyle{}, Options{})
	var doc checkstyleReport
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("not well-formed XML: %v", err)
	}
}

func TestCheckstyle(t *testing.T) {
	t.Parallel()
	findings := []lint.Finding{
		finding("DC005", "install-does-not-replay", lint.SeverityError, "a.install", 1, 1, `<x> & "y"`),
		finding("DC013", "superseded-setting", lint.SeverityInfo, "a.install", 2, 3, "z"),
		finding("DC016", "module-not-loadable", lint.SeverityError, "b.info", 1, 1, "w"),
	}
	want := `<?xml version="1.0" encoding="UTF-8"?>
<checkstyle version="4.3">
  <file name="a.install">
    <error line="1" column="1" severity="error" message="&lt;x&gt; &amp; &#34;y&#34; (install-does-not-replay)" source="dcycle.DC005"></error>
    <error line="2" column="3" severity="info" message="z (superseded-setting)" source="dcycle.DC013"></error>
  </file>
  <file name="b.info">
    <error line="1" column="1" severity="error" message="w (module-not-loadable)" source="dcycle.DC016"></error>
  </file>
</checkstyle>
`
	var buf bytes.Buffer
	if err := (Checkstyle{}).Format(&buf, &Report{Findings: findings}, Options{}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
