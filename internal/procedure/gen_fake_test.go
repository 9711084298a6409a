package procedure

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dcycle/dcycle/templates"
)

// genHarness runs a generated procedure for real on web heads that are
// folders of this machine (an Ansible inventory of local hosts), with a
// drush and a PHP reset that only log what they are asked and fail on
// demand. It proves the order of the steps and what each failure leaves,
// fast; the Drupal tests prove the same on real sites.
type genHarness struct {
	t      *testing.T
	target Target
	// dir holds the fake commands, their logs and the releases' sources.
	dir string
	// roots are the heads' deploy roots; the first is the primary.
	roots []string
	// out holds the generated procedure (and the inventory).
	out string
}

// Fake commands. drush logs "folder<TAB>arguments" and fails when the
// arguments equal fail-drush; the reset logs "root<TAB>release" and fails
// when ROOT/RELEASE equals fail-reload.
const (
	genFakeDrush = `#!/bin/sh
here=$(dirname "$0")/..
printf '%s\t%s\0' "$(pwd -P)" "$*" >>"$here/drush.log"
if [ -f "$here/fail-drush" ] && [ "$*" = "$(cat "$here/fail-drush")" ]; then
  echo "simulated failure of drush $*" >&2
  exit 1
fi
`
	genFakeReload = `#!/bin/sh
here=$(dirname "$0")/..
printf '%s\t%s\0' "$DCYCLE_ROOT" "$DCYCLE_RELEASE" >>"$here/reload.log"
if [ -f "$here/fail-reload" ] && [ "$DCYCLE_ROOT/$DCYCLE_RELEASE" = "$(cat "$here/fail-reload")" ]; then
  echo "simulated failure of the PHP reset" >&2
  exit 1
fi
`
)

func newGenHarness(t *testing.T, target Target, heads int, base string) *genHarness {
	t.Helper()
	genNeedTool(t, "bash")
	if target == TargetAnsible {
		genNeedTool(t, "ansible-playbook")
	}
	h := &genHarness{t: t, target: target, dir: t.TempDir(), out: filepath.Join(t.TempDir(), "deploy")}
	for i := 1; i <= heads; i++ {
		root := filepath.Join(base, fmt.Sprintf("head%d", i))
		h.roots = append(h.roots, root)
		genWrite(t, filepath.Join(root, "releases", "R1", "RELEASE"), "R1\n", 0o644)
		genWrite(t, filepath.Join(root, "shared", "settings.php"), "<?php\n", 0o644)
		genMkdir(t, filepath.Join(root, "shared", "files"))
		if err := os.Symlink("releases/R1", filepath.Join(root, "current")); err != nil {
			t.Fatal(err)
		}
	}
	genWrite(t, filepath.Join(h.dir, "bin", "drush"), genFakeDrush, 0o755)
	genWrite(t, filepath.Join(h.dir, "bin", "reload"), genFakeReload, 0o755)
	s := Settings{
		Target: target, Core: 10, Root: h.roots[0], Heads: heads, Keep: 3,
		Drush:  filepath.Join(h.dir, "bin", "drush"),
		Reload: filepath.Join(h.dir, "bin", "reload"),
		Shared: []string{"settings.php", "files"},
	}
	files, err := Generate(s, templates.Procedure())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		genWrite(t, filepath.Join(h.out, f.Name), string(f.Data), f.Mode)
	}
	if target == TargetAnsible {
		// The first head takes the playbook's default root; the others
		// set theirs, quoted as the generator quotes.
		var inv strings.Builder
		inv.WriteString("web:\n  hosts:\n")
		for i, root := range h.roots {
			fmt.Fprintf(&inv, "    web%d:\n      ansible_connection: local\n      ansible_python_interpreter: /usr/bin/python3\n", i+1)
			if i > 0 {
				fmt.Fprintf(&inv, "      dcycle_root: %s\n", genYAMLQuote(root))
			}
		}
		genWrite(t, filepath.Join(h.out, "inventory.yml"), inv.String(), 0o644)
	}
	return h
}

