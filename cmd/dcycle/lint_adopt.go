package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/dcycle/dcycle/internal/lint"
	"github.com/dcycle/dcycle/internal/lint/format"
	"github.com/dcycle/dcycle/internal/project"
)

// adoption is what lint offers to bring dcycle into an existing project
// and its CI: more reports per run, the pre-commit view of the index, and
// the ways to hold only new code to the rules on a legacy module.
type adoption struct {
	// formatSet is true when --format was given: without it,
	// GITHUB_ACTIONS=true selects the github format.
	formatSet bool
	// reports are --report FORMAT=FILE, in the order given.
	reports []string
	// staged is --staged.
	staged bool
	// newSince is --new-since REF.
	newSince string
	// baseline is --baseline FILE, generateBaseline --generate-baseline
	// FILE.
	baseline, generateBaseline string
}

func (a *adoption) addFlags(f *pflag.FlagSet) {
	f.StringArrayVar(&a.reports, "report", nil, "also write the findings in `FORMAT=FILE` (repeatable): --report gitlab=gl-code-quality.json --report junit=dcycle-junit.xml")
	f.BoolVar(&a.staged, "staged", false, "lint the module files as they are staged for the next commit (the git index), not the working tree; with no PATH, the deploy modules the commit touches")
	f.StringVar(&a.newSince, "new-since", "", "report findings in updates, post-updates and deploy hooks only when they were added or changed since the git `REF` (findings elsewhere in the module still count)")
	f.StringVar(&a.baseline, "baseline", "", "hide the findings recorded in this baseline `FILE`, and list its entries that no longer match")
	f.StringVar(&a.generateBaseline, "generate-baseline", "", "record every finding in this baseline `FILE` and exit 0, instead of reporting them")
}

// formatName is --format, or github when it was not given and the run is
// a GitHub Actions job.
func (o *lintOptions) formatName(e env) string {
	if !o.formatSet && e.getenv("GITHUB_ACTIONS") == "true" {
		return "github"
	}
	return o.format
}

// checkAdoption refuses the flags that do not go together.
func (o *lintOptions) checkAdoption() error {
	for _, r := range o.reports {
		name, file, ok := strings.Cut(r, "=")
		if !ok || file == "" {
			return usagef("--report takes FORMAT=FILE, not %q", r)
		}
		if format.Lookup(name) == nil {
			return usagef("--report: the format must be one of %s, not %q", format.Names(), name)
		}
	}
	switch {
	case o.staged && o.fix:
		return usagef("--fix writes the working tree, --staged reads the index: use one of them")
	case o.baseline != "" && o.generateBaseline != "":
		return usagef("--baseline and --generate-baseline: use one of them (a new baseline records every finding)")
	case o.generateBaseline != "" && o.fix:
		return usagef("--generate-baseline records findings, --fix corrects them: run one, then the other")
	}
	return nil
}

// resolve finds the modules to lint: with --staged and neither PATH nor
// --module, the deploy modules the staged files belong to.
func (o *lintOptions) resolve(e env, modPaths []string, popts project.Options) ([]*project.Module, *project.Config, error) {
	if !o.staged {
		return project.Resolve(e.dir, modPaths, popts)
	}
	if len(modPaths) != len(o.paths) {
		return nil, nil, usagef("--staged lints deploy modules; procedures are read from the working tree: lint them without --staged")
	}
	if len(o.paths) == 0 && popts.Module == "" {
		return lint.StagedModules(e.dir, popts)
	}
	return project.Resolve(e.dir, modPaths, popts)
}

// keepNew applies --new-since to a run's findings.
func (o *lintOptions) keepNew(res *lint.Result, lopts lint.Options) error {
	if o.newSince == "" {
		return nil
	}
	kept, err := lint.NewSince(res, o.newSince, lopts)
	if err != nil {
		return err
	}
	res.Findings = kept
	return nil
}

// applyBaseline writes the baseline of --generate-baseline, and then says
// the run is done; or hides what --baseline records, and lists the entries
// that no longer match on stderr.
func (o *lintOptions) applyBaseline(s *streams, e env, res *lint.Result) (done bool, err error) {
	if o.generateBaseline != "" {
		b := lint.NewBaseline(res.Findings)
		if err := b.Write(inDir(e, o.generateBaseline)); err != nil {
			return true, err
		}
		fmt.Fprintf(s.err, "%s: %d findings recorded in %d entries\n", o.generateBaseline, len(res.Findings), len(b.Entries))
		return true, nil
	}
	if o.baseline == "" {
		return false, nil
	}
	b, err := lint.ReadBaseline(inDir(e, o.baseline))
	if err != nil {
		return true, err
	}
	var stale []lint.BaselineEntry
	res.Findings, stale = b.Apply(res.Findings)
	for _, st := range stale {
		where := st.Module
		if st.Function != "" {
			where = st.Function + "()"
		}
		times := ""
		if st.Count > 1 {
			times = fmt.Sprintf(" (%d of them)", st.Count)
		}
		fmt.Fprintf(s.err, "%s: baseline entry %s in %s matches no finding%s: the code changed or was fixed; remove the entry, or regenerate the baseline with --generate-baseline\n",
			o.baseline, st.Rule, where, times)
	}
	return false, nil
}

// writeReports writes the report in every --report format to its file,
// each through a temporary file renamed into place.
func (o *lintOptions) writeReports(e env, report *format.Report) error {
	for _, r := range o.reports {
		name, file, _ := strings.Cut(r, "=")
		var buf bytes.Buffer
		if err := format.Lookup(name).Format(&buf, report, format.Options{}); err != nil {
			return err
		}
		if err := writeFileAtomic(inDir(e, file), buf.Bytes()); err != nil {
			return fmt.Errorf("--report %s: %w", r, err)
		}
	}
	return nil
}

// inDir resolves a path given on the command line against the working
// folder.
func inDir(e env, path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(e.dir, path)
}

func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
