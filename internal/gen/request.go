package gen

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dcycle/dcycle/internal/phpast"
)

// Request is what one new update is made of: the issue it is tied to, the
// summary its docblock shows, and the recipes its body runs, in order.
type Request struct {
	// Issues are the references the summary was given with ("#12345"),
	// empty with --no-issue.
	Issues []string
	// Summary is sentence-cased and ends with a period.
	Summary string
	Recipes []Recipe
}

// DocLine is the first line of the update's docblock: what update.php and
// drush updb show.
func (r Request) DocLine() string {
	if len(r.Issues) == 0 {
		return r.Summary
	}
	return strings.Join(r.Issues, ", ") + ": " + r.Summary
}

// ErrNoIssue is returned by ParseRequest when the text does not start with
// an issue reference and one is required.
var ErrNoIssue = errors.New("no issue reference")

var (
	summaryLead = regexp.MustCompile(`^[\s:\-–—]+`)
	spaces      = regexp.MustCompile(`\s+`)
)

// ParseRequest reads new-update's argument: issue references at the start
// ("#12345", "PROJ-123", or what pattern accepts), then the summary. The
// references are read as list reads a docblock (phpast.SplitIssues), so
// "#123abc tidy" has none here and none there. Without references it fails
// with ErrNoIssue unless noIssue is set.
func ParseRequest(text string, pattern *regexp.Regexp, noIssue bool) (Request, error) {
	text = strings.TrimSpace(spaces.ReplaceAllString(text, " "))
	issues, rest := phpast.SplitIssues(text, pattern)
	if len(issues) == 0 && !noIssue {
		return Request{}, fmt.Errorf("%w: %q should start with one, like \"#12345 enable js aggregation\" or \"PROJ-123 enable js aggregation\"; pass --no-issue to go without", ErrNoIssue, text)
	}
	summary := strings.TrimSpace(summaryLead.ReplaceAllString(rest, ""))
	if summary == "" {
		return Request{}, fmt.Errorf("%q has no summary: say what the update does, like \"#12345 enable js aggregation\"", text)
	}
	return Request{Issues: issues, Summary: sentence(summary)}, nil
}

// sentence capitalises the first letter, lower-cases the rest (the SPEC's
// "Enable JS aggregation" → "Enable js aggregation."), ends the text with a
// period, and keeps the docblock closed whatever the user typed.
func sentence(s string) string {
	s = strings.ToLower(s)
	r, size := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(r)) + s[size:]
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "!") && !strings.HasSuffix(s, "?") {
		s += "."
	}
	return strings.ReplaceAll(s, "*/", "* /")
}

// RecipeKind is what a recipe does.
type RecipeKind string

// Recipe kinds, named after their command-line flags.
const (
	RecipeEnable    RecipeKind = "enable"
	RecipeDisable   RecipeKind = "disable"
	RecipeUninstall RecipeKind = "uninstall"
	RecipeSet       RecipeKind = "set"
	RecipeConfig    RecipeKind = "config"
	RecipeRevert    RecipeKind = "revert"
	RecipeTheme     RecipeKind = "theme"
)

// Recipe is one step of an update's body.
type Recipe struct {
	Kind RecipeKind
	// Names are the modules of enable/disable/uninstall.
	Names []string
	// Name is the variable (set), config key (config), feature (revert) or
	// theme (theme).
	Name string
	// Object is the config object of a config recipe (system.performance).
	Object string
	// Value is the PHP literal a set or config recipe writes.
	Value string
	// Components are the Features components a revert is limited to; empty
	// reverts the whole feature.
	Components []string
}

