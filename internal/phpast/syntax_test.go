package phpast

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// newerCases use syntax of a PHP later than the parser's 8.1 grammar. Each
// is reported at the construct, with what it is; since is the PHP release
// that accepts it, checked against php -l when that PHP is installed.
var newerCases = []struct {
	name  string
	code  string // after "<?php\n", so the construct is on line 2
	col   int
	what  string
	since string
}{
	{"dnf parameter", "function f((A&B)|null $x) {}", 12, "DNF type, new in PHP 8.2", "8.2"},
	{"dnf after null", "function f(null|(A&B) $x) {}", 17, "DNF type, new in PHP 8.2", "8.2"},
	{"dnf return type", "function f(): (A & \\B\\C)|false { return false; }", 15, "DNF type, new in PHP 8.2", "8.2"},
	{"dnf property", "class C { public (A&B&D)|null $x; }", 18, "DNF type, new in PHP 8.2", "8.2"},
	{"typed class constant", "class C { const string X = 'a'; }", 17, "typed class constant, new in PHP 8.3", "8.3"},
	{"nullable typed constant", "interface I { public const ?int X = 1; }", 28, "typed class constant, new in PHP 8.3", "8.3"},
	{"union typed constant", "enum E { const int|string X = 1; }", 16, "typed class constant, new in PHP 8.3", "8.3"},
	{"dynamic class constant", "echo C::{$name};", 7, "dynamic class constant fetch, new in PHP 8.3", "8.3"},
	{"readonly anonymous class", "$x = new readonly class {};", 10, "readonly anonymous class, new in PHP 8.3", "8.3"},
	{"new then method", "echo new Foo()->bar();", 6, "new without parentheses, new in PHP 8.4", "8.4"},
	{"new then property", "$x = new \\Foo\\Bar(1, f(2))->baz;", 6, "new without parentheses, new in PHP 8.4", "8.4"},
	{"new then constant", "$x = new Foo()::X;", 6, "new without parentheses, new in PHP 8.4", "8.4"},
	{"new then offset", "$x = new Foo()['a'];", 6, "new without parentheses, new in PHP 8.4", "8.4"},
	{"property hook", "class C { public string $x { get => 'a'; } }", 28, "property hook, new in PHP 8.4", "8.4"},
	{"set hook", "class C { public string $x { set(string $v) { $this->x = strtolower($v); } } }", 28, "property hook, new in PHP 8.4", "8.4"},
	{"promoted hook", "class C { public function __construct(public string $x { get => 'a'; }) {} }", 56, "property hook, new in PHP 8.4", "8.4"},
	{"interface hook", "interface I { public string $x { get; } }", 32, "property hook, new in PHP 8.4", "8.4"},
	{"asymmetric visibility", "class C { public private(set) string $x; }", 18, "asymmetric visibility, new in PHP 8.4", "8.4"},
	{"asymmetric promoted", "class C { public function __construct(protected(set) int $x) {} }", 39, "asymmetric visibility, new in PHP 8.4", "8.4"},
	{"pipe", "$x = 'a' |> strlen(...);", 10, "pipe operator |>, new in PHP 8.5", "8.5"},
	{"void cast", "(void) f();", 1, "(void) cast, new in PHP 8.5", "8.5"},
}

func TestNewerSyntax(t *testing.T) {
	t.Parallel()
	for _, tt := range newerCases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := "<?php\n" + tt.code + "\n"
			_, err := ParseFile("new.install", []byte(src), Options{})
			var perr *Error
			if !errors.As(err, &perr) {
				t.Fatalf("ParseFile = %v; want a *phpast.Error", err)
			}
			want := Error{Path: "new.install", Line: 2, Col: tt.col, Msg: NewerSyntaxMsg + ": " + tt.what}
			if *perr != want {
				t.Errorf("error\n%v\nwant\n%v", perr, &want)
			}
		})
	}
}

