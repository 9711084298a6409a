package phpast

import (
	"bytes"
	"fmt"
)

// NewerSyntaxMsg starts the message of a file that uses syntax newer than
// the parser's PHP 8.1 grammar: dcycle cannot read it, but PHP may well
// accept it, so it is not called a syntax error.
const NewerSyntaxMsg = "syntax dcycle cannot parse yet (PHP 8.2 or later?)"

// newerConstruct is a PHP 8.2+ construct found at a parse error: where it
// starts, what it is, and a private copy of the source with the construct
// rewritten, byte for byte in place, into PHP 8.1 syntax that means nearly
// the same to the parser.
type newerConstruct struct {
	start int
	what  string
	// end is the end of the rewritten bytes: a re-parse that gets past it
	// proves the construct was what stopped the parser.
	end     int
	rewrite []byte
}

// newerSyntax looks at the PHP 8.1 grammar's error at byte off, and only at
// the few tokens right around it, for a construct of a later PHP: DNF types,
// typed class constants, property hooks and the rest (see the detectors
// below). It never scans the file: a candidate is confirmed by parsing the
// source again with the construct rewritten into 8.1 syntax, and counts only
// when that parse gets past it. It returns nil for an ordinary syntax error.
func newerSyntax(f *File, off int) *Error {
	src := withLineEnd(f.Src)
	if off < 0 || off >= len(src) {
		return nil
	}
	for _, detect := range newerDetectors {
		c, ok := detect(src, off)
		if !ok {
			continue
		}
		_, errOff, err := parseSource(f, c.rewrite, true, php81)
		if err != nil && errOff <= c.end {
			continue
		}
		line, col := f.Lines.Position(c.start)
		return &Error{Path: f.Path, Line: line, Col: col, Msg: fmt.Sprintf("%s: %s", NewerSyntaxMsg, c.what)}
	}
	return nil
}

// newerDetectors each recognise one construct at the error offset.
var newerDetectors = []func(src []byte, off int) (newerConstruct, bool){
	dnfType,
	typedClassConstant,
	newWithoutParentheses,
	propertyHook,
	asymmetricVisibility,
	dynamicClassConstant,
	readonlyAnonymousClass,
	pipeOperator,
	voidCast,
}

// dnfType: "(A&B)|null" (PHP 8.2). The 8.1 grammar stops at the "(";
// rewritten as "A|null".
func dnfType(src []byte, off int) (newerConstruct, bool) {
	if src[off] != '(' {
		return newerConstruct{}, false
	}
	i := skipBlanks(src, off+1)
	amp := -1
	for n := 0; ; n++ {
		end := nameAfter(src, i)
		if end == i {
			return newerConstruct{}, false
		}
		i = skipBlanks(src, end)
		if i < len(src) && src[i] == ')' && n > 0 {
			break
		}
		if i >= len(src) || src[i] != '&' {
			return newerConstruct{}, false
		}
		if amp < 0 {
			amp = i
		}
		i = skipBlanks(src, i+1)
	}
	closing := i
	before := skipBlanksBack(src, off)
	if next := skipBlanks(src, closing+1); !(next < len(src) && src[next] == '|') && !(before > 0 && src[before-1] == '|') {
		return newerConstruct{}, false
	}
	rewrite := bytes.Clone(src)
	rewrite[off] = ' '
	blankOut(rewrite, amp, closing+1)
	return newerConstruct{start: off, what: "DNF type, new in PHP 8.2", end: closing + 1, rewrite: rewrite}, true
}

