//go:build unix

package site

import (
	"os/exec"
	"syscall"
)

// ownGroup runs cmd in a process group of its own, so that drush's
// subprocesses end with it: on cancellation the whole group is killed.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return killGroup(cmd) }
}

// killGroup kills what is left of cmd's process group. After cmd exited
// the group is normally empty, and the call does nothing.
func killGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	if err == syscall.ESRCH {
		return nil
	}
	return err
}
