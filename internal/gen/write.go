package gen

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
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

// ErrChanged is returned by WriteFile when the file on disk is no longer
// what the edits were planned on.
var ErrChanged = errors.New("changed on disk since dcycle read it")

// WriteFile replaces the file at path with updated, atomically: the bytes
// go to a temporary file in the same folder, which is synced and renamed
// over the target, so that a reader sees the old file or the new one, never
// half of it. The file's mode is kept. A symlink is written through: its
// target is replaced, the link stays. WriteFile refuses, writing nothing,
// when the file is read-only or when its bytes on disk differ from expected
// (someone saved it in the meantime).
func WriteFile(path string, expected, updated []byte) error {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return pathErrorf(path, "%w", unwrapPath(err))
	}
	info, err := os.Stat(target)
	if err != nil {
		return pathErrorf(path, "%w", unwrapPath(err))
	}
	mode := info.Mode().Perm()
	// Renaming over a read-only file would succeed: refuse as an editor
	// would, whatever the user's privileges.
	if mode&0o222 == 0 {
		return pathErrorf(path, "the file is read-only; nothing was written")
	}
	current, err := os.ReadFile(target)
	if err != nil {
		return pathErrorf(path, "%w", unwrapPath(err))
	}
	if !bytes.Equal(current, expected) {
		return pathErrorf(path, "%w; nothing was written, run the command again", ErrChanged)
	}
	dir, base := filepath.Split(target)
	tmp, err := os.CreateTemp(dir, "."+base+".dcycle-*")
	if err != nil {
		return pathErrorf(path, "cannot create a temporary file beside it: %w", unwrapPath(err))
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(updated); err != nil {
		return pathErrorf(path, "write: %w", unwrapPath(err))
	}
	if err := tmp.Chmod(mode); err != nil {
		return pathErrorf(path, "keep mode: %w", unwrapPath(err))
	}
	if err := tmp.Sync(); err != nil {
		return pathErrorf(path, "sync: %w", unwrapPath(err))
	}
	if err := tmp.Close(); err != nil {
		return pathErrorf(path, "write: %w", unwrapPath(err))
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return pathErrorf(path, "replace: %w", unwrapPath(err))
	}
	done = true
	syncDir(dir)
	return nil
}

// syncDir makes the rename durable; not every system can sync a folder, and
// the file itself is already synced, so a failure is ignored.
func syncDir(dir string) {
	if dir == "" {
		dir = "."
	}
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
