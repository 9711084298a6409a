//go:build !unix

package site

import "os/exec"

// ownGroup: without process groups, cancellation kills the process alone.
func ownGroup(cmd *exec.Cmd) {}

// killGroup has no group to kill.
func killGroup(cmd *exec.Cmd) error { return nil }
