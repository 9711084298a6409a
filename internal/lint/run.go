package lint

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"runtime"
	"sort"
	"sync"
	"unicode/utf8"

	"github.com/dcycle/dcycle/internal/history"
	"github.com/dcycle/dcycle/internal/phpast"
)

// Options configure a run.
type Options struct {
	// Rules are the rules to run; nil means Registry().
	Rules []*Rule
	// Severities override rules' default severities (.dcycle.yml), by ID;
	// SeverityOff turns a rule off.
	Severities map[string]Severity
	// IssuePattern matches one issue reference (DC011); nil means the
	// parser's default.
	IssuePattern *regexp.Regexp
	// Display turns a file path into the form findings show; nil keeps it.
	Display func(path string) string
	// Workers is how many modules are checked at once; 0 means one per CPU.
	Workers int
	// Base reads a module as it was at the base ref of --base, which turns
	// on the history rules (DC020–DC022); nil leaves them off.
	Base func(*phpast.Module, phpast.Options) (*history.Base, error)
	// Templates are the PHP templates the fixes of DC005 and DC006 render;
	// nil means the built-in ones.
	Templates fs.FS
	// KeepModules keeps the parsed modules in the Result, for ApplyFixes.
	// Without it each module is dropped once checked, so that a large tree
	// does not hold every file's model in memory at once.
	KeepModules bool
	// ConfigSync is the config sync directory .dcycle.yml names
	// (config_sync:), for DC014 when settings.php names none.
	ConfigSync string
	// Staged reads the modules' PHP files as the git index stages them
	// (lint --staged) instead of from the working tree.
	Staged bool
}

// Result is the outcome of a run.
type Result struct {
	// Findings are sorted by path, line, column and rule.
	Findings []Finding
	// Modules are the parsed modules, in the order of the targets (nil
	// where the .install did not parse), when Options.KeepModules is set.
	Modules []*phpast.Module
}

// Run lints every target, on all cores, and returns the findings in a
// stable order. An error is an I/O failure (exit 2); a file that does not
// parse is a DC000 finding, not an error.
func Run(targets []Target, opts Options) (*Result, error) {
	rules := opts.Rules
	if rules == nil {
		rules = Registry()
	}
	enabled, err := configure(rules, opts.Severities)
	if err != nil {
		return nil, err
	}
	known := make(map[string]bool, len(rules))
	for _, r := range rules {
		known[r.ID] = true
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(targets))
	res := &Result{Modules: make([]*phpast.Module, len(targets))}
	perTarget := make([][]Finding, len(targets))
	errs := make([]error, len(targets))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				var m *phpast.Module
				m, perTarget[i], errs[i] = lintTarget(&targets[i], enabled, known, opts)
				if opts.KeepModules {
					res.Modules[i] = m
				}
			}
		}()
	}
	for i := range targets {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for _, fs := range perTarget {
		res.Findings = append(res.Findings, fs...)
	}
	Sort(res.Findings)
	return res, nil
}

