// Package lint owns dcycle's checks of deploy modules: the rules (one file
// each, listed in registry.go), how a module is loaded and checked, how
// findings are suppressed, configured and sorted, and the safe fixes. It
// reads modules only through the phpast model; output formats live in
// lint/format.
package lint

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/dcycle/dcycle/internal/history"
	"github.com/dcycle/dcycle/internal/phpast"
)

// Severity orders findings; a run fails on findings at or above a chosen
// severity.
type Severity int

// Severities, lowest first. SeverityOff turns a rule off.
const (
	SeverityOff Severity = iota
	SeverityInfo
	SeverityWarning
	SeverityError
)

var severityNames = [...]string{"off", "info", "warning", "error"}

func (s Severity) String() string { return severityNames[s] }

// ParseSeverity reads "off", "info", "warning" or "error".
func ParseSeverity(s string) (Severity, error) {
	for i, name := range severityNames {
		if s == name {
			return Severity(i), nil
		}
	}
	return SeverityOff, fmt.Errorf("unknown severity %q: use off, info, warning or error", s)
}

// FixSafety tells whether --fix may apply a rule's fix on its own.
type FixSafety int

// Fix safeties, as ruff names them: a safe fix keeps the code's meaning
// apart from the mistake it removes; an unsafe one needs a human.
const (
	FixNone FixSafety = iota
	FixSafe
	FixUnsafe
)

var fixSafetyNames = [...]string{"none", "safe", "unsafe"}

func (f FixSafety) String() string { return fixSafetyNames[f] }

// Doc is a rule's documentation, rendered to docs/rules/DCnnn.md and to
// SARIF's rules[].
type Doc struct {
	// Title says in one line what the rule finds.
	Title string
	// Why explains what goes wrong on a real site.
	Why string
	// Bad and Good are PHP examples, without the opening tag, or for a
	// procedure rule examples in Lang.
	Bad, Good string
	// Lang is the language of Bad and Good: "" for PHP, "bash" or "yaml".
	Lang string
	// Fix says how to correct the code, and what --fix does when it can.
	Fix string
	// Since is the dcycle version that introduced the rule.
	Since string
}

// Rule is one check. ID and Name are permanent: a rule is never renumbered,
// and a rename keeps the old name as an alias.
type Rule struct {
	ID       string
	Name     string
	Severity Severity
	Doc      Doc
	Fix      FixSafety
	// Check reports the rule's findings on one module. Rules that read the
	// PHP model are not called for a module whose .install does not parse.
	Check func(*Pass)
	// CheckProcedure reports the findings of a procedure rule (DC101–DC111)
	// on one deployment procedure; such a rule has no Check.
	CheckProcedure func(*ProcedurePass)
	// NeedsSource is false for rules that read only files beside the
	// .install (DC016) and must run even when it does not parse.
	NeedsSource bool
}

// Pass is what a rule sees of one module, and where it reports.
type Pass struct {
	Module *phpast.Module
	// Target is how the module was found (its info file, whether it is a
	// lone .install file).
	Target *Target
	// History compares the module with the base ref of --base, for
	// DC020–DC022; nil without --base.
	History *history.Comparison
	// Templates are the PHP templates fixes render (DC005, DC006); nil
	// means the built-in ones.
	Templates fs.FS
	// ConfigSync is the config sync directory .dcycle.yml names, for
	// DC014 when settings.php names none; "" for none.
	ConfigSync string
	// Display shows a path as findings show theirs (relative to the
	// working folder), for a message that names a file; nil keeps it.
	Display func(path string) string
	rule    *Rule
	report  func(Finding)
}

// Report records a finding of the pass's rule at span of file, inside the
// function fn (nil for a file-level finding).
func (p *Pass) Report(file *phpast.File, span phpast.Span, fn *phpast.Function, format string, args ...any) {
	p.ReportFix(file, span, fn, nil, format, args...)
}

// ReportFix is Report with the fix that corrects the finding, whose edits
// are for file; nil when the rule cannot offer one for this finding.
func (p *Pass) ReportFix(file *phpast.File, span phpast.Span, fn *phpast.Function, fix *Fix, format string, args ...any) {
	f := Finding{
		Rule:     p.rule.ID,
		Name:     p.rule.Name,
		Message:  fmt.Sprintf(format, args...),
		Fix:      fix,
		Fixable:  fix != nil && p.rule.Fix == FixSafe,
		file:     file,
		span:     span,
		funcSpan: phpast.Span{Start: -1, End: -1},
	}
	if fn != nil {
		f.Function = fn.Name
		f.funcSpan = fn.Span
	}
	p.report(f)
}

// ReportAt records a finding on a file dcycle does not parse (an info
// file), at a 1-based line.
func (p *Pass) ReportAt(path string, line int, format string, args ...any) {
	p.report(Finding{
		Rule: p.rule.ID, Name: p.rule.Name, Message: fmt.Sprintf(format, args...),
		Path: path, Line: line, Column: 1, EndLine: line, EndColumn: 1,
		funcSpan: phpast.Span{Start: -1, End: -1},
	})
}

// Finding is one reported problem. Lines and columns are 1-based; columns
// count bytes, as compilers and gopls do.
type Finding struct {
	Rule      string
	Name      string
	Severity  Severity
	Path      string
	Line      int
	Column    int
	EndLine   int
	EndColumn int
	// Function is the enclosing function's name, "" for a file-level finding.
	Function string
	// Module is the machine name of the module the finding is in, "" for
	// a procedure's.
	Module  string
	Message string
	// Fix corrects the finding, nil when there is none.
	Fix *Fix
	// Fixable is true when --fix can correct the finding on its own: it
	// has a fix, and the rule's fixes are safe.
	Fixable bool
	// SourceLine is the text of Line, for --show-source.
	SourceLine string
	// RuneColumn and RuneEndColumn count Unicode code points instead of
	// bytes, for formats (SARIF) that cannot take byte columns.
	RuneColumn, RuneEndColumn int

	file     *phpast.File
	span     phpast.Span
	funcSpan phpast.Span
}

// Fix is a change that corrects a finding, as go/analysis's SuggestedFix:
// what it does, as a verb phrase, and byte edits of the finding's file,
// planned on the bytes the finding was reported on.
type Fix struct {
	Message string
	Edits   []phpast.Edit
}

// Location renders path:line:col.
func (f Finding) Location() string { return fmt.Sprintf("%s:%d:%d", f.Path, f.Line, f.Column) }

// isKebab reports whether s is a lower-case kebab-case name.
func isKebab(s string) bool {
	if s == "" || strings.HasPrefix(s, "-") || strings.HasSuffix(s, "-") || strings.Contains(s, "--") {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return true
}
