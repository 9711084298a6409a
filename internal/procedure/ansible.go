package procedure

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// ParseAnsible reads an Ansible playbook: its plays and, in the order
// Ansible runs them, the tasks of pre_tasks, tasks and post_tasks, blocks
// with their rescue and always parts, and the handlers they notify (run
// at the end of the section or at meta: flush_handlers). The command of a
// shell or command task is parsed as a shell script. Roles and included
// task files are not read.
func ParseAnsible(path string, src []byte, opts Options) (*Procedure, error) {
	p := newProcedure(path, Ansible, src, opts)
	p.Errexit = true
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(src)).Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return p, nil
		}
		return nil, yamlSyntaxError(path, err)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.SequenceNode {
		return nil, &SyntaxError{Path: path, Line: root.Line, Col: root.Column, Msg: "not an Ansible playbook: a playbook is a list of plays"}
	}
	a := &ansibleWalker{p: p, b: &bashWalker{p: p, links: newLinkState()}, used: map[int]bool{}}
	a.comments(root, "")
	sort.SliceStable(p.Comments, func(i, j int) bool { return p.Comments[i].Pos.Offset < p.Comments[j].Pos.Offset })
	for _, play := range root.Content {
		if play.Kind != yaml.MappingNode {
			return nil, &SyntaxError{Path: path, Line: play.Line, Col: play.Column, Msg: "not an Ansible playbook: a play is a mapping"}
		}
		a.play(play)
	}
	p.finish()
	return p, nil
}

var yamlLine = regexp.MustCompile(`^yaml: line ([0-9]+): (.*)$`)

func yamlSyntaxError(path string, err error) error {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &SyntaxError{Path: path, Line: line, Col: 1, Msg: m[2]}
	}
	return &SyntaxError{Path: path, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
}

type ansibleWalker struct {
	p *Procedure
	b *bashWalker
	// used are the source lines already given to a comment.
	used map[int]bool
	// vars are the play's variables with a plain value, for the Jinja
	// references of commands ({{ drush }}).
	vars map[string]*yaml.Node
	// checks are the assert and fail tasks of the play, with the offset
	// where each starts, for rescues that record a failure for a later
	// barrier.
	checks []ansibleCheck
}

// ansibleCheck is an assert or fail task: where it is and the text it reads.
type ansibleCheck struct {
	at   int
	text string
}

// taskCtx is what a task inherits from its play and blocks.
type taskCtx struct {
	play         *Play
	runOnce      bool
	oneHost      bool
	ignoreErrors *yaml.Node
	failedWhen   *yaml.Node
	becomeUser   string
	become       bool
	// delegate is the host of delegate_to (local_action: localhost), ""
	// when the task runs on the host it is for.
	delegate  string
	onFailure bool
	lost      Failure
	notified  *[]string
}

// yamlPair is one key of a mapping with its value.
type yamlPair struct{ key, value *yaml.Node }

func yamlPairs(n *yaml.Node) []yamlPair {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var out []yamlPair
	for i := 0; i+1 < len(n.Content); i += 2 {
		out = append(out, yamlPair{n.Content[i], n.Content[i+1]})
	}
	return out
}

func yamlLookup(n *yaml.Node, key string) *yamlPair {
	for _, kv := range yamlPairs(n) {
		if kv.key.Value == key {
			return &kv
		}
	}
	return nil
}

func yamlValue(n *yaml.Node, key string) *yaml.Node {
	if kv := yamlLookup(n, key); kv != nil {
		return kv.value
	}
	return nil
}

func yamlTrue(n *yaml.Node) bool {
	if n == nil || n.Kind != yaml.ScalarNode {
		return false
	}
	switch strings.ToLower(strings.TrimSpace(n.Value)) {
	case "true", "yes", "on", "1":
		return true
	}
	return false
}

func yamlFalse(n *yaml.Node) bool {
	if n == nil || n.Kind != yaml.ScalarNode {
		return false
	}
	switch strings.ToLower(strings.TrimSpace(n.Value)) {
	case "false", "no", "off", "0":
		return true
	}
	return false
}