// Sort orders findings by path, line, column, then rule.
func Sort(findings []Finding) {
	sort.SliceStable(findings, func(i, j int) bool {
		a, b := findings[i], findings[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return a.Rule < b.Rule
	})
}

// enabledRule is a rule with the severity it runs at.
type enabledRule struct {
	*Rule
	severity Severity
}

func configure(rules []*Rule, severities map[string]Severity) ([]enabledRule, error) {
	known := make(map[string]bool, len(rules))
	var out []enabledRule
	for _, r := range rules {
		known[r.ID] = true
		sev := r.Severity
		if s, ok := severities[r.ID]; ok {
			sev = s
		}
		if sev != SeverityOff {
			out = append(out, enabledRule{Rule: r, severity: sev})
		}
	}
	ids := make([]string, 0, len(severities))
	for id := range severities {
		if !known[id] {
			ids = append(ids, id)
		}
	}
	if len(ids) > 0 {
		sort.Strings(ids)
		return nil, fmt.Errorf("unknown rule %s in the configuration", ids[0])
	}
	return out, nil
}

// lintTarget reads, parses and checks one module.
func lintTarget(t *Target, rules []enabledRule, known map[string]bool, opts Options) (*phpast.Module, []Finding, error) {
	display := opts.Display
	if display == nil {
		display = func(p string) string { return p }
	}
	popts := phpast.Options{Module: t.Name, IssuePattern: opts.IssuePattern}
	m, broken, err := opts.load(t, popts)
	var rerr *fs.PathError
	if errors.As(err, &rerr) {
		rerr.Path = display(rerr.Path)
	}
	if err != nil {
		return nil, nil, err
	}
	var findings []Finding
	parseFailed := len(broken) > 0
	if sev := severityOf(rules, dc000.ID); sev != SeverityOff {
		for _, b := range broken {
			pf := parseFinding(b)
			pf.Severity = sev
			findings = append(findings, pf)
		}
	}
	hist, err := compareWithBase(m, popts, opts.Base, parseFailed)
	if err != nil {
		return nil, nil, err
	}
	for _, r := range rules {
		if r.NeedsSource && parseFailed {
			continue
		}
		if r.Check == nil {
			continue
		}
		sev := r.severity
		pass := &Pass{Module: m, Target: t, History: hist, Templates: opts.Templates, ConfigSync: opts.ConfigSync, Display: display, rule: r.Rule, report: func(f Finding) {
			f.Severity = sev
			findings = append(findings, f)
		}}
		r.Check(pass)
	}
	for i := range findings {
		place(&findings[i], display)
		findings[i].Module = t.Name
	}
	findings = suppress(m, findings, rules, known, display)
	if parseFailed {
		return nil, findings, nil
	}
	return m, findings, nil
}

// severityOf is the severity an enabled rule runs at, SeverityOff when the
// rule is off.
func severityOf(rules []enabledRule, id string) Severity {
	for _, r := range rules {
		if r.ID == id {
			return r.severity
		}
	}
	return SeverityOff
}

// parseFinding turns a file that does not parse into DC000.
func parseFinding(b phpast.BrokenFile) Finding {
	perr, src := b.Err, b.Src
	f := Finding{
		Rule: dc000.ID, Name: dc000.Name,
		Path: perr.Path, Line: perr.Line, Column: perr.Col, EndLine: perr.Line, EndColumn: perr.Col,
		Message:  perr.Msg,
		funcSpan: phpast.Span{Start: -1, End: -1},
	}
	lines := phpast.NewLineIndex(src)
	start := lines.LineStart(perr.Line)
	f.SourceLine = lineText(src, start)
	f.RuneColumn = runeColumn(src, start, start+perr.Col-1)
	f.RuneEndColumn = f.RuneColumn
	f.span = phpast.Span{Start: start + perr.Col - 1, End: start + perr.Col - 1}
	return f
}

// place fills a finding's path, line and columns from its byte span.
func place(f *Finding, display func(string) string) {
	if f.file == nil {
		f.Path = display(f.Path)
		if f.RuneColumn == 0 {
			f.RuneColumn, f.RuneEndColumn = f.Column, f.EndColumn
		}
		return
	}
	src := f.file.Src
	f.Path = display(f.file.Path)
	f.Line, f.Column = f.file.Lines.Position(f.span.Start)
	f.EndLine, f.EndColumn = f.file.Lines.Position(f.span.End)
	start := f.file.Lines.LineStart(f.Line)
	f.SourceLine = lineText(src, start)
	f.RuneColumn = runeColumn(src, start, f.span.Start)
	endStart := f.file.Lines.LineStart(f.EndLine)
	f.RuneEndColumn = runeColumn(src, endStart, f.span.End)
}

// lineText returns the line that starts at offset, without its ending.
func lineText(src []byte, start int) string {
	if start >= len(src) {
		return ""
	}
	line := src[start:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	return string(bytes.TrimSuffix(line, []byte("\r")))
}

// runeColumn counts the code points between a line's start and offset, one
// per invalid byte (Latin-1 text), and returns it 1-based.
func runeColumn(src []byte, lineStart, offset int) int {
	offset = min(max(offset, lineStart), len(src))
	return utf8.RuneCount(src[lineStart:offset]) + 1
}
