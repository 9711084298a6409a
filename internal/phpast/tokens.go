package phpast

import "bytes"

// TokenKind classifies a code token.
type TokenKind int

// Token kinds. Whitespace is never a token; comments are tokens only for
// Comments.
const (
	// TokenName is an identifier, keyword or namespaced name, with any
	// leading or inner backslashes ("variable_set", "\Drupal", "TRUE").
	TokenName TokenKind = iota
	// TokenVariable is "$name" (a lone "$" of "$$x" is punctuation).
	TokenVariable
	TokenNumber
	// TokenString is a quoted or backtick string, quotes and escapes as
	// written, interpolations included.
	TokenString
	// TokenHeredoc is a heredoc or nowdoc from "<<<" through its closing
	// label.
	TokenHeredoc
	// TokenInlineHTML is "?>", the text after it, and the tag that goes
	// back to PHP: that text is output, so it is code.
	TokenInlineHTML
	TokenPunct
	// TokenComment is a "//", "#" or "/* */" comment or a docblock; a line
	// comment ends before its line end or before a "?>".
	TokenComment
)

// Token is one code token of a PHP source, as a byte span of it.
type Token struct {
	Kind TokenKind
	Span Span
}

// Text returns the token's bytes in src.
func (t Token) Text(src []byte) []byte { return src[t.Span.Start:t.Span.End] }

// CodeTokens splits PHP code (in PHP mode, no opening tag needed) into the
// tokens that carry meaning, dropping whitespace and comments ("//", "#"
// except PHP 8's "#[" attributes, "/* */" and docblocks). Strings and
// heredocs stay whole, so whitespace inside them counts. Two pieces of
// code with the same token texts do the same thing however they are laid
// out or commented, which is how a deployed update is told apart from an
// edited one. It never fails: unterminated strings and comments run to the
// end of src.
func CodeTokens(src []byte) []Token { return lex(src, false) }

// Comments returns the spans of the comments of PHP code (in PHP mode, as
// CodeTokens reads it), in order. It is the same token stream as
// CodeTokens, so a comment marker inside a string, a heredoc or inline
// HTML is no comment.
func Comments(src []byte) []Span {
	toks := lex(src, true)
	out := make([]Span, len(toks))
	for i, t := range toks {
		out[i] = t.Span
	}
	return out
}

// Comments returns the spans of the file's comments, docblocks included,
// in order: the file is read from its opening tag, as PHP reads it.
func (f *File) Comments() []Span {
	if f.OpenTag.Start < 0 || f.OpenTag.End > len(f.Src) {
		return nil
	}
	out := Comments(f.Src[f.OpenTag.End:])
	for i := range out {
		out[i].Start += f.OpenTag.End
		out[i].End += f.OpenTag.End
	}
	return out
}

// lex is the one PHP lexer of dcycle. It returns the code tokens of src,
// or with comments set only its comment tokens: one pass over the bytes
// either way, and no slice of the tokens the caller does not want.
func lex(src []byte, comments bool) []Token {
	var out []Token
	for i := 0; i < len(src); {
		c := src[i]
		start := i
		var kind TokenKind
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			i++
			continue
		case c == '#' && !(i+1 < len(src) && src[i+1] == '['), c == '/' && i+1 < len(src) && src[i+1] == '/':
			kind, i = TokenComment, lineCommentEnd(src, i)
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			kind = TokenComment
			if end := bytes.Index(src[i+2:], []byte("*/")); end >= 0 {
				i += 2 + end + 2
			} else {
				i = len(src)
			}
		case c == '\'' || c == '"' || c == '`':
			kind, i = TokenString, stringEnd(src, i)
		case c == '<' && bytes.HasPrefix(src[i:], []byte("<<<")) && heredocLabelAt(src, i+3) != nil:
			kind, i = TokenHeredoc, heredocEnd(src, i)
		case c == '?' && i+1 < len(src) && src[i+1] == '>':
			kind, i = TokenInlineHTML, inlineHTMLEnd(src, i)
		case c == '$' && i+1 < len(src) && isNameStart(src[i+1]):
			kind, i = TokenVariable, nameEnd(src, i+1)
		case isDigit(c) || c == '.' && i+1 < len(src) && isDigit(src[i+1]):
			kind, i = TokenNumber, numberEnd(src, i)
		case isNameStart(c) || c == '\\':
			kind, i = TokenName, nameEnd(src, i)
		default:
			kind, i = TokenPunct, i+punctLen(src[i:])
		}
		if (kind == TokenComment) == comments {
			out = append(out, Token{Kind: kind, Span: Span{Start: start, End: i}})
		}
	}
	return out
}

// SameCode reports whether a and b hold the same code tokens: they differ
// at most in whitespace and comments.
func SameCode(a, b []byte) bool {
	ta, tb := CodeTokens(a), CodeTokens(b)
	if len(ta) != len(tb) {
		return false
	}
	for i := range ta {
		if !bytes.Equal(ta[i].Text(a), tb[i].Text(b)) {
			return false
		}
	}
	return true
}

// lineCommentEnd returns where a "//" or "#" comment ends: at the line end,
// or before a "?>", which ends a line comment in PHP.
func lineCommentEnd(src []byte, i int) int {
	for ; i < len(src); i++ {
		if src[i] == '\n' || src[i] == '\r' || src[i] == '?' && i+1 < len(src) && src[i+1] == '>' {
			return i
		}
	}
	return i
}

// stringEnd returns the offset after the string that opens at i. In double
// quotes and backticks, "{$" starts an interpolation that may hold quotes
// of its own ("{$a["key"]}"), so it is skipped as code up to its brace.
func stringEnd(src []byte, i int) int {
	quote := src[i]
	i++
	for i < len(src) {
		switch c := src[i]; {
		case c == '\\':
			i += 2
		case c == quote:
			return i + 1
		case quote != '\'' && c == '{' && i+1 < len(src) && src[i+1] == '$':
			i = interpolationEnd(src, i+1)
		default:
			i++
		}
	}
	return len(src)
}

