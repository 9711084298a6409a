// Package procedure owns deployment procedures: the scripts and playbooks
// that put a new release of a Drupal site in production. It reads bash
// scripts (with mvdan.cc/sh) and Ansible playbooks (with yaml.v3) into one
// model — ordered steps, each run once or on every web head, with what it
// is (a drush command, maintenance on or off, a release switch, a PHP
// reset) and what happens when it fails — which lint's procedure rules
// (DC101–DC111) read.
package procedure

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Format is the language a procedure is written in.
type Format int

// Formats.
const (
	Bash Format = iota + 1
	Ansible
)

func (f Format) String() string {
	switch f {
	case Bash:
		return "bash"
	case Ansible:
		return "ansible"
	}
	return "unknown"
}

// Pos is a place in a procedure's source: a byte offset and the 1-based
// line and column (in bytes) it falls on.
type Pos struct {
	Offset, Line, Col int
}

// Span is a range of source, End exclusive.
type Span struct {
	Start, End Pos
}

// ContainsLine reports whether s covers a 1-based line.
func (s Span) ContainsLine(line int) bool { return s.Start.Line <= line && line <= s.End.Line }

// Scope says how many times, and where, a step runs.
type Scope int

// Scopes.
const (
	// Once: one time, on one machine (a one-server script, run_once, an ssh
	// to one named host).
	Once Scope = iota
	// EveryHead: on every web head (an Ansible task of a play over a group,
	// an ssh inside a loop over the hosts, pssh).
	EveryHead
	// OncePerBatch: run_once in a play with serial, which Ansible runs once
	// for each batch of hosts, so several times in all.
	OncePerBatch
)

func (s Scope) String() string {
	switch s {
	case Once:
		return "once"
	case EveryHead:
		return "on every head"
	case OncePerBatch:
		return "once per serial batch"
	}
	return "?"
}

// Kind is what a step does, as far as the rules care.
type Kind int

// Kinds.
const (
	// KindCommand is any other command.
	KindCommand Kind = iota
	// KindDrush is a drush command (Step.Drush says which).
	KindDrush
	// KindMaintenanceOn and KindMaintenanceOff set Drupal's maintenance
	// mode (a drush command too: Step.Drush is set).
	KindMaintenanceOn
	KindMaintenanceOff
	// KindSwitch makes a new release live (Step.Switch says how).
	KindSwitch
	// KindReset resets PHP's caches of code and paths (Step.Reset says
	// whether it reaches PHP-FPM).
	KindReset
)

// Step is one command of a procedure, in the order it runs.
type Step struct {
	// Span is the command in the procedure's source.
	Span Span
	// Text is the command as written, on one line.
	Text string
	// Name is the program run ("drush", "ln", "systemctl") or, for an
	// Ansible task that is not a shell command, its module ("file").
	Name string
	// Args are the arguments after Name, unquoted; a part that the shell
	// expands keeps its source text ($release). For a module task they are
	// its KEY=VALUE options, sorted.
	Args []string
	Kind Kind
	// Scope is where and how often the step runs.
	Scope Scope
	// Host is the named host the step runs on — the host of an ssh, an
	// Ansible delegate_to —, "" when it runs on the machine running the
	// procedure or on each head itself.
	Host string
	// Via says how the step reaches the machine it runs on, for messages:
	// "ssh web1", "ssh in a loop over the hosts", "run_once".
	Via string
	// RunAs is the user the step runs as: sudo -u, su, become_user; ""
	// for the user running the procedure.
	RunAs string
	// Chain is shared, non-zero, by the commands of one `a && b || c`
	// list; 0 for a command on its own.
	Chain int
	// OnFailure is true for a step that runs only when an earlier one
	// failed: a trap handler, the right of `||`, an Ansible rescue.
	OnFailure bool
	// Failure says how a failure of the step is lost, if it is.
	Failure Failure
	// Drush is set for a drush command (KindDrush and maintenance).
	Drush *Drush
	// Switch is set for KindSwitch.
	Switch *Switch
	// Reset is set for KindReset.
	Reset *Reset
	// Play is the Ansible play the step belongs to, nil in a script.
	Play *Play
}

// Failure is what becomes of a step's failure.
type Failure struct {
	// Lost is set when a failure of the step does not stop the procedure
	// and is not handled: "|| true", "| tee" without pipefail,
	// "ignore_errors: true"… It says how, for messages.
	Lost string
	// At is the construct that loses it.
	At Span
}

