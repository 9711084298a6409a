package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/dcycle/dcycle/internal/gen"
	"github.com/dcycle/dcycle/internal/project"
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
	module, err := gen.DeployModuleName(opts.name)
	if err != nil {
		return usagef("%s", err)
	}
	root, layout := project.ProjectRoot(e.dir)
	if root == "" {
		root = e.dir
	} else if !filepath.IsAbs(root) {
		root = filepath.Join(e.dir, root)
	}
	cfg, err := loadConfig(g, e)
	if err != nil {
		return err
	}
	core := project.DetectCore(&project.Module{Dir: e.dir, Root: root, Layout: layout}, g.projectOptions(), cfg)
	if core == 0 {
		return usagef("cannot tell the Drupal core major of %s; pass --core 7, 8, 9, 10 or 11", displayPath(e.dir, root))
	}
	parent := project.ConventionalCustomDir(root, layout, core)
	if opts.dir != "" {
		parent = opts.dir
		if !filepath.IsAbs(parent) {
			parent = filepath.Join(e.dir, parent)
		}
	}
	files, err := gen.Scaffold(module, core, templates.PHP())
	if err != nil {
		return err
	}
	dir := filepath.Join(parent, module)
	if err := gen.CreateFiles(dir, files); err != nil {
		var perr *gen.PathError
		if errors.As(err, &perr) {
			perr.Path = displayPath(e.dir, perr.Path)
		}
		return err
	}
	if g.quiet {
		return nil
	}
	for _, f := range files {
		fmt.Fprintf(s.out, "created %s\n", displayPath(e.dir, filepath.Join(dir, f.Path)))
	}
	fmt.Fprintf(s.out, "next: enable %s on a new site, and add updates with dcycle new-update \"#ISSUE what it does\"\n", module)
	return nil
}

// loadConfig reads --config, or the nearest .dcycle.yml.
func loadConfig(g *globalOptions, e env) (*project.Config, error) {
	if g.config != "" {
		path := g.config
		if !filepath.IsAbs(path) {
			path = filepath.Join(e.dir, path)
		}
		return project.LoadConfig(path)
	}
	return project.FindConfig(e.dir)
}
