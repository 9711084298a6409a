package history

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dcycle/dcycle/internal/phpast"
)

// Index reads a module's files as the git index stages them, for lint
// --staged: files are the module's files in the working tree
// (project.Module.Files), and the result holds those the index has, under
// the same names, shown by their working-tree paths so that findings point
// where the user edits. A file the index does not have (untracked, or
// removed with git rm) does not exist in it.
func Index(files phpast.DiskFiles) (phpast.PathFS, error) {
	idx := &indexFS{disk: files, files: map[string][]byte{}}
	byDir := map[string][]string{}
	for name, path := range files {
		dir := filepath.Dir(path)
		byDir[dir] = append(byDir[dir], name)
	}
	dirs := make([]string, 0, len(byDir))
	for dir := range byDir {
		dirs = append(dirs, dir)
	}
	sort.Strings(dirs)
	for _, dir := range dirs {
		prefix, err := git(dir, "rev-parse", "--show-prefix")
		var gerr *gitError
		if errors.As(err, &gerr) {
			return nil, &Error{Msg: fmt.Sprintf("%s: not inside a git repository, which --staged needs", dir)}
		}
		if err != nil {
			return nil, err
		}
		names := byDir[dir]
		sort.Strings(names)
		bases := make([]string, len(names))
		for i, name := range names {
			bases[i] = filepath.Base(files[name])
		}
		tree, err := readTree(dir, strings.TrimSuffix(prefix, "\n"), "", "", bases)
		if err != nil {
			return nil, err
		}
		for i, name := range names {
			if data, ok := tree.files[bases[i]]; ok {
				idx.files[name] = data
			}
		}
	}
	return idx, nil
}

// indexFS holds files read from the index, shown by their working-tree
// paths.
type indexFS struct {
	disk  phpast.DiskFiles
	files map[string][]byte
}

func (x *indexFS) Path(name string) string { return x.disk.Path(name) }

func (x *indexFS) Open(name string) (fs.File, error) {
	t := treeFS{files: x.files}
	return t.Open(name)
}

// StagedFiles returns the files a commit would add or modify in the
// repository holding dir (git diff --cached), as paths joined to dir.
func StagedFiles(dir string) ([]string, error) {
	top, err := git(dir, "rev-parse", "--show-cdup")
	var gerr *gitError
	if errors.As(err, &gerr) {
		return nil, &Error{Msg: fmt.Sprintf("%s: not inside a git repository, which --staged needs", dir)}
	}
	if err != nil {
		return nil, err
	}
	top = strings.TrimSuffix(top, "\n")
	out, err := git(dir, "diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z")
	if err != nil {
		return nil, err
	}
	var files []string
	for _, name := range strings.Split(out, "\x00") {
		if name != "" {
			files = append(files, filepath.Join(dir, top, filepath.FromSlash(name)))
		}
	}
	return files, nil
}
