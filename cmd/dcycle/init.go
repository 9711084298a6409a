package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/dcycle/dcycle/internal/scaffold"
	"github.com/dcycle/dcycle/templates"
)

type initOptions struct {
	name string
	dir  string
}

func newInitCmd(g *globalOptions, s *streams, e env) *cobra.Command {
	opts := &initOptions{}
	cmd := &cobra.Command{
		Use:   "init NAME",
		Short: "Create the site deployment module NAME_deploy",
		Long: `Creates the site deployment module NAME_deploy (NAME may already end in
_deploy) in the custom modules folder of the project: sites/all/modules/custom
on Drupal 7, web/modules/custom or docroot/modules/custom on a composer
project, modules/custom otherwise. Drupal 7 gets .info, .module, .install and
a .test; Drupal 8 and later .info.yml, .module, .install and a kernel test.
The .install already has the hook_install() that replays every update.
Nothing is ever overwritten.`,
		Example: `  dcycle init example
  dcycle init example --core 10 --dir web/modules/custom`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.name = args[0]
			return initRun(g, s, e, opts)
		},
	}
	cmd.Flags().StringVar(&opts.dir, "dir", "", "folder to create the module folder in (default: the custom modules folder of the project)")
	return cmd
}

func initRun(g *globalOptions, s *streams, e env, opts *initOptions) error {
	res, err := scaffold.Init(scaffold.Options{
		Name: opts.name, WorkDir: e.dir, Dir: opts.dir,
		Project:   g.projectOptions(),
		Templates: templates.PHP(),
		Display:   func(p string) string { return displayPath(e.dir, p) },
	})
	var input *scaffold.InputError
	if errors.As(err, &input) {
		return usagef("%s", input.Msg)
	}
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(s.err, "warning: %s\n", w)
	}
	if g.quiet {
		return nil
	}
	for _, f := range res.Files {
		fmt.Fprintf(s.out, "created %s\n", displayPath(e.dir, f))
	}
	fmt.Fprintf(s.out, "next: enable %s on a new site, and add updates with dcycle new-update \"#ISSUE what it does\"\n", res.Module)
	return nil
}