// Drush is a drush command.
type Drush struct {
	// Command is the command's canonical name ("updatedb",
	// "config:import"); Written is the name as written ("updb").
	Command, Written string
	// Args are the positional arguments after the command.
	Args []string
	// Yes is true when the command cannot stop at a question: -y, --yes,
	// --no-interaction, or its input piped from yes.
	Yes bool
}

// drushCommands maps the names drush accepts, across Drush 8 to 13, to
// one canonical name each.
var drushCommands = map[string]string{
	"updb": "updatedb", "updatedb": "updatedb", "updb:status": "updatedb:status", "updatedb:status": "updatedb:status", "updbst": "updatedb:status", "updatedb-status": "updatedb:status",
	"deploy": "deploy", "deploy:hook": "deploy:hook", "deploy-hook": "deploy:hook", "deploy:mark-complete": "deploy:mark-complete",
	"cim": "config:import", "config-import": "config:import", "config:import": "config:import",
	"cex": "config:export", "config-export": "config:export", "config:export": "config:export",
	"fra": "features:revert-all", "features-revert-all": "features:revert-all", "features:revert-all": "features:revert-all",
	"fr": "features:revert", "features-revert": "features:revert", "features:revert": "features:revert",
	"fia": "features:import-all", "features-import-all": "features:import-all", "features:import-all": "features:import-all",
	"rr": "registry:rebuild", "registry-rebuild": "registry:rebuild", "registry:rebuild": "registry:rebuild",
	"cron": "core:cron", "core-cron": "core:cron", "core:cron": "core:cron",
	"cc": "cache:clear", "cache-clear": "cache:clear", "cache:clear": "cache:clear",
	"cr": "cache:rebuild", "cache-rebuild": "cache:rebuild", "cache:rebuild": "cache:rebuild", "rebuild": "cache:rebuild",
	"vset": "variable:set", "variable-set": "variable:set", "variable:set": "variable:set",
	"vget": "variable:get", "variable-get": "variable:get",
	"sset": "state:set", "state-set": "state:set", "state:set": "state:set",
	"mset": "maint:set", "maint:set": "maint:set",
	"entup": "entity:updates", "entity-updates": "entity:updates", "entity:updates": "entity:updates",
	"en": "pm:install", "pm-enable": "pm:install", "pm:enable": "pm:install", "pm:install": "pm:install",
	"pmu": "pm:uninstall", "pm-uninstall": "pm:uninstall", "pm:uninstall": "pm:uninstall", "dis": "pm:disable", "pm-disable": "pm:disable",
	"sql-dump": "sql:dump", "sql:dump": "sql:dump",
	"ev": "php:eval", "php-eval": "php:eval", "php:eval": "php:eval", "eval": "php:eval",
	"st": "core:status", "status": "core:status", "core-status": "core:status", "core:status": "core:status",
	"version": "version", "help": "help", "sa": "site:alias", "site-alias": "site:alias", "site:alias": "site:alias",
	"dl": "pm:download", "pm-download": "pm:download",
	"locale-update": "locale:update", "locale:update": "locale:update",
}

// canonicalDrush returns the canonical name of a drush command, or the
// name itself when drush has no alias for it.
func canonicalDrush(name string) string {
	if c, ok := drushCommands[name]; ok {
		return c
	}
	return name
}

// IsUpdateDB reports whether the command runs the database updates:
// updatedb, or deploy, which starts with them.
func (d *Drush) IsUpdateDB() bool { return d.Command == "updatedb" || d.Command == "deploy" }

// IsConfigImport reports whether the command imports configuration.
func (d *Drush) IsConfigImport() bool { return d.Command == "config:import" }

// IsCacheClearAll reports whether the command is Drupal 7's `cc all`.
func (d *Drush) IsCacheClearAll() bool {
	return d.Command == "cache:clear" && len(d.Args) > 0 && d.Args[0] == "all"
}

// IsDatabaseStep reports whether the command changes the site's database
// the same way wherever it runs, so that it must run once: updates,
// configuration import, deploy and its hooks, Features reverts, the
// registry rebuild, entity updates and cron.
func (d *Drush) IsDatabaseStep() bool {
	switch d.Command {
	case "updatedb", "deploy", "deploy:hook", "config:import", "features:revert-all", "features:revert",
		"features:import-all", "registry:rebuild", "core:cron", "entity:updates":
		return true
	}
	return false
}

