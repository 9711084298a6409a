package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dcycle/dcycle/internal/history"
	"github.com/dcycle/dcycle/internal/lint"
	"github.com/dcycle/dcycle/internal/lint/format"
	"github.com/dcycle/dcycle/internal/phpast"
	"github.com/dcycle/dcycle/internal/project"
)

type lintOptions struct {
	format     string
	failOn     string
	fix        bool
	dryRun     bool
	showSource bool
	allModules bool
	templates  string
	base       string
	paths      []string
	// adoption holds --report, --staged, --new-since and the baseline
	// flags (lint_adopt.go).
	adoption
}

func newLintCmd(g *globalOptions, s *streams, e env) *cobra.Command {
	opts := &lintOptions{}
	cmd := &cobra.Command{
		Use:   "lint [PATH...]",
		Short: "Check deploy modules for numbering, replay and idempotency mistakes",
		Long: `lint checks deploy modules for the mistakes that only show up in production:
gaps and duplicates in update numbers, a hook_install() that does not replay
every update, calls that fail when run twice, unchecked module_enable(),
typos that make Drupal skip an update, and more. Every rule is documented
in docs/rules/DCnnn.md.

PATH is a module folder, an .install file or a project root (every *_deploy
module below it; with --all-modules every module with an .install). With
no PATH the deploy module is discovered as for the other commands.

PATH may also be a deployment procedure: a shell script (.sh, or a #! line
running sh or bash) or an Ansible playbook (.yml), checked by DC101–DC111
for the order and the failure handling of a deployment to one or several
web heads. The deploy module discovered from the working folder tells its
core and whether it has deploy hooks. With no PATH, the deploy.sh and
deploy.yml of the folder .dcycle.yml's procedure.out names are checked too.

In CI, --format gitlab and junit feed GitLab's Code Quality widget and test
reports, --report FORMAT=FILE writes more formats in the same run, and in a
GitHub Actions job the default format is github. --staged lints what the
next commit holds (the git index). On a legacy module, --new-since REF or a
baseline (--generate-baseline, --baseline) holds only new code to the
rules. See docs/ci.md.

Exit status: 0 when no finding reaches --fail-on, 1 when one does (a file
that does not parse is finding DC000), 2 on a usage, discovery or I/O error.`,
		Example: `  dcycle lint
  dcycle lint web/modules/custom/shop_deploy --format sarif > dcycle.sarif
  dcycle lint deploy.sh deploy.yml
  dcycle lint --fix --fail-on error
  dcycle lint --staged
  dcycle lint --report gitlab=gl-code-quality.json --report junit=dcycle-junit.xml
  dcycle lint --baseline dcycle-baseline.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.paths = args
			opts.formatSet = cmd.Flags().Changed("format")
			return lintRun(g, s, e, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.format, "format", "text", "output format: "+format.Names())
	f.StringVar(&opts.failOn, "fail-on", "warning", "lowest severity that makes the exit status 1: error, warning or info")
	f.BoolVar(&opts.fix, "fix", false, "apply the safe fixes (DC005, DC006), then report what is left")
	f.BoolVar(&opts.dryRun, "dry-run", false, "with --fix: print the diff of what --fix would write, write nothing, and exit 1 when there is one")
	f.BoolVar(&opts.showSource, "show-source", false, "print the source line and a caret under each finding (text format)")
	f.BoolVar(&opts.allModules, "all-modules", false, "lint every module with an .install below a project root, not only *_deploy ones")
	f.StringVar(&opts.base, "base", "", "git ref the module is deployed from (origin/main): turns on the history rules DC020–DC022")
	f.StringVar(&opts.templates, "templates", "", "folder of `DIR/*.php.tmpl` files overriding the built-in templates used by --fix")
	opts.adoption.addFlags(f)
	return cmd
}

func lintRun(g *globalOptions, s *streams, e env, opts *lintOptions) error {
	formatter := format.Lookup(opts.formatName(e))
	if formatter == nil {
		return usagef("--format must be one of %s, not %q", format.Names(), opts.format)
	}
	if err := opts.checkAdoption(); err != nil {
		return err
	}
	failOn, err := lint.ParseSeverity(opts.failOn)
	if err != nil || failOn == lint.SeverityOff {
		return usagef("--fail-on must be error, warning or info, not %q", opts.failOn)
	}
	if opts.dryRun && !opts.fix {
		return usagef("--dry-run shows what --fix would write: add --fix")
	}
	tmpl, err := templateFS(e, opts.templates)
	if err != nil {
		return err
	}
	popts := g.projectOptions()
	popts.AllModules = opts.allModules
	procPaths, modPaths := lint.SplitProcedures(e.dir, opts.paths)
	onlyProcedures := len(procPaths) > 0 && len(modPaths) == 0
	mods, cfg, err := opts.resolve(e, modPaths, popts)
	if err != nil && onlyProcedures {
		// A deploy module found by discovery tells the procedures' core and
		// whether there are deploy hooks; lint needs none.
		mods = nil
		cfg, err = project.LoadOptionsConfig(e.dir, popts)
	}
	if err != nil {
		return err
	}
	if len(opts.paths) == 0 && !opts.staged {
		procPaths = lint.ConfiguredProcedures(cfg, e.dir)
	}
	lopts, err := lintConfig(cfg, e)
	if err != nil {
		return err
	}
	if opts.base != "" {
		lopts.Base = func(m *phpast.Module, o phpast.Options) (*history.Base, error) { return history.Load(m, opts.base, o) }
	}
	targets := lint.Targets(mods)
	if onlyProcedures {
		targets = nil
	}
	lopts.KeepModules = opts.fix || opts.newSince != ""
	lopts.Templates = tmpl
	lopts.Staged = opts.staged
	res, err := lint.Run(targets, lopts)
	if err != nil {
		return err
	}
	if err := opts.keepNew(res, lopts); err != nil {
		return err
	}
	if opts.fix {
		fixed, err := lint.ApplyFixes(res, lint.FixOptions{Display: lopts.Display, DryRun: opts.dryRun})
		for _, f := range fixed {
			verb := "fixed"
			if opts.dryRun {
				// stdout holds the diff alone, for git apply.
				fmt.Fprint(s.out, f.Diff)
				verb = "would fix"
			}
			fmt.Fprintf(s.err, "%s: %s %s\n", f.Path, verb, strings.Join(f.Rules, ", "))
			for _, w := range f.Warnings {
				fmt.Fprintf(s.err, "warning: %s\n", w)
			}
		}
		if err != nil {
			return err
		}
		if opts.dryRun {
			if len(fixed) > 0 {
				return errFindings
			}
			return nil
		}
		if len(fixed) > 0 {
			if res, err = lint.Run(targets, lopts); err != nil {
				return err
			}
			if err := opts.keepNew(res, lopts); err != nil {
				return err
			}
		}
	}
	if len(procPaths) > 0 {
		core := popts.Core
		if core == 0 && cfg != nil {
			core = cfg.Core
		}
		found, err := lint.RunProcedures(lint.ProcedureTargets(procPaths, mods, core), lopts)
		if err != nil {
			return err
		}
		res.Findings = append(res.Findings, found...)
		lint.Sort(res.Findings)
	}
	if done, err := opts.applyBaseline(s, e, res); done || err != nil {
		return err
	}
	report := &format.Report{Findings: res.Findings, Rules: lint.Registry(), Version: version}
	fopts := format.Options{Color: g.colorize(s, e), ShowSource: opts.showSource, Quiet: g.quiet}
	if err := formatter.Format(s.out, report, fopts); err != nil {
		return err
	}
	if err := opts.writeReports(e, report); err != nil {
		return err
	}
	for _, f := range res.Findings {
		if f.Severity >= failOn {
			return errFindings
		}
	}
	return nil
}

// lintConfig turns .dcycle.yml into lint options: rule severities, the
// issue pattern and the config sync directory.
func lintConfig(cfg *project.Config, e env) (lint.Options, error) {
	opts := lint.Options{Display: func(p string) string { return displayPath(e.dir, p) }}
	if cfg == nil {
		return opts, nil
	}
	where := cfg.Path
	if where == "" {
		where = project.ConfigFile
	}
	if len(cfg.Rules) > 0 {
		opts.Severities = make(map[string]lint.Severity, len(cfg.Rules))
		for id, value := range cfg.Rules {
			if lint.Lookup(id) == nil {
				return opts, fmt.Errorf("%s: rules: unknown rule %s", displayPath(e.dir, where), id)
			}
			sev, err := lint.ParseSeverity(value)
			if err != nil {
				return opts, fmt.Errorf("%s: rules: %s: %w", displayPath(e.dir, where), id, err)
			}
			opts.Severities[id] = sev
		}
	}
	if cfg.IssuePattern != "" {
		re, err := cfg.IssueRegexp()
		if err != nil {
			return opts, fmt.Errorf("%s: %w", displayPath(e.dir, where), err)
		}
		opts.IssuePattern = re
	}
	opts.ConfigSync = cfg.ConfigSyncDir()
	return opts, nil
}
