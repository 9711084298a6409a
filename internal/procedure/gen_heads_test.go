package procedure

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestProcedureOnRealHeads deploys real Drupal sites (10 and 7, one SQLite
// database) with the generated procedure while a poller requests every
// head every few tens of milliseconds: on one server with deploy.sh, and on
// three web heads with deploy.yml. In turn: a failure while staging, a
// deployment whose deploy module adds updates (and a second deployment
// started while it runs), one whose update throws, and its fix forward
// with resume. Every answer of every head must be the old release working,
// the maintenance page or the new release working: never a 500, never new
// code on the old schema.
func TestProcedureOnRealHeads(t *testing.T) {
	t.Parallel()
	for _, core := range []int{10, 7} {
		for _, tt := range genTargets {
			t.Run(strings.Join([]string{"d" + itoa(core), string(tt.target)}, "_"), func(t *testing.T) {
				t.Parallel()
				start := time.Now()
				headsScenarios(t, newHeadsSite(t, core, tt.target, tt.heads))
				t.Logf("took %s", time.Since(start).Round(time.Second))
			})
		}
	}
}

func itoa(n int) string {
	if n == 7 {
		return "7"
	}
	return "10"
}

func headsScenarios(t *testing.T, h *headsSite) {
	base := h.updateBase()
	r1 := h.serving("R1")
	h.waitAnswered(r1)
	p := h.poll()
	time.Sleep(300 * time.Millisecond)

	// A failure while staging: the archive of the release is cut short, as
	// an interrupted upload leaves it.
	archive := h.release("R2", []int{base + 2, base + 3}, -1)
	code, out := h.deploy("R2", h.broken(archive), false)
	if code == 0 || !strings.Contains(out, "Unexpected EOF") {
		t.Fatalf("staging a broken archive: exit %d, want a failure saying why:\n%s", code, out)
	}
	p.check("a failure while staging", r1, r1)
	h.everyHead("R1", r1)
	if h.exists("deploy.lock") || h.exists("deploy.failed") {
		t.Error("staging failed, and the lock or the marker is left")
	}
	for _, root := range h.roots {
		if _, err := os.Lstat(filepath.Join(root, "releases", "R2")); err == nil {
			t.Errorf("%s keeps the release it staged", root)
		}
	}
	h.drushRuns()

	// The deployment, and a second one started while the first holds the
	// lock (the first waits at its backup until the second is refused).
	hold := filepath.Join(h.dir, "hold")
	genWrite(t, hold, "", 0o644)
	first := h.command("R2", archive, false)
	var firstOut strings.Builder
	first.Stdout, first.Stderr = &firstOut, &firstOut
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	waitFile(t, filepath.Join(h.dir, "waiting"))
	code, out = h.deploy("R2b", archive, false)
	if code == 0 || !strings.Contains(out, "another deployment holds the lock") {
		t.Errorf("a second deployment during the first: exit %d, want it refused:\n%s", code, out)
	}
	if err := os.Remove(hold); err != nil {
		t.Fatal(err)
	}
	if code := headsExit(t, first.Wait()); code != 0 {
		t.Fatalf("deploy R2: exit %d:\n%s", code, firstOut.String())
	}
	r2 := h.serving("R2")
	c := p.check("deploying R2, whose deploy module adds two updates", r2, r1, headsMaintenance, r2)
	if c[r1] == 0 || c[headsMaintenance] == 0 || c[r2] == 0 {
		t.Errorf("the poller did not see the old release, the maintenance page and the new release in turn: %v", c)
	}
	h.everyHead("R2", r2)
	for _, n := range []int{base + 2, base + 3} {
		if got := h.runs(n); got != 1 {
			t.Errorf("update %d ran %d times, want once", n, got)
		}
	}
	h.onceOnPrimary("R2")
	if h.exists("deploy.lock") || h.exists("deploy.failed") {
		t.Error("the lock or the marker is left after a deployment that succeeded")
	}

	// An update that throws: the site stays in maintenance mode on the new
	// release, locked, with a marker, and the message names both ways out.
	archive = h.release("R3", []int{base + 2, base + 3, base + 4}, base+4)
	code, out = h.deploy("R3", archive, false)
	if code == 0 {
		t.Fatalf("deploy R3 with an update that throws: exit 0:\n%s", out)
	}
	for _, want := range []string{"maintenance mode", "resume", "sql", "backups/R3.sql", "R2"} {
		if !strings.Contains(out, want) {
			t.Errorf("the message does not say %q:\n%s", want, out)
		}
	}
	p.check("deploying R3, whose update throws", headsMaintenance, r2, headsMaintenance)
	h.everyHead("R3", headsMaintenance)
	if !h.exists("deploy.lock") || !h.exists("deploy.failed") {
		t.Error("the lock or the marker is gone while the site is in maintenance mode")
	}
	h.drushRuns()

	// Fix forward: the failed update did not complete, so the next release
	// corrects it, and --resume finishes the deployment.
	archive = h.release("R4", []int{base + 2, base + 3, base + 4}, -1)
	code, out = h.deploy("R4", archive, true)
	if code != 0 {
		t.Fatalf("resume with R4: exit %d:\n%s", code, out)
	}
	r4 := h.serving("R4")
	c = p.check("resuming with R4, the fix forward", r4, headsMaintenance, r4)
	if c[r4] == 0 {
		t.Errorf("the poller never saw R4 working: %v", c)
	}
	p.stop()
	h.everyHead("R4", r4)
	for _, n := range []int{base + 2, base + 3, base + 4} {
		if got := h.runs(n); got != 1 {
			t.Errorf("update %d ran %d times, want once", n, got)
		}
	}
	h.onceOnPrimary("R4")
	if h.exists("deploy.lock") || h.exists("deploy.failed") {
		t.Error("the lock or the marker is left after the resume")
	}
}

// onceOnPrimary checks the drush log of a deployment of release id: the
// database steps ran once each, on the primary, in the new release.
func (h *headsSite) onceOnPrimary(id string) {
	h.t.Helper()
	steps := map[string]bool{"deploy -y": true}
	if h.core == 7 {
		steps = map[string]bool{"updb -y": true, "cc all": true, "cron": true}
	}
	want, err := filepath.EvalSymlinks(filepath.Join(h.roots[0], "releases", id))
	if err != nil {
		h.t.Fatal(err)
	}
	seen := map[string]int{}
	for _, run := range h.drushRuns() {
		dir, args, _ := strings.Cut(run, "\t")
		if !steps[args] {
			continue
		}
		seen[args]++
		if dir != want {
			h.t.Errorf("drush %s ran in %s, want the primary's new release %s", args, dir, want)
		}
	}
	for step := range steps {
		if seen[step] != 1 {
			h.t.Errorf("drush %s ran %d times, want once", step, seen[step])
		}
	}
}

func waitFile(t *testing.T, path string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Minute)
	for {
		if _, err := os.Stat(path); err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never appeared", path)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
