package phpast

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// probe is one PHP construct that some PHP version from 5.6 to 8.1 accepts.
type probe struct {
	name string
	src  string
	// php8 is false for syntax PHP 8 removed: the 7.4 grammar must take it.
	php8 bool
}

var probes = []probe{
	{"array long syntax", `<?php $a = array(1, 'b' => array(2, 3));`, true},
	{"array short syntax", `<?php $a = [1, 'b' => [2, 3]];`, true},
	{"heredoc", "<?php $a = <<<EOT\nHello $name {$user->name}\nEOT;\n", true},
	{"nowdoc", "<?php $a = <<<'EOT'\nraw $text\nEOT;\n", true},
	{"flexible heredoc", "<?php $a = [<<<EOT\n    indented\n    EOT, 2];\n", true},
	{"arrow function", `<?php $f = fn($x) => $x * 2;`, true},
	{"static arrow function", `<?php $f = static fn(int $x): int => $x + 1;`, true},
	{"named arguments", `<?php foo(enable_dependencies: TRUE, modules: ['a']);`, true},
	{"nullsafe", `<?php $x = $a?->b()?->c;`, true},
	{"match", `<?php $x = match ($y) { 1, 2 => 'a', default => 'b' };`, true},
	{"enum", `<?php enum Suit: string { case Hearts = 'H'; case Spades = 'S'; public function label(): string { return ucfirst($this->name); } }`, true},
	{"readonly property", `<?php class P { public function __construct(public readonly int $x) {} }`, true},
	{"attributes", `<?php #[Attribute(Attribute::TARGET_CLASS)] class A {} #[A, B(1)] function f(#[Sensitive] $p) {}`, true},
	{"first-class callable", `<?php $f = strlen(...); $g = $obj->method(...); $h = Foo::bar(...);`, true},
	{"curly string offset", `<?php $s = 'abc'; echo $s{0};`, false},
	{"list", `<?php list($a, list($b, $c)) = $x; list('k' => $d) = $y; [$e, $f] = $z;`, true},
	{"short echo tag", `<p><?= $title ?></p>`, true},
	{"strict types", "<?php\ndeclare(strict_types=1);\nfunction f(): void {}\n", true},
	{"namespace", "<?php\nnamespace Drupal\\example_deploy;\nuse Drupal\\Core\\Utility\\UpdateException as E;\nuse function foo\\bar;\nuse const foo\\BAZ;\n", true},
	{"braced namespaces", "<?php namespace A { function f() {} } namespace { \\A\\f(); }", true},
	{"closure with use", `<?php $f = function ($x) use ($y, &$z) { return $x + $y; };`, true},
	{"static closure", `<?php $f = static function () { return 1; };`, true},
	{"spread", `<?php f(...$args); $a = [...$b, ...$c]; function g(...$rest) {}`, true},
	{"null coalescing assignment", `<?php $a['k'] ??= 'default'; $b = $c ?? $d;`, true},
	{"multi catch", `<?php try { f(); } catch (A|B $e) { g(); } finally { h(); }`, true},
	{"catch without variable", `<?php try { f(); } catch (\Exception) { g(); }`, true},
	{"union types", `<?php function f(int|string $x): int|false { return 1; }`, true},
	{"intersection types", `<?php function f(Countable&Traversable $x): void {}`, true},
	{"never return type", `<?php function stop(): never { throw new Exception(); }`, true},
	{"new in initializers", `<?php class S { public function __construct(private Logger $l = new NullLogger()) {} }`, true},
	{"explicit octal", `<?php $a = 0o16; $b = 016;`, true},
	{"numeric separators", `<?php $a = 1_000_000; $b = 0xFF_FF; $c = 1_0.5_0; $d = 0b1010_1010;`, true},
	{"unset cast", `<?php $a = (unset) $b;`, false},
	{"real cast", `<?php $a = (real) $b;`, false},
	{"nullable types", `<?php function f(?int $x): ?string { return null; }`, true},
	{"typed properties", `<?php class T { public ?int $a = null; private static array $b = []; }`, true},
	{"static return", `<?php class R { public function make(): static { return new static(); } }`, true},
	{"mixed type", `<?php function f(mixed $x): mixed { return $x; }`, true},
	{"constructor promotion", `<?php class P { public function __construct(private int $x = 0, protected ?string $y = null) {} }`, true},
	{"throw expression", `<?php $x = $y ?? throw new Exception();`, true},
	{"generators", `<?php function g() { yield 1; yield 'k' => 2; yield from h(); }`, true},
	{"traits", `<?php trait T { public function t() {} } class C { use T { t as protected u; } }`, true},
	{"interfaces and abstract", `<?php interface I { const X = 1; public function f(); } abstract class A implements I { abstract protected function g(); }`, true},
	{"anonymous class", `<?php $o = new class(1) extends B implements I { public function __construct($x) {} };`, true},
	{"goto", `<?php goto end; echo 1; end: echo 2;`, true},
	{"alternative syntax", "<?php if ($a): ?>yes<?php elseif ($b): ?>maybe<?php else: ?>no<?php endif; foreach ($x as $y): endforeach; while (0): endwhile;", true},
	{"switch", `<?php switch ($a) { case 1: case 2; break; default: return; }`, true},
	{"global and static vars", `<?php function f() { global $user; static $n = 0; $n++; }`, true},
	{"variable variables", `<?php $$name = 1; ${'a' . 'b'} = 2; $obj->{'p' . $i} = 3; $obj::$static = 4;`, true},
	{"instanceof and clone", `<?php $b = clone $a; if ($b instanceof Foo) {}`, true},
	{"exponent", `<?php $a = 2 ** 10; $a **= 2;`, true},
	{"spaceship", `<?php usort($a, fn($x, $y) => $x <=> $y);`, true},
	{"interpolation", `<?php $s = "a $b c {$d['e']} ${f} $g->h $i[0]";`, true},
	{"backticks", "<?php $out = `ls -la`;", true},
	{"casts", `<?php $a = (int) $b . (string) $c . (bool) $d . (array) $e . (object) $f . (float) $g . (binary) $h;`, true},
	{"print and exit", `<?php print 'x'; exit(1); die('x');`, true},
	{"isset empty unset", `<?php if (isset($a['b']) && !empty($c)) { unset($a['b']); }`, true},
	{"references", `<?php $a = &$b; foreach ($c as &$d) {} function &r() { static $x; return $x; }`, true},
	{"class constants and static", `<?php echo Foo::BAR, static::class, self::$x, parent::f(), Foo::class;`, true},
	{"final class constant", `<?php class C { final public const X = 1; }`, true},
	{"pure intersection and new", `<?php $o = new ($cls)(); $o = new Foo;`, true},
	{"inline html around php", "<html>\n<?php echo 1; ?>\n</html>\n", true},
	{"halt compiler", "<?php echo 1; __halt_compiler(); raw \x01 bytes", true},
	{"binary string prefix", `<?php $a = b'bin'; $b = B'bin'; $c = b"bin\n"; $d = [b'k' => B"v"];`, true},
	{"uppercase open tag", "<?PHP\necho 1;\n", true},
	{"old style constructor", `<?php class Old { function Old() {} var $x; }`, true},
	{"backslash global function", `<?php \variable_set('x', \TRUE);`, true},
	{"nested ternary with parens", `<?php $a = ($b ? $c : $d) ? $e : $f; $g = $h ?: $i;`, true},
}