// oneHostPattern matches a hosts pattern or when condition naming one
// host: localhost, group[0], groups['web'][0], inventory_hostname ==.
var oneHostPattern = regexp.MustCompile(`^(localhost|127\.0\.0\.1)$|\[-?[0-9]+\]\s*(\}\})?\s*$|groups\[[^\]]+\]\[[0-9]+\]`)

func (a *ansibleWalker) play(n *yaml.Node) {
	pl := &Play{Span: a.nodeSpan(n, n)}
	for _, kv := range yamlPairs(n) {
		switch kv.key.Value {
		case "name":
			pl.Name = kv.value.Value
		case "hosts":
			pl.Hosts = kv.value.Value
			pl.Span = a.nodeSpan(kv.key, kv.value)
			pl.OneHost = oneHostPattern.MatchString(strings.TrimSpace(kv.value.Value))
		case "serial":
			pl.Serial = kv.value.Value
			if kv.value.Kind == yaml.SequenceNode {
				pl.Serial = "[…]"
			}
		case "any_errors_fatal":
			pl.AnyErrorsFatal = pl.AnyErrorsFatal || yamlTrue(kv.value)
		case "max_fail_percentage":
			pl.AnyErrorsFatal = pl.AnyErrorsFatal || strings.TrimSpace(kv.value.Value) == "0"
		}
	}
	if yamlValue(n, "import_playbook") != nil || yamlValue(n, "ansible.builtin.import_playbook") != nil {
		return
	}
	a.p.Plays = append(a.p.Plays, pl)
	a.vars = map[string]*yaml.Node{}
	for _, kv := range yamlPairs(yamlValue(n, "vars")) {
		if kv.value.Kind == yaml.ScalarNode {
			a.vars[kv.key.Value] = kv.value
		}
	}
	a.checks = nil
	a.collectChecks(n)
	tc := taskCtx{play: pl}
	tc = a.inherit(tc, n)
	handlers := yamlValue(n, "handlers")
	for _, section := range []string{"pre_tasks", "tasks", "post_tasks"} {
		list := yamlValue(n, section)
		if list == nil {
			continue
		}
		var notified []string
		sc := tc
		sc.notified = &notified
		a.tasks(list, sc, handlers)
		a.flush(handlers, tc, &notified)
	}
}

// inherit applies the keywords of a play, block or task that its tasks
// inherit.
func (a *ansibleWalker) inherit(tc taskCtx, n *yaml.Node) taskCtx {
	for _, kv := range yamlPairs(n) {
		switch kv.key.Value {
		case "run_once":
			tc.runOnce = yamlTrue(kv.value)
		case "ignore_errors":
			tc.ignoreErrors = kv.value
		case "failed_when":
			tc.failedWhen = kv.value
		case "become":
			tc.become = yamlTrue(kv.value)
		case "become_user":
			tc.becomeUser = kv.value.Value
		case "delegate_to":
			tc.delegate = kv.value.Value
		case "local_action":
			tc.delegate = "localhost"
		case "when":
			for _, c := range yamlScalars(kv.value) {
				if strings.Contains(c, "inventory_hostname") && strings.Contains(c, "==") {
					tc.oneHost = true
				}
			}
		}
	}
	return tc
}

func yamlScalars(n *yaml.Node) []string {
	switch n.Kind {
	case yaml.ScalarNode:
		return []string{n.Value}
	case yaml.SequenceNode:
		var out []string
		for _, c := range n.Content {
			out = append(out, yamlScalars(c)...)
		}
		return out
	}
	return nil
}

func (a *ansibleWalker) tasks(list *yaml.Node, tc taskCtx, handlers *yaml.Node) {
	if list.Kind != yaml.SequenceNode {
		return
	}
	for _, t := range list.Content {
		if t.Kind == yaml.MappingNode {
			a.task(t, tc, handlers)
		}
	}
}

// taskKeywords are the keys of a task that are not its module.
var taskKeywords = map[string]bool{
	"name": true, "when": true, "register": true, "become": true, "become_user": true, "become_method": true,
	"become_flags": true, "become_exe": true, "run_once": true, "delegate_to": true, "delegate_facts": true,
	"ignore_errors": true, "ignore_unreachable": true, "failed_when": true, "changed_when": true, "loop": true,
	"loop_control": true, "tags": true, "notify": true, "args": true, "environment": true, "vars": true,
	"no_log": true, "retries": true, "until": true, "delay": true, "block": true, "rescue": true, "always": true,
	"check_mode": true, "diff": true, "any_errors_fatal": true, "throttle": true, "timeout": true, "async": true,
	"poll": true, "listen": true, "collections": true, "module_defaults": true, "debugger": true,
	"connection": true, "port": true, "remote_user": true,
}

