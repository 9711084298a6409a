package site

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// processesNaming lists the processes whose command line holds marker
// (Linux, through /proc).
func processesNaming(t *testing.T, marker string) []string {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err == nil && strings.Contains(string(cmdline), marker) {
			out = append(out, e.Name()+": "+strings.ReplaceAll(string(cmdline), "\x00", " "))
		}
	}
	return out
}

// Cancelling a step ends what it started, children included: drush runs
// its steps as subprocesses.
func TestRunKillsTheProcessGroup(t *testing.T) {
	t.Parallel()
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	marker := fmt.Sprintf("dcycle-verify-test-%d-%d", os.Getpid(), time.Now().UnixNano())
	w := &Work{Dir: t.TempDir()}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		// A child in the background and one in the foreground, both named
		// by the marker.
		_, _, err := w.run(ctx, w.Dir, "sh", "-c", `sh -c 'sleep 60; : "$0"' "$1" & sh -c 'sleep 60; : "$0"' "$1"; wait`, "sh", marker)
		done <- err
	}()
	deadline := time.Now().Add(10 * time.Second)
	for len(processesNaming(t, marker)) < 2 {
		if time.Now().After(deadline) {
			t.Fatal("the children did not start")
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after cancellation")
	}
	// The kernel reaps killed processes quickly, but not instantly.
	for time.Now().Before(deadline) && len(processesNaming(t, marker)) > 0 {
		time.Sleep(20 * time.Millisecond)
	}
	if left := processesNaming(t, marker); len(left) > 0 {
		t.Errorf("still running after cancellation:\n%s", strings.Join(left, "\n"))
	}
}
