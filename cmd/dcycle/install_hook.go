package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/dcycle/dcycle/internal/githook"
)

func newInstallHookCmd(g *globalOptions, s *streams, e env) *cobra.Command {
	var force bool
	var base string
	cmd := &cobra.Command{
		Use:   "install-hook",
		Short: "Install a git pre-commit hook that lints the staged deploy modules",
		Long: `Installs a git pre-commit hook that runs "dcycle lint --staged" on the deploy
modules whose files a commit stages (NAME_deploy, and the module .dcycle.yml
names), and returns at once when a commit touches none. It lints the files as
staged, so a file staged in part is checked as it will be committed.
The hook goes where git looks for it (core.hooksPath is honoured). A hook
that dcycle did not write is never replaced without --force. With --base REF
the hook lints with --base REF too, so the history rules (DC020–DC022)
refuse a commit that edits a deployed update or reuses a deployed number.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			exe, err := os.Executable()
			if err != nil {
				exe = "dcycle"
			}
			path, err := githook.Install(e.dir, exe, base, force)
			if err != nil {
				return err
			}
			if !g.quiet {
				fmt.Fprintf(s.out, "installed %s\n", displayPath(e.dir, path))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "replace a pre-commit hook that dcycle did not write")
	cmd.Flags().StringVar(&base, "base", "", "git ref the site is deployed from (e.g. origin/main): the hook lints with --base REF")
	return cmd
}
