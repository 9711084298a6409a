package gen

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dcycle/dcycle/internal/phpast"
)

// bigModule is a Drupal 7 deploy module with n updates and the resumable
// replay, as a team has after a few years.
func bigModule(n int) string {
	var b strings.Builder
	b.WriteString("<?php\n\n/**\n * @file\n * Site deployment functions.\n */\n\n")
	b.WriteString("/**\n * Implements hook_install().\n */\nfunction big_deploy_install() {\n  $last = 7000;\n  try {\n    foreach (drupal_get_schema_versions('big_deploy') ?: array() as $number) {\n      $sandbox = array();\n      do {\n        $function = 'big_deploy_update_' . $number;\n        $function($sandbox);\n      } while (isset($sandbox['#finished']) && $sandbox['#finished'] < 1);\n      $last = $number;\n    }\n  }\n  catch (Exception $e) {\n    drupal_set_installed_schema_version('big_deploy', $last);\n    throw $e;\n  }\n}\n")
	for i := 1; i <= n; i++ {
		number := 7000 + i
		if i >= 1000 {
			number = 8000 + i - 998 // past the reserved 8000
		}
		fmt.Fprintf(&b, "\n/**\n * #%d: Set variable number %d.\n */\nfunction big_deploy_update_%d() {\n  variable_set('big_%d', %d);\n  if (!module_enable(array('mod_%d'))) {\n    throw new DrupalUpdateException('mod_%d could not be enabled.');\n  }\n}\n", 10000+i, i, number, i, i, i, i)
	}
	return b.String()
}

// BenchmarkNewUpdate1000 is the in-process work of new-update on a module of
// 1,000 updates: parse, plan, apply, re-parse and verify. Reading, locking
// and writing are measured by the command's benchmark and bench/.
func BenchmarkNewUpdate1000(b *testing.B) {
	src := []byte(bigModule(1000))
	req := Request{Issues: []string{"#1"}, Summary: "Bench.", Recipes: []Recipe{{Kind: RecipeSet, Name: "a", Value: "1"}}}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := phpast.ParseFile("big_deploy.install", src, phpast.Options{Module: "big_deploy"})
		if err != nil {
			b.Fatal(err)
		}
		m := &phpast.Module{Name: "big_deploy", Core: 7, Install: f}
		if _, err := NewUpdate(m, req, builtin); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDiff1000(b *testing.B) {
	src := []byte(bigModule(1000))
	f, err := phpast.ParseFile("big_deploy.install", src, phpast.Options{Module: "big_deploy"})
	if err != nil {
		b.Fatal(err)
	}
	res, err := NewUpdate(&phpast.Module{Name: "big_deploy", Core: 7, Install: f}, Request{Summary: "Bench."}, builtin)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		Diff("big_deploy.install", res.Old, res.New)
	}
}
