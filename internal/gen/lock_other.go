//go:build !unix

package gen

import (
	"errors"
	"io/fs"
	"os"
)

// tryLock creates lockPath exclusively where flock does not exist; busy is
// true when it exists already. A crash leaves the file behind: delete it by
// hand (Lock names it when it gives up).
func tryLock(lockPath string) (unlock func(), busy bool, err error) {
	f, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil, true, nil
	}
	if err != nil {
		return nil, false, err
	}
	f.Close()
	return func() { os.Remove(lockPath) }, false, nil
}
