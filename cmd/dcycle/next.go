package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/dcycle/dcycle/internal/gen"
)

func newNextCmd(g *globalOptions, s *streams, e env) *cobra.Command {
	var kind string
	cmd := &cobra.Command{
		Use:   "next [PATH]",
		Short: "Print the number the next update of the deploy module gets, or the name of its next post-update or deploy hook",
		Long: `next prints the number the next hook_update_N() of the deploy module gets.
With --kind post-update or --kind deploy (Drupal 8 and later) it prints the
name the next post-update or deploy hook starts with, NAME_post_update_SEQ
or NAME_deploy_SEQ: new-update adds "_" and a slug made of the summary.`,
		Example: `  dcycle next
  dcycle next --kind post-update`,
		RunE: func(cmd *cobra.Command, args []string) error {
			k, err := gen.ParseHookKind(kind)
			if err != nil {
				return usagef("%v", err)
			}
			m, err := loadOne(g, e, args)
			if err != nil {
				return err
			}
			if k == gen.HookUpdate {
				n, err := gen.NextNumber(m)
				if err != nil {
					return err
				}
				_, err = fmt.Fprintln(s.out, n)
				return err
			}
			if err := gen.CheckKind(m.Core, m.Name, k); err != nil && m.Core >= 7 {
				return usagef("%v", err)
			}
			name, err := gen.NextHook(m, k)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(s.out, name)
			return err
		},
	}
	cmd.Flags().StringVar(&kind, "kind", "update", "what comes next: update (its number), post-update or deploy (the name it starts with)")
	return cmd
}