// nearMisses look like a newer construct at the place the parser stops,
// but are mistakes in any PHP: they keep PHP's wording.
var nearMisses = []struct {
	name, code, msg string
	col             int
}{
	{"parenthesised intersection in an expression", "$x = 1 (A&B)|C;", `syntax error, unexpected token "("`, 8},
	{"intersection without a union", "function f((A&B) $x) {}", `syntax error, unexpected token "(", expecting variable`, 12},
	{"constant without a value", "class C { const string X; }", `syntax error, unexpected identifier "X", expecting "="`, 24},
	{"new of a call", "$x = foo()->bar()->baz() x;", `syntax error, unexpected identifier "x"`, 26},
	{"brace after a property", "class C { public string $x { echo 1; } }", `syntax error, unexpected token "{", expecting ";" or ","`, 28},
	{"visibility call", "class C { public private(get) string $x; }", `syntax error, unexpected token "(", expecting variable`, 25},
	{"greater after or", "$x = 1 || > 2;", `syntax error, unexpected token ">"`, 11},
	{"cast of a word", "(int) (x) f();", `syntax error, unexpected identifier "f"`, 11},
}

func TestNewerSyntaxNearMisses(t *testing.T) {
	t.Parallel()
	for _, tt := range nearMisses {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseFile("broken.install", []byte("<?php\n"+tt.code+"\n"), Options{})
			var perr *Error
			if !errors.As(err, &perr) {
				t.Fatalf("ParseFile = %v; want a *phpast.Error", err)
			}
			want := Error{Path: "broken.install", Line: 2, Col: tt.col, Msg: tt.msg}
			if *perr != want {
				t.Errorf("error\n%v\nwant\n%v", perr, &want)
			}
		})
	}
}

// PHP 8.2 constructs the 8.1 grammar already accepts parse into the model.
func TestPHP82SyntaxTheParserKnows(t *testing.T) {
	t.Parallel()
	src := `<?php
readonly class Settings {
  public function __construct(public int $limit) {}
}
final readonly class Frozen {}
trait T { const LIMIT = 1; }
function m_helper(null $a, false $b, true $c): null { return null; }
function m_update_7001(): true {
  variable_set('a', 1);
  return true;
}
`
	f, err := ParseFile("m.install", []byte(src), Options{Module: "m"})
	if err != nil {
		t.Fatal(err)
	}
	u := function(t, f, "m_update_7001")
	if u.Kind != KindUpdate || u.Number != 7001 || len(u.Calls) != 1 || u.Calls[0].Name != "variable_set" {
		t.Errorf("m_update_7001: kind %v number %d calls %d", u.Kind, u.Number, len(u.Calls))
	}
}

// TestNewerSyntaxAgreesWithPHP checks each newer case with the installed
// php -l: accepted from the release the table names, refused before it (so
// the construct really is that release's).
func TestNewerSyntaxAgreesWithPHP(t *testing.T) {
	t.Parallel()
	php := requirePHP(t)
	out, err := exec.Command(php, "-r", "echo PHP_MAJOR_VERSION, '.', PHP_MINOR_VERSION;").Output()
	if err != nil {
		t.Fatal(err)
	}
	installed := string(out)
	dir := t.TempDir()
	for i, tt := range newerCases {
		path := filepath.Join(dir, strconv.Itoa(i)+".php")
		if err := os.WriteFile(path, []byte("<?php\n"+tt.code+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(php, "-l", path).CombinedOutput()
		accepted := err == nil
		if want := versionAtLeast(installed, tt.since); accepted != want {
			t.Errorf("%s: php %s -l accepted %v, want %v (the construct is PHP %s's):\n%s", tt.name, installed, accepted, want, tt.since, out)
		}
	}
}

func versionAtLeast(have, want string) bool {
	hMajor, hMinor, _ := strings.Cut(have, ".")
	wMajor, wMinor, _ := strings.Cut(want, ".")
	h, _ := strconv.Atoi(hMajor)
	w, _ := strconv.Atoi(wMajor)
	if h != w {
		return h > w
	}
	h, _ = strconv.Atoi(hMinor)
	w, _ = strconv.Atoi(wMinor)
	return h >= w
}
