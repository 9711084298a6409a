package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/dcycle/dcycle/internal/gen"
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
	cmd.Flags().StringVar(&opts.format, "format", "table", "output format: table, json or markdown")
	return cmd
}

// listing is list's JSON document; its shape is part of the contract.
type listing struct {
	Version int             `json:"version"`
	Modules []moduleListing `json:"modules"`
}

type moduleListing struct {
	Module  string          `json:"module"`
	Path    string          `json:"path"`
	Core    int             `json:"core"`
	Updates []updateListing `json:"updates"`
}

type updateListing struct {
	Number   int      `json:"number"`
	Function string   `json:"function"`
	Line     int      `json:"line"`
	Issue    string   `json:"issue"`
	Summary  string   `json:"summary"`
	Sandbox  bool     `json:"sandbox"`
	Actions  []string `json:"actions"`
}

func listRun(g *globalOptions, s *streams, e env, opts *listOptions) error {
	switch opts.format {
	case "table", "json", "markdown":
	default:
		return usagef("--format must be table, json or markdown, not %q", opts.format)
	}
	mods, err := loadModules(g, e, opts.paths)
	if err != nil {
		return err
	}
	doc := listing{Version: 1, Modules: make([]moduleListing, 0, len(mods))}
	for _, m := range mods {
		ml := moduleListing{Module: m.Name, Path: m.DisplayPath, Core: m.Core, Updates: []updateListing{}}
		for _, u := range m.Updates() {
			line, _ := u.File.Lines.Position(u.Span.Start)
			actions := u.Actions()
			if actions == nil {
				actions = []string{}
			}
			ml.Updates = append(ml.Updates, updateListing{
				Number: u.Number, Function: u.Name, Line: line,
				Issue: strings.Join(u.Doc.Issues, ", "), Summary: u.Doc.Summary,
				Sandbox: u.Sandbox, Actions: actions,
			})
		}
		doc.Modules = append(doc.Modules, ml)
	}
	switch opts.format {
	case "json":
		enc := json.NewEncoder(s.out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(doc)
	case "markdown":
		return writeMarkdown(s.out, doc)
	}
	return writeTable(s.out, doc, g.colorize(s, e))
}

func writeTable(w io.Writer, doc listing, colour bool) error {
	bold := paint(colour, 1)
	for i, m := range doc.Modules {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s (Drupal %s) %s\n", bold.Sprint(m.Module), coreName(m.Core), m.Path)
		if len(m.Updates) == 0 {
			fmt.Fprintln(w, "no updates")
			continue
		}
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NUMBER\tFUNCTION\tISSUE\tSUMMARY\tLINE\tSANDBOX\tACTIONS")
		for _, u := range m.Updates {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\t%s\n", u.Number, u.Function, orDash(u.Issue), orDash(u.Summary), u.Line, yesNo(u.Sandbox), orDash(strings.Join(u.Actions, "; ")))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

func writeMarkdown(w io.Writer, doc listing) error {
	cell := strings.NewReplacer("|", `\|`, "\n", " ")
	for i, m := range doc.Modules {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "## %s (Drupal %s)\n\n`%s`\n\n", m.Module, coreName(m.Core), m.Path)
		fmt.Fprintln(w, "| Number | Function | Issue | Summary | Line | Sandbox | Actions |")
		fmt.Fprintln(w, "|---:|---|---|---|---:|---|---|")
		for _, u := range m.Updates {
			actions := make([]string, len(u.Actions))
			for i, a := range u.Actions {
				actions[i] = "`" + a + "`"
			}
			if _, err := fmt.Fprintf(w, "| %d | `%s` | %s | %s | %d | %s | %s |\n", u.Number, u.Function, cell.Replace(u.Issue), cell.Replace(u.Summary), u.Line, yesNo(u.Sandbox), cell.Replace(strings.Join(actions, ", "))); err != nil {
				return err
			}
		}
	}
	return nil
}

func coreName(core int) string {
	if core == 0 {
		return "?"
	}
	return strconv.Itoa(core)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func newNextCmd(g *globalOptions, s *streams, e env) *cobra.Command {
	return &cobra.Command{
		Use:   "next [PATH]",
		Short: "Print the number the next update of the deploy module gets",
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := loadOne(g, e, args)
			if err != nil {
				return err
			}
			n, err := gen.NextNumber(m.Module)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(s.out, n)
			return err
		},
	}
}
