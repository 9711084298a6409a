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
// Src, not copied: the caller must not modify it afterwards.
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
	c := converter{file: f, opts: opts}
	if c.opts.IssuePattern == nil {
		c.opts.IssuePattern = DefaultIssuePattern
	}
	c.tags(root)
	c.functions(root)
	return f, nil
}

// parse tries the PHP 8.1 grammar, then 7.4 for code that PHP 8 no longer
// accepts ($s{0} offsets). When both fail it reports the error of the grammar
// that got further, which is the one that points at the real mistake.
func parse(f *File) (ast.Vertex, string, error) {
	root, err81 := parseWith(f, php81)
	if err81 == nil {
		return root, "8.1", nil
	}
	root, err74 := parseWith(f, php74)
	if err74 == nil {
		return root, "7.4", nil
	}
	if err74.Line > err81.Line || (err74.Line == err81.Line && err74.Col > err81.Col) {
		return nil, "", err74
	}
	return nil, "", err81
}

func parseWith(f *File, v *version.Version) (root ast.Vertex, perr *Error) {
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
			perr = &Error{Path: f.Path, Line: 1, Col: 1, Msg: fmt.Sprintf("parser failed: %v", r)}
		}
	}()
	root, err := parser.Parse(f.Src, cfg)
	if err != nil {
		return nil, &Error{Path: f.Path, Line: 1, Col: 1, Msg: err.Error()}
	}
	if first != nil {
		off := len(f.Src)
		if first.Pos != nil {
			off = first.Pos.StartPos
		}
		line, col := f.Lines.Position(off)
		return nil, &Error{Path: f.Path, Line: line, Col: col, Msg: first.Msg}
	}
	if root == nil {
		return nil, &Error{Path: f.Path, Line: 1, Col: 1, Msg: "parser returned no tree"}
	}
	return root, nil
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
	for _, line := range bytes.Split(src, []byte("\n")) {
		switch {
		case bytes.HasPrefix(line, []byte("\t")):
			tabs++
		case bytes.HasPrefix(line, []byte("  ")):
			spaces++
		}
	}
	if tabs > spaces {
		return "\t"
	}
	return "  "
}

type converter struct {
	file *File
	opts Options
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
	if i := bytes.Index(src, []byte("<?php")); i >= 0 {
		c.file.OpenTag = Span{Start: i, End: i + len("<?php")}
	} else {
		c.file.OpenTag = Span{Start: -1, End: -1}
	}
	if len(r.Stmts) == 0 {
		return
	}
	// A file that ends with "?>" (and maybe text) ends with a StmtNop for the
	// closing tag, possibly followed by inline HTML.
	for i := len(r.Stmts) - 1; i >= 0; i-- {
		switch n := r.Stmts[i].(type) {
		case *ast.StmtInlineHtml:
			continue
		case *ast.StmtNop:
			if n.SemiColonTkn != nil && bytes.HasPrefix(n.SemiColonTkn.Value, []byte("?>")) && n.SemiColonTkn.Position != nil {
				c.file.HasCloseTag = true
				c.file.CloseTag = Span{Start: n.SemiColonTkn.Position.StartPos, End: len(src)}
			}
		}
		return
	}
}

func (c *converter) functions(root ast.Vertex) {
	fc := &funcCollector{}
	traverser.NewTraverser(fc).Traverse(root)
	for _, n := range fc.funcs {
		c.file.Functions = append(c.file.Functions, c.function(n))
	}
}

type funcCollector struct {
	visitor.Null
	funcs []*ast.StmtFunction
}

func (v *funcCollector) StmtFunction(n *ast.StmtFunction) { v.funcs = append(v.funcs, n) }

var (
	updateSuffix = regexp.MustCompile(`^update_(\d+)$`)
	slugSuffix   = regexp.MustCompile(`^(post_update|deploy)_(\w+)$`)
)

func (c *converter) function(n *ast.StmtFunction) *Function {
	fn := &Function{
		Name:     c.text(n.Name.GetPosition()),
		DeclSpan: span(n.Position),
		NameSpan: span(n.Name.GetPosition()),
	}
	if n.OpenCurlyBracketTkn != nil && n.CloseCurlyBracketTkn != nil {
		fn.BodySpan = Span{Start: n.OpenCurlyBracketTkn.Position.StartPos, End: n.CloseCurlyBracketTkn.Position.EndPos}
	}
	fn.Span = fn.DeclSpan
	first := n.FunctionTkn
	if len(n.AttrGroups) > 0 {
		if g, ok := n.AttrGroups[0].(*ast.AttributeGroup); ok && g.OpenAttributeTkn != nil {
			first = g.OpenAttributeTkn
		}
	}
	if doc, ok := c.docblock(first); ok {
		fn.Doc = doc
		fn.Span.Start = doc.Span.Start
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
	fn.Calls = c.calls(n)
	for _, s := range n.Stmts {
		if r, ok := s.(*ast.StmtReturn); ok && r.Expr != nil {
			v := c.value(r.Expr)
			fn.Return = &v
			break
		}
	}
	if fn.Kind == KindInstall {
		fn.Replay = c.replay(n, fn)
	}
	return fn
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
		if m := updateSuffix.FindStringSubmatch(hook); m != nil {
			number, err := strconv.Atoi(m[1])
			if err != nil {
				return // too many digits to be a number Drupal can store
			}
			fn.Kind, fn.Number, fn.NumberText = KindUpdate, number, m[1]
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
		doc.Issues, doc.Summary = splitIssue(firstLine(text), c.opts.IssuePattern)
		return doc, true
	}
	return Doc{}, false
}

// docText strips the comment markers and the leading " * " of each line.
func docText(raw string) string {
	raw = strings.TrimSuffix(strings.TrimPrefix(raw, "/**"), "*/")
	lines := strings.Split(strings.ReplaceAll(raw, "\r\n", "\n"), "\n")
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		l = strings.TrimSpace(l)
		l = strings.TrimPrefix(l, "*")
		out = append(out, strings.TrimRight(strings.TrimPrefix(l, " "), " \t"))
	}
	return strings.Trim(strings.Join(out, "\n"), "\n")
}

func firstLine(text string) string {
	line, _, _ := strings.Cut(text, "\n")
	return strings.TrimSpace(line)
}

// splitIssue takes the issue references a line starts with ("#1, #2: x",
// "PROJ-1 x") and returns them with the rest of the line as the summary.
func splitIssue(line string, pattern *regexp.Regexp) ([]string, string) {
	var issues []string
	rest := line
	for {
		trimmed := strings.TrimLeft(rest, " ,;&")
		if len(issues) > 0 {
			trimmed = strings.TrimPrefix(trimmed, "and ")
		}
		loc := pattern.FindStringIndex(trimmed)
		if loc == nil || loc[0] != 0 {
			break
		}
		issues = append(issues, trimmed[:loc[1]])
		rest = trimmed[loc[1]:]
	}
	if len(issues) == 0 {
		return nil, strings.TrimSuffix(line, ".")
	}
	summary := strings.TrimSpace(rest)
	summary = strings.TrimSpace(strings.TrimLeft(summary, ":-–— "))
	return issues, strings.TrimSuffix(summary, ".")
}