// NeedsMaintenance reports whether the command is a database step that
// visitors must not meet half-done: every database step but the registry
// rebuild, which Drupal 7 needs before anything else can run.
func (d *Drush) NeedsMaintenance() bool {
	return d.IsDatabaseStep() && d.Command != "registry:rebuild"
}

// Asks reports whether the command stops at a confirmation unless told
// yes: the ones that change the database in bulk.
func (d *Drush) Asks() bool {
	switch d.Command {
	case "updatedb", "config:import", "deploy", "features:revert-all", "features:import-all", "entity:updates":
		return true
	}
	return false
}

// Bootstraps reports whether the command loads Drupal fully (modules
// included), which on Drupal 7 needs a registry that matches the code.
func (d *Drush) Bootstraps() bool {
	switch d.Command {
	case "registry:rebuild", "version", "help", "site:alias", "pm:download", "sql:dump":
		return false
	case "cache:clear":
		return !(len(d.Args) > 0 && d.Args[0] == "drush")
	}
	return true
}

// SwitchHow is how a release switch is done.
type SwitchHow int

// Ways to switch a release.
const (
	// SwitchAtomic replaces the live link in one rename: a link made under
	// a temporary name then `mv -T`, or Ansible's file module.
	SwitchAtomic SwitchHow = iota
	// SwitchForceLink is `ln -sfn` on the live link: it removes the link,
	// then creates the new one.
	SwitchForceLink
	// SwitchRemoveThenLink is `rm LINK` (or unlink) and then `ln -s`.
	SwitchRemoveThenLink
	// SwitchMoveIntoDir is `mv TMP LINK` without -T: when LINK points to a
	// folder, mv moves the new link into the old release.
	SwitchMoveIntoDir
	// SwitchInPlace replaces the live code's files where they are: dpkg
	// -i, git pull.
	SwitchInPlace
)

// Switch is a release switch.
type Switch struct {
	How SwitchHow
	// Link is the live link (or folder) switched, as written.
	Link string
	// Removed is where the link was removed, for SwitchRemoveThenLink.
	Removed Span
}

// Reset is a reset of PHP's opcode and realpath caches.
type Reset struct {
	// ReachesFPM is true when the reset reaches the PHP that serves the
	// site (an FPM or Apache reload, a web request); false for a reset in
	// the CLI's own PHP (php -r, drush php:eval, cachetool --cli).
	ReachesFPM bool
}

// Play is an Ansible play.
type Play struct {
	// Span is the play's hosts entry (its first line when it has none).
	Span  Span
	Name  string
	Hosts string
	// Serial is the play's serial setting as written, "" when it has none.
	Serial string
	// AnyErrorsFatal is true when a failure on one host stops the play on
	// every host: any_errors_fatal, or max_fail_percentage 0.
	AnyErrorsFatal bool
	// OneHost is true when the play targets a single host (localhost,
	// group[0]).
	OneHost bool
}

// Comment is a comment of the source.
type Comment struct {
	// Pos is where the comment's text starts, after "#".
	Pos  Pos
	Text string
	// Task is the Ansible task whose head comment this is, for
	// suppressions that cover the whole task; zero otherwise.
	Task Span
}

// Procedure is one deployment procedure.
type Procedure struct {
	Path   string
	Format Format
	Src    []byte
	// Steps are the commands in the order they run. Steps of a shell
	// function appear where it is called; the steps of an error handler
	// (OnFailure) where it is set.
	Steps    []*Step
	Comments []Comment
	// Plays are an Ansible playbook's plays, nil for a script.
	Plays []*Play
	// Errexit is true when a script stops at its first failing command:
	// set -e (or -o errexit) before its first step, or -e on its #! line.
	// Always true for a playbook.
	Errexit bool
	// Start is the first line of the source, where a finding about the
	// whole procedure is reported.
	Start Span
	// Core is the Drupal core major: Options.Core when set, else guessed
	// from drush commands that exist in one major only (CoreGuessed), else
	// 0.
	Core        int
	CoreGuessed bool
	// DeployHooks is the deploy module's NAME.deploy.php (Options).
	DeployHooks string

	lines []int // offset where each line starts
}

// Options give a parse what the procedure itself does not say.
type Options struct {
	// Core is the site's Drupal core major, 0 when unknown.
	Core int
	// DeployHooks is the path of the deploy module's NAME.deploy.php,
	// "" when it has none.
	DeployHooks string
}

// MainSteps are the steps that run when nothing fails.
func (p *Procedure) MainSteps() []*Step {
	var out []*Step
	for _, s := range p.Steps {
		if !s.OnFailure {
			out = append(out, s)
		}
	}
	return out
}