// typedClassConstant: "const string X = …" (PHP 8.3). The 8.1 grammar stops
// at the constant's name, or at a "?" or "|" of its type; the type is
// blanked.
func typedClassConstant(src []byte, off int) (newerConstruct, bool) {
	// Back from the error over type tokens to the "const" keyword.
	kw := -1
	for i, n := off, 0; n < 16; n++ {
		i = skipBlanksBack(src, i)
		if i == 0 {
			break
		}
		if c := src[i-1]; c == '?' || c == '|' || c == '&' || c == '(' || c == ')' {
			i--
			continue
		}
		start := nameBefore(src, i)
		if start == i {
			break
		}
		if bytes.EqualFold(src[start:i], []byte("const")) {
			kw = i
			break
		}
		i = start
	}
	if kw < 0 {
		return newerConstruct{}, false
	}
	// Forward from "const": the type's tokens, then the name, then "=".
	typeStart := skipBlanks(src, kw)
	var lastName [2]int
	i, names := typeStart, 0
	for n := 0; n < 32 && i < len(src) && src[i] != '='; n++ {
		switch c := src[i]; {
		case c == '?' || c == '|' || c == '&' || c == '(' || c == ')':
			i++
		default:
			end := nameAfter(src, i)
			if end == i {
				return newerConstruct{}, false
			}
			lastName, names = [2]int{i, end}, names+1
			i = end
		}
		i = skipBlanks(src, i)
	}
	if i >= len(src) || src[i] != '=' || names < 2 || off > lastName[0] {
		return newerConstruct{}, false
	}
	typeEnd := skipBlanksBack(src, lastName[0])
	rewrite := bytes.Clone(src)
	blankOut(rewrite, typeStart, typeEnd)
	return newerConstruct{start: typeStart, what: "typed class constant, new in PHP 8.3", end: typeEnd, rewrite: rewrite}, true
}

// newWithoutParentheses: "new Foo()->bar()" (PHP 8.4). The 8.1 grammar stops
// at the "->", "?->", "::" or "[" after the arguments; "new Foo" becomes the
// function name "new_Foo".
func newWithoutParentheses(src []byte, off int) (newerConstruct, bool) {
	if !bytes.HasPrefix(src[off:], []byte("->")) && !bytes.HasPrefix(src[off:], []byte("?->")) &&
		!bytes.HasPrefix(src[off:], []byte("::")) && src[off] != '[' {
		return newerConstruct{}, false
	}
	closing := skipBlanksBack(src, off)
	if closing == 0 || src[closing-1] != ')' {
		return newerConstruct{}, false
	}
	opening := openingBefore(src, closing-1, '(', ')')
	if opening < 0 {
		return newerConstruct{}, false
	}
	classEnd := skipBlanksBack(src, opening)
	classStart := nameBefore(src, classEnd)
	if classStart == classEnd {
		return newerConstruct{}, false
	}
	newEnd := skipBlanksBack(src, classStart)
	newStart := nameBefore(src, newEnd)
	if newEnd == classStart || !bytes.EqualFold(src[newStart:newEnd], []byte("new")) {
		return newerConstruct{}, false
	}
	rewrite := bytes.Clone(src)
	for i := newEnd; i < classStart; i++ {
		rewrite[i] = '_'
	}
	return newerConstruct{start: newStart, what: "new without parentheses, new in PHP 8.4", end: off, rewrite: rewrite}, true
}

// propertyHook: "public string $x { get => …; }" (PHP 8.4). The 8.1 grammar
// stops at the "{"; the hooks are blanked, and a ";" ends the property.
func propertyHook(src []byte, off int) (newerConstruct, bool) {
	if src[off] != '{' {
		return newerConstruct{}, false
	}
	i := skipBlanks(src, off+1)
	if bytes.HasPrefix(src[i:], []byte("#[")) {
		if end := closingAfter(src, i+1, '[', ']'); end >= 0 {
			i = skipBlanks(src, end+1)
		}
	}
	if keywordAt(src, i, "final") {
		i = skipBlanks(src, i+len("final"))
	}
	if i < len(src) && src[i] == '&' {
		i = skipBlanks(src, i+1)
	}
	if !keywordAt(src, i, "get") && !keywordAt(src, i, "set") {
		return newerConstruct{}, false
	}
	if i = skipBlanks(src, i+3); i >= len(src) || bytes.IndexByte([]byte(";={("), src[i]) < 0 {
		return newerConstruct{}, false
	}
	closing := closingAfter(src, off, '{', '}')
	if closing < 0 {
		return newerConstruct{}, false
	}
	rewrite := bytes.Clone(src)
	blankOut(rewrite, off, closing+1)
	// A promoted constructor parameter goes on with "," or ")"; a property
	// declaration needs its ";".
	if next := skipBlanks(src, closing+1); next < len(src) && src[next] != ',' && src[next] != ')' {
		rewrite[off] = ';'
	}
	return newerConstruct{start: off, what: "property hook, new in PHP 8.4", end: closing + 1, rewrite: rewrite}, true
}

