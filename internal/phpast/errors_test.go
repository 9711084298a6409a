package phpast

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// syntaxErrors are broken files with the position and message we report.
// The messages are PHP 8's own (php -l) except where noted.
var syntaxErrors = []struct {
	name      string
	src       string
	line, col int
	msg       string
}{
	{"missing paren", "<?php\nfunction f() {\n  variable_set('a', 1;\n}\n", 3, 22, `syntax error, unexpected token ";", expecting ")"`},
	{"missing semicolon before brace", "<?php\nfunction f() {\n  variable_set('a', 1)\n}\n", 4, 1, `syntax error, unexpected token "}"`},
	{"missing semicolon before variable", "<?php\nfunction f() {\n  $a = 1\n  $b = 2;\n}\n", 4, 3, `syntax error, unexpected variable "$b"`},
	{"two identifiers", "<?php\nfunction f() {\n  foo bar;\n}\n", 3, 7, `syntax error, unexpected identifier "bar"`},
	{"two strings", "<?php\nfunction f() {\n  $a = 'x' 'y';\n}\n", 3, 12, `syntax error, unexpected single-quoted string "y"`},
	{"string then integer", "<?php\nfunction f() {\n  $a = \"x\" 5;\n}\n", 3, 12, `syntax error, unexpected integer "5"`},
	{"integer then float", "<?php\nfunction f() {\n  $a = 1 1.5;\n}\n", 3, 10, `syntax error, unexpected floating-point number "1.5"`},
	{"keyword", "<?php\nfunction f() {\n  return function;\n}\n", 3, 18, `syntax error, unexpected token ";", expecting "("`},
	{"unclosed array", "<?php\nfunction f() {\n  $a = [1, 2;\n}\n", 3, 13, `syntax error, unexpected token ";", expecting "]"`},
	{"arrow without key", "<?php\n$a = => 1;\n", 2, 6, `syntax error, unexpected token "=>"`},
	{"interpolated then variable", "<?php\n$a = \"x $b y\" $c;\n", 2, 15, `syntax error, unexpected variable "$c"`},
	// PHP: "Unclosed '{' on line 2", on the same line.
	{"unclosed brace", "<?php\nfunction f() {\n", 3, 1, `syntax error, unexpected end of file`},
	{"unclosed nested brace", "<?php\nfunction f() {\n  if ($a) {\n    foo();\n  \n}\n", 7, 1, `syntax error, unexpected end of file`},
	// PHP: "Unmatched '}'". The parser's lexer panics on it.
	{"unmatched brace", "<?php\n}\n", 2, 1, `unmatched '}'`},
	// PHP: "Unmatched '}'".
	{"unmatched brace after a function", "<?php\nfunction f() {\n  foo();\n}\n}\nfunction g() {}\n", 5, 1, `syntax error, unexpected token "}"`},
	// PHP: "Unterminated comment starting line 2".
	{"unterminated comment", "<?php\n/* unterminated comment\n", 2, 1, `unterminated comment starting line 2`},
	// PHP: `syntax error, unexpected string content "unterminated;"`.
	{"unterminated string", "<?php\n$a = 'unterminated;\n", 2, 6, `syntax error, unterminated string`},
	{"nul byte", "<?php\n$a = 1;\x00\n", 2, 8, `binary file: NUL byte, not PHP source`},
	// Both grammars fail: the 7.4 one, which got further, is reported (php
	// -l, a PHP 8, stops at the curly offset on line 2).
	{"curly offset and PHP 8 syntax", "<?php\n$a = $s{0};\n$b = $x?->y;\n", 3, 9, `syntax error, unexpected token "->"`},
}

func TestSyntaxErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range syntaxErrors {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, err := ParseFile("broken.install", []byte(tt.src), Options{})
			var perr *Error
			if !errors.As(err, &perr) {
				t.Fatalf("ParseFile = %v, %v; want a *phpast.Error", f, err)
			}
			want := &Error{Path: "broken.install", Line: tt.line, Col: tt.col, Msg: tt.msg}
			if diff := cmp.Diff(want, perr); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

// phpWords matches the messages we word as PHP 8 does.
var phpWords = regexp.MustCompile(`^syntax error, unexpected (token|variable|identifier|integer|floating|single|double)`)

// TestSyntaxErrorLinesAgreeWithPHP checks each broken file's line against
// php -l, and the message where the table says it is PHP's.
func TestSyntaxErrorLinesAgreeWithPHP(t *testing.T) {
	t.Parallel()
	php := requirePHP(t)
	dir := t.TempDir()
	report := regexp.MustCompile(`(?:Parse|Fatal) error: +(.*) in .* on line (\d+)`)
	for i, tt := range syntaxErrors {
		switch tt.name {
		case "nul byte": // PHP reads NUL bytes; we refuse them
			continue
		case "curly offset and PHP 8 syntax": // php -l is one version
			continue
		}
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(dir, strconv.Itoa(i)+".php")
			if err := os.WriteFile(path, []byte(tt.src), 0o644); err != nil {
				t.Fatal(err)
			}
			out, _ := exec.Command(php, "-d", "display_errors=stderr", "-l", path).CombinedOutput()
			m := report.FindSubmatch(out)
			if m == nil {
				t.Fatalf("php -l accepted the file:\n%s", out)
			}
			if line, _ := strconv.Atoi(string(m[2])); line != tt.line {
				t.Errorf("php reports line %d (%s), we say %d", line, m[1], tt.line)
			}
			if phpWords.MatchString(tt.msg) && tt.name != "unmatched brace after a function" && string(m[1]) != tt.msg {
				t.Errorf("php says %q, we say %q", m[1], tt.msg)
			}
		})
	}
}
