package phpast

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/VKCOM/php-parser/pkg/ast"
	"github.com/VKCOM/php-parser/pkg/conf"
	phperrors "github.com/VKCOM/php-parser/pkg/errors"
	"github.com/VKCOM/php-parser/pkg/parser"
	"github.com/VKCOM/php-parser/pkg/position"
	"github.com/VKCOM/php-parser/pkg/token"
	"github.com/VKCOM/php-parser/pkg/version"
	"github.com/VKCOM/php-parser/pkg/visitor"
	"github.com/VKCOM/php-parser/pkg/visitor/traverser"
)

// DefaultIssuePattern accepts "#12345" and "PROJ-123".
var DefaultIssuePattern = regexp.MustCompile(`#\d+|\b[A-Z][A-Z0-9]+-\d+\b`)

// Options tell the parser what the module is called, which decides the kind
// of each function.
type Options struct {
	// Module is the module's machine name (example_deploy).
	Module string
	// IssuePattern matches one issue reference; nil means
	// DefaultIssuePattern.
	IssuePattern *regexp.Regexp
}

// Error is a file that cannot be parsed, at a 1-based line and byte column.
type Error struct {
	Path      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Col, e.Msg)
}

var bom = []byte{0xEF, 0xBB, 0xBF}

var (
	php81 = &version.Version{Major: 8, Minor: 1}
	php74 = &version.Version{Major: 7, Minor: 4}
)

// ParseFile parses one PHP file into the model. src is kept as the File's
// Src, not copied: the caller must not modify it afterwards. A file that
// does not parse, or holds a NUL byte, gives a *Error with the position and
// PHP's wording of the problem; ParseFile never panics.
func ParseFile(path string, src []byte, opts Options) (*File, error) {
	f := &File{Path: path, Src: src, Lines: NewLineIndex(src)}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		line, col := f.Lines.Position(i)
		return nil, &Error{Path: path, Line: line, Col: col, Msg: "binary file: NUL byte, not PHP source"}
	}
	f.BOM = bytes.HasPrefix(src, bom)
	f.EOL = detectEOL(src)
	f.Indent = detectIndent(src)

	root, version, err := parse(f)
	if err != nil {
		return nil, err
	}
	f.Version = version
	c := converter{file: f, opts: opts, issueAt: defaultIssueAt}
	if opts.IssuePattern != nil && opts.IssuePattern != DefaultIssuePattern {
		c.issueAt = anchored(opts.IssuePattern)
	}
	c.tags(root)
	c.functions(root)
	return f, nil
}

// parse tries the PHP 8.1 grammar, then 7.4 for code that PHP 8 no longer
// accepts ($s{0} offsets, (unset) casts). When both fail, a construct of PHP
// 8.2 or later where the 8.1 grammar stopped is reported as syntax dcycle
// cannot parse yet, not as a mistake; otherwise it reports the error of the
// grammar that got further, which is the one that points at the real
// mistake.
func parse(f *File) (ast.Vertex, string, error) {
	root, off81, err81 := parseWith(f, php81)
	if err81 == nil {
		return root, "8.1", nil
	}
	root, _, err74 := parseWith(f, php74)
	if err74 == nil {
		return root, "7.4", nil
	}
	if newer := newerSyntax(f, off81); newer != nil {
		return nil, "", newer
	}
	if err74.Line > err81.Line || (err74.Line == err81.Line && err74.Col > err81.Col) {
		return nil, "", err74
	}
	return nil, "", err81
}

// parseWith parses f with one grammar, returning the tree, or the first
// error and its byte offset.
func parseWith(f *File, v *version.Version) (ast.Vertex, int, *Error) {
	src := withLineEnd(f.Src)
	return parseSource(f, src, len(src) != len(f.Src), v)
}

// parseSource parses src, f's source or a copy of it with every offset
// kept (private tells which). The parser's lexer does not know the b'...'
// binary string prefix that PHP accepts (it knows only b"..."): when the
// error is a single-quoted string right after a lone "b", that "b" is
// blanked in a private copy and the parse retried. Blanking keeps every
// offset, so the tree still indexes the original source.
func parseSource(f *File, src []byte, private bool, v *version.Version) (ast.Vertex, int, *Error) {
	for {
		root, off, err := parseOnce(f, src, v)
		if err == nil || !binaryPrefixAt(src, off) {
			return root, off, err
		}
		if !private {
			src, private = bytes.Clone(src), true
		}
		src[off-1] = ' '
	}
}

