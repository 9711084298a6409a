package main

import (
	"errors"

	"github.com/spf13/cobra"
)

func newLintCmd(g *globalOptions, s *streams, e env) *cobra.Command {
	return &cobra.Command{
		Use:   "lint [PATH...]",
		Short: "Check deploy modules for numbering, replay and idempotency mistakes",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("lint is not built yet")
		},
	}
}
