package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/dcycle/dcycle/internal/gen"
	"github.com/dcycle/dcycle/internal/history"
	"github.com/dcycle/dcycle/internal/phpast"
)

type renumberOptions struct {
	base   string
	dryRun bool
	paths  []string
}

func newRenumberCmd(g *globalOptions, s *streams, e env) *cobra.Command {
	opts := &renumberOptions{}
	cmd := &cobra.Command{
		Use:   "renumber --base REF [PATH]",
		Short: "Move the updates added since a git ref above its highest update",
		Long: `renumber fixes what two branches that both added "the next update number"
leave behind (lint's DC022). It reads the deploy module as it was at REF
(through git) and moves the updates added since then that are numbered at or
below REF's highest update to the next free numbers above it, in their
order, with their docblocks and bodies. References to them follow: explicit
replay calls in hook_install(), hook_update_dependencies() entries, calls
between updates, and a range replay's literal upper bound. Updates deployed
from REF are never touched.

The result is parsed and checked before anything is written, and written
atomically. --dry-run prints the change as a unified diff instead.`,
		Example: `  dcycle renumber --base origin/main --dry-run
  dcycle renumber --base "$(git merge-base origin/main HEAD)"`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.paths = args
			return renumberRun(g, s, e, opts)
		},
	}
	cmd.Flags().StringVar(&opts.base, "base", "", "git ref the module is deployed from, e.g. origin/main (required)")
	cmd.Flags().BoolVar(&opts.dryRun, "dry-run", false, "print the change as a unified diff and write nothing")
	return cmd
}

func renumberRun(g *globalOptions, s *streams, e env, opts *renumberOptions) error {
	if opts.base == "" {
		return usagef("renumber needs --base REF, the git ref the module is deployed from")
	}
	mod, cfg, err := resolveOne(g, e, opts.paths, "to renumber")
	if err != nil {
		return err
	}
	m, err := loadFound(mod, cfg)
	if err != nil {
		return err
	}
	parseOpts := phpast.Options{Module: m.Name}
	if parseOpts.IssuePattern, err = cfg.IssueRegexp(); err != nil {
		return err
	}
	base, err := history.Load(m, opts.base, parseOpts)
	if err != nil {
		return err
	}
	cmp := history.Compare(m, base)
	plan := history.PlanRenumber(m, cmp, base)
	changes := plan.Changes(m, cmp, parseOpts)
	if len(changes) > 1 && !opts.dryRun {
		// Each file is written on its own: check them all first, so that
		// a change refused in one leaves the others unwritten too.
		if err := rewriteAll(e, changes, true, nil); err != nil {
			return err
		}
	}
	// Each file is locked, re-read and refused if it changed since it was
	// planned on (a new-update meanwhile), then written atomically.
	if err := rewriteAll(e, changes, opts.dryRun, func(c *gen.Change, res *gen.Rewritten) {
		if c.File == m.Install && res.File != nil {
			plan.NoteUnreplayed(m, res.File)
		}
		fmt.Fprint(s.out, res.Diff)
		for _, w := range res.Warnings {
			fmt.Fprintf(s.err, "warning: %s\n", w)
		}
	}); err != nil {
		return err
	}
	for _, c := range cmp.Changed {
		fmt.Fprintf(s.err, "note: %s differs from the update at %s (DC020) and keeps its number: renumber moves only updates added since %s\n", c.Now.Name, opts.base, opts.base)
	}
	if len(plan.Moves) == 0 {
		if !g.quiet {
			fmt.Fprintf(s.out, "nothing to renumber: no update added since %s is numbered at or below %d\n", opts.base, cmp.BaseHighest)
		}
		return nil
	}
	colour := g.colorize(s, e)
	out := s.out
	if opts.dryRun {
		out = s.err // stdout holds the diff alone, for git apply
	}
	for _, mv := range plan.Moves {
		if g.quiet && opts.dryRun {
			break
		}
		line, _ := mv.Update.File.Lines.Position(mv.Update.NameSpan.Start)
		name := mv.Update.Name[:len(mv.Update.Name)-len(mv.Update.NumberText)] + fmt.Sprint(mv.To)
		fmt.Fprintf(out, "%s -> %s %s:%d\n", mv.Update.Name, paint(colour && !opts.dryRun, 1, 32).Sprint(name), displayPath(e.dir, mv.Update.File.Path), line)
	}
	for _, n := range plan.Notes {
		fmt.Fprintf(s.err, "note: %s\n", n)
	}
	return nil
}

// rewriteAll carries out each change through gen.Rewrite, naming files as
// the user sees them, and hands each result to done.
func rewriteAll(e env, changes []*gen.Change, dryRun bool, done func(*gen.Change, *gen.Rewritten)) error {
	for _, c := range changes {
		opts := gen.RewriteOptions{Display: displayPath(e.dir, c.File.Path), DryRun: dryRun}
		res, err := gen.Rewrite(c.File.Path, opts, func([]byte) (*gen.Change, error) { return c, nil })
		if err != nil {
			return err
		}
		if done != nil {
			done(c, res)
		}
	}
	return nil
}
