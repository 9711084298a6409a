package gen

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// PathError is a failure to lock or write a file, rendered "path: what
// happened". Callers may shorten Path for display.
type PathError struct {
	Path string
	Err  error
}

func (e *PathError) Error() string { return e.Path + ": " + e.Err.Error() }

// Unwrap returns the cause, so that errors.Is(err, ErrChanged) works.
func (e *PathError) Unwrap() error { return e.Err }

func pathErrorf(path, format string, args ...any) error {
	return &PathError{Path: path, Err: fmt.Errorf(format, args...)}
}

// ErrChanged is returned when the file on disk is no longer what the edits
// were planned on.
var ErrChanged = errors.New("changed on disk since dcycle read it")

// writeFile replaces the file at path with updated, atomically: the bytes
// go to a temporary file on the same filesystem (see tempDirs), which is
// synced and renamed over the target, so that a reader sees the old file or
// the new one, never half of it. The file's mode is kept, and its group
// where the process may set it. A symlink is written through: its target is
// replaced, the link stays. writeFile refuses, writing nothing, when the
// file is read-only or when its bytes on disk differ from expected (someone
// saved it in the meantime). display names the file in messages.
//
// A target with more than one hard link becomes a file of its own: the
// other names keep the old bytes. That is returned as a warning, for the
// command to print.
func writeFile(path, display string, expected, updated []byte) (warnings []string, err error) {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return nil, pathErrorf(display, "%w", unwrapPath(err))
	}
	info, err := os.Stat(target)
	if err != nil {
		return nil, pathErrorf(display, "%w", unwrapPath(err))
	}
	mode := info.Mode().Perm()
	// Renaming over a read-only file would succeed: refuse as an editor
	// would, whatever the user's privileges.
	if mode&0o222 == 0 {
		return nil, pathErrorf(display, "the file is read-only; nothing was written")
	}
	current, err := os.ReadFile(target)
	if err != nil {
		return nil, pathErrorf(display, "%w", unwrapPath(err))
	}
	if !bytes.Equal(current, expected) {
		return nil, pathErrorf(display, "%w; nothing was written, run the command again", ErrChanged)
	}
	gid, hasGroup := fileGroup(info)
	prepare := func(tmp *os.File) error {
		if hasGroup {
			// Chown before chmod: changing the group may clear the
			// set-group-ID bit chmod then restores.
			if err := tmp.Chown(-1, gid); err != nil && !errors.Is(err, syscall.EPERM) {
				return fmt.Errorf("keep group: %w", unwrapPath(err))
			}
		}
		if err := tmp.Chmod(mode); err != nil {
			return fmt.Errorf("keep mode: %w", unwrapPath(err))
		}
		return nil
	}
	if err := placeViaTemp(target, updated, prepare, os.Rename); err != nil {
		return nil, pathErrorf(display, "%w", err)
	}
	if n := linkCount(info); n > 1 {
		warnings = append(warnings, fmt.Sprintf("%s had %d hard links; it is now a separate file", display, n))
	}
	return warnings, nil
}

// placeViaTemp writes data to a temporary file in the first of
// tempDirs(target) that is on target's filesystem, runs prepare on it,
// syncs it and hands it to place (a rename or a link) to become target.
// The temporary file never outlives the call, except when the process is
// killed, and then it lies outside the module folder whenever possible.
func placeViaTemp(target string, data []byte, prepare func(*os.File) error, place func(tmp, target string) error) error {
	var lastErr error
	for _, dir := range tempDirs(target) {
		err := placeFrom(dir, target, data, prepare, place)
		if err == nil {
			return nil
		}
		lastErr = err
		// Only a temporary folder on another filesystem is worth a retry
		// in the next one; any other failure is the target's.
		if !errors.Is(err, syscall.EXDEV) && !errors.Is(err, errNoTemp) {
			return err
		}
	}
	return lastErr
}

// errNoTemp marks a failure to create the temporary file, which the next
// folder may not have.
var errNoTemp = errors.New("cannot create a temporary file")

func placeFrom(dir, target string, data []byte, prepare func(*os.File) error, place func(tmp, target string) error) error {
	tmp, err := os.CreateTemp(dir, "dcycle-"+filepath.Base(target)+"-*")
	if err != nil {
		return fmt.Errorf("%w: %w", errNoTemp, unwrapPath(err))
	}
	defer os.Remove(tmp.Name()) // after a rename, there is nothing left to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write: %w", unwrapPath(err))
	}
	if prepare != nil {
		if err := prepare(tmp); err != nil {
			tmp.Close()
			return err
		}
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("sync: %w", unwrapPath(err))
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write: %w", unwrapPath(err))
	}
	if err := place(tmp.Name(), target); err != nil {
		var le *os.LinkError
		if errors.As(err, &le) {
			err = le.Err
		}
		return err
	}
	syncDir(filepath.Dir(target))
	return nil
}

// tempDirs are the folders a temporary file for target may go to, best
// first: the git directory of the repository holding target (same
// filesystem as the working tree almost always, and never shown by git
// status), the system's temporary folder, and last target's own folder,
// which is always on its filesystem.
func tempDirs(target string) []string {
	dir := filepath.Dir(target)
	var out []string
	if g := gitDir(dir); g != "" {
		out = append(out, g)
	}
	return append(out, os.TempDir(), dir)
}

// gitDir returns the git directory of the repository whose working tree
// holds dir, "" outside one. A ".git" file (worktrees, submodules) points
// to it with "gitdir: PATH".
func gitDir(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for d := abs; ; d = filepath.Dir(d) {
		dot := filepath.Join(d, ".git")
		if info, err := os.Stat(dot); err == nil {
			if info.IsDir() {
				return dot
			}
			b, err := os.ReadFile(dot)
			if err != nil {
				return ""
			}
			rest, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "gitdir:")
			if !ok {
				return ""
			}
			p := strings.TrimSpace(rest)
			if !filepath.IsAbs(p) {
				p = filepath.Join(d, p)
			}
			if fi, err := os.Stat(p); err == nil && fi.IsDir() {
				return p
			}
			return ""
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// syncDir makes the rename durable; not every system can sync a folder, and
// the file itself is already synced, so a failure is ignored.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// unwrapPath drops the *PathError wrapper, whose message repeats the path
// the caller already names.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
