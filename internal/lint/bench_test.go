package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/dcycle/dcycle/internal/phpast"
)

// writeModule writes a Drupal 7 deploy module with n updates, each a
// realistic few lines with a docblock, and the resumable replay.
func writeModule(tb testing.TB, dir, name string, n int) Target {
	tb.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "<?php\n\n/**\n * @file\n * Site deployment functions.\n */\n\n/**\n * Implements hook_install().\n */\nfunction %[1]s_install() {\n  $last = 7000;\n  try {\n    foreach (drupal_get_schema_versions('%[1]s') as $number) {\n      $sandbox = array();\n      do {\n        $function = '%[1]s_update_' . $number;\n        $function($sandbox);\n      } while (isset($sandbox['#finished']) && $sandbox['#finished'] < 1);\n      $last = $number;\n    }\n  }\n  catch (Exception $e) {\n    drupal_set_installed_schema_version('%[1]s', $last);\n    throw $e;\n  }\n}\n", name)
	for i, number := 0, 7001; i < n; i, number = i+1, number+1 {
		if number%1000 == 0 {
			number++
		}
		fmt.Fprintf(&b, "\n/**\n * #%d: Set variable %d.\n */\nfunction %s_update_%d() {\n  variable_set('example_setting_%d', %d);\n  if (!module_enable(array('module_%d'))) {\n    throw new DrupalUpdateException('module_%d could not be enabled.');\n  }\n}\n", 1000+i, i, name, number, i, i, i, i)
	}
	dir = filepath.Join(dir, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	files := map[string]string{
		name + ".install": b.String(),
		name + ".info":    "name = " + name + "\ncore = 7.x\n",
		name + ".module":  "<?php\n",
	}
	for f, text := range files {
		if err := os.WriteFile(filepath.Join(dir, f), []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return Target{Name: name, InstallPath: filepath.Join(dir, name+".install"), InfoPath: filepath.Join(dir, name+".info"), Core: 7}
}

// BenchmarkLint1000Updates lints one module of 1,000 updates (SPEC §5:
// the whole process within 20 ms; bench/lint.sh times the binary).
func BenchmarkLint1000Updates(b *testing.B) {
	target := writeModule(b, b.TempDir(), "big_deploy", 1000)
	info, _ := os.Stat(target.InstallPath)
	b.SetBytes(info.Size())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Run([]Target{target}, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// tree writes 500 deploy modules of 20 updates each.
func tree(b *testing.B) ([]Target, int64) {
	dir := b.TempDir()
	targets := make([]Target, 500)
	var size int64
	for i := range targets {
		targets[i] = writeModule(b, dir, fmt.Sprintf("site%03d_deploy", i), 20)
		info, _ := os.Stat(targets[i].InstallPath)
		size += info.Size()
	}
	return targets, size
}

// BenchmarkLintTree500 lints 500 modules on all cores.
func BenchmarkLintTree500(b *testing.B) {
	targets, size := tree(b)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Run(targets, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseTree500 only reads and parses the same 500 files on all
// cores: the floor BenchmarkLintTree500 is measured against (SPEC §5:
// within 1.5×).
func BenchmarkParseTree500(b *testing.B) {
	targets, size := tree(b)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		next := make(chan *Target)
		var wg sync.WaitGroup
		for range runtime.GOMAXPROCS(0) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for t := range next {
					src, err := os.ReadFile(t.InstallPath)
					if err != nil {
						b.Error(err)
						continue
					}
					if _, err := phpast.ParseFile(t.InstallPath, src, phpast.Options{Module: t.Name}); err != nil {
						b.Error(err)
					}
				}
			}()
		}
		for i := range targets {
			next <- &targets[i]
		}
		close(next)
		wg.Wait()
	}
}