// withLineEnd returns src, or a copy of it ending in a line end. The
// parser's lexer wants one after the last byte: it rejects an open tag at
// the end of the file, which PHP accepts, and loops forever on inline HTML
// that ends with "<". A final line end changes nothing else, and every
// offset into src stays the same.
func withLineEnd(src []byte) []byte {
	if n := len(src); n == 0 || src[n-1] == '\n' {
		return src
	}
	out := make([]byte, len(src)+1)
	copy(out, src)
	out[len(src)] = '\n'
	return out
}

// binaryPrefixAt reports whether src[off] opens a single-quoted string
// prefixed by a "b" or "B" that is not the end of a longer name.
func binaryPrefixAt(src []byte, off int) bool {
	if off < 1 || off >= len(src) || src[off] != '\'' || (src[off-1] != 'b' && src[off-1] != 'B') {
		return false
	}
	if off == 1 {
		return true
	}
	prev := src[off-2]
	return !(prev == '_' || prev == '$' || prev == '\\' || prev >= 0x80 ||
		'a' <= prev && prev <= 'z' || 'A' <= prev && prev <= 'Z' || '0' <= prev && prev <= '9')
}

// parseOnce returns the tree, or the first error and its byte offset.
func parseOnce(f *File, src []byte, v *version.Version) (root ast.Vertex, off int, perr *Error) {
	var first *phperrors.Error
	cfg := conf.Config{
		Version: v,
		ErrorHandlerFunc: func(e *phperrors.Error) {
			if first == nil {
				first = e
			}
		},
	}
	defer func() {
		// The parser is third-party code fed with user input: a panic in it
		// must become a parse error, never a crash.
		if r := recover(); r != nil {
			root, off = nil, panicOffset(src, v)
			msg := fmt.Sprintf("parser failed: %v", r)
			if off < len(src) && src[off] == '}' {
				msg = "unmatched '}'" // the lexer pops an empty brace stack
			}
			line, col := f.Lines.Position(off)
			perr = &Error{Path: f.Path, Line: line, Col: col, Msg: msg}
		}
	}()
	root, err := parser.Parse(src, cfg)
	if err != nil {
		return nil, 0, &Error{Path: f.Path, Line: 1, Col: 1, Msg: err.Error()}
	}
	if first != nil {
		off := len(src)
		if first.Pos != nil {
			off = first.Pos.StartPos
		}
		line, col := f.Lines.Position(off)
		return nil, off, &Error{Path: f.Path, Line: line, Col: col, Msg: phpMessage(first, src)}
	}
	if root == nil {
		return nil, 0, &Error{Path: f.Path, Line: 1, Col: 1, Msg: "parser returned no tree"}
	}
	return root, 0, nil
}

