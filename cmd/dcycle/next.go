package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/dcycle/dcycle/internal/gen"
)

func newNextCmd(g *globalOptions, s *streams, e env) *cobra.Command {
	return &cobra.Command{
		Use:   "next [PATH]",
		Short: "Print the number the next update of the deploy module gets",
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := loadOne(g, e, args)
			if err != nil {
				return err
			}
			n, err := gen.NextNumber(m)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(s.out, n)
			return err
		},
	}
}
