package format

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
)

// JUnit writes a JUnit XML report, which GitLab (artifacts:reports:junit),
// Bitbucket Pipelines, Jenkins and most CI servers show as test results:
// one test suite per file with findings, one failed test case per finding.
// A test case is named by rule and function, not by line, so that a CI
// server that compares runs sees the same test when lines move. A run with
// no finding is one passing test case, so that the report is never empty.
type JUnit struct{}

// Name implements Formatter.
func (JUnit) Name() string { return "junit" }

type junitReport struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitFailure `xml:"failure"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// Format implements Formatter.
func (JUnit) Format(w io.Writer, r *Report, _ Options) error {
	doc := junitReport{Name: "dcycle lint"}
	seen := map[string]int{}
	for _, f := range r.Findings {
		path := reportPath(f.Path)
		if len(doc.Suites) == 0 || doc.Suites[len(doc.Suites)-1].Name != path {
			doc.Suites = append(doc.Suites, junitSuite{Name: path})
		}
		suite := &doc.Suites[len(doc.Suites)-1]
		name := f.Rule + " " + f.Name
		if f.Function != "" {
			name += " in " + f.Function + "()"
		}
		key := path + "\x00" + name
		seen[key]++
		if n := seen[key]; n > 1 {
			name += " #" + strconv.Itoa(n)
		}
		suite.Cases = append(suite.Cases, junitCase{
			Name: name, ClassName: path, File: path, Line: f.Line,
			Failure: &junitFailure{
				Message: f.Message,
				Type:    f.Severity.String(),
				Text:    fmt.Sprintf("%s:%d:%d: %s %s %s (%s)", path, f.Line, f.Column, f.Severity, f.Rule, f.Message, f.Name),
			},
		})
		suite.Tests++
		suite.Failures++
	}
	if len(doc.Suites) == 0 {
		doc.Suites = []junitSuite{{Name: "dcycle lint", Tests: 1, Cases: []junitCase{{Name: "no findings", ClassName: "dcycle lint"}}}}
	}
	for _, s := range doc.Suites {
		doc.Tests += s.Tests
		doc.Failures += s.Failures
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
