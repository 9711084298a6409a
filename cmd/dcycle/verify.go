package main

import (
	"errors"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/dcycle/dcycle/internal/phpast"
	"github.com/dcycle/dcycle/internal/site"
	"github.com/dcycle/dcycle/internal/verify"
)

type verifyOptions struct {
	base    string
	keep    bool
	format  string
	profile string
}

func newVerifyCmd(g *globalOptions, s *streams, e env) *cobra.Command {
	opts := &verifyOptions{}
	cmd := &cobra.Command{
		Use:   "verify [PATH]",
		Short: "Prove on throwaway sites that a fresh site equals an updated one",
		Long: `verify builds two throwaway SQLite sites from the project's own codebase, in a
temporary folder, and compares them:

  updated  Drupal installed with the deploy module as production has it (at
           --base REF, or without any of its updates), then the working tree's
           module and the incremental procedure: Drupal 7 updb and cc all,
           Drupal 8+ drush deploy through the project's vendor/bin/drush
           (else the drush on the PATH);
  fresh    Drupal installed and the working tree's module enabled (Drupal 8+:
           then drush deploy:hook).

Each difference is printed with both values and the updates that set it, and
every update that failed on either site with Drupal's message. The project's
settings, database and files are never touched. Exit 0 when the sites agree,
1 on a difference or a failed update, 2 when a site could not be built.

Needs php with pdo_sqlite (DCYCLE_PHP names another php binary).`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch opts.format {
			case "text", "json":
			default:
				return usagef("--format must be text or json, not %q", opts.format)
			}
			mod, cfg, err := resolveOne(g, e, args, "to verify")
			if err != nil {
				return err
			}
			m, err := loadFound(mod, cfg)
			if err != nil {
				return err
			}
			// verify runs git and php in the module's folder: the path must
			// not depend on the process's working folder.
			if !filepath.IsAbs(m.Dir) {
				m.Dir = filepath.Join(e.dir, m.Dir)
			}
			pattern, err := cfg.IssueRegexp()
			if err != nil {
				return err
			}
			profile := opts.profile
			if profile == "" && cfg != nil {
				profile = cfg.Verify.Profile
			}
			sync := cfg.ConfigSyncDir()
			if sync != "" && !filepath.IsAbs(sync) {
				sync = filepath.Join(e.dir, sync)
			}
			var progress io.Writer
			if !g.quiet {
				progress = s.err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			rep, err := verify.Run(ctx, verify.Options{
				Module:     m,
				Parse:      phpast.Options{Module: m.Name, IssuePattern: pattern},
				Base:       opts.base,
				Profile:    profile,
				ConfigSync: sync,
				Keep:       opts.keep,
				Env:        site.Env{PHP: e.getenv("DCYCLE_PHP"), TempDir: e.getenv("TMPDIR"), Progress: progress},
			})
			if err != nil {
				if ctx.Err() != nil {
					return errors.New("interrupted")
				}
				return err
			}
			if opts.format == "json" {
				err = verify.WriteJSON(s.out, rep)
			} else {
				err = verify.WriteText(s.out, rep)
			}
			if err != nil {
				return err
			}
			if !rep.Same() {
				return errFindings
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.base, "base", "", "git ref production is deployed from: the updated site starts from the module as it is there (default: the module without its updates)")
	f.BoolVar(&opts.keep, "keep", false, "keep the two sites in the temporary folder for inspection")
	f.StringVar(&opts.format, "format", "text", "output format: text or json")
	f.StringVar(&opts.profile, "profile", "", "install profile (default: .dcycle.yml verify.profile, else the config sync directory's, else minimal)")
	return cmd
}
