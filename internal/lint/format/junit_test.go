package format

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcycle/dcycle/internal/lint"
)

func TestJUnitGolden(t *testing.T) {
	t.Parallel()
	formatGolden(t, JUnit{}, Options{})
}

func TestJUnit(t *testing.T) {
	t.Parallel()
	findings := []lint.Finding{
		finding("DC005", "install-does-not-replay", lint.SeverityError, "./a.install", 1, 1, `<x> & "y"`),
		finding("DC008", "non-idempotent-call", lint.SeverityWarning, "a.install", 4, 3, "z"),
		finding("DC008", "non-idempotent-call", lint.SeverityWarning, "a.install", 6, 3, "z"),
		finding("DC016", "module-not-loadable", lint.SeverityError, "b.info", 1, 1, "w"),
	}
	findings[1].Function, findings[2].Function = "a_update_7001", "a_update_7001"
	want := `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="dcycle lint" tests="4" failures="4" errors="0">
  <testsuite name="a.install" tests="3" failures="3" errors="0" skipped="0">
    <testcase name="DC005 install-does-not-replay" classname="a.install" file="a.install" line="1">
      <failure message="&lt;x&gt; &amp; &#34;y&#34;" type="error">a.install:1:1: error DC005 &lt;x&gt; &amp; &#34;y&#34; (install-does-not-replay)</failure>
    </testcase>
    <testcase name="DC008 non-idempotent-call in a_update_7001()" classname="a.install" file="a.install" line="4">
      <failure message="z" type="warning">a.install:4:3: warning DC008 z (non-idempotent-call)</failure>
    </testcase>
    <testcase name="DC008 non-idempotent-call in a_update_7001() #2" classname="a.install" file="a.install" line="6">
      <failure message="z" type="warning">a.install:6:3: warning DC008 z (non-idempotent-call)</failure>
    </testcase>
  </testsuite>
  <testsuite name="b.info" tests="1" failures="1" errors="0" skipped="0">
    <testcase name="DC016 module-not-loadable" classname="b.info" file="b.info" line="1">
      <failure message="w" type="error">b.info:1:1: error DC016 w (module-not-loadable)</failure>
    </testcase>
  </testsuite>
</testsuites>
`
	var buf bytes.Buffer
	if err := (JUnit{}).Format(&buf, &Report{Findings: findings}, Options{}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// junitReports are the reports the schema tests validate: a module with
// several findings, and a clean run.
func junitReports(t *testing.T) map[string][]byte {
	t.Helper()
	golden, err := os.ReadFile(filepath.Join("testdata", "d7_lint_broken.junit.golden"))
	if err != nil {
		t.Fatal(err)
	}
	var clean bytes.Buffer
	if err := (JUnit{}).Format(&clean, &Report{}, Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(clean.String(), `<testcase name="no findings"`) {
		t.Errorf("a clean run has no passing test case:\n%s", clean.String())
	}
	return map[string][]byte{"findings": golden, "clean": clean.Bytes()}
}

// junitBreakers turn a valid report into ones the schema rejects.
var junitBreakers = map[string]func(string) string{
	"testcase without a name": func(s string) string { return strings.Replace(s, `<testcase name="`, `<testcase title="`, 1) },
	"tests not a number":      func(s string) string { return strings.Replace(s, `tests="`, `tests="x`, 1) },
	"failure outside a case": func(s string) string {
		return strings.Replace(s, "<testcase ", `<failure message="m"></failure><testcase `, 1)
	},
	"unknown element": func(s string) string { return strings.Replace(s, "</testcase>", "<warning/></testcase>", 1) },
	"line zero":       func(s string) string { return strings.Replace(s, ` line="12"`, ` line="0"`, 1) },
}

// TestJUnitValidatesAgainstXSD checks the reports against the JUnit XSD in
// testdata with the structural validator of xsd_test.go, and shows that
// the validator rejects what the XSD forbids.
func TestJUnitValidatesAgainstXSD(t *testing.T) {
	t.Parallel()
	schema, err := loadXSD(filepath.Join("testdata", "junit.xsd"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range junitReports(t) {
		if err := schema.validate(data); err != nil {
			t.Errorf("%s: the report does not validate: %v", name, err)
		}
	}
	golden := string(junitReports(t)["findings"])
	for name, breakIt := range junitBreakers {
		broken := breakIt(golden)
		if broken == golden {
			t.Fatalf("%s: the breaker changed nothing", name)
		}
		if schema.validate([]byte(broken)) == nil {
			t.Errorf("%s: the report validated: the check proves nothing", name)
		}
	}
}

// TestJUnitValidatesWithXmllint validates the same reports with libxml2's
// xmllint, which CI installs: it skips without xmllint, except with
// CI=true.
func TestJUnitValidatesWithXmllint(t *testing.T) {
	t.Parallel()
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("xmllint is required in CI (CI=true): %v", err)
		}
		t.Skipf("xmllint not found, skipping: %v", err)
	}
	xsd := filepath.Join("testdata", "junit.xsd")
	dir := t.TempDir()
	check := func(name string, data []byte) error {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".xml")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(xmllint, "--noout", "--schema", xsd, path).CombinedOutput()
		if err != nil {
			return &xmllintError{out: string(out)}
		}
		return nil
	}
	reports := junitReports(t)
	for name, data := range reports {
		if err := check(name, data); err != nil {
			t.Errorf("%s: xmllint rejects the report: %v", name, err)
		}
	}
	for name, breakIt := range junitBreakers {
		if check(name, []byte(breakIt(string(reports["findings"])))) == nil {
			t.Errorf("%s: xmllint accepted the broken report", name)
		}
	}
}

type xmllintError struct{ out string }

func (e *xmllintError) Error() string { return e.out }
