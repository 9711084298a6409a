package phpast

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func tokenTexts(src string) []string {
	var out []string
	for _, t := range CodeTokens([]byte(src)) {
		out = append(out, string(t.Text([]byte(src))))
	}
	return out
}

func TestCodeTokens(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"call", "variable_set('preprocess_js', 1);", []string{"variable_set", "(", "'preprocess_js'", ",", "1", ")", ";"}},
		{"comments dropped", "a(); // x\n# y\n/* z */ /** d */ b();", []string{"a", "(", ")", ";", "b", "(", ")", ";"}},
		{"attribute kept", "#[Attr] function f() {}", []string{"#[", "Attr", "]", "function", "f", "(", ")", "{", "}"}},
		{"string with comment markers", `$a = "// not # a /* comment */";`, []string{"$a", "=", `"// not # a /* comment */"`, ";"}},
		{"escaped quotes", `'it\'s' "say \"hi\""`, []string{`'it\'s'`, `"say \"hi\""`}},
		{"interpolation with quotes", `"{$a["k y"]} done" . x`, []string{`"{$a["k y"]} done"`, ".", "x"}},
		{"heredoc", "$s = <<<EOT\n  a  // b\nEOT;\nf();", []string{"$s", "=", "<<<EOT\n  a  // b\nEOT", ";", "f", "(", ")", ";"}},
		{"nowdoc indented close", "$s = <<<'X'\n  a\n  X . 'b';", []string{"$s", "=", "<<<'X'\n  a\n  X", ".", "'b'", ";"}},
		{"heredoc label prefix is not the end", "<<<EOT\nEOTX\nEOT;", []string{"<<<EOT\nEOTX\nEOT", ";"}},
		{"shift is not a heredoc", "$a <<< 2", []string{"$a", "<<", "<", "2"}},
		{"operators", "$a===$b??=$c?->d <=> 1", []string{"$a", "===", "$b", "??=", "$c", "?->", "d", "<=>", "1"}},
		{"numbers", "1.5e3 + 0x1F - 1_000 . .5", []string{"1.5e3", "+", "0x1F", "-", "1_000", ".", ".5"}},
		{"concat of integers", "1 . 5", []string{"1", ".", "5"}},
		{"namespaced static", `\Drupal::service('x')`, []string{`\Drupal`, "::", "service", "(", "'x'", ")"}},
		{"variable variable", "$$x", []string{"$", "$x"}},
		{"inline html", "f(); ?>\n<b>hi</b>\n<?php g();", []string{"f", "(", ")", ";", "?>\n<b>hi</b>\n<?php", "g", "(", ")", ";"}},
		{"line comment ends at close tag", "// x ?>hi<?php f();", []string{"?>hi<?php", "f", "(", ")", ";"}},
		{"latin-1 bytes in a string", "t('caf\xe9');", []string{"t", "(", "'caf\xe9'", ")", ";"}},
		{"unterminated string", "f('abc", []string{"f", "(", "'abc"}},
		{"unterminated comment", "f(); /* abc", []string{"f", "(", ")", ";"}},
		{"unterminated heredoc", "<<<A\nabc", []string{"<<<A\nabc"}},
		{"trailing backslash in string", `'a\`, []string{`'a\`}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, tokenTexts(tt.src)); diff != "" {
				t.Errorf("CodeTokens(%q) (-want +got):\n%s", tt.src, diff)
			}
		})
	}
}

