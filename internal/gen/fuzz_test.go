package gen

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"testing"

	"github.com/dcycle/dcycle/internal/phpast"
)

var loneCR = regexp.MustCompile(`\r([^\n]|$)`)

// FuzzNewUpdate: parse → new-update → re-parse never panics, keeps every
// byte of the original outside the edits, keeps every update function, and
// yields a file that parses. The only refusal allowed is a file that is not
// PHP at all.
func FuzzNewUpdate(f *testing.F) {
	installs, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "modules", "*", "*.install"))
	more, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "modules", "*", "*", "*", "*", "*", "*.install"))
	for _, path := range append(installs, more...) {
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src, uint8(0))
		f.Add(src, uint8(3))
	}
	for _, src := range []string{
		"", "<?php", "<?php\n", "<?php ?>", "<?php\n?>\nHTML\n", "<?php\nfunction m_install() {}",
		"<?php\nfunction m_install() { m_update_7001(); }\nfunction m_update_7001(&$sandbox) {}\n// end",
		"<?php\nnamespace X;\nfunction m_update_7001() {}\n", "<?php\nclass A { function m_update_7009() {} }\n",
		"<?php\r\n\tfunction m_update_7001() {\r\n\t}\r\n", "\xEF\xBB\xBF<?php\n# comment",
	} {
		f.Add([]byte(src), uint8(0))
	}
	f.Fuzz(func(t *testing.T, src []byte, choice uint8) {
		if loneCR.Match(src) {
			// The parser rejects a "\r" that no "\n" follows before a
			// token, which PHP reads as whitespace: an old-Mac line ending
			// at the end of a file parses, the same with code after it
			// does not.
			return
		}
		old, err := phpast.ParseFile("m.install", src, phpast.Options{Module: "m"})
		if err != nil {
			return
		}
		core := []int{7, 8, 9, 10, 11}[int(choice)%5]
		m := &phpast.Module{Name: "m", Core: core, Install: old}
		var recipes []Recipe
		if choice&0x80 != 0 {
			recipes = append(recipes, Recipe{Kind: RecipeEnable, Names: []string{"views"}}, Recipe{Kind: RecipeTheme, Name: "x"})
		}
		req := Request{Issues: []string{"#1"}, Summary: "Fuzz.", Recipes: recipes}
		res, err := NewUpdate(m, req, builtin)
		if err != nil {
			var perr *phpast.Error
			if errors.As(err, &perr) && perr.Msg == "no <?php tag: not a PHP file" {
				return
			}
			t.Fatalf("NewUpdate refused %q: %v", src, err)
		}
		if !bytes.Equal(res.Old, src) {
			t.Fatalf("Old is not the source")
		}
		// Every original byte is in the result, in order, with only the
		// edits' text between.
		edits := append([]phpast.Edit(nil), res.Edits...)
		sort.SliceStable(edits, func(i, j int) bool { return edits[i].Start < edits[j].Start })
		var rebuilt []byte
		prev := 0
		for _, e := range edits {
			rebuilt = append(rebuilt, src[prev:e.Start]...)
			rebuilt = append(rebuilt, e.New...)
			prev = e.End
		}
		rebuilt = append(rebuilt, src[prev:]...)
		if !bytes.Equal(rebuilt, res.New) {
			t.Fatalf("result is not the source with the edits applied")
		}
		for _, e := range edits {
			if e.End != e.Start && res.Install != InstallRewritten {
				t.Fatalf("an edit removes bytes [%d,%d) although hook_install() was not rewritten", e.Start, e.End)
			}
		}
		for _, fn := range old.Functions {
			if fn.Kind == phpast.KindUpdate && !bytes.Contains(res.New, src[fn.Span.Start:fn.Span.End]) {
				t.Fatalf("%s lost", fn.Name)
			}
		}
		again, err := phpast.ParseFile("m.install", res.New, phpast.Options{Module: "m"})
		if err != nil {
			t.Fatalf("result does not parse: %v\n%s", err, res.New)
		}
		found := false
		for _, fn := range again.Functions {
			found = found || fn.Name == res.Function
		}
		if !found {
			t.Fatalf("%s missing from the result", res.Function)
		}
	})
}
