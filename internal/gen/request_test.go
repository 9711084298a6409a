package gen

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dcycle/dcycle/internal/phpast"
)

func TestParseRequest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text    string
		pattern *regexp.Regexp
		noIssue bool
		issues  []string
		summary string
		docLine string
	}{
		{text: "#12345 enable js aggregation", issues: []string{"#12345"}, summary: "Enable js aggregation.", docLine: "#12345: Enable js aggregation."},
		{text: "#12345: Enable JS aggregation", issues: []string{"#12345"}, summary: "Enable js aggregation.", docLine: "#12345: Enable js aggregation."},
		{text: "PROJ-123 enable js aggregation", issues: []string{"PROJ-123"}, summary: "Enable js aggregation.", docLine: "PROJ-123: Enable js aggregation."},
		{text: "  #1, #2 and #3 - fix   the\tthings!  ", issues: []string{"#1", "#2", "#3"}, summary: "Fix the things!", docLine: "#1, #2, #3: Fix the things!"},
		{text: "#7: Already ended.", issues: []string{"#7"}, summary: "Already ended.", docLine: "#7: Already ended."},
		{text: "#7 close the */ comment", issues: []string{"#7"}, summary: "Close the * / comment.", docLine: "#7: Close the * / comment."},
		{text: "#7 éviter les accents", issues: []string{"#7"}, summary: "Éviter les accents.", docLine: "#7: Éviter les accents."},
		{text: "tidy up", noIssue: true, summary: "Tidy up.", docLine: "Tidy up."},
		{text: "#9 tidy up", noIssue: true, issues: []string{"#9"}, summary: "Tidy up.", docLine: "#9: Tidy up."},
		{text: "gh-42 custom tracker", pattern: regexp.MustCompile(`gh-\d+`), issues: []string{"gh-42"}, summary: "Custom tracker.", docLine: "gh-42: Custom tracker."},
		{text: "#1, #2: x", issues: []string{"#1", "#2"}, summary: "X.", docLine: "#1, #2: X."},
		{text: "#1 and #2 - x", issues: []string{"#1", "#2"}, summary: "X.", docLine: "#1, #2: X."},
		{text: "#1, tidy", issues: []string{"#1"}, summary: "Tidy.", docLine: "#1: Tidy."},
		{text: "#1, #2b tidy", issues: []string{"#1"}, summary: "#2b tidy.", docLine: "#1: #2b tidy."},
		{text: "#123abc tidy", noIssue: true, summary: "#123abc tidy.", docLine: "#123abc tidy."},
		{text: "SHOP-7, #9: rename", pattern: regexp.MustCompile(`SHOP-\d+`), issues: []string{"SHOP-7"}, summary: "#9: rename.", docLine: "SHOP-7: #9: rename."},
		{text: "T12 and gh-3 both", pattern: regexp.MustCompile(`T\d+|gh-\d+`), issues: []string{"T12", "gh-3"}, summary: "Both.", docLine: "T12, gh-3: Both."},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			pattern := tt.pattern
			if pattern == nil {
				pattern = phpast.DefaultIssuePattern
			}
			req, err := ParseRequest(tt.text, pattern, tt.noIssue)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(req.Issues, tt.issues) || req.Summary != tt.summary || req.DocLine() != tt.docLine {
				t.Errorf("got issues %q summary %q doc line %q, want %q %q %q", req.Issues, req.Summary, req.DocLine(), tt.issues, tt.summary, tt.docLine)
			}
		})
	}
}

func TestParseRequestErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text    string
		noIssue bool
		noRef   bool
		want    string
	}{
		{text: "enable js aggregation", noRef: true, want: "--no-issue"},
		{text: "#123abc enable", noRef: true, want: "--no-issue"},
		{text: "#123abc tidy", noRef: true, want: "--no-issue"},
		{text: "#12345", want: "no summary"},
		{text: "#12345 :  ", want: "no summary"},
		{text: "   ", noIssue: true, want: "no summary"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			_, err := ParseRequest(tt.text, phpast.DefaultIssuePattern, tt.noIssue)
			if err == nil || !strings.Contains(err.Error(), tt.want) || errors.Is(err, ErrNoIssue) != tt.noRef {
				t.Errorf("err = %v, want one mentioning %q (ErrNoIssue: %v)", err, tt.want, tt.noRef)
			}
		})
	}
}

