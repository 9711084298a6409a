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
