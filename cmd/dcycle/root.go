package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/fatih/color"
	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/dcycle/dcycle/internal/gen"
	"github.com/dcycle/dcycle/internal/githook"
	"github.com/dcycle/dcycle/internal/phpast"
	"github.com/dcycle/dcycle/internal/project"
)

// Exit codes, the same for every command.
const (
	exitOK       = 0
	exitFindings = 1
	exitFailure  = 2
)

// streams are the I/O a command uses; tests pass buffers.
type streams struct {
	in       io.Reader
	out, err io.Writer
	// outTTY tells whether out is a terminal, which turns colour on in auto
	// mode.
	outTTY bool
}

func systemStreams() *streams {
	return &streams{in: os.Stdin, out: os.Stdout, err: os.Stderr, outTTY: isatty.IsTerminal(os.Stdout.Fd())}
}

// env is what a command reads from the process besides its arguments.
type env struct {
	getenv func(string) string
	// dir is the working folder paths are resolved against.
	dir string
}

func systemEnv() env {
	dir, err := os.Getwd()
	if err != nil {
		dir = "."
	}
	return env{getenv: os.Getenv, dir: dir}
}

// globalOptions are the flags every command takes.
type globalOptions struct {
	module string
	core   int
	config string
	color  string
	quiet  bool
}

func (g *globalOptions) projectOptions() project.Options {
	return project.Options{Module: g.module, Core: g.core, ConfigPath: g.config}
}

// colorize reports whether output to s.out should be coloured: --color
// always/never win, then NO_COLOR, then whether out is a terminal.
func (g *globalOptions) colorize(s *streams, e env) bool {
	switch g.color {
	case "always":
		return true
	case "never":
		return false
	}
	return e.getenv("NO_COLOR") == "" && s.outTTY
}

// paint returns a colour for one writer, never touching color.NoColor.
func paint(on bool, attrs ...color.Attribute) *color.Color {
	c := color.New(attrs...)
	if on {
		c.EnableColor()
	} else {
		c.DisableColor()
	}
	return c
}

// usageError is a mistake in the command line: exit 2, with a hint to --help.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{msg: fmt.Sprintf(format, args...)} }

// errFindings says a command found problems at or above the failing
// severity and has already reported them.
var errFindings = errors.New("findings")

func newRootCmd(s *streams, e env) *cobra.Command {
	g := &globalOptions{}
	root := &cobra.Command{
		Use:   "dcycle",
		Short: "Write and check the update hooks of a Drupal site deployment module",
		Long: `dcycle keeps a Drupal site deployment module honest: every configuration
change is a numbered hook_update_N() tied to an issue, and hook_install()
replays them all so that a new site equals an updated one.`,
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			switch g.color {
			case "auto", "always", "never":
			default:
				return usagef("--color must be auto, always or never, not %q", g.color)
			}
			if g.core != 0 && g.core < 7 {
				return usagef("--core must be 7 or higher, not %d", g.core)
			}
			return nil
		},
	}
	root.SetIn(s.in)
	root.SetOut(s.out)
	root.SetErr(s.err)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{msg: err.Error()} })
	pf := root.PersistentFlags()
	pf.StringVar(&g.module, "module", "", "deploy module to use: a folder, an .install file or a module name")
	pf.IntVar(&g.core, "core", 0, "Drupal core major (7, 8, 9, 10, 11); detected when not set")
	pf.StringVar(&g.config, "config", "", "path to .dcycle.yml (default: the nearest one up to the project root)")
	pf.StringVar(&g.color, "color", "auto", "colour output: auto, always or never (NO_COLOR is honoured)")
	pf.BoolVarP(&g.quiet, "quiet", "q", false, "print only errors and results")

	root.AddCommand(
		newNewUpdateCmd(g, s, e),
		newLintCmd(g, s, e),
		newListCmd(g, s, e),
		newNextCmd(g, s, e),
		newInitCmd(g, s, e),
		newRenumberCmd(g, s, e),
		newInstallHookCmd(g, s, e),
		newVerifyCmd(g, s, e),
		newProcedureCmd(g, s, e),
		newVersionCmd(s),
	)
	return root
}

// run executes one dcycle command line and returns its exit code. It never
// panics: a bug becomes exit 2 with a request to report it.
func run(args []string, s *streams, e env) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(s.err, "dcycle: internal error: %v\nThis is a bug in dcycle; please report it with the command you ran (set DCYCLE_DEBUG=1 for a trace).\n", r)
			if e.getenv("DCYCLE_DEBUG") != "" {
				s.err.Write(debug.Stack())
			}
			code = exitFailure
		}
	}()
	root := newRootCmd(s, e)
	if args == nil {
		args = []string{} // cobra falls back to os.Args on nil
	}
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	return exitCode(cmd, err, s, e)
}

func exitCode(cmd *cobra.Command, err error, s *streams, e env) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, errFindings) {
		return exitFindings
	}
	var usage *usageError
	if isCobraUsage(err) {
		usage = &usageError{msg: err.Error()}
	}
	if usage != nil || errors.As(err, &usage) {
		fmt.Fprintf(s.err, "dcycle: %s\nRun '%s --help' for usage.\n", usage.msg, cmd.CommandPath())
		return exitFailure
	}
	var perr *phpast.Error
	var derr *project.Error
	var herr *githook.Error
	var werr *gen.PathError
	// Paths in messages are shown as the user would type them: relative to
	// the working folder when they lie below it.
	if errors.As(err, &perr) {
		perr.Path = displayPath(e.dir, perr.Path)
	}
	if errors.As(err, &werr) {
		werr.Path = displayPath(e.dir, werr.Path)
	}
	if errors.As(err, &derr) {
		derr.Path = displayPath(e.dir, derr.Path)
		for i, c := range derr.Candidates {
			derr.Candidates[i] = displayPath(e.dir, c)
		}
	}
	switch {
	case errors.As(err, &perr), errors.As(err, &derr), errors.As(err, &herr):
		fmt.Fprintln(s.err, err)
	default:
		fmt.Fprintf(s.err, "dcycle: %s\n", err)
	}
	return exitFailure
}

// isCobraUsage recognises the errors cobra itself returns for a wrong
// command line (they are plain errors, not a type).
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, prefix := range []string{"unknown command ", "accepts ", "requires at least ", "requires at most ", "invalid argument "} {
		if strings.HasPrefix(msg, prefix) {
			return true
		}
	}
	return false
}
