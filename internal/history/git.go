// Package history owns what dcycle knows of a deploy module's past: it reads
// the module as it was at a git ref (through the git binary), tells which
// updates were already deployed from that ref and whether they changed,
// disappeared or were joined by new ones numbered too low, and plans the
// renumbering that moves those new ones above the deployed range.
package history

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"

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

// moduleFiles are the files of a module that can hold update functions.
func moduleFiles(name string) []string {
	return []string{name + ".install", name + ".post_update.php", name + ".deploy.php"}
}

// Load reads the module m (as parsed from the working tree) at ref.
func Load(m *phpast.Module, ref string, opts phpast.Options) (*Base, error) {
	dir := m.Dir
	if _, err := git(dir, "rev-parse", "--show-toplevel"); err != nil {
		var gerr *gitError
		if errors.As(err, &gerr) {
			return nil, &Error{Msg: fmt.Sprintf("%s: not inside a git repository, which --base needs", dir)}
		}
		return nil, err
	}
	commit, err := resolve(dir, ref)
	if err != nil {
		return nil, err
	}
	opts.Module = m.Name
	b := &Base{Ref: ref, Commit: commit}
	if b.Module, err = loadAt(dir, ref, commit, m, opts); err != nil {
		return nil, err
	}
	fork, err := git(dir, "merge-base", commit, "HEAD")
	switch fork = strings.TrimSpace(fork); {
	case err != nil:
		// No common history or a shallow clone: compare with the base alone.
	case fork == commit:
		b.Fork = b.Module
	default:
		if b.Fork, err = loadAt(dir, fork[:min(len(fork), 12)], fork, m, opts); err != nil {
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

// loadAt parses the module's files as they were at commit. label names the
// commit in file paths, so that a parse error reads "REF:path:line:col".
func loadAt(dir, label, commit string, m *phpast.Module, opts phpast.Options) (*phpast.Module, error) {
	out := &phpast.Module{Name: m.Name, Dir: m.Dir, Core: m.Core}
	args := append([]string{"ls-tree", "-z", "--full-name", commit, "--"}, moduleFiles(m.Name)...)
	listing, err := git(dir, args...)
	if err != nil {
		return nil, err
	}
	blobs := map[string][2]string{} // base name → object id, repository path
	for _, entry := range strings.Split(listing, "\x00") {
		meta, path, ok := strings.Cut(entry, "\t")
		if !ok {
			continue
		}
		fields := strings.Fields(meta)
		if len(fields) != 3 || fields[1] != "blob" {
			continue
		}
		blobs[filepath.Base(path)] = [2]string{fields[2], path}
	}
	for i, name := range moduleFiles(m.Name) {
		blob, ok := blobs[name]
		if !ok {
			continue
		}
		src, err := git(dir, "cat-file", "blob", blob[0])
		if err != nil {
			return nil, err
		}
		// The path names the ref, so a parse error reads REF:path:line:col.
		f, err := phpast.ParseFile(label+":"+blob[1], []byte(src), opts)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			out.Install = f
		} else {
			out.Other = append(out.Other, f)
		}
	}
	return out, nil
}

// gitError is git itself refusing: a non-zero exit with its message.
type gitError struct {
	args []string
	msg  string
}

func (e *gitError) Error() string {
	return fmt.Sprintf("git %s: %s", strings.Join(e.args, " "), e.msg)
}

// git runs git in dir and returns its standard output.
func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
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
