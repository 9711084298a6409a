// Package history owns what dcycle knows of a deploy module's past: it reads
// the module as it was at a git ref (through the git binary), tells which
// updates were already deployed from that ref and whether they changed,
// disappeared or were joined by new ones numbered too low, and plans the
// renumbering that moves those new ones above the deployed range.
package history

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os/exec"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/dcycle/dcycle/internal/phpast"
)

// Error is a git problem that stops a history-aware command: no git, not a
// repository, an unknown ref. The CLI prints it as one line and exits 2.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

// Base is a module as it was at a git ref.
type Base struct {
	// Ref is the ref as the user wrote it; Commit is what it resolved to.
	Ref    string
	Commit string
	// Module holds the files of the module that existed at Ref: a module
	// that did not exist there has no files and so no deployed updates.
	Module *phpast.Module
	// Fork is the module at the merge base of Ref and HEAD, nil when git
	// cannot tell (no common history, a shallow clone). It tells an update
	// this branch added apart from one it edited, and one it removed apart
	// from one the base added and this branch has not merged yet.
	Fork *phpast.Module
}

// Load reads the module m (as parsed from the working tree) at ref.
func Load(m *phpast.Module, ref string, opts phpast.Options) (*Base, error) {
	dir := m.Dir
	// The module folder's path inside the repository, which also tells
	// that dir is in one.
	prefix, err := git(dir, "rev-parse", "--show-prefix")
	if err != nil {
		var gerr *gitError
		if errors.As(err, &gerr) {
			return nil, &Error{Msg: fmt.Sprintf("%s: not inside a git repository, which --base needs", dir)}
		}
		return nil, err
	}
	prefix = strings.TrimSuffix(prefix, "\n")
	commit, err := resolve(dir, ref)
	if err != nil {
		return nil, err
	}
	b := &Base{Ref: ref, Commit: commit}
	if b.Module, err = loadAt(dir, prefix, commit, ref, m, opts); err != nil {
		return nil, err
	}
	fork, err := git(dir, "merge-base", commit, "HEAD")
	switch fork = strings.TrimSpace(fork); {
	case err != nil:
		// No common history or a shallow clone: compare with the base alone.
	case fork == commit:
		b.Fork = b.Module
	default:
		if b.Fork, err = loadAt(dir, prefix, fork, fork[:min(len(fork), 12)], m, opts); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// resolve turns ref into a commit hash, or an Error naming the ref.
func resolve(dir, ref string) (string, error) {
	unknown := &Error{Msg: fmt.Sprintf("unknown git ref %q: no commit of that name in this repository (fetch it first?)", ref)}
	if ref == "" || strings.HasPrefix(ref, "-") {
		return "", unknown
	}
	out, err := git(dir, "rev-parse", "--verify", "--quiet", "--end-of-options", ref+"^{commit}")
	var gerr *gitError
	if errors.As(err, &gerr) {
		return "", unknown
	}
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(out), nil
}

// loadAt parses the module's files as they were at commit, with the one
// module loader. label names the commit in file paths, so that a parse
// error reads "REF:path:line:col". A base that does not parse stops the
// command: there is nothing to compare with.
func loadAt(dir, prefix, commit, label string, m *phpast.Module, opts phpast.Options) (*phpast.Module, error) {
	fsys, err := readTree(dir, prefix, commit, label, phpast.ModuleFiles(m.Name))
	if err != nil {
		return nil, err
	}
	out, broken, err := phpast.LoadFS(fsys, m.Name, opts)
	if err != nil {
		return nil, err
	}
	if len(broken) > 0 {
		return nil, broken[0].Err
	}
	out.Dir, out.Core = m.Dir, m.Core
	return out, nil
}

// treeFS is a module folder as git stores it, holding the files read from
// it: an fs.FS for phpast.LoadFS that shows each file as REV:path. It holds
// files only, and lists no folder.
type treeFS struct {
	label, prefix string
	files         map[string][]byte
}

// readTree reads names, files of the folder prefix (its path in the
// repository, "" or ending in a slash), as they are at rev, in one `git
// cat-file --batch`; a name that is not a file there does not exist in the
// result. The index is rev "" with label "": git reads a staged file as
// ":path", and that is how it is shown.
func readTree(dir, prefix, rev, label string, names []string) (*treeFS, error) {
	t := &treeFS{label: label, prefix: prefix, files: map[string][]byte{}}
	if strings.ContainsAny(prefix, "\n") {
		return nil, &Error{Msg: fmt.Sprintf("%s: git cannot be asked for a path with a line break in it", dir)}
	}
	var in strings.Builder
	for _, name := range names {
		in.WriteString(rev + ":" + prefix + name + "\n")
	}
	out, err := gitInput(dir, in.String(), "cat-file", "--batch")
	if err != nil {
		return nil, err
	}
	r := bufio.NewReader(strings.NewReader(out))
	for _, name := range names {
		header, err := r.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("git cat-file: short answer for %s", t.Path(name))
		}
		// "<oid> <type> <size>", or "<object> missing" (or "ambiguous")
		// where the object name may hold spaces.
		header = strings.TrimSuffix(header, "\n")
		if strings.HasSuffix(header, " missing") || strings.HasSuffix(header, " ambiguous") {
			continue
		}
		fields := strings.Fields(header)
		size, err := 0, errors.New("not three fields")
		if len(fields) == 3 {
			size, err = strconv.Atoi(fields[2])
		}
		if err != nil {
			return nil, fmt.Errorf("git cat-file: bad answer %q for %s", strings.TrimSpace(header), t.Path(name))
		}
		content := make([]byte, size+1) // the object, then a newline
		if _, err := io.ReadFull(r, content); err != nil {
			return nil, fmt.Errorf("git cat-file: short answer for %s", t.Path(name))
		}
		if fields[1] == "blob" {
			t.files[name] = content[:size]
		}
	}
	return t, nil
}

// Path shows a file as git names it: REV:path from the repository's root.
func (t *treeFS) Path(name string) string { return t.label + ":" + t.prefix + name }

// ReadFile returns a file's content.
func (t *treeFS) ReadFile(name string) ([]byte, error) {
	data, ok := t.files[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return data, nil
}

// Open opens a file for reading.
func (t *treeFS) Open(name string) (fs.File, error) {
	data, err := t.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return &blobFile{Reader: bytes.NewReader(data), name: name, size: int64(len(data))}, nil
}

// blobFile is an open treeFS file; it is its own FileInfo.
type blobFile struct {
	*bytes.Reader
	name string
	size int64
}

func (f *blobFile) Stat() (fs.FileInfo, error) { return f, nil }
func (f *blobFile) Close() error               { return nil }
func (f *blobFile) Name() string               { return path.Base(f.name) }
func (f *blobFile) Size() int64                { return f.size }
func (f *blobFile) Mode() fs.FileMode          { return 0o444 }
func (f *blobFile) ModTime() time.Time         { return time.Time{} }
func (f *blobFile) IsDir() bool                { return false }
func (f *blobFile) Sys() any                   { return nil }

// gitError is git itself refusing: a non-zero exit with its message.
type gitError struct {
	args []string
	msg  string
}

func (e *gitError) Error() string {
	return fmt.Sprintf("git %s: %s", strings.Join(e.args, " "), e.msg)
}

// git runs git in dir and returns its standard output.
func git(dir string, args ...string) (string, error) { return gitInput(dir, "", args...) }

// gitInput runs git in dir with input on its standard input and returns its
// standard output.
func gitInput(dir, input string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(input)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if errors.Is(err, exec.ErrNotFound) {
		return "", &Error{Msg: "--base reads the module's history with git, and git is not on the PATH"}
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		msg := strings.TrimSpace(stderr.String())
		if i := strings.IndexByte(msg, '\n'); i >= 0 {
			msg = msg[:i]
		}
		if msg == "" {
			msg = exit.Error()
		}
		return "", &gitError{args: args, msg: msg}
	}
	if err != nil {
		return "", fmt.Errorf("run git: %w", err)
	}
	return stdout.String(), nil
}
