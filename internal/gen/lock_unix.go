//go:build unix

package gen

import (
	"errors"
	"os"
	"syscall"
)

// tryLock takes the flock on lockPath without waiting; busy is true when
// another process holds it.
func tryLock(lockPath string) (unlock func(), busy bool, err error) {
	f, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, false, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) || errors.Is(err, syscall.EINTR) {
			return nil, true, nil
		}
		return nil, false, err
	}
	if !sameFile(f, lockPath) {
		f.Close()
		return nil, true, nil
	}
	return func() {
		// Remove while still holding the lock: a process that opened the
		// old file re-checks with sameFile and opens a new one.
		os.Remove(lockPath)
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, false, nil
}

// sameFile reports whether the open lock file is still the one at its path:
// a previous holder may have removed it between our open and our lock, and
// a lock on an unlinked file excludes nobody.
func sameFile(f *os.File, path string) bool {
	open, err := f.Stat()
	if err != nil {
		return false
	}
	now, err := os.Stat(path)
	return err == nil && os.SameFile(open, now)
}