// panicOffset finds where the parser panics on src: the lexer reads left to
// right, so the shortest prefix that still panics ends just after the
// offending byte. Only a file that crashed the parser pays for the search.
func panicOffset(src []byte, v *version.Version) int {
	panics := func(n int) (crashed bool) {
		defer func() {
			if recover() != nil {
				crashed = true
			}
		}()
		_, _ = parser.Parse(withLineEnd(src[:n:n]), conf.Config{Version: v, ErrorHandlerFunc: func(*phperrors.Error) {}})
		return false
	}
	lo, hi := 0, len(src)
	for lo+1 < hi {
		mid := lo + (hi-lo)/2
		if panics(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return max(hi-1, 0)
}

// phpMessage words a parser error as PHP 8 does ("syntax error, unexpected
// token \";\", expecting \")\""), naming the offending token by its text, so
// that our message reads like the one php -l prints for the same file.
func phpMessage(e *phperrors.Error, src []byte) string {
	if c, ok := strings.CutPrefix(e.Msg, "WARNING: Unexpected character in input: "); ok {
		// The lexer's word for a quote that never closes.
		if strings.HasPrefix(c, "''' (") || strings.HasPrefix(c, `'"' (`) {
			return "syntax error, unterminated string"
		}
		if i := strings.LastIndex(c, " (ASCII="); i >= 0 {
			c = c[:i]
		}
		return "syntax error, unexpected character " + c
	}
	rest, ok := strings.CutPrefix(e.Msg, "syntax error: unexpected ")
	if !ok {
		return e.Msg
	}
	tok, expecting, _ := strings.Cut(rest, ", expecting ")
	var text string
	if e.Pos != nil && 0 <= e.Pos.StartPos && e.Pos.StartPos <= e.Pos.EndPos && e.Pos.EndPos <= len(src) {
		text = string(src[e.Pos.StartPos:e.Pos.EndPos])
	}
	if tok == "'/'" && strings.HasPrefix(text, "/") && e.Pos.StartPos+1 < len(src) && src[e.Pos.StartPos+1] == '*' {
		return fmt.Sprintf("unterminated comment starting line %d", e.Pos.StartLine)
	}
	msg := "syntax error, unexpected " + describeToken(tok, text)
	if expecting != "" {
		names := strings.Split(expecting, " or ")
		for i, name := range names {
			names[i] = expectedToken(name)
		}
		msg += ", expecting " + strings.Join(names, " or ")
	}
	return msg
}

// describeToken names a token the way PHP 8's parser errors do.
func describeToken(name, text string) string {
	switch {
	case name == "$end" || text == "":
		return "end of file"
	case name == "T_VARIABLE":
		return `variable "` + text + `"`
	case name == "T_STRING":
		return `identifier "` + text + `"`
	case name == "T_LNUMBER":
		return `integer "` + text + `"`
	case name == "T_DNUMBER":
		return `floating-point number "` + text + `"`
	case name == "T_ENCAPSED_AND_WHITESPACE":
		return `string content "` + text + `"`
	case name == "T_CONSTANT_ENCAPSED_STRING" && len(text) >= 2:
		kind := "double-quoted"
		if text[0] == '\'' {
			kind = "single-quoted"
		}
		return kind + ` string "` + text[1:len(text)-1] + `"`
	}
	return `token "` + text + `"`
}

// expectedToken names an expected token: punctuation and keywords by their
// text, as PHP does; other token kinds keep the parser's name.
func expectedToken(name string) string {
	switch {
	case len(name) >= 3 && name[0] == '\'' && name[len(name)-1] == '\'':
		return `"` + name[1:len(name)-1] + `"`
	case name == "$end":
		return "end of file"
	case name == "T_VARIABLE":
		return "variable"
	case name == "T_STRING":
		return "identifier"
	}
	if text, ok := tokenText[name]; ok {
		return `"` + text + `"`
	}
	return name
}

// tokenText is the source text of the multi-character tokens the parser
// most often expects.
var tokenText = map[string]string{
	"T_DOUBLE_ARROW": "=>", "T_OBJECT_OPERATOR": "->", "T_NULLSAFE_OBJECT_OPERATOR": "?->",
	"T_PAAMAYIM_NEKUDOTAYIM": "::", "T_ELLIPSIS": "...", "T_AS": "as", "T_FUNCTION": "function",
	"T_WHILE": "while", "T_EXTENDS": "extends", "T_IMPLEMENTS": "implements", "T_USE": "use",
	"T_ENDIF": "endif", "T_ENDFOREACH": "endforeach", "T_ENDFOR": "endfor", "T_ENDWHILE": "endwhile",
	"T_ENDSWITCH": "endswitch", "T_ENDDECLARE": "enddeclare", "T_CATCH": "catch", "T_FINALLY": "finally",
}

func detectEOL(src []byte) string {
	crlf := bytes.Count(src, []byte("\r\n"))
	if crlf > 0 && crlf*2 >= bytes.Count(src, []byte("\n")) {
		return "\r\n"
	}
	return "\n"
}

// detectIndent reports tabs when more lines start with a tab than with two
// spaces; Drupal's coding standard is two spaces.
func detectIndent(src []byte) string {
	tabs, spaces := 0, 0
	for i := 0; i < len(src); {
		switch {
		case src[i] == '\t':
			tabs++
		case src[i] == ' ' && i+1 < len(src) && src[i+1] == ' ':
			spaces++
		}
		next := bytes.IndexByte(src[i:], '\n')
		if next < 0 {
			break
		}
		i += next + 1
	}
	if tabs > spaces {
		return "\t"
	}
	return "  "
}

type converter struct {
	file *File
	opts Options
	// issueAt matches an issue reference at the start of a string only:
	// an unanchored search would scan every summary to its end.
	issueAt *regexp.Regexp
	// uses is the one map of call uses, emptied for each function: a map
	// per function cost a tenth of the conversion.
	uses map[Span]useInfo
}

var defaultIssueAt = anchored(DefaultIssuePattern)

func anchored(pattern *regexp.Regexp) *regexp.Regexp {
	re, err := regexp.Compile(`^(?:` + pattern.String() + `)`)
	if err != nil {
		return pattern // cannot happen for a pattern that compiled; keep it working
	}
	return re
}

func (c *converter) text(p *position.Position) string {
	if p == nil {
		return ""
	}
	return string(c.file.Src[p.StartPos:p.EndPos])
}

func span(p *position.Position) Span {
	if p == nil {
		return Span{}
	}
	return Span{Start: p.StartPos, End: p.EndPos}
}

// tags records the opening tag and a trailing "?>" with what follows it.
func (c *converter) tags(root ast.Vertex) {
	r, ok := root.(*ast.Root)
	if !ok {
		return
	}
	src := c.file.Src
	c.file.OpenTag = Span{Start: -1, End: -1}
	if i := openTag(src); i >= 0 {
		c.file.OpenTag = Span{Start: i, End: i + len("<?php")}
	}
	if len(r.Stmts) == 0 {
		return
	}
	// A file that ends with "?>" (and maybe text) ends with a StmtNop for the
	// closing tag after a declaration, or with a statement whose ";" token
	// runs on through the "?>" that follows it (";\n?>\n"); inline HTML may
	// come last.
	for i := len(r.Stmts) - 1; i >= 0; i-- {
		var end *token.Token
		switch n := r.Stmts[i].(type) {
		case *ast.StmtInlineHtml:
			continue
		case *ast.StmtNop:
			end = n.SemiColonTkn
		case *ast.StmtExpression:
			end = n.SemiColonTkn
		case *ast.StmtEcho:
			end = n.SemiColonTkn
		case *ast.StmtReturn:
			end = n.SemiColonTkn
		}
		if end != nil && end.Position != nil {
			if j := bytes.Index(end.Value, []byte("?>")); j >= 0 {
				c.file.HasCloseTag = true
				c.file.CloseTag = Span{Start: end.Position.StartPos + j, End: len(src)}
			}
		}
		return
	}
}

// openTag returns the offset of the first "<?php" tag, which PHP accepts in
// any case ("<?PHP"), or -1. A file starts in HTML mode, where nothing but
// the tag itself can contain "<?php", so the first one is the tag.
func openTag(src []byte) int {
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte("<?"))
		if j < 0 {
			return -1
		}
		i += j
		if len(src) >= i+5 && bytes.EqualFold(src[i+2:i+5], []byte("php")) {
			return i
		}
		i += 2
	}
}

