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
	popts := g.projectOptions()
	mod, cfg, err := resolveOne(g, e, opts.paths, "to renumber")
	if err != nil {
		return err
	}
	// Read, plan and write under the lock new-update takes, so that an
	// update added meanwhile is neither lost nor overwritten.
	unlock, err := lockUnlessDryRun(mod.InstallPath, opts.dryRun)
	if err != nil {
		return err
	}
	defer unlock()
	m, err := parseModule(mod, cfg, popts)
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
	rewrites, err := plan.Apply(m, cmp, parseOpts)
	if err != nil {
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
	if opts.dryRun {
		for _, r := range rewrites {
			fmt.Fprint(s.out, gen.Diff(displayPath(e.dir, r.Old.Path), r.Old.Src, r.New.Src))
		}
	} else {
		for _, r := range rewrites {
			if err := gen.WriteFile(r.Old.Path, r.Old.Src, r.New.Src); err != nil {
				return err
			}
		}
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
