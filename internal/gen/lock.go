package gen

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"time"
)

// lockWait is how long lock waits for another dcycle to finish before
// giving up: new-update holds the lock for milliseconds.
const lockWait = 30 * time.Second

// lockPath is the lock file of path. It is keyed by the path the file
// resolves to, so that two symlinks to one .install share it, and lives
// outside the module folder, so that a killed run leaves nothing git status
// shows: in the git directory of the repository holding the file, or in the
// system's temporary folder outside a repository.
func lockPath(path string) string {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		target = path
	}
	if abs, err := filepath.Abs(target); err == nil {
		target = abs
	}
	sum := sha256.Sum256([]byte(target))
	dir := gitDir(filepath.Dir(target))
	if dir == "" {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "dcycle-"+filepath.Base(target)+"-"+hex.EncodeToString(sum[:8])+".lock")
}

// lock takes an exclusive lock on path for the time between reading a file
// and writing it back, so that concurrent dcycle runs on one module
// serialise and each sees the update the other added. The lock is an
// advisory lock on the file lockPath names, removed by unlock. name is the
// file as messages show it.
func lock(path, name string) (unlock func(), err error) {
	file := lockPath(path)
	deadline := time.Now().Add(lockWait)
	for {
		unlock, busy, err := tryLock(file)
		if err != nil {
			return nil, pathErrorf(name, "lock: %w", unwrapPath(err))
		}
		if !busy {
			return unlock, nil
		}
		if time.Now().After(deadline) {
			return nil, pathErrorf(name, "another dcycle has been writing it for %s (lock file %s); nothing was written", lockWait, file)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