// interpolationEnd skips "{$...}" from just after its "{", minding nested
// braces and strings.
func interpolationEnd(src []byte, i int) int {
	depth := 1
	for i < len(src) {
		switch src[i] {
		case '{':
			depth++
			i++
		case '}':
			depth--
			i++
			if depth == 0 {
				return i
			}
		case '\'', '"', '`':
			i = stringEnd(src, i)
		default:
			i++
		}
	}
	return len(src)
}

// heredocLabelAt returns the label of a heredoc whose "<<<" ends at i
// (spaces, optional quotes, then a name and a line end), nil when there is
// none.
func heredocLabelAt(src []byte, i int) []byte {
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	var quote byte
	if i < len(src) && (src[i] == '\'' || src[i] == '"') {
		quote = src[i]
		i++
	}
	if i >= len(src) || !isNameStart(src[i]) {
		return nil
	}
	end := nameEndPlain(src, i)
	label := src[i:end]
	if quote != 0 {
		if end >= len(src) || src[end] != quote {
			return nil
		}
		end++
	}
	if end < len(src) && src[end] != '\n' && src[end] != '\r' {
		return nil
	}
	return label
}

// heredocEnd returns the offset after the closing label of the heredoc
// that opens at i. PHP 7.3 allows the label indented and followed by more
// code on its line.
func heredocEnd(src []byte, i int) int {
	label := heredocLabelAt(src, i+3)
	nl := bytes.IndexByte(src[i:], '\n')
	if nl < 0 {
		return len(src)
	}
	for line := i + nl + 1; line < len(src); {
		j := line
		for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
			j++
		}
		if bytes.HasPrefix(src[j:], label) {
			after := j + len(label)
			if after >= len(src) || !isNameChar(src[after]) {
				return after
			}
		}
		next := bytes.IndexByte(src[line:], '\n')
		if next < 0 {
			break
		}
		line += next + 1
	}
	return len(src)
}

// inlineHTMLEnd returns the offset after the "<?php" or "<?=" that ends the
// output which "?>" at i starts, or the end of src.
func inlineHTMLEnd(src []byte, i int) int {
	rest := src[i+2:]
	for j := 0; j+1 < len(rest); j++ {
		if rest[j] != '<' || rest[j+1] != '?' {
			continue
		}
		switch {
		case bytes.HasPrefix(rest[j:], []byte("<?php")):
			return i + 2 + j + len("<?php")
		case bytes.HasPrefix(rest[j:], []byte("<?=")):
			return i + 2 + j + len("<?=")
		default:
			return i + 2 + j + len("<?")
		}
	}
	return len(src)
}

// numberEnd returns the offset after a number: decimal, hex, octal or
// binary, with "_" separators, a fraction and an exponent.
func numberEnd(src []byte, i int) int {
	if src[i] == '0' && i+1 < len(src) && (src[i+1]|0x20 == 'x' || src[i+1]|0x20 == 'b' || src[i+1]|0x20 == 'o') {
		i += 2
		for i < len(src) && (isHex(src[i]) || src[i] == '_') {
			i++
		}
		return i
	}
	digits := func() {
		for i < len(src) && (isDigit(src[i]) || src[i] == '_') {
			i++
		}
	}
	digits()
	if i < len(src) && src[i] == '.' && !(i+1 < len(src) && src[i+1] == '.') {
		i++
		digits()
	}
	if i < len(src) && src[i]|0x20 == 'e' {
		j := i + 1
		if j < len(src) && (src[j] == '+' || src[j] == '-') {
			j++
		}
		if j < len(src) && isDigit(src[j]) {
			i = j
			digits()
		}
	}
	return i
}

// nameEnd returns the offset after a name, backslashes of namespaced
// names included.
func nameEnd(src []byte, i int) int {
	for i < len(src) && (isNameChar(src[i]) || src[i] == '\\') {
		i++
	}
	return i
}

func nameEndPlain(src []byte, i int) int {
	for i < len(src) && isNameChar(src[i]) {
		i++
	}
	return i
}

// punctuation lists PHP's multi-byte operators, longest first, so that
// "===" is one token and "= ==" is two.
var punctuation = [][]byte{
	[]byte("**="), []byte("..."), []byte("<<="), []byte(">>="), []byte("<=>"), []byte("==="),
	[]byte("!=="), []byte("??="), []byte("?->"),
	[]byte("::"), []byte("->"), []byte("=>"), []byte("++"), []byte("--"), []byte("=="),
	[]byte("!="), []byte("<>"), []byte("<="), []byte(">="), []byte("&&"), []byte("||"),
	[]byte("??"), []byte("+="), []byte("-="), []byte("*="), []byte("/="), []byte(".="),
	[]byte("%="), []byte("&="), []byte("|="), []byte("^="), []byte("<<"), []byte(">>"),
	[]byte("**"), []byte("#["),
}

func punctLen(rest []byte) int {
	for _, p := range punctuation {
		if bytes.HasPrefix(rest, p) {
			return len(p)
		}
	}
	return 1
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isHex(c byte) bool { return isDigit(c) || 'a' <= c|0x20 && c|0x20 <= 'f' }

// isNameStart follows PHP's label rule: letters, "_" and every byte from
// 0x80, so Latin-1 and UTF-8 names work alike.
func isNameStart(c byte) bool { return c == '_' || 'a' <= c|0x20 && c|0x20 <= 'z' || c >= 0x80 }

func isNameChar(c byte) bool { return isNameStart(c) || isDigit(c) }
