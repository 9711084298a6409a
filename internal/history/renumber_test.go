package history

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dcycle/dcycle/internal/golden"
	"github.com/dcycle/dcycle/internal/phpast"
)

func readModule(t *testing.T, dir, name string) *phpast.Module {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	f, err := phpast.ParseFile(name, src, phpast.Options{Module: "example_deploy"})
	if err != nil {
		t.Fatal(err)
	}
	return &phpast.Module{Name: "example_deploy", Core: 7, Install: f}
}

// TestRenumber runs each case of testdata/renumber: base.install (the module
// at the ref), fork.install (at the merge base) and now.install (the working
// tree). want.install is the renumbered file, want.txt the moves and notes.
func TestRenumber(t *testing.T) {
	t.Parallel()
	dirs, err := filepath.Glob(filepath.Join("testdata", "renumber", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			base := &Base{Ref: "main", Module: readModule(t, dir, "base.install"), Fork: readModule(t, dir, "fork.install")}
			now := readModule(t, dir, "now.install")
			before := Compare(now, base)
			plan := PlanRenumber(now, before, base)
			rewrites, err := plan.Apply(now, before, phpast.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var report strings.Builder
			for _, mv := range plan.Moves {
				fmt.Fprintf(&report, "%s: %d -> %d\n", mv.Update.Name, mv.From, mv.To)
			}
			for _, n := range plan.Notes {
				fmt.Fprintf(&report, "note: %s\n", n)
			}
			golden.Check(t, filepath.Join(dir, "want.txt"), []byte(report.String()))

			after := now
			switch len(rewrites) {
			case 0:
				golden.Check(t, filepath.Join(dir, "want.install"), now.Install.Src)
			case 1:
				golden.Check(t, filepath.Join(dir, "want.install"), rewrites[0].New.Src)
				after = &phpast.Module{Name: now.Name, Core: now.Core, Install: rewrites[0].New}
			default:
				t.Fatalf("%d files rewritten, want at most one", len(rewrites))
			}

			// Renumbered, the module has nothing below the base, and the
			// base's updates are as deployed as before.
			c := Compare(after, base)
			if len(c.Below) != 0 || len(c.Changed) != len(before.Changed) || len(c.Removed) != len(before.Removed) {
				t.Errorf("after renumber: %d below, %d changed, %d removed; want 0, %d, %d",
					len(c.Below), len(c.Changed), len(c.Removed), len(before.Changed), len(before.Removed))
			}
			if len(plan.Moves) < len(before.Below) {
				t.Errorf("%d moves for %d updates below the base", len(plan.Moves), len(before.Below))
			}

		})
	}
}

// TestApplyRefusesToTouchDeployed checks the last line of defence: a plan
// whose edits reach into an update deployed from the base is refused.
func TestApplyRefusesToTouchDeployed(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("testdata", "renumber", "explicit_replay_and_dependencies")
	base := &Base{Ref: "main", Module: readModule(t, dir, "base.install"), Fork: readModule(t, dir, "fork.install")}
	now := readModule(t, dir, "now.install")
	c := Compare(now, base)
	plan := PlanRenumber(now, c, base)
	deployed := now.Install.Functions[2] // example_deploy_update_7001
	if deployed.Name != "example_deploy_update_7001" {
		t.Fatalf("fixture changed: function 2 is %s", deployed.Name)
	}
	plan.Edits[now.Install] = append(plan.Edits[now.Install], phpast.Insert(deployed.BodySpan.Start+1, "\n  cache_clear_all();"))
	_, err := plan.Apply(now, c, phpast.Options{})
	want := "now.install: an edit would change example_deploy_update_7001, an update that may have run already; nothing was written"
	if err == nil || err.Error() != want {
		t.Errorf("Apply error = %v, want %q", err, want)
	}
}
