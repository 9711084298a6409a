package lint

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/dcycle/dcycle/internal/phpast"
	"github.com/dcycle/dcycle/internal/procedure"
	"github.com/dcycle/dcycle/internal/project"
)

// ProcedureTarget is a deployment procedure to lint — a bash script or an
// Ansible playbook — with what the project says about the site it
// deploys.
type ProcedureTarget struct {
	Path string
	// Core is the site's Drupal core major, 0 when unknown (the rules then
	// go by the drush commands the procedure runs).
	Core int
	// DeployHooks is the deploy module's NAME.deploy.php, "" when it has
	// none (DC111).
	DeployHooks string
}

// ProcedurePass is what a procedure rule sees, and where it reports.
type ProcedurePass struct {
	Procedure *procedure.Procedure
	rule      *Rule
	report    func(Finding)
}

// Report records a finding of the pass's rule at a span of the procedure.
func (p *ProcedurePass) Report(span procedure.Span, format string, args ...any) {
	p.report(procedureFinding(p.Procedure, p.rule, span, fmt.Sprintf(format, args...)))
}

// ReportStep records a finding at a step.
func (p *ProcedurePass) ReportStep(s *procedure.Step, format string, args ...any) {
	p.Report(s.Span, format, args...)
}

func procedureFinding(proc *procedure.Procedure, r *Rule, span procedure.Span, msg string) Finding {
	f := Finding{
		Rule: r.ID, Name: r.Name, Message: msg, Path: proc.Path,
		Line: span.Start.Line, Column: span.Start.Col, EndLine: span.End.Line, EndColumn: span.End.Col,
		SourceLine: proc.LineText(span.Start.Line),
		funcSpan:   noSpan,
	}
	f.RuneColumn = runeColumn([]byte(f.SourceLine), 0, f.Column-1)
	f.RuneEndColumn = runeColumn([]byte(proc.LineText(span.End.Line)), 0, f.EndColumn-1)
	return f
}

// RunProcedures lints procedures with the procedure rules (DC101–DC111)
// and returns the findings in the order Run gives them. A file that
// cannot be read is an error (exit 2); one that does not parse is a DC000
// finding.
func RunProcedures(targets []ProcedureTarget, opts Options) ([]Finding, error) {
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
	display := opts.Display
	if display == nil {
		display = func(p string) string { return p }
	}
	var out []Finding
	for _, t := range targets {
		findings, err := lintProcedure(t, enabled, known, display)
		if err != nil {
			return nil, err
		}
		out = append(out, findings...)
	}
	Sort(out)
	return out, nil
}

func lintProcedure(t ProcedureTarget, rules []enabledRule, known map[string]bool, display func(string) string) ([]Finding, error) {
	proc, err := procedure.Load(t.Path, procedure.Options{Core: t.Core, DeployHooks: t.DeployHooks})
	var serr *procedure.SyntaxError
	if errors.As(err, &serr) {
		sev := severityOf(rules, dc000.ID)
		if sev == SeverityOff {
			return nil, nil
		}
		f := Finding{
			Rule: dc000.ID, Name: dc000.Name, Severity: sev, Path: display(t.Path),
			Line: max(serr.Line, 1), Column: max(serr.Col, 1), EndLine: max(serr.Line, 1), EndColumn: max(serr.Col, 1),
			Message: serr.Msg, funcSpan: noSpan,
		}
		f.RuneColumn, f.RuneEndColumn = f.Column, f.EndColumn
		return []Finding{f}, nil
	}
	if err != nil {
		var perr *fs.PathError
		if errors.As(err, &perr) {
			perr.Path = display(perr.Path)
		}
		return nil, err
	}
	var findings []Finding
	for _, r := range rules {
		if r.CheckProcedure == nil {
			continue
		}
		sev := r.severity
		pass := &ProcedurePass{Procedure: proc, rule: r.Rule, report: func(f Finding) {
			f.Severity = sev
			findings = append(findings, f)
		}}
		r.CheckProcedure(pass)
	}
	findings = suppressInProcedure(proc, findings, rules, known)
	for i := range findings {
		findings[i].Path = display(findings[i].Path)
	}
	return findings, nil
}

// noSpan marks a finding that is in no PHP function.
var noSpan = phpast.Span{Start: -1, End: -1}

// procedureDirective is a dcycle-ignore comment of a procedure.
type procedureDirective struct {
	line int
	// task is the Ansible task the comment heads: it covers the whole
	// task.
	task procedure.Span
	directive
}

