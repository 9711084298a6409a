// Package listing owns what `dcycle list` says about deploy modules: one row
// per deployment step — every hook_update_N(), and on Drupal 8 and later
// every post-update and deploy hook — with its kind, what runs it, its
// number, function, file and line, issue, summary, whether it takes a
// sandbox and what it does, built from the phpast model, and the formats it
// is written in (table, json, markdown), one file each behind the
// Formatter interface, as lint's findings are in internal/lint/format.
package listing

import (
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/dcycle/dcycle/internal/phpast"
)

// Document is what list reports. Its JSON form is part of dcycle's contract
// (SPEC §3) and only grows: version 1 readers find the updates where they
// always were, and post-updates and deploy hooks beside them.
type Document struct {
	Version int      `json:"version"`
	Modules []Module `json:"modules"`
}

// Module is one module's deployment steps.
type Module struct {
	Module string `json:"module"`
	// Path is the module's .install as the user should see it (its
	// .post_update.php or .deploy.php when it has no .install).
	Path    string   `json:"path"`
	Core    int      `json:"core"`
	Updates []Update `json:"updates"`
	// PostUpdates and DeployHooks are the NAME_post_update_NAME() and
	// NAME_deploy_NAME() functions, in the order drush runs them: the
	// string order of their names.
	PostUpdates []Update `json:"post_updates"`
	DeployHooks []Update `json:"deploy_hooks"`
}

// Steps are the module's rows in the order a deployment runs them:
// updates, post-updates, deploy hooks.
func (m Module) Steps() []Update {
	out := make([]Update, 0, len(m.Updates)+len(m.PostUpdates)+len(m.DeployHooks))
	out = append(out, m.Updates...)
	out = append(out, m.PostUpdates...)
	return append(out, m.DeployHooks...)
}

// Kinds of rows, as new-update --kind names them.
const (
	KindUpdate     = "update"
	KindPostUpdate = "post-update"
	KindDeploy     = "deploy"
)

// What runs each kind, as the SPEC's table says.
const (
	RunsUpdate     = "updb"
	RunsPostUpdate = "updb (after updates)"
	RunsDeploy     = "drush deploy"
)

// Update is one deployment step: a hook_update_N(), a post-update or a
// deploy hook.
type Update struct {
	// Number is an update's N, or the sequence a post-update or deploy
	// hook's name starts with (10005 in NAME_post_update_10005_views),
	// 0 when it has none.
	Number   int    `json:"number"`
	Function string `json:"function"`
	Line     int    `json:"line"`
	// Issue joins the docblock's issue references with ", ".
	Issue   string   `json:"issue"`
	Summary string   `json:"summary"`
	Sandbox bool     `json:"sandbox"`
	Actions []string `json:"actions"`
	// Kind is update, post-update or deploy; Runs says what runs it: updb,
	// updb (after updates) or drush deploy.
	Kind string `json:"kind"`
	Runs string `json:"runs"`
	// Name is the NAME of a post-update or deploy hook, after
	// "_post_update_" or "_deploy_".
	Name string `json:"name,omitempty"`
	// Path is the file that declares the function, as the user should
	// see it.
	Path string `json:"path"`
	// Written is the number as the function's name writes it when that is
	// not how Number prints ("07005" for 7005): Drupal may not find the
	// function from its number (DC010), so the table shows it as written.
	Written string `json:"-"`
}

// shownNumber is the number as the table and Markdown show it: as written
// in the function's name, "-" for a hook without a sequence.
func (u Update) shownNumber() string {
	switch {
	case u.Written != "":
		return u.Written
	case u.Number == 0 && u.Kind != KindUpdate:
		return "-"
	}
	return strconv.Itoa(u.Number)
}

// shownLine is the line as the table and Markdown show it: a number in the
// module's main file, FILE:LINE in another.
func (u Update) shownLine(m Module) string {
	if u.Path == m.Path || u.Path == "" {
		return strconv.Itoa(u.Line)
	}
	return filepath.Base(u.Path) + ":" + strconv.Itoa(u.Line)
}

// seqPrefix is the sequence a hook's NAME starts with.
var seqPrefix = regexp.MustCompile(`^([0-9]+)(?:_|$)`)

// Build lists the deployment steps of mods, in the order of mods: updates
// in number order, then post-updates and deploy hooks in the order drush
// runs them. display turns a file's path into the form the user should
// see; nil keeps it.
func Build(mods []*phpast.Module, display func(path string) string) *Document {
	if display == nil {
		display = func(p string) string { return p }
	}
	doc := &Document{Version: 1, Modules: make([]Module, 0, len(mods))}
	for _, m := range mods {
		ml := Module{Module: m.Name, Core: m.Core, Updates: []Update{}, PostUpdates: []Update{}, DeployHooks: []Update{}}
		if files := m.Files(); len(files) > 0 {
			ml.Path = display(files[0].Path)
		}
		for _, u := range m.Updates() {
			row := step(u.File, u.Function, display)
			row.Number, row.Kind, row.Runs = u.Number, KindUpdate, RunsUpdate
			if u.NumberText != strconv.Itoa(u.Number) {
				row.Written = u.NumberText
			}
			ml.Updates = append(ml.Updates, row)
		}
		for _, f := range m.Files() {
			for _, fn := range f.Functions {
				switch fn.Kind {
				case phpast.KindPostUpdate:
					row := hook(f, fn, display)
					row.Kind, row.Runs = KindPostUpdate, RunsPostUpdate
					ml.PostUpdates = append(ml.PostUpdates, row)
				case phpast.KindDeploy:
					row := hook(f, fn, display)
					row.Kind, row.Runs = KindDeploy, RunsDeploy
					ml.DeployHooks = append(ml.DeployHooks, row)
				}
			}
		}
		byName := func(rows []Update) {
			sort.SliceStable(rows, func(i, j int) bool { return strings.ToLower(rows[i].Function) < strings.ToLower(rows[j].Function) })
		}
		byName(ml.PostUpdates)
		byName(ml.DeployHooks)
		doc.Modules = append(doc.Modules, ml)
	}
	return doc
}

// step is the row of a function, without its kind and number.
func step(f *phpast.File, fn *phpast.Function, display func(string) string) Update {
	line, _ := f.Lines.Position(fn.Span.Start)
	actions := fn.Actions()
	if actions == nil {
		actions = []string{}
	}
	return Update{
		Function: fn.Name, Line: line,
		Issue: strings.Join(fn.Doc.Issues, ", "), Summary: fn.Doc.Summary,
		Sandbox: fn.Sandbox, Actions: actions, Path: display(f.Path),
	}
}

// hook is the row of a post-update or deploy hook, numbered by the
// sequence its name starts with.
func hook(f *phpast.File, fn *phpast.Function, display func(string) string) Update {
	row := step(f, fn, display)
	row.Name = fn.Slug
	if m := seqPrefix.FindStringSubmatch(fn.Slug); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil {
			row.Number = n
		}
	}
	return row
}
