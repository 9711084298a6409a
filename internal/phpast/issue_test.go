package phpast

import (
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// issueCases are the lines the one issue grammar must read the same way
// wherever they come from: a docblock's first line or new-update's argument.
// pattern is an issue_pattern as .dcycle.yml would give it; empty means the
// default.
var issueCases = []struct {
	name    string
	line    string
	pattern string
	issues  []string
	rest    string
}{
	{name: "one issue and a colon", line: "#12345: Enable js aggregation", issues: []string{"#12345"}, rest: "Enable js aggregation"},
	{name: "two issues", line: "#1, #2: x", issues: []string{"#1", "#2"}, rest: "x"},
	{name: "project key", line: "PROJ-1 x", issues: []string{"PROJ-1"}, rest: "x"},
	{name: "joined by and", line: "#1 and #2 - x", issues: []string{"#1", "#2"}, rest: "x"},
	{name: "semicolon and ampersand", line: "#1; #2 & PROJ-3 — x", issues: []string{"#1", "#2", "PROJ-3"}, rest: "x"},
	{name: "comma before the summary", line: "#1, tidy", issues: []string{"#1"}, rest: "tidy"},
	{name: "and that starts the summary", line: "#1 and more", issues: []string{"#1"}, rest: "and more"},
	{name: "digits glued to a word", line: "#123abc tidy", rest: "#123abc tidy"},
	{name: "second reference glued to a word", line: "#1, #2b tidy", issues: []string{"#1"}, rest: "#2b tidy"},
	{name: "underscore ends no word", line: "#7_x tidy", rest: "#7_x tidy"},
	{name: "key glued to a word", line: "PROJ-12x tidy", rest: "PROJ-12x tidy"},
	{name: "no reference", line: "Enable the shop.", rest: "Enable the shop."},
	{name: "reference later in the line", line: "Fix #12", rest: "Fix #12"},
	{name: "custom pattern", line: "gh-42: custom tracker", pattern: `gh-\d+`, issues: []string{"gh-42"}, rest: "custom tracker"},
	{name: "custom pattern glued to a word", line: "gh-42x custom tracker", pattern: `gh-\d+`, rest: "gh-42x custom tracker"},
	{name: "custom pattern ignores the default", line: "#9 SHOP-8 other", pattern: `SHOP-\d+`, rest: "#9 SHOP-8 other"},
	{name: "custom pattern then another kind", line: "SHOP-7, #9: rename", pattern: `SHOP-\d+`, issues: []string{"SHOP-7"}, rest: "#9: rename"},
	{name: "custom alternation", line: "T12 and gh-3 both", pattern: `T\d+|gh-\d+`, issues: []string{"T12", "gh-3"}, rest: "both"},
	{name: "custom anchored pattern", line: "T12 x", pattern: `^T\d+`, issues: []string{"T12"}, rest: "x"},
}

func issuePattern(t *testing.T, pattern string) *regexp.Regexp {
	t.Helper()
	if pattern == "" {
		return DefaultIssuePattern
	}
	return regexpMust(t, pattern)
}

func TestSplitIssues(t *testing.T) {
	t.Parallel()
	for _, tt := range issueCases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			issues, rest := SplitIssues(tt.line, issuePattern(t, tt.pattern))
			if !cmp.Equal(issues, tt.issues) || rest != tt.rest {
				t.Errorf("SplitIssues(%q) = %q, %q; want %q, %q", tt.line, issues, rest, tt.issues, tt.rest)
			}
		})
	}
}

// A docblock's first line is read with the same grammar: the issues the
// table expects, and the rest as the summary without its final period.
func TestDocblockIssuesUseSplitIssues(t *testing.T) {
	t.Parallel()
	for _, tt := range issueCases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := "<?php\n/**\n * " + tt.line + "\n */\nfunction m_update_7001() {}\n"
			opts := Options{Module: "m"}
			if tt.pattern != "" {
				opts.IssuePattern = issuePattern(t, tt.pattern)
			}
			f, err := ParseFile("m.install", []byte(src), opts)
			if err != nil {
				t.Fatal(err)
			}
			doc := function(t, f, "m_update_7001").Doc
			if want := strings.TrimSuffix(tt.rest, "."); !cmp.Equal(doc.Issues, tt.issues) || doc.Summary != want {
				t.Errorf("docblock %q: issues %q summary %q; want %q %q", tt.line, doc.Issues, doc.Summary, tt.issues, want)
			}
		})
	}
}