func TestSameCode(t *testing.T) {
	t.Parallel()
	const body = "{\n  variable_set('preprocess_js', 1);\n}"
	tests := []struct {
		name string
		a, b string
		same bool
	}{
		{"identical", body, body, true},
		{"reindented", body, "{ variable_set( 'preprocess_js',1 ) ;}", true},
		{"crlf", body, strings.ReplaceAll(body, "\n", "\r\n"), true},
		{"comment added", body, "{\n  // Aggregate.\n  variable_set('preprocess_js', 1); # now\n}", true},
		{"block comment added", body, "{\n  /* x */ variable_set('preprocess_js', /** y */ 1);\n}", true},
		{"value changed", body, "{\n  variable_set('preprocess_js', 0);\n}", false},
		{"string spacing changed", body, "{\n  variable_set('preprocess_js ', 1);\n}", false},
		{"call added", body, "{\n  variable_set('preprocess_js', 1);\n  cache_clear_all();\n}", false},
		{"comment turned into code", "{ // f();\n}", "{ f();\n}", false},
		{"code commented out", "{ f(); }", "{ /* f(); */ }", false},
		{"heredoc text changed", "{ $a = <<<E\nx  y\nE;\n}", "{ $a = <<<E\nx y\nE;\n}", false},
		{"operator split", "{ $a === $b; }", "{ $a == = $b; }", false},
		{"float versus concat", "{ $a = 1.5; }", "{ $a = 1 . 5; }", false},
		{"keyword case", "{ return TRUE; }", "{ return true; }", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := SameCode([]byte(tt.a), []byte(tt.b)); got != tt.same {
				t.Errorf("SameCode(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.same)
			}
		})
	}
}

func TestComments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"every form", "a(); // x\n# y\n/* z */ /** d */ b();", []string{"// x", "# y", "/* z */", "/** d */"}},
		{"attribute is code", "#[Attr] # c\nfunction f() {}", []string{"# c"}},
		{"markers in strings", `f('// no', "# no /* no */", ` + "`# no`" + `); // yes`, []string{"// yes"}},
		{"interpolation with a quote", `f("{$a['// no']}"); # yes`, []string{"# yes"}},
		{"heredoc", "$s = <<<EOT\n// no\nEOT;\n// yes", []string{"// yes"}},
		{"nowdoc", "$s = <<<'EOT'\n# no\n  EOT;\n# yes", []string{"# yes"}},
		{"line comment ends at close tag", "// x ?>// html<?php # y", []string{"// x ", "# y"}},
		{"crlf", "// a\r\nf(); // b\r\n", []string{"// a", "// b"}},
		{"unterminated", "f(); /* abc", []string{"/* abc"}},
		{"none", "f();", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, s := range Comments([]byte(tt.src)) {
				got = append(got, tt.src[s.Start:s.End])
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Comments(%q) (-want +got):\n%s", tt.src, diff)
			}
		})
	}
}

func TestFileComments(t *testing.T) {
	t.Parallel()
	src := "<b>// html, not PHP</b>\n<?php\n// one\nfunction m_update_7001() {\n  $s = '# no';\n}\n?>\n# text\n<?php /* two */\n"
	f := parseString(t, "m", src)
	var got []string
	for _, s := range f.Comments() {
		got = append(got, src[s.Start:s.End])
	}
	if diff := cmp.Diff([]string{"// one", "/* two */"}, got); diff != "" {
		t.Errorf("comments (-want +got):\n%s", diff)
	}
}

// FuzzCodeTokens checks that tokens never overlap, stay in order and inside
// the source, and that nothing but whitespace and comments lies between
// them: a token can never swallow bytes of the next one.
func FuzzCodeTokens(f *testing.F) {
	for _, s := range []string{"f('a', \"b{$c['d']}\");", "<<<E\nx\nE;", "?>x<?php", "/* x", "'\\", "1.5e+3", "#[A] # c\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		last := 0
		for _, tok := range CodeTokens([]byte(src)) {
			if tok.Span.Start < last || tok.Span.End <= tok.Span.Start || tok.Span.End > len(src) {
				t.Fatalf("token %+v after offset %d in %d bytes", tok, last, len(src))
			}
			if gap := CodeTokens([]byte(src[last:tok.Span.Start])); len(gap) > 0 {
				t.Fatalf("bytes %q between tokens hold code", src[last:tok.Span.Start])
			}
			last = tok.Span.End
		}
		// Comments and code tokens are one stream: they never overlap.
		code, comments := CodeTokens([]byte(src)), Comments([]byte(src))
		for _, c := range comments {
			if c.End <= c.Start || c.End > len(src) {
				t.Fatalf("comment %+v in %d bytes", c, len(src))
			}
			for _, tok := range code {
				if tok.Span.Start < c.End && c.Start < tok.Span.End {
					t.Fatalf("comment %q overlaps token %q", src[c.Start:c.End], tok.Text([]byte(src)))
				}
			}
		}
	})
}