// funcDecl is a converted function with the parser nodes the install
// analysis may need again.
type funcDecl struct {
	node  *ast.StmtFunction
	fn    *Function
	nodes []ast.Vertex
}

func (c *converter) functions(root ast.Vertex) {
	fc := &funcCollector{}
	traverser.NewTraverser(fc).Traverse(root)
	var installs []*Function
	decls := make(map[string]*funcDecl, len(fc.funcs))
	for _, n := range fc.funcs {
		fn, nodes := c.function(n)
		c.file.Functions = append(c.file.Functions, fn)
		if fn.Kind == KindInstall {
			installs = append(installs, fn)
		}
		if key := strings.ToLower(fn.Name); decls[key] == nil {
			decls[key] = &funcDecl{node: n, fn: fn, nodes: nodes}
		}
	}
	for _, install := range installs {
		c.replayThroughHelper(install, decls)
	}
}

type funcCollector struct {
	visitor.Null
	funcs []*ast.StmtFunction
}

func (v *funcCollector) StmtFunction(n *ast.StmtFunction) { v.funcs = append(v.funcs, n) }

var slugSuffix = regexp.MustCompile(`^(post_update|deploy)_(\w+)$`)

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func (c *converter) function(n *ast.StmtFunction) (*Function, []ast.Vertex) {
	fn := &Function{
		Name:     c.text(n.Name.GetPosition()),
		DeclSpan: span(n.Position),
		NameSpan: span(n.Name.GetPosition()),
	}
	if n.OpenCurlyBracketTkn != nil && n.CloseCurlyBracketTkn != nil {
		fn.BodySpan = Span{Start: n.OpenCurlyBracketTkn.Position.StartPos, End: n.CloseCurlyBracketTkn.Position.EndPos}
	}
	fn.Span = fn.DeclSpan
	// PHP takes the last docblock before the "function" keyword, which may
	// sit between the attributes and the keyword, or before the attributes.
	doc, ok := c.docblock(n.FunctionTkn)
	if !ok && len(n.AttrGroups) > 0 {
		if g, isGroup := n.AttrGroups[0].(*ast.AttributeGroup); isGroup && g.OpenAttributeTkn != nil {
			doc, ok = c.docblock(g.OpenAttributeTkn)
		}
	}
	if ok {
		fn.Doc = doc
		fn.Span.Start = min(fn.Span.Start, doc.Span.Start)
	}
	c.classify(fn)
	for i, p := range n.Params {
		param, ok := p.(*ast.Parameter)
		if !ok {
			continue
		}
		fn.Params = append(fn.Params, c.text(param.Var.GetPosition()))
		if i == 0 && param.AmpersandTkn != nil {
			fn.Sandbox = true
		}
	}
	sb := &stmtBuilder{keepNodes: fn.Kind != KindUpdate, stmts: make([]Stmt, 0, len(n.Stmts))}
	sb.list(n.Stmts, -1)
	fn.Stmts = sb.stmts
	fn.Calls = c.calls(n, fn)
	fn.Dims = c.dims(n)
	for _, s := range n.Stmts {
		if r, ok := s.(*ast.StmtReturn); ok && r.Expr != nil {
			v := c.value(r.Expr)
			fn.Return = &v
			break
		}
	}
	if fn.Kind == KindInstall {
		fn.Replay = c.replay(n, fn, sb.nodes)
	}
	return fn, sb.nodes
}

