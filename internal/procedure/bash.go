package procedure

import (
	"bytes"
	"errors"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// ParseBash reads a shell script. Commands that run a script of their own
// — ssh HOST "…", bash -c "…", su -c "…", a trap handler, a here-document
// fed to ssh — are parsed again, their steps placed at their text in the
// source. Shell functions are followed where they are called, with "$@"
// standing for the call's arguments.
func ParseBash(path string, src []byte, opts Options) (*Procedure, error) {
	p := newProcedure(path, Bash, src, opts)
	f, err := syntax.NewParser(syntax.KeepComments(true), syntax.Variant(syntax.LangBash)).Parse(bytes.NewReader(src), path)
	if err != nil {
		return nil, shellSyntaxError(path, err)
	}
	syntax.Walk(f, func(n syntax.Node) bool {
		if c, ok := n.(*syntax.Comment); ok {
			p.Comments = append(p.Comments, Comment{Pos: p.pos(int(c.Hash.Offset()) + 1), Text: c.Text})
		}
		return true
	})
	b := &bashWalker{p: p, links: newLinkState()}
	top := &shellScript{text: src, errexit: shebangErrexit(src)}
	top.funcs = shellFuncs(top, f)
	top.vars = b.constants(top, f)
	p.Errexit = top.errexit
	b.top = top
	b.stmts(f.Stmts, bashCtx{sc: top, tail: true})
	p.finish()
	return p, nil
}

func shellSyntaxError(path string, err error) error {
	var perr syntax.ParseError
	if errors.As(err, &perr) {
		return &SyntaxError{Path: path, Line: int(perr.Pos.Line()), Col: int(perr.Pos.Col()), Msg: perr.Text}
	}
	var lerr syntax.LangError
	if errors.As(err, &lerr) {
		return &SyntaxError{Path: path, Line: int(lerr.Pos.Line()), Col: int(lerr.Pos.Col()), Msg: lerr.Feature + " is not supported"}
	}
	return &SyntaxError{Path: path, Msg: err.Error()}
}

// shebangErrexit reports whether the #! line passes -e to the shell.
func shebangErrexit(src []byte) bool {
	line, _, _ := strings.Cut(string(src[:min(len(src), 200)]), "\n")
	if !strings.HasPrefix(line, "#!") {
		return false
	}
	fields := strings.Fields(line[2:])
	if len(fields) < 2 {
		return false // "#!" alone, or an interpreter without options
	}
	for _, f := range fields[1:] {
		if len(f) > 1 && f[0] == '-' && f[1] != '-' && strings.ContainsRune(f, 'e') && f != "-S" {
			return true
		}
	}
	return false
}

// shellFunc is a shell function and the script that declares it, whose
// text its positions index.
type shellFunc struct {
	decl *syntax.FuncDecl
	sc   *shellScript
}

// shellFuncs maps the names of the shell functions sc declares to their
// declarations.
func shellFuncs(sc *shellScript, f *syntax.File) map[string]shellFunc {
	out := map[string]shellFunc{}
	syntax.Walk(f, func(n syntax.Node) bool {
		if fd, ok := n.(*syntax.FuncDecl); ok && fd.Name != nil {
			out[fd.Name.Value] = shellFunc{decl: fd, sc: sc}
		}
		return true
	})
	return out
}

// shellScript is one shell's source: the file, or a string another command
// runs as a script (ssh's command, bash -c).
type shellScript struct {
	// text is what was parsed; offs maps its offsets to the file's (nil:
	// the file itself).
	text []byte
	offs []int
	// nested says which command runs this script, "" for the file.
	nested string
	funcs  map[string]shellFunc
	// vars are the variables assigned once, to what the assignment says.
	vars map[string]argWord
	// errexit and pipefail are the shell's options at the point reached;
	// setOff is true once set +e turned errexit off.
	errexit, pipefail, setOff bool
}

// at maps an offset of the script's text to the file.
func (sc *shellScript) at(o int) int {
	if sc.offs == nil {
		return o
	}
	if o >= len(sc.offs) {
		return sc.offs[len(sc.offs)-1]
	}
	return sc.offs[max(o, 0)]
}

// bashCtx is what a command inherits from the constructs around it.
type bashCtx struct {
	sc *shellScript
	// tail is true when the command's status becomes its script's.
	tail bool
	// andLeft: left of && (set -e ignores its failure); handled: a
	// condition, negated, or left of an || that handles the failure.
	andLeft, handled bool
	onFailure        bool
	scope            Scope
	host, via        string
	runAs            string
	chain            int
	// chainAt is the whole && / || list of chain.
	chainAt Span
	// lost is a loss of failure inherited from an enclosing command
	// (ssh h "…" || true).
	lost Failure
	// yes is true when the input is piped from yes.
	yes bool
	// args stand for "$@" in a function body.
	args []argWord
	// hostVars are the variables of enclosing loops (for h in …, while
	// read h).
	hostVars map[string]bool
	calls    []string
}

// argWord is one shell word, unquoted: its text (expansions kept as
// written) and the file offset of each byte, plus one for the end.
type argWord struct {
	text string
	offs []int
	// spliced is true for a word "$@" stood for.
	spliced bool
	// quote is the length of the quote that opens the word ("$x"), which
	// its start includes.
	quote int
}

func (w argWord) start() int { return w.offs[0] - w.quote }
func (w argWord) end() int   { return w.offs[len(w.offs)-1] }

type bashWalker struct {
	p *Procedure
	// play is the Ansible play of the task whose script is walked.
	play   *Play
	top    *shellScript
	links  *linkState
	chains int
}

func (b *bashWalker) stmts(list []*syntax.Stmt, c bashCtx) {
	for i, s := range list {
		cc := c
		cc.tail = c.tail && i == len(list)-1
		b.stmt(s, cc)
	}
}

func (b *bashWalker) stmt(s *syntax.Stmt, c bashCtx) {
	if s.Negated {
		c.handled = true
	}
	switch cmd := s.Cmd.(type) {
	case *syntax.CallExpr:
		b.call(cmd, s.Redirs, c)
	case *syntax.BinaryCmd:
		b.binary(cmd, c)
	case *syntax.IfClause:
		for cl := cmd; cl != nil; cl = cl.Else {
			cond := c
			cond.handled, cond.tail = true, false
			b.stmts(cl.Cond, cond)
			b.stmts(cl.Then, c)
		}
	case *syntax.WhileClause:
		cond := c
		cond.handled, cond.tail = true, false
		body := c
		body.tail = false
		body.hostVars = withVars(c.hostVars, readVars(cmd.Cond)...)
		b.stmts(cmd.Cond, cond)
		b.stmts(cmd.Do, body)
	case *syntax.ForClause:
		body := c
		body.tail = false
		if it, ok := cmd.Loop.(*syntax.WordIter); ok && it.Name != nil {
			body.hostVars = withVars(c.hostVars, it.Name.Value)
		}
		b.stmts(cmd.Do, body)
	case *syntax.Block:
		b.stmts(cmd.Stmts, c)
	case *syntax.Subshell:
		b.stmts(cmd.Stmts, c)
	case *syntax.CaseClause:
		for _, it := range cmd.Items {
			b.stmts(it.Stmts, c)
		}
	case *syntax.TimeClause:
		if cmd.Stmt != nil {
			b.stmt(cmd.Stmt, c)
		}
	}
}

func withVars(vars map[string]bool, names ...string) map[string]bool {
	out := make(map[string]bool, len(vars)+len(names))
	for k := range vars {
		out[k] = true
	}
	for _, n := range names {
		out[n] = true
	}
	return out
}

// readVars returns the variables a `while read h` condition sets.
func readVars(cond []*syntax.Stmt) []string {
	var out []string
	for _, s := range cond {
		ce, ok := s.Cmd.(*syntax.CallExpr)
		if !ok || len(ce.Args) == 0 || ce.Args[0].Lit() != "read" {
			continue
		}
		for _, a := range ce.Args[1:] {
			if l := a.Lit(); l != "" && !strings.HasPrefix(l, "-") && syntax.ValidName(l) {
				out = append(out, l)
			}
		}
	}
	return out
}

func (b *bashWalker) binary(cmd *syntax.BinaryCmd, c bashCtx) {
	switch cmd.Op {
	case syntax.AndStmt, syntax.OrStmt:
		if c.chain == 0 {
			b.chains++
			c.chain = b.chains
			c.chainAt = b.spanOf(c.sc, cmd.Pos(), cmd.End())
		}
		x, y := c, c
		if cmd.Op == syntax.AndStmt {
			x.andLeft = true
		} else if swallows(cmd.Y) {
			x.lost = lostOr(c.lost, Failure{Lost: "|| " + firstWord(cmd.Y), At: b.spanOf(c.sc, cmd.OpPos, cmd.Y.End())})
		} else {
			x.handled = true
			y.onFailure = true
		}
		b.stmt(cmd.X, x)
		b.stmt(cmd.Y, y)
	case syntax.Pipe, syntax.PipeAll:
		x, y := c, c
		x.tail = false
		if !c.sc.pipefail {
			x.lost = lostOr(c.lost, Failure{Lost: "| " + firstWord(cmd.Y) + " without set -o pipefail", At: b.spanOf(c.sc, cmd.OpPos, cmd.Y.End())})
		}
		if ce, ok := cmd.X.Cmd.(*syntax.CallExpr); ok && len(ce.Args) > 0 && ce.Args[0].Lit() == "yes" {
			y.yes = true
		}
		b.stmt(cmd.X, x)
		b.stmt(cmd.Y, y)
	}
}

func lostOr(outer, inner Failure) Failure {
	if outer.Lost != "" {
		return outer
	}
	return inner
}

// swallows reports whether the right side of an || throws the failure
// away: true, :, or only messages.
func swallows(s *syntax.Stmt) bool {
	ok := true
	seen := false
	syntax.Walk(s, func(n syntax.Node) bool {
		ce, isCall := n.(*syntax.CallExpr)
		if !isCall || len(ce.Args) == 0 {
			return true
		}
		seen = true
		switch ce.Args[0].Lit() {
		case "true", ":", "echo", "printf", "logger":
		default:
			ok = false
		}
		return false
	})
	return ok && seen
}

func firstWord(s *syntax.Stmt) string {
	if ce, ok := s.Cmd.(*syntax.CallExpr); ok && len(ce.Args) > 0 {
		if l := ce.Args[0].Lit(); l != "" {
			return l
		}
	}
	return "…"
}

func (b *bashWalker) spanOf(sc *shellScript, from, to syntax.Pos) Span {
	return b.p.span(sc.at(int(from.Offset())), sc.at(int(to.Offset())))
}

// loss says how a failure of a command in context c is lost, if it is.
// A script without set -e is reported once for the whole file, not here.
func (b *bashWalker) loss(c bashCtx, at Span) Failure {
	if c.lost.Lost != "" || c.handled || c.tail {
		return c.lost
	}
	switch {
	case c.andLeft && c.sc.errexit:
		return Failure{Lost: "left of && in a list that is not the last command: set -e ignores the failure", At: c.chainAt}
	case c.sc.errexit:
		return Failure{}
	case c.sc.nested != "":
		return Failure{Lost: "not the last command of " + c.sc.nested + ", whose shell goes on after a failure (no set -e there)", At: at}
	case c.sc.setOff:
		return Failure{Lost: "after set +e", At: at}
	}
	return Failure{}
}

func (b *bashWalker) call(ce *syntax.CallExpr, redirs []*syntax.Redirect, c bashCtx) {
	if len(ce.Args) == 0 {
		return
	}
	var words []argWord
	for _, w := range ce.Args {
		if isAllArgs(w) && c.args != nil {
			for _, a := range c.args {
				a.spliced = true
				words = append(words, a)
			}
			continue
		}
		words = append(words, b.word(c.sc, w))
	}
	b.command(words, redirs, c)
}

// isAllArgs reports whether w is "$@" or "$*", alone.
func isAllArgs(w *syntax.Word) bool {
	if len(w.Parts) != 1 {
		return false
	}
	part := w.Parts[0]
	if dq, ok := part.(*syntax.DblQuoted); ok && len(dq.Parts) == 1 {
		part = dq.Parts[0]
	}
	pe, ok := part.(*syntax.ParamExp)
	return ok && pe.Param != nil && (pe.Param.Value == "@" || pe.Param.Value == "*") && pe.Exp == nil && pe.Repl == nil && pe.Slice == nil
}

// word unquotes w, keeping what the shell would expand as written.
func (b *bashWalker) word(sc *shellScript, w *syntax.Word) argWord {
	var text []byte
	var offs []int
	add := func(ch byte, at int) {
		text = append(text, ch)
		offs = append(offs, sc.at(at))
	}
	raw := func(from, to int) {
		for i := from; i < to && i < len(sc.text); i++ {
			add(sc.text[i], i)
		}
	}
	var part func(p syntax.WordPart, quoted bool)
	part = func(p syntax.WordPart, quoted bool) {
		switch x := p.(type) {
		case *syntax.Lit:
			start := int(x.Pos().Offset())
			v := x.Value
			for i := 0; i < len(v); i++ {
				if v[i] == '\\' && i+1 < len(v) && (!quoted || strings.IndexByte("$`\"\\\n", v[i+1]) >= 0) {
					i++
					if v[i] != '\n' {
						add(v[i], start+i)
					}
					continue
				}
				add(v[i], start+i)
			}
		case *syntax.SglQuoted:
			start := int(x.Left.Offset()) + 1
			if x.Dollar {
				start++
			}
			for i := 0; i < len(x.Value); i++ {
				add(x.Value[i], start+i)
			}
		case *syntax.DblQuoted:
			for _, in := range x.Parts {
				part(in, true)
			}
		default:
			raw(int(p.Pos().Offset()), int(p.End().Offset()))
		}
	}
	for _, p := range w.Parts {
		part(p, false)
	}
	end := sc.at(int(w.End().Offset()))
	quote := 0
	if len(offs) > 0 {
		end = offs[len(offs)-1] + 1 // not past a closing quote
		if q := offs[0] - sc.at(int(w.Pos().Offset())); q > 0 && q <= 2 {
			quote = q
		}
	}
	return argWord{text: string(text), offs: append(offs, end), quote: quote}
}

// heredoc returns the body of a here-document redirect, if there is one.
func (b *bashWalker) heredoc(sc *shellScript, redirs []*syntax.Redirect) (argWord, bool) {
	for _, r := range redirs {
		if (r.Op == syntax.Hdoc || r.Op == syntax.DashHdoc) && r.Hdoc != nil && len(r.Hdoc.Parts) > 0 {
			return b.word(sc, r.Hdoc), true
		}
	}
	return argWord{}, false
}

func (b *bashWalker) command(words []argWord, redirs []*syntax.Redirect, c bashCtx) {
	words, c = stripWrappers(words, c)
	if len(words) == 0 {
		return
	}
	name := words[0].text
	if fn, ok := c.sc.funcs[name]; ok && !isDrush(name) && !slices.Contains(c.calls, name) && len(c.calls) < 16 {
		// The body runs where the function is called; its last command's
		// status is the call's.
		fc := c
		fc.lost = b.loss(c, b.p.span(words[0].start(), words[len(words)-1].end()))
		fc.tail, fc.andLeft, fc.chain = true, false, 0
		fc.args = words[1:]
		if fc.args == nil {
			fc.args = []argWord{}
		}
		fc.calls = append(append([]string(nil), c.calls...), name)
		fc.sc = fn.sc
		b.stmt(fn.decl.Body, fc)
		return
	}
	switch filepath.Base(name) {
	case "set":
		b.set(words[1:], c)
		return
	case "eval":
		if len(words) > 1 && b.eval(words[1:], c) {
			return
		}
	case "trap":
		if len(words) > 2 && words[1].text != "-" && words[1].text != "" {
			h := c
			h.onFailure, h.tail = true, false
			sc := &shellScript{text: []byte(words[1].text), offs: words[1].offs, nested: c.sc.nested, funcs: c.sc.funcs, vars: c.sc.vars, errexit: c.sc.errexit, pipefail: c.sc.pipefail}
			b.nested(sc, h)
		}
		return
	case "ssh":
		if b.ssh(words, redirs, c) {
			return
		}
	case "pssh", "parallel-ssh", "pdsh", "clush":
		if b.fanOut(words, c) {
			return
		}
	case "bash", "sh", "dash", "zsh":
		if b.shell(words, redirs, c) {
			return
		}
	case "su":
		if b.su(words, c) {
			return
		}
	}
	b.addStep(words, c)
}

// stripWrappers drops the commands that only run another one (sudo, env,
// nice, timeout…), noting the user sudo runs it as.
func stripWrappers(words []argWord, c bashCtx) ([]argWord, bashCtx) {
	for len(words) > 0 {
		switch filepath.Base(words[0].text) {
		case "sudo":
			user, rest := sudoArgs(words[1:])
			c.runAs = user
			words = rest
		case "env":
			i := 1
			for i < len(words) && (strings.HasPrefix(words[i].text, "-") || strings.Contains(words[i].text, "=")) {
				if words[i].text == "-u" || words[i].text == "-C" {
					i++
				}
				i++
			}
			words = words[min(i, len(words)):]
		case "nice", "ionice", "nohup", "exec", "command", "stdbuf", "time":
			i := 1
			for i < len(words) && strings.HasPrefix(words[i].text, "-") {
				if words[i].text == "-n" || words[i].text == "-c" {
					i++
				}
				i++
			}
			words = words[min(i, len(words)):]
		case "timeout":
			i := 1
			for i < len(words) && strings.HasPrefix(words[i].text, "-") {
				if words[i].text == "-s" || words[i].text == "-k" {
					i++
				}
				i++
			}
			words = words[min(i+1, len(words)):]
		default:
			return words, c
		}
	}
	return words, c
}

// sudoArgs reads sudo's options: the user of -u (root without one) and
// the command that follows.
func sudoArgs(words []argWord) (string, []argWord) {
	user := "root"
	i := 0
	for ; i < len(words); i++ {
		t := words[i].text
		if t == "--" {
			i++
			break
		}
		if !strings.HasPrefix(t, "-") || t == "-" {
			break
		}
		switch {
		case t == "-u" || t == "--user":
			if i+1 < len(words) {
				user = words[i+1].text
				i++
			}
		case strings.HasPrefix(t, "--user="):
			user = strings.TrimPrefix(t, "--user=")
		case strings.HasPrefix(t, "-u"):
			user = t[2:]
		case t == "-g" || t == "-p" || t == "-C" || t == "-h" || t == "-r" || t == "-t" || t == "-D" || t == "-U" || t == "--group" || t == "--prompt":
			i++
		}
	}
	return user, words[min(i, len(words)):]
}

// set follows set -e, set -o errexit, set -o pipefail and their + forms.
func (b *bashWalker) set(args []argWord, c bashCtx) {
	for i := 0; i < len(args); i++ {
		t := args[i].text
		if len(t) < 2 || (t[0] != '-' && t[0] != '+') || t == "--" {
			continue
		}
		on := t[0] == '-'
		for _, ch := range t[1:] {
			switch ch {
			case 'e':
				b.setErrexit(c, on)
			case 'o':
				if i+1 < len(args) {
					i++
					switch args[i].text {
					case "errexit":
						b.setErrexit(c, on)
					case "pipefail":
						c.sc.pipefail = on
					}
				}
			}
		}
	}
}

func (b *bashWalker) setErrexit(c bashCtx, on bool) {
	c.sc.errexit = on
	if !on {
		c.sc.setOff = true
	}
	if c.sc == b.top && !b.anyStep() {
		b.p.Errexit = on
	}
}

// anyStep reports whether a step that matters ran already.
func (b *bashWalker) anyStep() bool {
	for _, s := range b.p.Steps {
		if s.Kind != KindCommand {
			return true
		}
	}
	return false
}

// sshArgOpts are ssh's options that take a value.
const sshArgOpts = "BbcDEeFIiJLlmOoPpQRSWw"

// ssh follows `ssh [options] HOST COMMAND…` and `ssh HOST <<EOF … EOF`.
func (b *bashWalker) ssh(words []argWord, redirs []*syntax.Redirect, c bashCtx) bool {
	i := 1
	for ; i < len(words); i++ {
		t := words[i].text
		if t == "--" {
			i++
			break
		}
		if !strings.HasPrefix(t, "-") || len(t) < 2 {
			break
		}
		for j := 1; j < len(t); j++ {
			if strings.IndexByte(sshArgOpts, t[j]) >= 0 {
				if j == len(t)-1 {
					i++
				}
				break
			}
		}
	}
	if i >= len(words) {
		return false
	}
	host := words[i]
	remote := words[i+1:]
	var body argWord
	switch {
	case len(remote) == 0 || isShellStdin(remote):
		hd, ok := b.heredoc(c.sc, redirs)
		if !ok {
			return false
		}
		body = hd
	default:
		body = joinWords(remote)
	}
	rc := c
	user, hostName, found := strings.Cut(host.text, "@")
	if !found {
		hostName, user = user, ""
	}
	if user != "" {
		rc.runAs = user
	}
	if refersTo(host.text, c.hostVars) {
		rc.scope, rc.host, rc.via = EveryHead, "", "ssh in a loop over the hosts"
	} else if c.scope == Once {
		rc.host, rc.via = hostName, "ssh "+hostName
	}
	sc := &shellScript{text: []byte(body.text), offs: body.offs, nested: "ssh " + host.text, funcs: nil}
	rc.lost = b.loss(c, b.p.span(words[0].start(), words[len(words)-1].end()))
	return b.nested(sc, rc)
}

// isShellStdin reports whether words are `bash -s` or similar: a shell
// reading its script from the input.
func isShellStdin(words []argWord) bool {
	switch filepath.Base(words[0].text) {
	case "bash", "sh", "dash":
	default:
		return false
	}
	for _, w := range words[1:] {
		if !strings.HasPrefix(w.text, "-") || w.text == "-c" {
			return false
		}
	}
	return true
}

var varRef = regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)`)

// refersTo reports whether text expands one of vars.
func refersTo(text string, vars map[string]bool) bool {
	for _, m := range varRef.FindAllStringSubmatch(text, -1) {
		if vars[m[1]] {
			return true
		}
	}
	return false
}

// joinWords joins command words with spaces, as ssh does.
func joinWords(words []argWord) argWord {
	var out argWord
	for i, w := range words {
		if i > 0 {
			out.text += " "
			out.offs = append(out.offs, words[i-1].end())
		}
		out.text += w.text
		out.offs = append(out.offs, w.offs[:len(w.offs)-1]...)
	}
	out.offs = append(out.offs, words[len(words)-1].end())
	return out
}

// fanOutArgOpts are the options of parallel ssh tools that take a value.
var fanOutArgOpts = map[string]bool{
	"-h": true, "-H": true, "-l": true, "-p": true, "-o": true, "-e": true, "-t": true, "-O": true, "-x": true, "-X": true,
	"-w": true, "-g": true, "-R": true, "-f": true, "-u": true, "--hosts": true, "--host": true, "--user": true,
	"--par": true, "--outdir": true, "--errdir": true, "--timeout": true, "--option": true, "--extra-args": true,
}

// fanOut follows pssh, pdsh and clush: the command runs on every host.
func (b *bashWalker) fanOut(words []argWord, c bashCtx) bool {
	i := 1
	for ; i < len(words) && strings.HasPrefix(words[i].text, "-"); i++ {
		if fanOutArgOpts[words[i].text] {
			i++
		}
	}
	if i >= len(words) {
		return false
	}
	rc := c
	rc.scope, rc.host, rc.via = EveryHead, "", filepath.Base(words[0].text)
	body := joinWords(words[i:])
	sc := &shellScript{text: []byte(body.text), offs: body.offs, nested: filepath.Base(words[0].text)}
	rc.lost = b.loss(c, b.p.span(words[0].start(), words[len(words)-1].end()))
	return b.nested(sc, rc)
}

// shell follows bash -c "…" and bash -s <<EOF.
func (b *bashWalker) shell(words []argWord, redirs []*syntax.Redirect, c bashCtx) bool {
	errexit := false
	for i := 1; i < len(words); i++ {
		t := words[i].text
		if !strings.HasPrefix(t, "-") {
			return false // bash script.sh: a script dcycle does not read
		}
		if strings.HasPrefix(t, "--") {
			continue
		}
		if strings.ContainsRune(t, 'e') {
			errexit = true
		}
		if strings.ContainsRune(t, 'c') && i+1 < len(words) {
			body := words[i+1]
			sc := &shellScript{text: []byte(body.text), offs: body.offs, nested: filepath.Base(words[0].text) + " -c", errexit: errexit}
			rc := c
			rc.lost = b.loss(c, b.p.span(words[0].start(), words[len(words)-1].end()))
			return b.nested(sc, rc)
		}
	}
	hd, ok := b.heredoc(c.sc, redirs)
	if !ok {
		return false
	}
	sc := &shellScript{text: []byte(hd.text), offs: hd.offs, nested: filepath.Base(words[0].text), errexit: errexit}
	rc := c
	rc.lost = b.loss(c, b.p.span(words[0].start(), words[len(words)-1].end()))
	return b.nested(sc, rc)
}

// su follows `su [-] USER -c "…"`.
func (b *bashWalker) su(words []argWord, c bashCtx) bool {
	user := "root"
	var body *argWord
	for i := 1; i < len(words); i++ {
		t := words[i].text
		switch {
		case t == "-c" || t == "--command":
			if i+1 < len(words) {
				body = &words[i+1]
				i++
			}
		case t == "-s" || t == "--shell" || t == "-g" || t == "-G":
			i++
		case strings.HasPrefix(t, "-"):
		default:
			user = t
		}
	}
	if body == nil {
		return false
	}
	rc := c
	rc.runAs = user
	rc.lost = b.loss(c, b.p.span(words[0].start(), words[len(words)-1].end()))
	sc := &shellScript{text: []byte(body.text), offs: body.offs, nested: "su -c"}
	return b.nested(sc, rc)
}

// nested parses and walks a script run by another command. A text that
// does not parse is left to the caller, which keeps the command as one
// step.
func (b *bashWalker) nested(sc *shellScript, c bashCtx) bool {
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(bytes.NewReader(sc.text), "")
	if err != nil {
		return false
	}
	if sc.funcs == nil {
		sc.funcs = shellFuncs(sc, f)
		sc.vars = b.constants(sc, f)
	}
	nc := c
	nc.sc = sc
	nc.tail = true
	nc.andLeft, nc.chain, nc.args, nc.calls = false, 0, nil, nil
	b.stmts(f.Stmts, nc)
	return true
}

// nestedIn walks a text the current shell runs (eval): functions, "$@"
// and the options stay those of the caller.
func (b *bashWalker) nestedIn(sc *shellScript, c bashCtx) bool {
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(bytes.NewReader(sc.text), "")
	if err != nil {
		return false
	}
	nc := c
	nc.sc = sc
	b.stmts(f.Stmts, nc)
	return true
}

// addStep records a command.
func (b *bashWalker) addStep(words []argWord, c bashCtx) {
	// A command whose arguments come from "$@" spans the call's words; one
	// whose words are in two places (a function's body and its call) spans
	// its name.
	start, end := words[0].start(), words[0].end()
	if last := words[len(words)-1]; last.spliced == words[0].spliced && last.end() >= end {
		end = last.end()
	}
	var texts []string
	for _, w := range words {
		texts = append(texts, w.text)
	}
	s := &Step{
		Span: b.p.span(start, end), Name: words[0].text, Args: texts[1:],
		Scope: c.scope, Host: c.host, Via: c.via, RunAs: c.runAs, Chain: c.chain, OnFailure: c.onFailure,
		Play: b.play,
	}
	s.Text = oneLine(strings.Join(texts, " "))
	s.Failure = b.loss(c, s.Span)
	classify(s, c.yes)
	b.links.observe(s)
	b.p.Steps = append(b.p.Steps, s)
}

// constants returns the variables a script assigns exactly once, with the
// words assigned (readonly reload='systemctl reload php8.2-fpm').
func (b *bashWalker) constants(sc *shellScript, f *syntax.File) map[string]argWord {
	out := map[string]argWord{}
	count := map[string]int{}
	add := func(a *syntax.Assign) {
		if a == nil || a.Name == nil {
			return
		}
		count[a.Name.Value]++
		if a.Value != nil && len(a.Value.Parts) > 0 && !a.Append && a.Index == nil {
			out[a.Name.Value] = b.word(sc, a.Value)
		}
	}
	syntax.Walk(f, func(n syntax.Node) bool {
		switch x := n.(type) {
		case *syntax.CallExpr:
			if len(x.Args) == 0 {
				for _, a := range x.Assigns {
					add(a)
				}
			}
		case *syntax.DeclClause:
			for _, a := range x.Args {
				add(a)
			}
		}
		return true
	})
	for name, n := range count {
		if n != 1 {
			delete(out, name)
		}
	}
	return out
}

// eval follows `eval "$command"` when the variable is a constant of the
// script: its value is parsed where it is assigned, as the shell would
// run it here.
func (b *bashWalker) eval(words []argWord, c bashCtx) bool {
	in := joinWords(words)
	var out argWord
	found := false
	for i := 0; i < len(in.text); {
		if m := varRef.FindStringSubmatchIndex(in.text[i:]); m != nil && m[0] == 0 {
			name := in.text[i+m[2] : i+m[3]]
			end := i + m[1]
			braced := strings.HasPrefix(in.text[i:], "${")
			if braced && end < len(in.text) && in.text[end] == '}' {
				end++
			}
			if v, ok := c.sc.vars[name]; ok && (!braced || in.text[end-1] == '}') {
				out.text += v.text
				out.offs = append(out.offs, v.offs[:len(v.offs)-1]...)
				i = end
				found = true
				continue
			}
		}
		out.text += in.text[i : i+1]
		out.offs = append(out.offs, in.offs[i])
		i++
	}
	if !found {
		return false
	}
	out.offs = append(out.offs, in.end())
	sc := &shellScript{text: []byte(out.text), offs: out.offs, nested: c.sc.nested, funcs: c.sc.funcs, vars: c.sc.vars,
		errexit: c.sc.errexit, pipefail: c.sc.pipefail, setOff: c.sc.setOff}
	return b.nestedIn(sc, c)
}