func TestPHPLiteral(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"1":                    "1",
		"-42":                  "-42",
		"0":                    "0",
		"007":                  "'007'",
		"99999999999999999999": "'99999999999999999999'",
		"1.5":                  "1.5",
		"-0.25e3":              "-0.25e3",
		"1.":                   "'1.'",
		"true":                 "TRUE",
		"FALSE":                "FALSE",
		"Null":                 "NULL",
		"":                     "''",
		"xyz":                  "'xyz'",
		"It's":                 `'It\'s'`,
		`C:\path\`:             `'C:\\path\\'`,
		"$var {$x}":            `'$var {$x}'`,
		"line\nbreak":          "'line\nbreak'",
	}
	for in, want := range tests {
		if got := PHPLiteral(in); got != want {
			t.Errorf("PHPLiteral(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestParseRecipe(t *testing.T) {
	t.Parallel()
	tests := []struct {
		flag, value string
		want        Recipe
	}{
		{"enable", "views", Recipe{Kind: RecipeEnable, Names: []string{"views"}}},
		{"enable", "views, admin_menu", Recipe{Kind: RecipeEnable, Names: []string{"views", "admin_menu"}}},
		{"disable", "toolbar", Recipe{Kind: RecipeDisable, Names: []string{"toolbar"}}},
		{"uninstall", "toolbar", Recipe{Kind: RecipeUninstall, Names: []string{"toolbar"}}},
		{"set", "preprocess_js=1", Recipe{Kind: RecipeSet, Name: "preprocess_js", Value: "1"}},
		{"set", "site_name=a=b", Recipe{Kind: RecipeSet, Name: "site_name", Value: "'a=b'"}},
		{"config", "system.performance:js.preprocess=true", Recipe{Kind: RecipeConfig, Object: "system.performance", Name: "js.preprocess", Value: "TRUE"}},
		{"revert", "xyz_feature", Recipe{Kind: RecipeRevert, Name: "xyz_feature"}},
		{"revert", "xyz_feature:views_view,field_base", Recipe{Kind: RecipeRevert, Name: "xyz_feature", Components: []string{"views_view", "field_base"}}},
		{"theme", "bartik", Recipe{Kind: RecipeTheme, Name: "bartik"}},
	}
	for _, tt := range tests {
		got, err := ParseRecipe(tt.flag, tt.value)
		if err != nil {
			t.Errorf("--%s %s: %v", tt.flag, tt.value, err)
			continue
		}
		if got.Kind != tt.want.Kind || got.Name != tt.want.Name || got.Object != tt.want.Object || got.Value != tt.want.Value ||
			!slices.Equal(got.Names, tt.want.Names) || !slices.Equal(got.Components, tt.want.Components) {
			t.Errorf("--%s %s = %+v, want %+v", tt.flag, tt.value, got, tt.want)
		}
	}
	for _, bad := range [][2]string{
		{"enable", ""}, {"enable", "views,"}, {"enable", "drop table"}, {"set", "=1"}, {"set", "novalue"},
		{"config", "system.performance=1"}, {"config", ":key=1"}, {"revert", "a b"}, {"theme", "x;y"}, {"explode", "x"},
	} {
		if _, err := ParseRecipe(bad[0], bad[1]); err == nil {
			t.Errorf("--%s %q: no error", bad[0], bad[1])
		}
	}
}

func TestCheckCore(t *testing.T) {
	t.Parallel()
	tests := []struct {
		core int
		kind RecipeKind
		flag string // the flag the error must point to, "" when allowed
	}{
		{7, RecipeEnable, ""}, {7, RecipeDisable, ""}, {7, RecipeSet, ""}, {7, RecipeRevert, ""}, {7, RecipeTheme, ""},
		{7, RecipeUninstall, "--disable"}, {7, RecipeConfig, "--set"},
		{10, RecipeEnable, ""}, {10, RecipeUninstall, ""}, {10, RecipeConfig, ""}, {9, RecipeTheme, ""},
		{8, RecipeDisable, "--uninstall"}, {10, RecipeSet, "--config"}, {11, RecipeRevert, "--config"},
	}
	for _, tt := range tests {
		err := CheckCore(tt.core, "m_deploy", []Recipe{{Kind: RecipeEnable}, {Kind: tt.kind}})
		switch {
		case tt.flag == "" && err != nil:
			t.Errorf("core %d --%s: %v", tt.core, tt.kind, err)
		case tt.flag != "" && (err == nil || !strings.Contains(err.Error(), "use "+tt.flag)):
			t.Errorf("core %d --%s: err = %v, want it to name %s", tt.core, tt.kind, err, tt.flag)
		}
	}
}
