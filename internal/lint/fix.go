package lint

import (
	"fmt"
	"slices"
	"sort"

	"github.com/dcycle/dcycle/internal/gen"
	"github.com/dcycle/dcycle/internal/phpast"
	"github.com/dcycle/dcycle/templates"
)

// replayFix is the fix DC005 and DC006 offer: hook_install() created, or
// its replay rewritten, into the resumable, sandbox-safe form
// (gen.ReplayEdit). It is nil when the finding is not in the .install, or
// when the edit cannot be planned (an unknown core major): --fix then
// leaves the finding for a human.
func replayFix(p *Pass, file *phpast.File) *Fix {
	m := p.Module
	if m.Install == nil || file != m.Install {
		return nil
	}
	tmpl := p.Templates
	if tmpl == nil {
		tmpl = templates.PHP()
	}
	edit, changed, err := gen.ReplayEdit(m, tmpl)
	if err != nil || !changed {
		return nil
	}
	return &Fix{Message: "replay every update from hook_install(), resumably", Edits: []phpast.Edit{edit}}
}

// FixOptions say how ApplyFixes works.
type FixOptions struct {
	// Display turns a file path into the form messages show; nil keeps it.
	Display func(path string) string
	// DryRun computes each file's diff and writes nothing.
	DryRun bool
}

// Fixed is one file that ApplyFixes rewrote, or would rewrite in a dry run.
type Fixed struct {
	// Path is the file as findings show it.
	Path string
	// Rules are the rules whose findings the rewrite corrects, in ID order.
	Rules []string
	// Diff is the change, in a dry run.
	Diff string
	// Warnings are for the command to print (a hard link broken).
	Warnings []string
}

// ApplyFixes applies the safe fixes that res's findings carry, one rewrite per
// file through gen.Rewrite: the file is locked, refused if it changed since
// it was linted, edited once, re-parsed and checked (every update byte for
// byte, every byte outside the edits unchanged) and written atomically.
// Identical edits proposed by several findings (DC005 and DC006 propose the
// same replay) are applied once; edits that overlap are an error, and that
// file is left alone. res must come from a run with Options.KeepModules.
// Callers lint again afterwards to report what is left.
func ApplyFixes(res *Result, opts FixOptions) ([]Fixed, error) {
	display := opts.Display
	if display == nil {
		display = func(p string) string { return p }
	}
	module := map[*phpast.File]*phpast.Module{}
	for _, m := range res.Modules {
		if m == nil {
			continue
		}
		for _, f := range m.Files() {
			module[f] = m
		}
	}
	byFile := map[*phpast.File][]Finding{}
	var files []*phpast.File
	for _, f := range res.Findings {
		if !f.Fixable || f.Fix == nil || f.file == nil {
			continue
		}
		if r := Lookup(f.Rule); r == nil || r.Fix != FixSafe {
			continue
		}
		if byFile[f.file] == nil {
			files = append(files, f.file)
		}
		byFile[f.file] = append(byFile[f.file], f)
	}
	var out []Fixed
	for _, file := range files {
		name := display(file.Path)
		m := module[file]
		if m == nil {
			return out, fmt.Errorf("%s: cannot fix: the module was not kept after linting", name)
		}
		change, rules, err := fixChange(m, file, name, byFile[file])
		if err != nil {
			return out, err
		}
		ropts := gen.RewriteOptions{Display: name, DryRun: opts.DryRun}
		rw, err := gen.Rewrite(file.Path, ropts, func([]byte) (*gen.Change, error) { return change, nil })
		if err != nil {
			return out, err
		}
		if rw.Changed() {
			out = append(out, Fixed{Path: name, Rules: rules, Diff: rw.Diff, Warnings: rw.Warnings})
		}
	}
	return out, nil
}

// fixChange is the change the fixes of findings, all in file of module m,
// make together; rules are the findings' rules, in ID order.
func fixChange(m *phpast.Module, file *phpast.File, name string, findings []Finding) (*gen.Change, []string, error) {
	edits, rules, err := fixEdits(file, name, findings)
	if err != nil {
		return nil, nil, err
	}
	return &gen.Change{File: file, Edits: edits, Options: phpast.Options{Module: m.Name}}, rules, nil
}

// fixEdits gathers the edits of the fixes of findings, all in file: an
// edit proposed by several findings once, in the order first proposed. Two
// edits of different findings that overlap, or insert at one offset, are
// an error: applying one and dropping the other would be a silent choice.
// rules are the findings' rules, in ID order.
func fixEdits(file *phpast.File, name string, findings []Finding) (edits []phpast.Edit, rules []string, err error) {
	var owner []int // the finding that proposed each edit
	for fi, f := range findings {
		if !slices.Contains(rules, f.Rule) {
			rules = append(rules, f.Rule)
		}
		for _, e := range f.Fix.Edits {
			if slices.Contains(edits, e) {
				continue
			}
			for i, other := range edits {
				if owner[i] != fi && conflict(e, other) {
					line, col := file.Lines.Position(min(e.Start, other.Start))
					return nil, nil, fmt.Errorf("%s:%d:%d: the fixes of %s and %s overlap; nothing was written: fix one by hand and run --fix again", name, line, col, findings[owner[i]].Rule, f.Rule)
				}
			}
			edits = append(edits, e)
			owner = append(owner, fi)
		}
	}
	sort.Strings(rules)
	return edits, rules, nil
}

// conflict reports whether two edits touch the same bytes, or insert at the
// same offset (whose order no rule decides).
func conflict(a, b phpast.Edit) bool {
	if a.Start == a.End && b.Start == b.End {
		return a.Start == b.Start
	}
	if a.Start == a.End {
		return a.Start > b.Start && a.Start < b.End
	}
	if b.Start == b.End {
		return b.Start > a.Start && b.Start < a.End
	}
	return a.Start < b.End && b.Start < a.End
}