func (a *ansibleWalker) task(n *yaml.Node, tc taskCtx, handlers *yaml.Node) {
	if block := yamlValue(n, "block"); block != nil {
		inner := a.inherit(tc, n)
		main := inner
		if kv := yamlLookup(n, "rescue"); kv != nil && !endsInFailure(kv.value) && !a.recordsForBarrier(kv.value) {
			main.lost = lostOr(inner.lost, Failure{Lost: "a rescue that does not end in fail, so the play goes on", At: a.nodeSpan(kv.key, kv.key)})
		}
		a.tasks(block, main, handlers)
		if rescue := yamlValue(n, "rescue"); rescue != nil {
			r := inner
			r.onFailure = true
			a.tasks(rescue, r, handlers)
		}
		if always := yamlValue(n, "always"); always != nil {
			a.tasks(always, inner, handlers)
		}
		return
	}
	tc = a.inherit(tc, n)
	if tc.notified != nil {
		if nv := yamlValue(n, "notify"); nv != nil {
			*tc.notified = append(*tc.notified, yamlScalars(nv)...)
		}
	}
	var modKey, modVal *yaml.Node
	for _, kv := range yamlPairs(n) {
		if !taskKeywords[kv.key.Value] && !strings.HasPrefix(kv.key.Value, "with_") {
			modKey, modVal = kv.key, kv.value
			break
		}
	}
	if modKey == nil {
		return
	}
	module := strings.TrimPrefix(strings.TrimPrefix(modKey.Value, "ansible.builtin."), "ansible.legacy.")
	if module == "action" || module == "local_action" {
		if modVal.Kind != yaml.ScalarNode {
			return
		}
		first, _, _ := strings.Cut(strings.TrimSpace(modVal.Value), " ")
		module = strings.TrimPrefix(first, "ansible.builtin.")
		if module == "shell" || module == "command" {
			a.shellTask(n, modVal, module, tc, len(first)+1)
			return
		}
	}
	if module == "meta" && strings.TrimSpace(modVal.Value) == "flush_handlers" {
		a.flush(handlers, tc, tc.notified)
		return
	}
	switch module {
	case "shell", "command", "raw":
		a.shellTask(n, modVal, module, tc, 0)
		return
	}
	a.moduleTask(n, modKey, modVal, module, tc)
}

// endsInFailure reports whether a rescue list ends by failing the host or
// the play: its last task, run whatever the condition, fails, or is a
// block that ends so.
func endsInFailure(rescue *yaml.Node) bool {
	if rescue.Kind != yaml.SequenceNode || len(rescue.Content) == 0 {
		return false
	}
	last := rescue.Content[len(rescue.Content)-1]
	if yamlValue(last, "when") != nil {
		return false
	}
	if block := yamlValue(last, "block"); block != nil {
		return yamlValue(last, "rescue") == nil && endsInFailure(block)
	}
	for _, kv := range yamlPairs(last) {
		switch strings.TrimPrefix(kv.key.Value, "ansible.builtin.") {
		case "fail", "assert":
			return true
		case "meta":
			switch strings.TrimSpace(kv.value.Value) {
			case "end_play", "end_host", "end_batch":
				return true
			}
		case "command", "shell":
			if v := kv.value.Value; strings.HasPrefix(strings.TrimSpace(v), "exit ") || strings.TrimSpace(v) == "false" {
				return true
			}
		}
	}
	return false
}

// collectChecks finds the play's assert and fail tasks, at any depth.
func (a *ansibleWalker) collectChecks(n *yaml.Node) {
	if n.Kind == yaml.MappingNode {
		for _, kv := range yamlPairs(n) {
			switch strings.TrimPrefix(kv.key.Value, "ansible.builtin.") {
			case "assert", "fail":
				a.checks = append(a.checks, ansibleCheck{at: a.nodeOffset(n), text: strings.Join(yamlAllScalars(n), "\n")})
			}
		}
	}
	for _, c := range n.Content {
		a.collectChecks(c)
	}
}