// asymmetricVisibility: "public private(set) string $x" (PHP 8.4). The 8.1
// grammar stops at the "("; "(set)" is blanked.
func asymmetricVisibility(src []byte, off int) (newerConstruct, bool) {
	if src[off] != '(' {
		return newerConstruct{}, false
	}
	end := skipBlanksBack(src, off)
	start := nameBefore(src, end)
	visibility := bytes.ToLower(src[start:end])
	if !bytes.Equal(visibility, []byte("public")) && !bytes.Equal(visibility, []byte("protected")) && !bytes.Equal(visibility, []byte("private")) {
		return newerConstruct{}, false
	}
	i := skipBlanks(src, off+1)
	if !keywordAt(src, i, "set") {
		return newerConstruct{}, false
	}
	if i = skipBlanks(src, i+3); i >= len(src) || src[i] != ')' {
		return newerConstruct{}, false
	}
	rewrite := bytes.Clone(src)
	blankOut(rewrite, off, i+1)
	return newerConstruct{start: start, what: "asymmetric visibility, new in PHP 8.4", end: i + 1, rewrite: rewrite}, true
}

// dynamicClassConstant: "Foo::{$name}" (PHP 8.3). The 8.1 grammar reads
// "Foo::{…}" as the start of a static call and stops at what follows the
// "}"; "::{…}" is blanked, leaving the class constant "Foo".
func dynamicClassConstant(src []byte, off int) (newerConstruct, bool) {
	closing := skipBlanksBack(src, off)
	if closing == 0 || src[closing-1] != '}' {
		return newerConstruct{}, false
	}
	opening := openingBefore(src, closing-1, '{', '}')
	if opening < 0 {
		return newerConstruct{}, false
	}
	colons := skipBlanksBack(src, opening)
	if colons < 2 || !bytes.Equal(src[colons-2:colons], []byte("::")) {
		return newerConstruct{}, false
	}
	rewrite := bytes.Clone(src)
	blankOut(rewrite, colons-2, closing)
	return newerConstruct{start: colons - 2, what: "dynamic class constant fetch, new in PHP 8.3", end: closing, rewrite: rewrite}, true
}

// readonlyAnonymousClass: "new readonly class {}" (PHP 8.3). The 8.1 grammar
// stops at "readonly", which is blanked.
func readonlyAnonymousClass(src []byte, off int) (newerConstruct, bool) {
	if !keywordAt(src, off, "readonly") || !keywordAt(src, skipBlanks(src, off+len("readonly")), "class") {
		return newerConstruct{}, false
	}
	end := skipBlanksBack(src, off)
	if start := nameBefore(src, end); !bytes.EqualFold(src[start:end], []byte("new")) {
		return newerConstruct{}, false
	}
	rewrite := bytes.Clone(src)
	blankOut(rewrite, off, off+len("readonly"))
	return newerConstruct{start: off, what: "readonly anonymous class, new in PHP 8.3", end: off + len("readonly"), rewrite: rewrite}, true
}

