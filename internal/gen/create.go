package gen

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// CreateFiles writes new files below dir, all or none: no file may exist
// yet, each is written to a temporary file and hard-linked into place (a
// link never replaces an existing file, unlike a rename), and on any failure
// the files already created are removed again.
func CreateFiles(dir string, files []ScaffoldFile) error {
	for _, f := range files {
		path := filepath.Join(dir, f.Path)
		if _, err := os.Lstat(path); err == nil {
			return pathErrorf(path, "already exists; dcycle init never overwrites a file")
		} else if !errors.Is(err, fs.ErrNotExist) {
			return pathErrorf(path, "%w", unwrapPath(err))
		}
	}
	var created []string
	var madeDirs []string
	undo := func() {
		for i := len(created) - 1; i >= 0; i-- {
			os.Remove(created[i])
		}
		for i := len(madeDirs) - 1; i >= 0; i-- {
			os.Remove(madeDirs[i]) // only removes folders left empty
		}
	}
	for _, f := range files {
		path := filepath.Join(dir, f.Path)
		made, err := mkdirAll(filepath.Dir(path))
		madeDirs = append(madeDirs, made...)
		if err != nil {
			undo()
			return pathErrorf(path, "%w", unwrapPath(err))
		}
		if err := createFile(path, f.Data); err != nil {
			undo()
			return err
		}
		created = append(created, path)
	}
	return nil
}

// mkdirAll is os.MkdirAll that reports the folders it created, outermost
// first, so that a failed init can remove them.
func mkdirAll(dir string) ([]string, error) {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil {
			break
		}
		missing = append([]string{d}, missing...)
		if filepath.Dir(d) == d {
			break
		}
	}
	return missing, os.MkdirAll(dir, 0o755)
}

// createFile writes a new file at path: through a temporary file (outside
// the module folder when possible, see tempDirs) hard-linked into place, so
// that path appears whole or not at all and an existing file is never
// replaced.
func createFile(path string, data []byte) error {
	prepare := func(tmp *os.File) error { return tmp.Chmod(0o644) }
	if err := placeViaTemp(path, data, prepare, os.Link); err != nil {
		return pathErrorf(path, "%w", err)
	}
	return nil
}