func yamlAllScalars(n *yaml.Node) []string {
	if n.Kind == yaml.ScalarNode {
		return []string{n.Value}
	}
	var out []string
	for _, c := range n.Content {
		out = append(out, yamlAllScalars(c)...)
	}
	return out
}

// recordsForBarrier reports whether a rescue records the failure in a
// fact (set_fact) that a later assert or fail task reads: the barrier
// pattern, where each head notes its failure and one check stops them
// all.
func (a *ansibleWalker) recordsForBarrier(rescue *yaml.Node) bool {
	var facts []string
	for _, t := range rescue.Content {
		for _, kv := range yamlPairs(t) {
			if strings.TrimPrefix(kv.key.Value, "ansible.builtin.") == "set_fact" {
				for _, f := range yamlPairs(kv.value) {
					facts = append(facts, f.key.Value)
				}
			}
		}
	}
	after := a.nodeOffset(rescue)
	for _, c := range a.checks {
		if c.at <= after {
			continue
		}
		for _, f := range facts {
			if regexp.MustCompile(`\b` + regexp.QuoteMeta(f) + `\b`).MatchString(c.text) {
				return true
			}
		}
	}
	return false
}

// flush runs the handlers notified so far, in the order they are
// declared, and forgets the notifications.
func (a *ansibleWalker) flush(handlers *yaml.Node, tc taskCtx, notified *[]string) {
	if handlers == nil || notified == nil || len(*notified) == 0 {
		return
	}
	want := map[string]bool{}
	for _, n := range *notified {
		want[n] = true
	}
	*notified = nil
	hc := taskCtx{play: tc.play, becomeUser: tc.becomeUser, become: tc.become}
	for _, h := range handlers.Content {
		name := ""
		if v := yamlValue(h, "name"); v != nil {
			name = v.Value
		}
		listen := false
		if v := yamlValue(h, "listen"); v != nil {
			for _, l := range yamlScalars(v) {
				listen = listen || want[l]
			}
		}
		if want[name] || listen {
			a.task(h, hc, nil)
		}
	}
}

// scope is where a task runs and how to say it.
func (tc taskCtx) scope() (Scope, string) {
	scope, via := tc.hostScope()
	if tc.delegate != "" {
		via += ", delegated to " + tc.delegate
	}
	return scope, via
}

func (tc taskCtx) hostScope() (Scope, string) {
	switch {
	case tc.play != nil && tc.play.OneHost:
		return Once, "a play on one host"
	case tc.runOnce && tc.play != nil && tc.play.Serial != "" && strings.TrimSpace(tc.play.Serial) != "100%":
		return OncePerBatch, "run_once in a play with serial: " + tc.play.Serial
	case tc.runOnce:
		return Once, "run_once"
	case tc.oneHost:
		return Once, "when: on one host"
	}
	return EveryHead, "every host of the play"
}

// failure says how the task's keywords lose its failures.
func (a *ansibleWalker) failure(tc taskCtx) Failure {
	if tc.lost.Lost != "" {
		return tc.lost
	}
	if yamlTrue(tc.ignoreErrors) {
		return Failure{Lost: "ignore_errors: " + tc.ignoreErrors.Value, At: a.nodeSpan(tc.ignoreErrors, tc.ignoreErrors)}
	}
	if yamlFalse(tc.failedWhen) {
		return Failure{Lost: "failed_when: " + tc.failedWhen.Value, At: a.nodeSpan(tc.failedWhen, tc.failedWhen)}
	}
	return Failure{}
}

func (tc taskCtx) runAs() string {
	if tc.become {
		if tc.becomeUser == "" {
			return "root"
		}
		return tc.becomeUser
	}
	return ""
}

// freeFormParams are the KEY=VALUE options Ansible takes out of a command
// or shell task's free-form text.
var freeFormParams = regexp.MustCompile(`\s(chdir|creates|removes|executable|stdin|warn)=\S+`)