// suppressInProcedure drops the findings a valid "# dcycle-ignore DCnnn --
// reason" covers (on its line, the line below, or the Ansible task it
// heads) and reports invalid ones as DC099, as suppress does for PHP.
func suppressInProcedure(proc *procedure.Procedure, findings []Finding, rules []enabledRule, known map[string]bool) []Finding {
	if !bytes.Contains(proc.Src, []byte(ignoreMarker)) {
		return findings
	}
	var valid []procedureDirective
	var bad []Finding
	badSeverity := severityOf(rules, dc099.ID)
	for _, c := range proc.Comments {
		i := strings.Index(c.Text, ignoreMarker)
		if i < 0 {
			continue
		}
		rest := c.Text[i+len(ignoreMarker):]
		if rest != "" && !isSpace(rest[0]) {
			continue // prose, not a directive
		}
		d := procedureDirective{line: c.Pos.Line, task: c.Task, directive: parseDirective(rest)}
		problem := d.problem(known, "#")
		if problem == "" {
			valid = append(valid, d)
			continue
		}
		if badSeverity == SeverityOff {
			continue
		}
		at := c.Pos
		at.Offset, at.Col = at.Offset+i, at.Col+i
		end := at
		end.Offset, end.Col = end.Offset+len(ignoreMarker), end.Col+len(ignoreMarker)
		f := procedureFinding(proc, dc099, procedure.Span{Start: at, End: end}, problem)
		f.Severity = badSeverity
		bad = append(bad, f)
	}
	kept := findings[:0]
	for _, f := range findings {
		if !suppressedInProcedure(f, valid) {
			kept = append(kept, f)
		}
	}
	return append(kept, bad...)
}

func suppressedInProcedure(f Finding, dirs []procedureDirective) bool {
	for _, d := range dirs {
		if !contains(d.ids, f.Rule) {
			continue
		}
		if d.line == f.Line || d.line == f.Line-1 {
			return true
		}
		if d.task != (procedure.Span{}) && d.task.ContainsLine(f.Line) {
			return true
		}
	}
	return false
}

// stepText names a step in a message: its command, shortened.
func stepText(s *procedure.Step) string {
	t := s.Text
	if len(t) > 60 {
		t = t[:57] + "…"
	}
	return t
}

// drushName names a drush step as written: "drush updb".
func drushName(s *procedure.Step) string {
	return "drush " + s.Drush.Written
}

// SplitProcedures separates, among the paths given to lint, the
// deployment procedures (scripts and playbooks, as procedure.Detect tells
// them) from the module paths. A folder is never a procedure. Relative
// paths are relative to dir; procedures come back joined to it, modules
// as given.
func SplitProcedures(dir string, paths []string) (procedures, modules []string) {
	for _, given := range paths {
		p := given
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		fi, err := os.Stat(p)
		if err == nil && fi.IsDir() {
			modules = append(modules, given)
			continue
		}
		var head []byte
		if err == nil {
			head = readHead(p)
		}
		if _, ok := procedure.Detect(p, head); ok {
			procedures = append(procedures, p)
		} else {
			modules = append(modules, given)
		}
	}
	return procedures, modules
}

// readHead returns the first bytes of a file, where a #! line is; nil
// when it cannot be read (Load then says why).
func readHead(path string) []byte {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	buf := make([]byte, 200)
	n, _ := io.ReadFull(f, buf)
	return buf[:n]
}

// ProcedureTargets makes lint targets of procedure paths. The site they
// deploy is described by core (0 when unknown: the module's, else the
// procedure's own commands tell) and by the deploy modules found: the
// first with NAME.deploy.php gives DC111 its deploy hooks.
func ProcedureTargets(paths []string, mods []*project.Module, core int) []ProcedureTarget {
	hooks := ""
	for _, m := range mods {
		if m.DeployPath != "" {
			hooks = m.DeployPath
			if core == 0 {
				core = m.Core
			}
			break
		}
	}
	if core == 0 && len(mods) == 1 {
		core = mods[0].Core
	}
	out := make([]ProcedureTarget, len(paths))
	for i, p := range paths {
		out[i] = ProcedureTarget{Path: p, Core: core, DeployHooks: hooks}
	}
	return out
}

// ConfiguredProcedures returns the procedures in the folder .dcycle.yml's
// procedure.out names (dcycle procedure's output): its deploy.sh and
// deploy.yml, those that exist. dir is the folder a relative config path
// is relative to.
func ConfiguredProcedures(cfg *project.Config, dir string) []string {
	if cfg == nil || cfg.Procedure.Out == "" {
		return nil
	}
	base := cfg.Path
	if !filepath.IsAbs(base) {
		base = filepath.Join(dir, base)
	}
	out := cfg.Procedure.Out
	if !filepath.IsAbs(out) {
		out = filepath.Join(filepath.Dir(base), out)
	}
	var paths []string
	for _, name := range []string{procedure.ScriptFile, procedure.PlaybookFile} {
		p := filepath.Join(out, name)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			paths = append(paths, p)
		}
	}
	return paths
}