// pipeOperator: "$x |> f(...)" (PHP 8.5). The 8.1 lexer reads "|" and ">",
// and the grammar stops at the ">", which is blanked.
func pipeOperator(src []byte, off int) (newerConstruct, bool) {
	if off == 0 || src[off] != '>' || src[off-1] != '|' {
		return newerConstruct{}, false
	}
	rewrite := bytes.Clone(src)
	rewrite[off] = ' '
	return newerConstruct{start: off - 1, what: "pipe operator |>, new in PHP 8.5", end: off + 1, rewrite: rewrite}, true
}

// voidCast: "(void) f();" (PHP 8.5). The 8.1 grammar reads "(void)" as a
// constant in parentheses and stops at what follows; "(void)" is blanked.
func voidCast(src []byte, off int) (newerConstruct, bool) {
	closing := skipBlanksBack(src, off)
	if closing == 0 || src[closing-1] != ')' {
		return newerConstruct{}, false
	}
	nameEndAt := skipBlanksBack(src, closing-1)
	start := nameBefore(src, nameEndAt)
	if !bytes.EqualFold(src[start:nameEndAt], []byte("void")) {
		return newerConstruct{}, false
	}
	opening := skipBlanksBack(src, start)
	if opening == 0 || src[opening-1] != '(' {
		return newerConstruct{}, false
	}
	rewrite := bytes.Clone(src)
	blankOut(rewrite, opening-1, closing)
	return newerConstruct{start: opening - 1, what: "(void) cast, new in PHP 8.5", end: closing, rewrite: rewrite}, true
}

// skipBlanks returns the first offset at or after i that is not whitespace.
func skipBlanks(src []byte, i int) int {
	for i < len(src) && blankByte(src[i]) {
		i++
	}
	return i
}

// skipBlanksBack returns the offset just after the last byte before i that
// is not whitespace.
func skipBlanksBack(src []byte, i int) int {
	for i > 0 && blankByte(src[i-1]) {
		i--
	}
	return i
}

func blankByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// labelByte reports whether c may be part of a PHP name: letters, digits,
// "_" and every byte from 0x80.
func labelByte(c byte) bool {
	return c == '_' || 'a' <= c|0x20 && c|0x20 <= 'z' || digitByte(c) || c >= 0x80
}

func digitByte(c byte) bool { return '0' <= c && c <= '9' }

// nameAfter returns the offset after the name (namespaced, "\Foo\Bar")
// that starts at i; i when none does.
func nameAfter(src []byte, i int) int {
	for i < len(src) && (labelByte(src[i]) || src[i] == '\\') {
		i++
	}
	return i
}

// nameBefore returns where the name (namespaced, "\Foo\Bar") that ends at
// end begins; end when no name ends there.
func nameBefore(src []byte, end int) int {
	i := end
	for i > 0 && (labelByte(src[i-1]) || src[i-1] == '\\') {
		i--
	}
	// A name cannot start with a digit.
	for i < end && digitByte(src[i]) {
		i++
	}
	return i
}

// keywordAt reports whether the keyword w (any case) stands at i, not as part of
// a longer name.
func keywordAt(src []byte, i int, w string) bool {
	end := i + len(w)
	return end <= len(src) && bytes.EqualFold(src[i:end], []byte(w)) && (end == len(src) || !labelByte(src[end]))
}

// openingBefore returns the offset of the open that matches the close at i,
// counting nesting; -1 when there is none within reach.
func openingBefore(src []byte, i int, open, close byte) int {
	depth := 0
	for j := i; j >= 0 && i-j < 4096; j-- {
		switch src[j] {
		case close:
			depth++
		case open:
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// closingAfter returns the offset of the close that matches the open at i;
// -1 when there is none within reach.
func closingAfter(src []byte, i int, open, close byte) int {
	depth := 0
	for j := i; j < len(src) && j-i < 16384; j++ {
		switch src[j] {
		case open:
			depth++
		case close:
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// blankOut overwrites src[start:end] with spaces, keeping line ends so that
// every offset and line stays where it was.
func blankOut(src []byte, start, end int) {
	for i := start; i < end; i++ {
		if src[i] != '\n' && src[i] != '\r' {
			src[i] = ' '
		}
	}
}
