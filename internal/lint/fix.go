package lint

import (
	"fmt"
	"io/fs"
	"sort"

	"github.com/dcycle/dcycle/internal/gen"
	"github.com/dcycle/dcycle/internal/phpast"
)

// Fixed is one file that --fix rewrote.
type Fixed struct {
	// Path is the file as findings show it.
	Path string
	// Rules are the rules whose findings the rewrite corrects, in ID order.
	Rules []string
}

// Fix applies the safe fixes of res's findings and writes the files it
// changed. Only rules marked FixSafe are fixed: DC005 and DC006 both
// rewrite hook_install()'s replay into the resumable, sandbox-safe form, one
// edit per module. Each file is locked, edited once, re-parsed and checked
// (every update byte for byte, every byte outside the edit unchanged) and
// written atomically; a file that changed on disk since it was read is left
// alone with an error. Callers lint again afterwards to report what is left.
func Fix(res *Result, targets []Target, tmpl fs.FS, display func(string) string) ([]Fixed, error) {
	if display == nil {
		display = func(p string) string { return p }
	}
	var out []Fixed
	for i, m := range res.Modules {
		if m == nil || m.Install == nil {
			continue
		}
		rules := fixableRules(res.Findings, display(m.Install.Path))
		if len(rules) == 0 {
			continue
		}
		done, err := fixReplay(m, tmpl)
		if err != nil {
			return out, fmt.Errorf("fix %s: %w", targets[i].Name, err)
		}
		if done {
			out = append(out, Fixed{Path: display(m.Install.Path), Rules: rules})
		}
	}
	return out, nil
}

// fixableRules lists the safe-fix rules with findings in the file at path.
func fixableRules(findings []Finding, path string) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range findings {
		if f.Path != path || !f.Fixable || seen[f.Rule] {
			continue
		}
		if r := Lookup(f.Rule); r == nil || r.Fix != FixSafe {
			continue
		}
		seen[f.Rule] = true
		out = append(out, f.Rule)
	}
	sort.Strings(out)
	return out
}

func fixReplay(m *phpast.Module, tmpl fs.FS) (bool, error) {
	path := m.Install.Path
	unlock, err := gen.Lock(path)
	if err != nil {
		return false, err
	}
	defer unlock()
	edit, changed, err := gen.ReplayEdit(m, tmpl)
	if err != nil || !changed {
		return false, err
	}
	edits := []phpast.Edit{edit}
	updated, err := phpast.Apply(m.Install.Src, edits)
	if err != nil {
		return false, fmt.Errorf("%s: %w", path, err)
	}
	if _, err := gen.Verify(m.Install, updated, edits, phpast.Options{Module: m.Name}, m.Name+"_install"); err != nil {
		return false, err
	}
	if err := gen.WriteFile(path, m.Install.Src, updated); err != nil {
		return false, err
	}
	return true, nil
}
