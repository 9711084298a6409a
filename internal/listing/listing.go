// Package listing owns what `dcycle list` says about deploy modules: one row
// per update (number, function, line, issue, summary, whether it takes a
// sandbox, what it does), built from the phpast model, and the formats it is
// written in (table, json, markdown), one file each behind the Formatter
// interface, as lint's findings are in internal/lint/format.
package listing

import (
	"strconv"
	"strings"

	"github.com/dcycle/dcycle/internal/phpast"
)

// Document is what list reports. Its JSON form is part of dcycle's contract
// (SPEC §3) and only grows.
type Document struct {
	Version int      `json:"version"`
	Modules []Module `json:"modules"`
}

// Module is one module's updates.
type Module struct {
	Module string `json:"module"`
	// Path is the module's .install as the user should see it.
	Path    string   `json:"path"`
	Core    int      `json:"core"`
	Updates []Update `json:"updates"`
}

// Update is one hook_update_N().
type Update struct {
	Number   int    `json:"number"`
	Function string `json:"function"`
	Line     int    `json:"line"`
	// Issue joins the docblock's issue references with ", ".
	Issue   string   `json:"issue"`
	Summary string   `json:"summary"`
	Sandbox bool     `json:"sandbox"`
	Actions []string `json:"actions"`
	// Written is the number as the function's name writes it when that is
	// not how Number prints ("07005" for 7005): Drupal may not find the
	// function from its number (DC010), so the table shows it as written.
	Written string `json:"-"`
}

// shownNumber is the number as the table and Markdown show it: as written
// in the function's name.
func (u Update) shownNumber() string {
	if u.Written != "" {
		return u.Written
	}
	return strconv.Itoa(u.Number)
}

// Build lists the updates of mods, in number order, in the order of mods.
// display turns a file's path into the form the user should see; nil keeps
// it.
func Build(mods []*phpast.Module, display func(path string) string) *Document {
	if display == nil {
		display = func(p string) string { return p }
	}
	doc := &Document{Version: 1, Modules: make([]Module, 0, len(mods))}
	for _, m := range mods {
		ml := Module{Module: m.Name, Core: m.Core, Updates: []Update{}}
		if m.Install != nil {
			ml.Path = display(m.Install.Path)
		}
		for _, u := range m.Updates() {
			line, _ := u.File.Lines.Position(u.Span.Start)
			actions := u.Actions()
			if actions == nil {
				actions = []string{}
			}
			row := Update{
				Number: u.Number, Function: u.Name, Line: line,
				Issue: strings.Join(u.Doc.Issues, ", "), Summary: u.Doc.Summary,
				Sandbox: u.Sandbox, Actions: actions,
			}
			if u.NumberText != strconv.Itoa(u.Number) {
				row.Written = u.NumberText
			}
			ml.Updates = append(ml.Updates, row)
		}
		doc.Modules = append(doc.Modules, ml)
	}
	return doc
}
