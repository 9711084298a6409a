package main

import (
	"errors"

	"github.com/spf13/cobra"
)

func newNewUpdateCmd(g *globalOptions, s *streams, e env) *cobra.Command {
	return &cobra.Command{
		Use:   "new-update \"ISSUE summary\"",
		Short: "Scaffold the next hook_update_N() and keep hook_install() replaying every update",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("new-update is not built yet")
		},
	}
}