var machineName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// ParseRecipe reads one recipe flag: flag is its name without dashes
// ("enable"), value what followed it.
func ParseRecipe(flag, value string) (Recipe, error) {
	kind := RecipeKind(flag)
	r := Recipe{Kind: kind}
	switch kind {
	case RecipeEnable, RecipeDisable, RecipeUninstall:
		names, err := machineNames(flag, value)
		if err != nil {
			return Recipe{}, err
		}
		r.Names = names
	case RecipeSet:
		name, v, ok := strings.Cut(value, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return Recipe{}, fmt.Errorf("--set %q: want NAME=VALUE", value)
		}
		r.Name, r.Value = name, PHPLiteral(v)
	case RecipeConfig:
		target, v, ok := strings.Cut(value, "=")
		object, key, hasKey := strings.Cut(target, ":")
		object, key = strings.TrimSpace(object), strings.TrimSpace(key)
		if !ok || !hasKey || object == "" || key == "" {
			return Recipe{}, fmt.Errorf("--config %q: want OBJECT:KEY=VALUE, like system.performance:js.preprocess=true", value)
		}
		r.Object, r.Name, r.Value = object, key, PHPLiteral(v)
	case RecipeRevert:
		feature, components, hasComponents := strings.Cut(value, ":")
		if !machineName.MatchString(feature) {
			return Recipe{}, fmt.Errorf("--revert %q: want FEATURE or FEATURE:COMPONENT[,COMPONENT], FEATURE a module's machine name", value)
		}
		r.Name = feature
		if hasComponents {
			names, err := machineNames(flag, components)
			if err != nil {
				return Recipe{}, err
			}
			r.Components = names
		}
	case RecipeTheme:
		if !machineName.MatchString(value) {
			return Recipe{}, fmt.Errorf("--theme %q: want a theme's machine name", value)
		}
		r.Name = value
	default:
		return Recipe{}, fmt.Errorf("unknown recipe --%s", flag)
	}
	return r, nil
}

func machineNames(flag, value string) ([]string, error) {
	var names []string
	for _, n := range strings.Split(value, ",") {
		n = strings.TrimSpace(n)
		if !machineName.MatchString(n) {
			return nil, fmt.Errorf("--%s %q: %q is not a machine name (letters, digits and underscores)", flag, value, n)
		}
		names = append(names, n)
	}
	return names, nil
}

var (
	phpInt   = regexp.MustCompile(`^-?(0|[1-9][0-9]*)$`)
	phpFloat = regexp.MustCompile(`^-?(0|[1-9][0-9]*)\.[0-9]+([eE][-+]?[0-9]+)?$`)
)

// PHPLiteral reads a command-line value as PHP would want it written:
// integers and floats as numbers, true/false/null as TRUE/FALSE/NULL, and
// anything else as a single-quoted string. Leading zeros make a string, not
// an octal number, and so do integers PHP cannot hold.
func PHPLiteral(v string) string {
	switch strings.ToLower(v) {
	case "true":
		return "TRUE"
	case "false":
		return "FALSE"
	case "null":
		return "NULL"
	}
	if phpInt.MatchString(v) {
		if _, err := strconv.ParseInt(v, 10, 64); err == nil {
			return v
		}
	}
	if phpFloat.MatchString(v) {
		return v
	}
	return PHPString(v)
}

// PHPString quotes s as a single-quoted PHP string: only the backslash and
// the quote need escaping there, and no byte is interpreted.
func PHPString(s string) string { return "'" + phpEscape(s) + "'" }

func phpEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s)
}

// CheckCore refuses a recipe that belongs to the other Drupal generation,
// naming the flag to use instead.
func CheckCore(core int, module string, recipes []Recipe) error {
	for _, r := range recipes {
		var hint string
		switch {
		case core == 7 && r.Kind == RecipeUninstall:
			hint = "--uninstall is for Drupal 8 and later; use --disable MOD[,MOD]"
		case core == 7 && r.Kind == RecipeConfig:
			hint = "--config OBJECT:KEY=VALUE is for Drupal 8 and later; use --set NAME=VALUE"
		case core >= 8 && r.Kind == RecipeDisable:
			hint = "--disable is for Drupal 7; use --uninstall MOD[,MOD]"
		case core >= 8 && r.Kind == RecipeSet:
			hint = "--set is for Drupal 7 variables; use --config OBJECT:KEY=VALUE"
		case core >= 8 && r.Kind == RecipeRevert:
			hint = "--revert is for Drupal 7 Features; use --config OBJECT:KEY=VALUE, or import the configuration"
		}
		if hint != "" {
			return fmt.Errorf("%s is a Drupal %d module: %s", module, core, hint)
		}
	}
	return nil
}