// release makes the source of a release: a folder for bash, a tar
// archive for Ansible. It ships its own settings.php and files/, which
// staging replaces by links to the shared ones.
func (h *genHarness) release(id string) string {
	h.t.Helper()
	src := filepath.Join(h.dir, "src-"+id)
	genWrite(h.t, filepath.Join(src, "RELEASE"), id+"\n", 0o644)
	genWrite(h.t, filepath.Join(src, "settings.php"), "<?php // not the shared one\n", 0o644)
	genWrite(h.t, filepath.Join(src, "files", "shipped.txt"), "shipped\n", 0o644)
	if h.target == TargetBash {
		return src
	}
	archive := src + ".tar"
	genMustRun(h.t, src, nil, "tar", "-cf", archive, ".")
	return archive
}

// run deploys a release (resume continues a stopped deployment) and
// returns the exit code and everything the procedure printed.
func (h *genHarness) run(id string, resume bool) (int, string) {
	h.t.Helper()
	return h.runFrom(id, h.release(id), resume)
}

// runFrom deploys release id from src, which may be broken.
func (h *genHarness) runFrom(id, src string, resume bool) (int, string) {
	h.t.Helper()
	var cmd *exec.Cmd
	if h.target == TargetBash {
		args := []string{filepath.Join(h.out, ScriptFile)}
		if resume {
			args = append(args, "--resume")
		}
		cmd = exec.Command("bash", append(args, id, src)...)
	} else {
		args := []string{"-i", "inventory.yml", PlaybookFile, "-e", "release=" + id, "-e", "artifact=" + src}
		if resume {
			args = append(args, "-e", "resume=true")
		}
		cmd = exec.Command("ansible-playbook", args...)
		cmd.Env = append(os.Environ(), genAnsibleEnv(h.t)...)
	}
	cmd.Dir = h.out
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, string(out)
	case errors.As(err, &exit):
		return exit.ExitCode(), string(out)
	}
	h.t.Fatalf("run %s: %v", id, err)
	return 0, ""
}

// failWith makes the target's exit code for a failure: the script's own
// codes, Ansible's 2 for any failed task.
func (h *genHarness) code(bash int) int {
	if h.target == TargetAnsible && bash != 0 {
		return 2
	}
	return bash
}

func (h *genHarness) failDrush(args string) {
	genWrite(h.t, filepath.Join(h.dir, "fail-drush"), args, 0o644)
}

func (h *genHarness) failReload(head int, release string) {
	genWrite(h.t, filepath.Join(h.dir, "fail-reload"), h.roots[head]+"/"+release, 0o644)
}

func (h *genHarness) heal() {
	for _, f := range []string{"fail-drush", "fail-reload"} {
		if err := os.Remove(filepath.Join(h.dir, f)); err != nil && !errors.Is(err, os.ErrNotExist) {
			h.t.Fatal(err)
		}
	}
}

// log returns the entries of a fake command's log, "where<TAB>what", and
// empties it.
func (h *genHarness) log(name string) []string {
	h.t.Helper()
	path := filepath.Join(h.dir, name+".log")
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		h.t.Fatal(err)
	}
	if err := os.Remove(path); err != nil {
		h.t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(data), "\x00"), "\x00")
}

// serving fails the test unless every head's current link points at the
// release.
func (h *genHarness) serving(id string) {
	h.t.Helper()
	for _, root := range h.roots {
		got, err := os.Readlink(filepath.Join(root, "current"))
		if err != nil || got != "releases/"+id {
			h.t.Errorf("%s/current -> %q (%v), want releases/%s", root, got, err, id)
		}
	}
}

