package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dcycle/dcycle/internal/gen"
	"github.com/dcycle/dcycle/internal/phpast"
)

type newUpdateOptions struct {
	kind      string
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
		Short: "Scaffold the next hook_update_N(), post-update or deploy hook and keep hook_install() replaying them",
		Long: `new-update adds the next hook_update_N() to the deploy module's .install, after
the last update, with the issue and summary as its docblock and a body made of
the recipes given, in the order given. It makes sure hook_install() replays
every update, resumably, writes the file atomically, and prints the new
function and where it is.

On Drupal 8 and later, --kind post-update adds NAME_post_update_SEQ_SLUG() to
NAME.post_update.php (drush updb runs it after every update) and makes
hook_install() replay the post-updates after the updates; --kind deploy adds
NAME_deploy_SEQ_SLUG() to NAME.deploy.php (drush deploy runs it last, after
the configuration import; a new site runs it on its first drush deploy, never
in hook_install()). SEQ continues the module's numbering of that kind, so
that the names sort in the order they were written; SLUG comes from the
summary. Each file is created, with a header saying when its hooks run, when
the module has none.

In this command --config is the Drupal 8+ config recipe, not the path of
.dcycle.yml (which is found beside the project as usual).`,
		Example: `  dcycle new-update "#12345 enable js aggregation" --set preprocess_js=1
  dcycle new-update "PROJ-123 new admin menu" --enable admin_menu_toolbar --disable toolbar
  dcycle new-update "#12350 aggregate css" --config system.performance:css.preprocess=true
  dcycle new-update --kind post-update "#12351 rebuild the shop menu" --enable shop_menu
  dcycle new-update --kind deploy "#12352 front page title" --config system.site:name=Shop
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
	f.StringVar(&opts.kind, "kind", "update", "what to add: update (hook_update_N), post-update (run by drush updb after the updates) or deploy (run by drush deploy last); the last two on Drupal 8 and later")
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
	kind, err := gen.ParseHookKind(opts.kind)
	if err != nil {
		return usagef("%v", err)
	}
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

	// gen reads the module again under each file's lock, so that
	// concurrent runs each see what the other added, and names the files
	// in its messages as the user should see them.
	dir := mod.Dir
	if mod.InstallPath != "" {
		dir = filepath.Dir(mod.InstallPath)
	}
	target := gen.Target{
		Module:  mod.Name,
		Dir:     dir,
		Load:    func() (*phpast.Module, error) { return loadCode(mod, cfg) },
		Display: func(p string) string { return displayPath(e.dir, p) },
	}
	out, err := gen.Add(target, gen.AddOptions{Kind: kind, Request: req, Templates: tmpl, DryRun: opts.dryRun})
	var refused *gen.RequestError
	if errors.As(err, &refused) {
		return usagef("%v", refused.Err)
	}
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
	fmt.Fprintf(s.out, "%s %s:%d\n", paint(colour, 1, 32).Sprint(out.Function), out.Path, out.Line)
	if !g.quiet {
		printAdded(s, mod.Name, kind, out)
	}
	return nil
}

// printAdded says what new-update did besides adding the function.
func printAdded(s *streams, module string, kind gen.HookKind, out *gen.Added) {
	for _, path := range out.Created {
		switch {
		case path == out.InstallPath:
			fmt.Fprintf(s.out, "created %s\n", path)
		case kind == gen.HookPostUpdate:
			fmt.Fprintf(s.out, "created %s: drush updb runs its post-updates after the updates\n", path)
		case kind == gen.HookDeploy:
			fmt.Fprintf(s.out, "created %s: drush deploy runs its deploy hooks last, after the configuration import\n", path)
		}
	}
	where := fmt.Sprintf("%s:%d", out.InstallPath, out.InstallLine)
	switch {
	case kind == gen.HookDeploy:
		fmt.Fprintf(s.out, "%s_install() does not run deploy hooks: a new site runs them on its first drush deploy\n", module)
	case kind == gen.HookPostUpdate && out.Install == gen.InstallCreated:
		fmt.Fprintf(s.out, "created %s_install() to replay every update, then every post-update: %s\n", module, where)
	case kind == gen.HookPostUpdate && out.Install == gen.InstallRewritten:
		fmt.Fprintf(s.out, "added a replay of every update, then every post-update, to %s_install(), after its own statements: %s\n", module, where)
	case kind == gen.HookPostUpdate && out.Install == gen.InstallExtended:
		fmt.Fprintf(s.out, "made %s_install() replay the post-updates after the updates: %s\n", module, where)
	case out.Install == gen.InstallCreated:
		fmt.Fprintf(s.out, "created %s_install() to replay every update: %s\n", module, where)
	case out.Install == gen.InstallRewritten:
		fmt.Fprintf(s.out, "added a replay of every update to %s_install(), after its own statements: %s\n", module, where)
	case out.Install == gen.InstallExtended:
		fmt.Fprintf(s.out, "extended the replay in %s_install() to reach the new update: %s\n", module, where)
	}
}
