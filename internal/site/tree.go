package site

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// copyPlan says how a codebase is copied into a site: which paths are left
// out and which are real copies instead of hard links. Paths are slash
// separated and relative to the codebase's root.
type copyPlan struct {
	// skip reports whether a path is left out (with everything below it).
	skip func(rel string, dir bool) bool
	// copied reports whether the files below a path are copied, not linked:
	// what Drupal or verify writes to.
	copied func(rel string) bool
}

// treeCopy copies a folder tree. Files are hard-linked where the plan
// allows and the file system does; linking stops at the first refusal
// (another file system, no permission) and the rest is copied. Symbolic
// links are recreated as they are; sockets and devices are left out.
type treeCopy struct {
	plan copyPlan
	// link is false once linking was refused, or when asked not to link.
	link bool
	// linked and copied count files, for the progress line.
	linked, copied int
}

// copyTree copies src into dst, which must not exist. It stops when ctx
// ends.
func (c *treeCopy) copyTree(ctx context.Context, src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		slash := filepath.ToSlash(rel)
		if slash == "." {
			slash = ""
		}
		if slash != "" && c.plan.skip != nil && c.plan.skip(slash, d.IsDir()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(dst, rel)
		switch mode := d.Type(); {
		case d.IsDir():
			info, err := d.Info()
			if err != nil {
				return err
			}
			// Owner-writable, so that the site can be written to and removed
			// whatever the project's folders allow.
			return os.Mkdir(target, info.Mode().Perm()|0o700)
		case mode&fs.ModeSymlink != 0:
			to, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(to, target)
		case !mode.IsRegular():
			return nil
		}
		if c.link && (c.plan.copied == nil || !c.plan.copied(slash)) {
			err := os.Link(p, target)
			if err == nil {
				c.linked++
				return nil
			}
			var lerr *os.LinkError
			if !errors.As(err, &lerr) {
				return err
			}
			c.link = false
		}
		c.copied++
		return copyFile(p, target)
	})
}

// copyFile copies one regular file, keeping its permission bits and making
// it writable by its owner.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	info, err := in.Stat()
	if err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, info.Mode().Perm()|0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// under reports whether rel is prefix or lies below it.
func under(rel, prefix string) bool {
	return prefix != "" && (rel == prefix || strings.HasPrefix(rel, prefix+"/"))
}

// Files are the files of a folder by slash-separated relative path: a
// module as it is in the working tree, at a git ref, or rewritten.
type Files map[string][]byte

// ReadFiles reads every regular file below dir. A symbolic link to a file is
// read through; other links and special files are left out.
func ReadFiles(dir string) (Files, error) {
	out := Files{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" && p != dir {
				return filepath.SkipDir
			}
			return nil
		}
		info, err := os.Stat(p)
		if err != nil || !info.Mode().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		out[filepath.ToSlash(rel)] = data
		return nil
	})
	return out, err
}

// write puts the files into dir, which is created; an existing dir is
// removed first.
func (f Files) write(dir string) error {
	if err := removeAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	names := make([]string, 0, len(f))
	for name := range f {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		clean := path.Clean(name)
		if clean == "." || clean == ".." || strings.HasPrefix(clean, "../") || path.IsAbs(clean) {
			return fmt.Errorf("%s: a path outside the folder", name)
		}
		target := filepath.Join(dir, filepath.FromSlash(clean))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, f[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// removeAll removes a folder that Drupal may have made read-only (the
// installer protects sites/default and settings.php).
func removeAll(dir string) error {
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			if info, err := d.Info(); err == nil && info.Mode().Perm()&0o700 != 0o700 {
				_ = os.Chmod(p, info.Mode().Perm()|0o700)
			}
		}
		return nil
	})
	return os.RemoveAll(dir)
}
