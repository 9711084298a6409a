package gen

import (
	"path/filepath"
	"time"
)

// lockWait is how long Lock waits for another dcycle to finish before
// giving up: new-update holds the lock for milliseconds.
const lockWait = 30 * time.Second

// LockPath is the lock file of path: beside the file the path resolves to,
// so that two symlinks to one .install share it.
func LockPath(path string) string {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		target = path
	}
	dir, base := filepath.Split(target)
	return filepath.Join(dir, "."+base+".dcycle-lock")
}

// Lock takes an exclusive lock on path for the time between reading a file
// and writing it back, so that concurrent dcycle runs on one module
// serialise and each sees the update the other added. The lock is an
// advisory lock on a file beside path (LockPath), removed by unlock.
func Lock(path string) (unlock func(), err error) {
	lockPath := LockPath(path)
	deadline := time.Now().Add(lockWait)
	for {
		unlock, busy, err := tryLock(lockPath)
		if err != nil {
			return nil, pathErrorf(path, "lock: %w", unwrapPath(err))
		}
		if !busy {
			return unlock, nil
		}
		if time.Now().After(deadline) {
			return nil, pathErrorf(path, "another dcycle has been writing it for %s (lock file %s); nothing was written", lockWait, filepath.Base(lockPath))
		}
		time.Sleep(5 * time.Millisecond)
	}
}
