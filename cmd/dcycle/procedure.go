package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/dcycle/dcycle/internal/procedure"
	"github.com/dcycle/dcycle/templates"
)

type procedureOptions struct {
	flags procedure.GenerateFlags
	check bool
}

func newProcedureCmd(g *globalOptions, s *streams, e env) *cobra.Command {
	opts := &procedureOptions{}
	cmd := &cobra.Command{
		Use:   "procedure",
		Short: "Write the deployment procedure: a bash script for one server, an Ansible playbook for several web heads",
		Long: `Writes the procedure that deploys a release of the site, the same way every
time: stage the release on every web head, back up the database, turn
maintenance mode on once, switch every head atomically and reset its PHP, run
the database steps once (Drupal 7: drush rr when the project has it, updb -y,
cc all, cron; Drupal 8 and later: drush deploy -y), turn maintenance mode
off, unlock, prune old releases. A failure before the database steps puts
everything back; a failure in them keeps the site in maintenance mode and
locked, and says both ways out (fix forward and --resume, or restore the
backup and switch back).

One server gets deploy.sh; several web heads get deploy.yml, an Ansible
playbook for the inventory group web (with an example inventory unless
--inventory names yours). Settings come from the flags, else from the
procedure: section of .dcycle.yml. The output is the same bytes for the same
settings: commit it, and let CI run dcycle procedure --check, which exits 1
when the committed files differ from a fresh generation.`,
		Example: `  dcycle procedure --reload 'sudo systemctl reload php8.2-fpm'
  dcycle procedure --heads 3 --root /var/www/shop --reload 'sudo systemctl reload php8.2-fpm'
  dcycle procedure --inventory inventory/production.ini --out deploy
  dcycle procedure --check`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("heads") && cmd.Flags().Changed("inventory") {
				return usagef("--heads and --inventory exclude each other: --heads writes an example inventory, --inventory names yours")
			}
			if cmd.Flags().Changed("heads") && opts.flags.Heads < 1 {
				return usagef("--heads must be at least 1, not %d", opts.flags.Heads)
			}
			if cmd.Flags().Changed("keep") && opts.flags.Keep < 2 {
				return usagef("--keep must be at least 2 (the live release and the one to go back to), not %d", opts.flags.Keep)
			}
			return procedureRun(g, s, e, opts)
		},
	}
	f := cmd.Flags()
	f.IntVar(&opts.flags.Heads, "heads", 0, "number of web heads: 1 writes a bash script, more an Ansible playbook and an example inventory")
	f.StringVar(&opts.flags.Inventory, "inventory", "", "your Ansible inventory (its group web lists the heads); writes a playbook for it")
	f.StringVar(&opts.flags.Target, "target", "", "bash (one server) or ansible (several web heads); default from --heads and --inventory")
	f.StringVar(&opts.flags.Root, "root", "", "deploy root on every head, holding releases/, current and shared/ (default "+procedure.DefaultRoot+")")
	f.StringVar(&opts.flags.Drush, "drush", "", "command that runs drush in a release folder (default vendor/bin/drush; drush on Drupal 7)")
	f.StringVar(&opts.flags.Reload, "reload", "", "command that resets PHP on a head so it serves the new release, such as an FPM reload")
	f.IntVar(&opts.flags.Keep, "keep", 0, fmt.Sprintf("releases kept on each head (default %d)", procedure.DefaultKeep))
	f.StringVar(&opts.flags.Out, "out", "", "folder to write the procedure to (default "+procedure.DefaultOut+"/ at the project root)")
	f.BoolVar(&opts.check, "check", false, "write nothing; exit 1 when the files in the output folder differ from a fresh generation")
	return cmd
}

func procedureRun(g *globalOptions, s *streams, e env, opts *procedureOptions) error {
	res, err := procedure.GenerateProcedure(procedure.GenerateRequest{
		WorkDir:   e.dir,
		Project:   g.projectOptions(),
		Flags:     opts.flags,
		Check:     opts.check,
		Templates: templates.Procedure(),
	})
	var setting *procedure.SettingError
	if errors.As(err, &setting) {
		return usagef("%s", setting)
	}
	if err != nil {
		return err
	}
	if opts.check {
		for _, f := range res.Files {
			switch f.State {
			case procedure.FileMissing:
				fmt.Fprintf(s.err, "%s: missing; run dcycle procedure to write it\n", displayPath(e.dir, f.Path))
			case procedure.FileDiffers:
				fmt.Fprintf(s.err, "%s: differs from a fresh generation; run dcycle procedure to write it again\n", displayPath(e.dir, f.Path))
				fmt.Fprint(s.out, f.Diff)
			default:
				if !g.quiet {
					fmt.Fprintf(s.out, "%s: up to date\n", displayPath(e.dir, f.Path))
				}
			}
		}
		if res.Stale() {
			return errFindings
		}
		return nil
	}
	if g.quiet {
		return nil
	}
	for _, f := range res.Files {
		fmt.Fprintf(s.out, "%s %s\n", f.State, displayPath(e.dir, f.Path))
	}
	if res.Settings.Target == procedure.TargetBash {
		fmt.Fprintf(s.out, "next: commit it, and deploy with %s RELEASE SOURCE on the server\n", displayPath(e.dir, res.Files[0].Path))
		return nil
	}
	inv := procedure.InventoryFile
	if res.Settings.Inventory != "" {
		inv = res.Settings.Inventory
	}
	fmt.Fprintf(s.out, "next: commit it, and deploy from %s with ansible-playbook -i %s %s -e release=RELEASE -e artifact=FILE\n",
		displayPath(e.dir, res.Dir), inv, procedure.PlaybookFile)
	return nil
}
