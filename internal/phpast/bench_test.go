package phpast

import (
	"bytes"
	"fmt"
	"testing"
)

// generatedModule writes a D7 deploy module of n updates whose bodies look
// like real ones: docblocks with issue references, variable_set,
// module_enable with its result checked, features_revert, guarded schema
// changes, and the seed's replay loop.
func generatedModule(n int) []byte {
	var b bytes.Buffer
	b.Grow(n * 420)
	b.WriteString("<?php\n\n/**\n * @file\n * Site deployment functions.\n */\n\n")
	b.WriteString("/**\n * Implements hook_install().\n */\nfunction gen_deploy_install() {\n")
	fmt.Fprintf(&b, "  for ($i = 7001; $i < %d; $i++) {\n    $candidate = 'gen_deploy_update_' . $i;\n    if (function_exists($candidate)) {\n      $candidate();\n    }\n  }\n}\n", 7001+n)
	for i := 0; i < n; i++ {
		number := 7001 + i
		fmt.Fprintf(&b, "\n/**\n * #%d: Change number %d of the site.\n */\nfunction gen_deploy_update_%d() {\n", 10000+i, i, number)
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, "  variable_set('gen_setting_%d', array('enabled' => TRUE, 'count' => %d));\n", i, i)
			fmt.Fprintf(&b, "  if (variable_get('gen_setting_%d') === NULL) {\n    throw new DrupalUpdateException('gen_setting_%d did not stick.');\n  }\n", i, i)
		case 1:
			fmt.Fprintf(&b, "  if (!module_enable(array('gen_module_%d', 'views'))) {\n    throw new DrupalUpdateException(\"gen_module_%d could not be enabled.\");\n  }\n", i, i)
		case 2:
			fmt.Fprintf(&b, "  features_revert(array('gen_feature_%d' => array('views_view', 'field_instance')));\n", i)
			b.WriteString("  // Caches hold the old view.\n  drupal_flush_all_caches();\n")
		case 3:
			fmt.Fprintf(&b, "  if (db_field_exists('gen_table', 'field_%d')) {\n    return;\n  }\n", i)
			fmt.Fprintf(&b, "  db_add_field('gen_table', 'field_%d', array(\n    'type' => 'int',\n    'not null' => TRUE,\n    'default' => 0,\n  ));\n", i)
		}
		b.WriteString("}\n")
	}
	return b.Bytes()
}

func TestGeneratedModule(t *testing.T) {
	t.Parallel()
	src := generatedModule(8)
	f, err := ParseFile("gen_deploy.install", src, Options{Module: "gen_deploy"})
	if err != nil {
		t.Fatal(err)
	}
	m := &Module{Name: "gen_deploy", Install: f}
	var numbers []int
	for _, u := range m.Updates() {
		numbers = append(numbers, u.Number)
	}
	if len(numbers) != 8 || numbers[0] != 7001 || numbers[7] != 7008 {
		t.Errorf("updates %v, want 7001..7008", numbers)
	}
	if r := m.Find(KindInstall).Replay; r.Kind != ReplayRange || r.From != 7001 || r.To != 7008 {
		t.Errorf("replay %+v, want range 7001-7008", r)
	}
	checkInvariants(t, f)
}

func BenchmarkParseFile(b *testing.B) {
	for _, n := range []int{10, 100, 1000, 10000} {
		src := generatedModule(n)
		b.Run(fmt.Sprintf("updates=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				f, err := ParseFile("gen_deploy.install", src, Options{Module: "gen_deploy"})
				if err != nil || len(f.Functions) != n+1 {
					b.Fatalf("ParseFile: %v", err)
				}
			}
		})
	}
}

// BenchmarkParseFileOld measures a file that needs the 7.4 grammar: PHP 8
// rejects it, so it is parsed twice.
func BenchmarkParseFileOld(b *testing.B) {
	src := append(generatedModule(1000), "function gen_deploy_helper($s) {\n  return $s{0};\n}\n"...)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := ParseFile("gen_deploy.install", src, Options{Module: "gen_deploy"})
		if err != nil || f.Version != "7.4" {
			b.Fatalf("ParseFile: %v", err)
		}
	}
}

// BenchmarkParserAlone is the floor ParseFile stands on: the third-party
// parser by itself on the same bytes, without the conversion to the model.
func BenchmarkParserAlone(b *testing.B) {
	for _, n := range []int{1000} {
		src := generatedModule(n)
		f := &File{Path: "gen_deploy.install", Src: src, Lines: NewLineIndex(src)}
		b.Run(fmt.Sprintf("updates=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := parseWith(f, php81); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