// TestProbesParse checks that every construct parses, with the 8.1 grammar
// unless PHP 8 removed it.
func TestProbesParse(t *testing.T) {
	t.Parallel()
	for _, p := range probes {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			f, err := ParseFile("probe.php", []byte(p.src), Options{Module: "example_deploy"})
			if err != nil {
				t.Fatalf("ParseFile: %v", err)
			}
			want := "8.1"
			if !p.php8 {
				want = "7.4"
			}
			if f.Version != want {
				t.Errorf("Version = %q, want %q", f.Version, want)
			}
		})
	}
}

// TestProbesAgreeWithPHP runs php -l on every probe, so that the table never
// holds a construct PHP itself rejects (or one PHP 8 accepts that we claim
// it removed).
func TestProbesAgreeWithPHP(t *testing.T) {
	t.Parallel()
	php := requirePHP(t)
	dir := t.TempDir()
	for i, p := range probes {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(dir, strings.ReplaceAll(p.name, " ", "_")+".php")
			if err := os.WriteFile(path, []byte(p.src), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(php, "-l", path).CombinedOutput()
			if accepted := err == nil; accepted != p.php8 {
				t.Errorf("probe %d: php -l accepted=%v, table says php8=%v:\n%s", i, accepted, p.php8, out)
			}
		})
	}
}

// requirePHP returns the php binary, skipping the test when it is absent,
// except in CI where its absence is a failure.
func requirePHP(t *testing.T) string {
	t.Helper()
	php, err := exec.LookPath("php")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("php is required in CI: %v", err)
		}
		t.Skip("php not installed")
	}
	return php
}