// shellTask reads the script of a command, shell or raw task. skip is
// how many bytes of the value come before the command (action: shell …).
func (a *ansibleWalker) shellTask(task, val *yaml.Node, module string, tc taskCtx, skip int) {
	var text string
	var offs []int
	switch val.Kind {
	case yaml.ScalarNode:
		text, offs = val.Value, a.scalarOffsets(val)
	case yaml.MappingNode:
		if c := yamlValue(val, "cmd"); c != nil && c.Kind == yaml.ScalarNode {
			text, offs = c.Value, a.scalarOffsets(c)
		} else if argv := yamlValue(val, "argv"); argv != nil && argv.Kind == yaml.SequenceNode {
			var words []argWord
			for _, w := range argv.Content {
				t, o := a.jinja(w.Value, a.scalarOffsets(w))
				words = append(words, argWord{text: t, offs: o})
			}
			if len(words) == 0 {
				return
			}
			c := a.shellCtx(module, tc)
			a.b.play = tc.play
			a.b.command(words, nil, c)
			return
		}
	}
	if text == "" {
		if args := yamlValue(task, "args"); args != nil {
			if c := yamlValue(args, "cmd"); c != nil && c.Kind == yaml.ScalarNode {
				text, offs = c.Value, a.scalarOffsets(c)
			}
		}
	}
	if text == "" {
		return
	}
	skip = min(skip, len(text))
	text, offs = text[skip:], offs[skip:]
	if m := freeFormParams.FindStringIndex(text); m != nil {
		text, offs = text[:m[0]], append(offs[:m[0]:m[0]], offs[m[0]])
	}
	text, offs = a.jinja(text, offs)
	c := a.shellCtx(module, tc)
	sc := &shellScript{text: []byte(text), offs: offs, nested: "the " + module + " task"}
	a.b.play = tc.play
	if !a.b.nested(sc, c) {
		// Not shell syntax (a command task's argument): keep it whole.
		a.addModuleStep(task, module, []string{text}, a.p.span(offs[0], offs[len(offs)-1]), tc)
	}
}

// shellCtx is the shell context of a command or shell task.
func (a *ansibleWalker) shellCtx(module string, tc taskCtx) bashCtx {
	scope, via := tc.scope()
	return bashCtx{
		sc:    &shellScript{nested: "the " + module + " task"},
		tail:  true,
		scope: scope, via: via, host: tc.delegate, runAs: tc.runAs(), onFailure: tc.onFailure,
		lost: a.failure(tc),
	}
}

var (
	jinjaVar  = regexp.MustCompile(`\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}`)
	jinjaExpr = regexp.MustCompile(`\{\{.*?\}\}`)
	jinjaName = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)
)

// jinja resolves the Jinja references of a command, as Ansible does
// before the shell sees it: {{ name }} of a play variable with a plain
// value becomes that value, placed where the reference is; any other
// expression becomes a shell variable named after it ({{ release }} →
// $release), so that the command keeps its words.
func (a *ansibleWalker) jinja(text string, offs []int) (string, []int) {
	if !strings.Contains(text, "{{") {
		return text, offs
	}
	var out strings.Builder
	var outOffs []int
	last := 0
	for _, m := range jinjaExpr.FindAllStringIndex(text, -1) {
		out.WriteString(text[last:m[0]])
		outOffs = append(outOffs, offs[last:m[0]]...)
		expr := text[m[0]:m[1]]
		if vm := jinjaVar.FindStringSubmatch(expr); vm != nil && len(vm[0]) == len(expr) {
			if v, ok := a.vars[vm[1]]; ok && !strings.Contains(v.Value, "{{") {
				out.WriteString(v.Value)
				outOffs = append(outOffs, spread(offs, m, len(v.Value))...)
				last = m[1]
				continue
			}
		}
		name := jinjaName.FindString(strings.TrimPrefix(expr, "{{"))
		if name == "" {
			name = "jinja"
		}
		placeholder := "${" + name + "}"
		out.WriteString(placeholder)
		outOffs = append(outOffs, spread(offs, m, len(placeholder))...)
		last = m[1]
	}
	out.WriteString(text[last:])
	outOffs = append(outOffs, offs[last:]...)
	return out.String(), outOffs
}

// spread places n bytes that replace the text m of a command: all at its
// start but the last, at its end, so that a word made of them spans the
// reference.
func spread(offs []int, m []int, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = offs[m[0]]
	}
	if n > 0 {
		out[n-1] = offs[m[1]-1]
	}
	return out
}