// classify sets Kind, Number and Slug from the name. PHP function names are
// case-insensitive and Drupal finds updates through get_defined_functions(),
// which lowercases them, so the comparison is case-insensitive too.
func (c *converter) classify(fn *Function) {
	name := strings.ToLower(fn.Name)
	prefix := strings.ToLower(c.opts.Module) + "_"
	if c.opts.Module == "" || !strings.HasPrefix(name, prefix) {
		return
	}
	hook := name[len(prefix):]
	switch hook {
	case "install":
		fn.Kind = KindInstall
	case "requirements":
		fn.Kind = KindRequirements
	case "schema":
		fn.Kind = KindSchema
	case "update_last_removed":
		fn.Kind = KindUpdateLastRemoved
	case "update_dependencies":
		fn.Kind = KindUpdateDependencies
	default:
		if digits, ok := strings.CutPrefix(hook, "update_"); ok && allDigits(digits) {
			number, err := strconv.Atoi(digits)
			if err != nil {
				return // too many digits to be a number Drupal can store
			}
			fn.Kind, fn.Number, fn.NumberText = KindUpdate, number, digits
		} else if m := slugSuffix.FindStringSubmatch(hook); m != nil {
			fn.Slug = m[2]
			fn.Kind = KindPostUpdate
			if m[1] == "deploy" {
				fn.Kind = KindDeploy
			}
		}
	}
}

// docblock finds the doc comment that precedes a function: the parser keeps
// it among the free-floating tokens of the function's first token, outside
// the node's position. The file's "@file" block is never a function's doc.
func (c *converter) docblock(first *token.Token) (Doc, bool) {
	if first == nil {
		return Doc{}, false
	}
	for i := len(first.FreeFloating) - 1; i >= 0; i-- {
		t := first.FreeFloating[i]
		if t.ID != token.T_DOC_COMMENT || t.Position == nil {
			continue
		}
		text := docText(string(t.Value))
		if strings.HasPrefix(text, "@file") {
			return Doc{}, false
		}
		doc := Doc{Present: true, Span: span(t.Position), Text: text}
		doc.Issues, doc.Summary = SplitIssues(firstLine(text), c.issueAt)
		doc.Summary = strings.TrimSuffix(doc.Summary, ".")
		return doc, true
	}
	return Doc{}, false
}

// docText strips the comment markers and the leading " * " of each line.
func docText(raw string) string {
	raw = strings.TrimSuffix(strings.TrimPrefix(raw, "/**"), "*/")
	var b strings.Builder
	b.Grow(len(raw))
	// Blank lines count only between text: leading and trailing ones go.
	pending := 0
	for more := true; more; {
		var line string
		line, raw, more = strings.Cut(raw, "\n")
		line = strings.TrimSpace(line)
		line = strings.TrimPrefix(line, "*")
		line = strings.TrimRight(strings.TrimPrefix(line, " "), " \t")
		if line == "" {
			if b.Len() > 0 {
				pending++
			}
			continue
		}
		for ; pending > 0; pending-- {
			b.WriteByte('\n')
		}
		b.WriteString(line)
		pending = 1
	}
	return b.String()
}
