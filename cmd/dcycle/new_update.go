package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dcycle/dcycle/internal/gen"
	"github.com/dcycle/dcycle/internal/phpast"
)

type newUpdateOptions struct {
	noIssue   bool
	dryRun    bool
	templates string
	// recipes are the recipe flags in command-line order, across flags.
	recipes []recipeArg
}

// recipeArg is one recipe flag as given: its name and value.
type recipeArg struct{ flag, value string }

// recipeFlag is a pflag.Value that appends to one slice shared by every
// recipe flag: pflag keeps each flag's values apart and loses their
// relative order, which is the order the update's body runs them in.
type recipeFlag struct {
	name string
	list *[]recipeArg
}

func (f *recipeFlag) String() string { return "" }
func (f *recipeFlag) Type() string   { return "string" }
func (f *recipeFlag) Set(v string) error {
	*f.list = append(*f.list, recipeArg{flag: f.name, value: v})
	return nil
}

func newNewUpdateCmd(g *globalOptions, s *streams, e env) *cobra.Command {
	opts := &newUpdateOptions{}
	cmd := &cobra.Command{
		Use:   "new-update \"ISSUE summary\"",
		Short: "Scaffold the next hook_update_N() and keep hook_install() replaying every update",
		Long: `new-update adds the next hook_update_N() to the deploy module's .install, after
the last update, with the issue and summary as its docblock and a body made of
the recipes given, in the order given. It makes sure hook_install() replays
every update, resumably, writes the file atomically, and prints the new
function and where it is.

In this command --config is the Drupal 8+ config recipe, not the path of
.dcycle.yml (which is found beside the project as usual).`,
		Example: `  dcycle new-update "#12345 enable js aggregation" --set preprocess_js=1
  dcycle new-update "PROJ-123 new admin menu" --enable admin_menu_toolbar --disable toolbar
  dcycle new-update "#12350 aggregate css" --config system.performance:css.preprocess=true
  dcycle new-update --no-issue "tidy up" --dry-run`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("missing the \"ISSUE summary\" argument, like \"#12345 enable js aggregation\"")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return newUpdateRun(g, s, e, opts, strings.Join(args, " "))
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.noIssue, "no-issue", false, "allow a summary without an issue reference")
	f.BoolVar(&opts.dryRun, "dry-run", false, "print the change as a unified diff and write nothing")
	f.StringVar(&opts.templates, "templates", "", "folder `DIR` of *.php.tmpl files that replace the built-in templates of the same name")
	recipes := []struct{ name, usage string }{
		{"enable", "enable modules `MOD[,MOD]` (D7 module_enable, D8+ module_installer)"},
		{"disable", "disable modules `MOD[,MOD]` (Drupal 7)"},
		{"uninstall", "uninstall modules `MOD[,MOD]` (Drupal 8+)"},
		{"set", "set a variable, `NAME=VALUE` (Drupal 7); VALUE is read as a PHP number, true/false/null, or a string"},
		{"config", "set a configuration value, `OBJECT:KEY=VALUE` (Drupal 8+), e.g. system.performance:js.preprocess=true"},
		{"revert", "revert a feature or some of its components, `FEATURE[:COMPONENT[,COMPONENT]]` (Drupal 7 Features)"},
		{"theme", "enable a theme `NAME` and make it the default"},
	}
	for _, r := range recipes {
		f.Var(&recipeFlag{name: r.name, list: &opts.recipes}, r.name, r.usage+"; repeatable, run in command-line order")
	}
	return cmd
}

func newUpdateRun(g *globalOptions, s *streams, e env, opts *newUpdateOptions, text string) error {
	var recipes []gen.Recipe
	for _, r := range opts.recipes {
		recipe, err := gen.ParseRecipe(r.flag, r.value)
		if err != nil {
			return usagef("%v", err)
		}
		recipes = append(recipes, recipe)
	}
	tmpl, err := templateFS(e, opts.templates)
	if err != nil {
		return err
	}

	popts := g.projectOptions()
	mod, cfg, err := resolveOne(g, e, nil, "to add an update to")
	if err != nil {
		return err
	}
	pattern, err := cfg.IssueRegexp()
	if err != nil {
		return err
	}
	req, err := gen.ParseRequest(text, pattern, opts.noIssue)
	if err != nil {
		return usagef("%v", err)
	}
	req.Recipes = recipes

	// Read, number and write under one lock, so that concurrent runs each
	// see the update the other added. gen names the file in its messages
	// as the user should see it; the I/O uses the real path.
	shown := displayPath(e.dir, mod.InstallPath)
	var (
		m   *phpast.Module
		res *gen.Result
	)
	out, err := gen.Rewrite(mod.InstallPath, gen.RewriteOptions{Display: shown, DryRun: opts.dryRun}, func([]byte) (*gen.Change, error) {
		// The module is read whole (its other files too); Rewrite refuses
		// the change if the .install it plans on is not the one it read.
		var err error
		if m, err = parseModule(mod, cfg, popts); err != nil {
			return nil, err
		}
		if err := gen.CheckCore(m.Core, m.Name, recipes); err != nil && m.Core >= 7 {
			return nil, usagef("%v", err)
		}
		m.Install.Path = shown
		if res, err = gen.NewUpdate(m, req, tmpl); err != nil {
			return nil, err
		}
		return &gen.Change{
			File: m.Install, Edits: res.Edits, Options: phpast.Options{Module: m.Name},
			Want: []string{res.Function}, Parsed: res.File,
		}, nil
	})
	if err != nil {
		return err
	}
	if opts.dryRun {
		_, err := fmt.Fprint(s.out, out.Diff)
		return err
	}
	for _, w := range out.Warnings {
		fmt.Fprintf(s.err, "warning: %s\n", w)
	}
	colour := g.colorize(s, e)
	fmt.Fprintf(s.out, "%s %s:%d\n", paint(colour, 1, 32).Sprint(res.Function), shown, res.Line())
	if !g.quiet {
		switch res.Install {
		case gen.InstallCreated:
			fmt.Fprintf(s.out, "created %s_install() to replay every update: %s:%d\n", m.Name, shown, res.InstallLine())
		case gen.InstallRewritten:
			fmt.Fprintf(s.out, "added a replay of every update to %s_install(), after its own statements: %s:%d\n", m.Name, shown, res.InstallLine())
		case gen.InstallExtended:
			fmt.Fprintf(s.out, "extended the replay in %s_install() to reach the new update: %s:%d\n", m.Name, shown, res.InstallLine())
		}
	}
	return nil
}
