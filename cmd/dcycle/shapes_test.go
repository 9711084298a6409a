package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dcycle/dcycle/internal/phpast"
	"github.com/dcycle/dcycle/internal/phptest"
)

// fixedShapes are the hook_install() shapes that lint --fix may change:
// those with no replay get one, and the seed article's exact loop becomes
// the resumable form. Every other shape keeps every byte.
var fixedShapes = map[string]bool{
	"07_baseline_no_replay":   true,
	"08_variable_before_loop": true,
	"09_seed_loop":            true,
	"19_return_at_end":        true,
	"20_d10_is_syncing":       true,
}

// TestLintFixInstallShapes runs lint --fix on every messy hook_install()
// shape of testdata/install_shapes: every statement of the module's own is
// still there, in order (checked on the model); the result passes php -l;
// a second run changes nothing; the shapes without a provably safe fix are
// left byte for byte.
func TestLintFixInstallShapes(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs(filepath.Join("..", "..", "testdata", "install_shapes"))
	if err != nil {
		t.Fatal(err)
	}
	dirs, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		t.Run(d.Name(), func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), d.Name())
			if err := os.CopyFS(dir, os.DirFS(filepath.Join(root, d.Name()))); err != nil {
				t.Fatal(err)
			}
			installs, _ := filepath.Glob(filepath.Join(dir, "*.install"))
			if len(installs) != 1 {
				t.Fatalf("%d .install files", len(installs))
			}
			path := installs[0]
			module := strings.TrimSuffix(filepath.Base(path), ".install")
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			r := runCLI(t, dir, "lint", "--fix", "-q")
			if r.code == exitFailure {
				t.Fatalf("lint --fix: exit 2: %s", r.stderr)
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !fixedShapes[d.Name()] {
				if !bytes.Equal(before, after) {
					t.Fatalf("lint --fix changed a shape that has no safe fix:\n%s", after)
				}
				return
			}
			if bytes.Equal(before, after) {
				t.Fatalf("lint --fix left the shape as it was; stderr %q", r.stderr)
			}
			if err := ownStatementsKept(module, before, after); err != nil {
				t.Error(err)
			}
			phptest.Lint(t, path)
			// The fix writes the resumable replay: the harness sees every
			// update run once, in order, sandboxes until '#finished'.
			if rep := phptest.Replay(t, module, path, phptest.ReplayOptions{Run: "none"}); !rep.OK {
				t.Errorf("the replay harness rejects the fixed module: %q", rep.Problems)
			}
			if again := runCLI(t, dir, "lint", "--fix", "-q"); again.stderr != "" {
				t.Errorf("second --fix reported %q", again.stderr)
			}
			if twice, _ := os.ReadFile(path); !bytes.Equal(twice, after) {
				t.Errorf("second --fix changed the file again")
			}
		})
	}
}

// ownStatementsKept checks, on the model, that the statements of the old
// hook_install() that are not its replay are in the new one, in order and
// with the same text.
func ownStatementsKept(module string, before, after []byte) error {
	parse := func(src []byte) (*phpast.File, *phpast.Function, error) {
		f, err := phpast.ParseFile(module+".install", src, phpast.Options{Module: module})
		if err != nil {
			return nil, nil, err
		}
		for _, fn := range f.Functions {
			if fn.Kind == phpast.KindInstall {
				return f, fn, nil
			}
		}
		return f, nil, nil
	}
	oldFile, old, err := parse(before)
	if err != nil {
		return err
	}
	newFile, now, err := parse(after)
	if err != nil {
		return fmt.Errorf("the fixed file does not parse: %v", err)
	}
	if now == nil {
		return fmt.Errorf("no hook_install() after the fix")
	}
	if old == nil {
		return nil
	}
	var own []string
	for i, s := range old.Stmts {
		if s.Compound() || slices.Contains(old.Replay.Stmts, old.TopLevel(i)) {
			continue
		}
		own = append(own, string(oldFile.Src[s.Span.Start:s.Span.End]))
	}
	j := 0
	for _, s := range now.Stmts {
		if j < len(own) && !s.Compound() && string(newFile.Src[s.Span.Start:s.Span.End]) == own[j] {
			j++
		}
	}
	if j < len(own) {
		return fmt.Errorf("statement lost or moved by the fix: %q\n%s", own[j], after)
	}
	return nil
}