// SyntaxError is a procedure that does not parse.
type SyntaxError struct {
	Path      string
	Line, Col int
	Msg       string
}

func (e *SyntaxError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.Path, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Col, e.Msg)
}

// Detect tells whether path names a procedure lint reads, and in which
// format: .sh and .bash files, a file whose #! line runs a shell, and
// .yml/.yaml files other than a module's .info.yml and dcycle's own
// settings. src may be nil when the file has not been read.
func Detect(path string, src []byte) (Format, bool) {
	base := filepath.Base(path)
	switch ext := strings.ToLower(filepath.Ext(base)); ext {
	case ".sh", ".bash":
		return Bash, true
	case ".yml", ".yaml":
		if strings.HasSuffix(base, ".info.yml") || base == ".dcycle.yml" || strings.HasSuffix(base, ".services.yml") {
			return 0, false
		}
		return Ansible, true
	case "":
		if shellShebang(src) {
			return Bash, true
		}
	}
	return 0, false
}

// shellShebang reports whether src starts with a #! line running sh or
// bash.
func shellShebang(src []byte) bool {
	line, _, _ := strings.Cut(string(src[:min(len(src), 200)]), "\n")
	if !strings.HasPrefix(line, "#!") {
		return false
	}
	for _, f := range strings.Fields(line[2:]) {
		switch filepath.Base(f) {
		case "sh", "bash", "dash":
			return true
		}
	}
	return false
}

// Load reads and parses the procedure at path.
func Load(path string, opts Options) (*Procedure, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, src, opts)
}

// Parse reads a procedure in the format Detect gives its path; a file
// Detect does not know is read as a script.
func Parse(path string, src []byte, opts Options) (*Procedure, error) {
	if f, _ := Detect(path, src); f == Ansible {
		return ParseAnsible(path, src, opts)
	}
	return ParseBash(path, src, opts)
}

// newProcedure starts the model of src.
func newProcedure(path string, format Format, src []byte, opts Options) *Procedure {
	p := &Procedure{Path: path, Format: format, Src: src, Core: opts.Core, DeployHooks: opts.DeployHooks}
	p.lines = []int{0}
	for i, b := range src {
		if b == '\n' {
			p.lines = append(p.lines, i+1)
		}
	}
	end := len(src)
	if len(p.lines) > 1 {
		end = p.lines[1] - 1
	}
	p.Start = Span{Start: p.pos(0), End: p.pos(end)}
	return p
}

// pos converts a byte offset of Src.
func (p *Procedure) pos(offset int) Pos {
	offset = min(max(offset, 0), len(p.Src))
	i := sort.Search(len(p.lines), func(i int) bool { return p.lines[i] > offset }) - 1
	return Pos{Offset: offset, Line: i + 1, Col: offset - p.lines[i] + 1}
}

// span converts a byte range of Src.
func (p *Procedure) span(start, end int) Span { return Span{Start: p.pos(start), End: p.pos(end)} }

// lineStart is the offset of a 1-based line.
func (p *Procedure) lineStart(line int) int {
	if line < 1 {
		return 0
	}
	if line > len(p.lines) {
		return len(p.Src)
	}
	return p.lines[line-1]
}

// LineText returns the text of a 1-based line, without its ending.
func (p *Procedure) LineText(line int) string {
	start := p.lineStart(line)
	end := len(p.Src)
	if line < len(p.lines) {
		end = p.lines[line] - 1
	}
	if start > end {
		return ""
	}
	return strings.TrimSuffix(string(p.Src[start:end]), "\r")
}

// finish settles what depends on every step: the guessed core major.
func (p *Procedure) finish() {
	if p.Core != 0 {
		return
	}
	for _, s := range p.Steps {
		if s.Drush == nil {
			continue
		}
		switch s.Drush.Command {
		case "variable:set", "variable:get", "features:revert-all", "features:revert", "registry:rebuild", "pm:disable":
			p.Core, p.CoreGuessed = 7, true
			return
		case "cache:clear":
			if s.Drush.IsCacheClearAll() {
				p.Core, p.CoreGuessed = 7, true
				return
			}
		case "config:import", "config:export", "cache:rebuild", "deploy", "deploy:hook", "state:set", "maint:set", "entity:updates", "pm:uninstall":
			p.Core, p.CoreGuessed = 8, true
			return
		}
	}
}

// oneLine collapses a command's text onto one line for messages.
func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\\\n", " ")
	return strings.Join(strings.Fields(s), " ")
}