// moduleTask records a task of another module: a release switch (file
// state=link on the live link), a PHP reset (service or systemd reload of
// PHP-FPM or Apache), an in-place package install (apt deb=).
func (a *ansibleWalker) moduleTask(task, key, val *yaml.Node, module string, tc taskCtx) {
	opts := map[string]string{}
	switch val.Kind {
	case yaml.MappingNode:
		for _, kv := range yamlPairs(val) {
			opts[kv.key.Value] = kv.value.Value
		}
	case yaml.ScalarNode:
		for _, f := range strings.Fields(val.Value) {
			if k, v, ok := strings.Cut(f, "="); ok {
				opts[k] = strings.Trim(v, `"'`)
			}
		}
	}
	if args := yamlValue(task, "args"); args != nil {
		for _, kv := range yamlPairs(args) {
			if _, ok := opts[kv.key.Value]; !ok {
				opts[kv.key.Value] = kv.value.Value
			}
		}
	}
	var args []string
	for k, v := range opts {
		args = append(args, k+"="+v)
	}
	sort.Strings(args)
	s := a.addModuleStep(task, module, args, a.nodeSpan(key, val), tc)
	switch module {
	case "file":
		dest := cmp.Or(opts["dest"], opts["path"], opts["name"])
		if opts["state"] == "link" && isLiveLink(dest, opts["src"]) {
			s.Kind, s.Switch = KindSwitch, &Switch{How: SwitchAtomic, Link: dest}
		}
	case "service", "systemd", "systemd_service", "sysvinit":
		switch opts["state"] {
		case "reloaded", "restarted":
			if phpServer.MatchString(opts["name"]) {
				s.Kind, s.Reset = KindReset, &Reset{ReachesFPM: true}
			}
		}
	case "apt":
		if deb := opts["deb"]; deb != "" {
			s.Kind, s.Switch = KindSwitch, &Switch{How: SwitchInPlace, Link: deb}
		}
	}
}

func (a *ansibleWalker) addModuleStep(task *yaml.Node, module string, args []string, span Span, tc taskCtx) *Step {
	scope, via := tc.scope()
	s := &Step{
		Span: span, Name: module, Args: args, Scope: scope, Via: via, Host: tc.delegate, RunAs: tc.runAs(),
		OnFailure: tc.onFailure, Play: tc.play,
	}
	s.Text = oneLine(module + ": " + strings.Join(args, " "))
	s.Failure = a.failure(tc)
	a.p.Steps = append(a.p.Steps, s)
	return s
}

// nodeOffset converts a node's line and column (counted in characters)
// to a byte offset.
func (a *ansibleWalker) nodeOffset(n *yaml.Node) int {
	start := a.p.lineStart(n.Line)
	off := start
	for i := 1; i < n.Column && off < len(a.p.Src) && a.p.Src[off] != '\n'; i++ {
		_, size := utf8.DecodeRune(a.p.Src[off:])
		off += size
	}
	return off
}

// nodeSpan is the span from the start of from to the end of the last
// line of to (a scalar's end, or the deepest node's line).
func (a *ansibleWalker) nodeSpan(from, to *yaml.Node) Span {
	start := a.nodeOffset(from)
	if to.Kind == yaml.ScalarNode && !strings.Contains(to.Value, "\n") && to.Style != yaml.LiteralStyle && to.Style != yaml.FoldedStyle {
		offs := a.scalarOffsets(to)
		end := offs[len(offs)-1]
		if to.Style == yaml.DoubleQuotedStyle || to.Style == yaml.SingleQuotedStyle {
			end++
		}
		return a.p.span(start, max(end, start))
	}
	last := lastLine(to)
	end := a.p.lineStart(last + 1)
	if end > 0 && end <= len(a.p.Src) && a.p.Src[end-1] == '\n' {
		end--
	}
	return a.p.span(start, max(end, start))
}

// lastLine is the last source line a node's content reaches.
func lastLine(n *yaml.Node) int {
	line := n.Line
	if n.Kind == yaml.ScalarNode && (n.Style == yaml.LiteralStyle || n.Style == yaml.FoldedStyle) {
		line += strings.Count(strings.TrimRight(n.Value, "\n"), "\n") + 1
	}
	for _, c := range n.Content {
		line = max(line, lastLine(c))
	}
	return line
}

