package gen

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dcycle/dcycle/internal/phpast"
)

// bigInstall is the resumable Drupal 10 replay of the big_deploy module.
const bigInstall = "<?php\n\n/**\n * @file\n * Site deployment functions.\n */\n\n/**\n * Implements hook_install().\n */\nfunction big_deploy_install($is_syncing) {\n  $registry = \\Drupal::service('update.update_hook_registry');\n  $last = 10000;\n  try {\n    foreach ($registry->getAvailableUpdates('big_deploy') as $number) {\n      $sandbox = [];\n      do {\n        $function = 'big_deploy_update_' . $number;\n        $function($sandbox);\n      } while (isset($sandbox['#finished']) && $sandbox['#finished'] < 1);\n      $last = $number;\n    }\n  }\n  catch (\\Throwable $e) {\n    $registry->setInstalledVersion('big_deploy', $last);\n    throw $e;\n  }\n}\n"

// bigModule is a Drupal 10 deploy module with n updates and the resumable
// replay, as a team has after a few years. Drupal 10, because a Drupal 7
// module holds at most 999 updates (7001–7999).
func bigModule(n int) string {
	var b strings.Builder
	b.WriteString(bigInstall)
	for i := 1; i <= n; i++ {
		number := 10000 + i + i/1000 // past the reserved 11000
		fmt.Fprintf(&b, "\n/**\n * #%d: Set key number %d.\n */\nfunction big_deploy_update_%d() {\n  \\Drupal::configFactory()->getEditable('big.settings')->set('k_%d', %d)->save();\n  if (\\Drupal::config('big.settings')->get('k_%d') !== %d) {\n    throw new \\Drupal\\Core\\Utility\\UpdateException('k_%d did not stick.');\n  }\n}\n", 10000+i, i, number, i, i, i, i, i)
	}
	return b.String()
}

// BenchmarkNewUpdate1000 is the in-process work of new-update on a module of
// 1,000 updates: parse, plan, apply, re-parse and verify. Reading, locking
// and writing are measured by the command's benchmark and bench/.
func BenchmarkNewUpdate1000(b *testing.B) {
	src := []byte(bigModule(1000))
	recipe, err := ParseRecipe("config", "system.performance:css.preprocess=true")
	if err != nil {
		b.Fatal(err)
	}
	req := Request{Issues: []string{"#1"}, Summary: "Bench.", Recipes: []Recipe{recipe}}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := phpast.ParseFile("big_deploy.install", src, phpast.Options{Module: "big_deploy"})
		if err != nil {
			b.Fatal(err)
		}
		m := &phpast.Module{Name: "big_deploy", Core: 10, Install: f}
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
	res, err := NewUpdate(&phpast.Module{Name: "big_deploy", Core: 10, Install: f}, Request{Summary: "Bench."}, builtin)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		Diff("big_deploy.install", res.Old, res.New)
	}
}
