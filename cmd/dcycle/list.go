package main

import (
	"github.com/spf13/cobra"

	"github.com/dcycle/dcycle/internal/listing"
)

type listOptions struct {
	format string
	paths  []string
}

func newListCmd(g *globalOptions, s *streams, e env) *cobra.Command {
	opts := &listOptions{}
	cmd := &cobra.Command{
		Use:   "list [PATH...]",
		Short: "List the updates of deploy modules: number, issue, summary, what each does",
		Example: `  dcycle list
  dcycle list web/modules/custom/shop_deploy --format json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.paths = args
			return listRun(g, s, e, opts)
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "table", "output format: "+listing.Names())
	return cmd
}

func listRun(g *globalOptions, s *streams, e env, opts *listOptions) error {
	formatter := listing.Lookup(opts.format)
	if formatter == nil {
		return usagef("--format must be %s, not %q", listing.Names(), opts.format)
	}
	mods, err := loadModules(g, e, opts.paths)
	if err != nil {
		return err
	}
	doc := listing.Build(mods, func(p string) string { return displayPath(e.dir, p) })
	return formatter.Format(s.out, doc, listing.Options{Color: g.colorize(s, e)})
}