// scalarOffsets maps each byte of a scalar's value to its offset in the
// source, plus one for the end: the value is found character by
// character from the scalar's start, past quotes, escapes, line breaks
// and indentation. When it cannot be found (an escape that changes the
// text), every byte maps to the scalar's start.
func (a *ansibleWalker) scalarOffsets(n *yaml.Node) []int {
	src := a.p.Src
	start := a.nodeOffset(n)
	j := start
	switch n.Style {
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		j++
	case yaml.LiteralStyle, yaml.FoldedStyle:
		if i := bytes.IndexByte(src[start:], '\n'); i >= 0 {
			j = start + i + 1
		}
	}
	v := n.Value
	offs := make([]int, 0, len(v)+1)
	for i := 0; i < len(v); i++ {
		k := j
		for k < len(src) && src[k] != v[i] && strings.IndexByte(" \t\r\n\\'\"", src[k]) >= 0 {
			k++
		}
		if k >= len(src) || src[k] != v[i] {
			if v[i] == '\n' && i == len(v)-1 {
				offs = append(offs, j) // the line break a block scalar ends with
				j = min(j+1, len(src))
				continue
			}
			return fallbackOffsets(start, len(v))
		}
		offs = append(offs, k)
		j = k + 1
	}
	return append(offs, j)
}

func fallbackOffsets(at, n int) []int {
	offs := make([]int, n+1)
	for i := range offs {
		offs[i] = at
	}
	return offs
}

// taskLists are the keys whose value is a list of tasks.
var taskLists = map[string]bool{"tasks": true, "pre_tasks": true, "post_tasks": true, "handlers": true, "block": true, "rescue": true, "always": true}

// comments collects the comments yaml.v3 attaches to nodes and finds the
// line each one is on. A head comment of a task covers the whole task.
// list is the key of the task list n is an item of, "" when it is none.
func (a *ansibleWalker) comments(n *yaml.Node, list string) {
	task := taskLists[list] && n.Kind == yaml.MappingNode
	for _, c := range []struct {
		text   string
		anchor int
		head   bool
	}{{n.HeadComment, n.Line - 1, true}, {n.LineComment, n.Line, false}, {n.FootComment, lastLine(n) + 1, false}} {
		if c.text == "" {
			continue
		}
		for _, line := range strings.Split(c.text, "\n") {
			line = strings.TrimSpace(line)
			if !strings.HasPrefix(line, "#") {
				continue
			}
			pos, ok := a.locate(line, c.anchor)
			if !ok {
				continue
			}
			cm := Comment{Pos: pos, Text: strings.TrimPrefix(line, "#")}
			if task && c.head {
				cm.Task = a.nodeSpan(n, n)
			}
			a.p.Comments = append(a.p.Comments, cm)
		}
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			a.comments(n.Content[i], "")
			key := ""
			if n.Content[i+1].Kind == yaml.SequenceNode {
				key = n.Content[i].Value
			}
			a.comments(n.Content[i+1], key)
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			a.comments(c, list)
		}
	default:
		for _, c := range n.Content {
			a.comments(c, "")
		}
	}
}

// locate finds the line nearest to anchor that holds a comment's text,
// and returns where the text after "#" starts.
func (a *ansibleWalker) locate(comment string, anchor int) (Pos, bool) {
	for d := 0; d < 200; d++ {
		for _, line := range []int{anchor - d, anchor + d} {
			if line < 1 || a.used[line] || line > len(a.p.lines) {
				continue
			}
			text := a.p.LineText(line)
			if i := strings.Index(text, comment); i >= 0 && strings.TrimSpace(text[i+len(comment):]) == "" {
				a.used[line] = true
				return a.p.pos(a.p.lineStart(line) + i + 1), true
			}
		}
	}
	return Pos{}, false
}

// String renders a play for messages.
func (pl *Play) String() string {
	if pl.Name != "" {
		return fmt.Sprintf("play %q", pl.Name)
	}
	return fmt.Sprintf("the play on %s", pl.Hosts)
}