// releases lists the releases of every head, which must be the same.
func (h *genHarness) releases() []string {
	h.t.Helper()
	var first []string
	for i, root := range h.roots {
		entries, err := os.ReadDir(filepath.Join(root, "releases"))
		if err != nil {
			h.t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		if i == 0 {
			first = names
		} else if !slices.Equal(names, first) {
			h.t.Errorf("%s has releases %v, the primary %v", root, names, first)
		}
	}
	return first
}

func (h *genHarness) exists(rel string) bool {
	_, err := os.Lstat(filepath.Join(h.roots[0], rel))
	return err == nil
}

func genWrite(t testing.TB, path, data string, mode os.FileMode) {
	t.Helper()
	genMkdir(t, filepath.Dir(path))
	if err := os.WriteFile(path, []byte(data), mode); err != nil {
		t.Fatal(err)
	}
}

func genMkdir(t testing.TB, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

// genTargets are the two targets with the number of heads each runs on.
var genTargets = []struct {
	target Target
	heads  int
}{{TargetBash, 1}, {TargetAnsible, 3}}

// TestProcedureDeploys deploys a release through a deploy root whose path
// holds everything a path can that a shell or YAML would read: spaces,
// quotes, $(…), backquotes, Jinja braces and a newline. Every step runs in
// order, in the right release, once or on every head.
func TestProcedureDeploys(t *testing.T) {
	t.Parallel()
	for _, tt := range genTargets {
		t.Run(string(tt.target), func(t *testing.T) {
			t.Parallel()
			base := filepath.Join(t.TempDir(), "it's \"a\" $(touch pwned) `touch pwned` {{ 7*7 }}\nroot")
			h := newGenHarness(t, tt.target, tt.heads, base)
			if code, out := h.run("R2", false); code != 0 {
				t.Fatalf("exit %d:\n%s", code, out)
			}
			h.serving("R2")
			primary1, primary2 := filepath.Join(h.roots[0], "releases", "R1"), filepath.Join(h.roots[0], "releases", "R2")
			want := []string{
				primary1 + "\tsql:dump --result-file=" + filepath.Join(h.roots[0], "backups", "R2.sql"),
				primary1 + "\tstate:set system.maintenance_mode 1 --input-format=integer",
				primary2 + "\tdeploy -y",
				primary2 + "\tstate:set system.maintenance_mode 0 --input-format=integer",
			}
			if got := h.log("drush"); !slices.Equal(got, want) {
				t.Errorf("drush ran\n%q\nwant\n%q", got, want)
			}
			var wantReload []string
			for _, root := range h.roots {
				wantReload = append(wantReload, root+"\tR2")
			}
			gotReload := h.log("reload")
			slices.Sort(gotReload) // heads reset in parallel
			slices.Sort(wantReload)
			if !slices.Equal(gotReload, wantReload) {
				t.Errorf("PHP resets\n%q\nwant\n%q", gotReload, wantReload)
			}
			for _, root := range h.roots {
				for _, p := range []string{"settings.php", "files"} {
					link, err := os.Readlink(filepath.Join(root, "releases", "R2", p))
					if err != nil || link != filepath.Join(root, "shared", p) {
						t.Errorf("releases/R2/%s -> %q (%v), want the shared one", p, link, err)
					}
				}
			}
			if h.exists("deploy.lock") || h.exists("deploy.failed") {
				t.Error("the lock or the marker is left after a deployment that succeeded")
			}
			if _, err := os.Stat(filepath.Join(h.out, "pwned")); err == nil {
				t.Error("a command substitution in the root path ran")
			}
		})
	}
}

// TestProcedureRefusesSecondRun starts a deployment while another holds
// the lock: it is refused, and changes nothing, the lock included.
func TestProcedureRefusesSecondRun(t *testing.T) {
	t.Parallel()
	for _, tt := range genTargets {
		t.Run(string(tt.target), func(t *testing.T) {
			t.Parallel()
			h := newGenHarness(t, tt.target, tt.heads, t.TempDir())
			genMkdir(t, filepath.Join(h.roots[0], "deploy.lock"))
			code, out := h.run("R2", false)
			if code != 2 || !strings.Contains(out, "another deployment holds the lock") {
				t.Fatalf("exit %d, want 2 and the lock named:\n%s", code, out)
			}
			h.serving("R1")
			if got := h.releases(); !slices.Equal(got, []string{"R1"}) {
				t.Errorf("releases %v after a refused run", got)
			}
			if !h.exists("deploy.lock") {
				t.Error("the refused run removed the lock of the running one")
			}
			if got := h.log("drush"); got != nil {
				t.Errorf("drush ran: %q", got)
			}
		})
	}
}

// TestProcedureStagingFails loses a shared folder on the last head: the
// deployment stops before anything is switched, removes what it staged and
// releases the lock; maintenance mode was never turned on.
func TestProcedureStagingFails(t *testing.T) {
	t.Parallel()
	for _, tt := range genTargets {
		t.Run(string(tt.target), func(t *testing.T) {
			t.Parallel()
			h := newGenHarness(t, tt.target, tt.heads, t.TempDir())
			last := h.roots[len(h.roots)-1]
			if err := os.Remove(filepath.Join(last, "shared", "files")); err != nil {
				t.Fatal(err)
			}
			code, out := h.run("R2", false)
			if code != h.code(1) || !strings.Contains(out, filepath.Join(last, "shared", "files")+" is missing") {
				t.Fatalf("exit %d, want %d and the missing folder named:\n%s", code, h.code(1), out)
			}
			h.serving("R1")
			if got := h.releases(); !slices.Equal(got, []string{"R1"}) {
				t.Errorf("releases %v: the staged release is left", got)
			}
			if h.exists("deploy.lock") || h.exists("deploy.failed") {
				t.Error("the lock or the marker is left")
			}
			if got := h.log("drush"); got != nil {
				t.Errorf("drush ran before anything was staged: %q", got)
			}
		})
	}
}

// TestProcedureResetFails makes the last head's PHP reset fail after the
// switch: every head goes back to the previous release and is reset again,
// maintenance mode goes off, the lock is released.
func TestProcedureResetFails(t *testing.T) {
	t.Parallel()
	for _, tt := range genTargets {
		t.Run(string(tt.target), func(t *testing.T) {
			t.Parallel()
			h := newGenHarness(t, tt.target, tt.heads, t.TempDir())
			h.failReload(len(h.roots)-1, "R2")
			code, out := h.run("R2", false)
			if code != h.code(1) || !strings.Contains(out, "simulated failure of the PHP reset") {
				t.Fatalf("exit %d, want %d and the reset's message:\n%s", code, h.code(1), out)
			}
			h.serving("R1")
			if got := h.releases(); !slices.Equal(got, []string{"R1"}) {
				t.Errorf("releases %v: the staged release is left", got)
			}
			if h.exists("deploy.lock") || h.exists("deploy.failed") {
				t.Error("the lock or the marker is left")
			}
			drush := h.log("drush")
			if len(drush) != 3 || !strings.HasSuffix(drush[1], "maintenance_mode 1 --input-format=integer") || !strings.HasSuffix(drush[2], "maintenance_mode 0 --input-format=integer") {
				t.Errorf("drush ran %q, want the backup, maintenance on, maintenance off", drush)
			}
			reloads := h.log("reload")
			for _, root := range h.roots {
				if !slices.Contains(reloads, root+"\tR2") || !slices.Contains(reloads, root+"\tR1") {
					t.Errorf("%s was not reset on R2 and then again on R1: %q", root, reloads)
				}
			}
		})
	}
}

// TestProcedureDatabaseStepFails makes drush deploy fail: the site stays in
// maintenance mode on the new release, locked, with a marker; a new
// deployment is refused; a fix-forward release resumes and completes,
// keeping the first backup; the next deployment prunes to three releases.
func TestProcedureDatabaseStepFails(t *testing.T) {
	t.Parallel()
	for _, tt := range genTargets {
		t.Run(string(tt.target), func(t *testing.T) {
			t.Parallel()
			h := newGenHarness(t, tt.target, tt.heads, t.TempDir())
			h.failDrush("deploy -y")
			code, out := h.run("R2", false)
			if code != h.code(3) {
				t.Fatalf("exit %d, want %d:\n%s", code, h.code(3), out)
			}
			for _, want := range []string{"stays in maintenance mode", "resume", "sql:cli", filepath.Join(h.roots[0], "backups", "R2.sql"), "R1"} {
				if !strings.Contains(out, want) {
					t.Errorf("the message does not say %q:\n%s", want, out)
				}
			}
			h.serving("R2")
			marker, err := os.ReadFile(filepath.Join(h.roots[0], "deploy.failed"))
			if err != nil || string(marker) != "release=R2\nprevious=R1\ndump=R2\nstep=drush deploy -y\n" {
				t.Errorf("marker %q (%v)", marker, err)
			}
			if !h.exists("deploy.lock") {
				t.Error("the lock was released while the site is in maintenance mode")
			}
			if drush := h.log("drush"); len(drush) != 3 || !strings.HasSuffix(drush[2], "\tdeploy -y") {
				t.Errorf("drush ran %q, want backup, maintenance on, deploy and nothing after", drush)
			}

			code, out = h.run("R3", false)
			if code != 2 || !strings.Contains(out, "resume") {
				t.Fatalf("a new deployment over a stopped one: exit %d, want 2 and a hint to resume:\n%s", code, out)
			}
			h.serving("R2")

			// A resume whose staging fails stays in maintenance mode, and
			// leaves no half-staged release to be taken for a whole one.
			h.heal()
			junk := filepath.Join(h.dir, "junk.tar")
			genWrite(t, junk, "not a tar archive\n", 0o644)
			code, out = h.runFrom("R3", junk, true)
			if code != h.code(3) {
				t.Fatalf("resume from a broken archive: exit %d, want %d:\n%s", code, h.code(3), out)
			}
			h.serving("R2")
			if got := h.releases(); !slices.Equal(got, []string{"R1", "R2"}) {
				t.Errorf("releases %v after a resume that failed while staging", got)
			}
			marker, err = os.ReadFile(filepath.Join(h.roots[0], "deploy.failed"))
			if err != nil || string(marker) != "release=R3\nprevious=R1\ndump=R2\nstep=staging\n" {
				t.Errorf("marker %q (%v) after a resume that failed while staging", marker, err)
			}
			if !h.exists("deploy.lock") || h.exists("deploy.lock/resume") {
				t.Error("after a failed resume the lock must stay and the resume's own lock go")
			}
			h.log("drush")
			h.log("reload")

			if code, out := h.run("R3", true); code != 0 {
				t.Fatalf("resume: exit %d:\n%s", code, out)
			}
			h.serving("R3")
			if h.exists("deploy.lock") || h.exists("deploy.failed") {
				t.Error("the lock or the marker is left after the resume")
			}
			drush := h.log("drush")
			if len(drush) != 3 || strings.Contains(strings.Join(drush, "\n"), "sql:dump") || !strings.HasSuffix(drush[1], "\tdeploy -y") {
				t.Errorf("the resume ran %q, want maintenance on, deploy, maintenance off and no new backup", drush)
			}

			if code, out := h.run("R4", false); code != 0 {
				t.Fatalf("exit %d:\n%s", code, out)
			}
			if got := h.releases(); !slices.Equal(got, []string{"R2", "R3", "R4"}) {
				t.Errorf("releases %v after pruning to 3, want R2 R3 R4", got)
			}
		})
	}
}

// TestProcedureScriptRefusesBadRelease checks the script's command line:
// a release ID that is not one is refused before anything happens.
func TestProcedureScriptRefusesBadRelease(t *testing.T) {
	t.Parallel()
	h := newGenHarness(t, TargetBash, 1, t.TempDir())
	for _, id := range []string{"../R2", "-R2", "R 2", "R2;ls", ""} {
		cmd := exec.Command("bash", filepath.Join(h.out, ScriptFile), id, h.dir)
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 2 {
			t.Errorf("release %q: %v, want exit 2:\n%s", id, err, out)
		}
	}
	h.serving("R1")
	if h.exists("deploy.lock") {
		t.Error("a refused command line took the lock")
	}
}

// TestProcedureMaintenanceOnFails makes the command that turns maintenance
// mode on fail, as it may after half its work: putting back turns it off
// all the same, and nothing else is left.
func TestProcedureMaintenanceOnFails(t *testing.T) {
	t.Parallel()
	for _, tt := range genTargets {
		t.Run(string(tt.target), func(t *testing.T) {
			t.Parallel()
			h := newGenHarness(t, tt.target, tt.heads, t.TempDir())
			h.failDrush("state:set system.maintenance_mode 1 --input-format=integer")
			code, out := h.run("R2", false)
			if code != h.code(1) {
				t.Fatalf("exit %d, want %d:\n%s", code, h.code(1), out)
			}
			h.serving("R1")
			if got := h.releases(); !slices.Equal(got, []string{"R1"}) {
				t.Errorf("releases %v: the staged release is left", got)
			}
			if h.exists("deploy.lock") || h.exists("deploy.failed") {
				t.Error("the lock or the marker is left")
			}
			drush := h.log("drush")
			if len(drush) != 3 || !strings.HasSuffix(drush[2], "\tstate:set system.maintenance_mode 0 --input-format=integer") {
				t.Errorf("drush ran %q, want the backup, maintenance on, then off", drush)
			}
			if got := h.log("reload"); got != nil {
				t.Errorf("PHP was reset though no head switched: %q", got)
			}
		})
	}
}
