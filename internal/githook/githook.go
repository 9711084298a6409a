// Package githook installs dcycle's git pre-commit hook: a short shell
// script that lints what is staged of the deploy modules a commit touches,
// and returns at once when a commit touches none.
package githook

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Marker is the line that identifies a hook dcycle wrote, so that it can be
// replaced on upgrade while a team's own hook is never overwritten silently.
const Marker = "# dcycle pre-commit hook"

// Script returns the hook for a dcycle binary at fallback, used when no
// dcycle is on the PATH of whoever commits (a GUI client, say). A base ref,
// when not empty, turns on the history rules: lint --base BASE.
//
// The hook returns at once when the commit stages no module file and no
// .dcycle.yml; otherwise "dcycle lint --staged" lints what is staged of
// the deploy modules the commit touches: those named NAME_deploy and the
// one .dcycle.yml names, whatever its name. It lints the index, not the
// working tree, so a file staged in part is checked as it will be
// committed.
func Script(fallback, base string) string {
	lint := "lint --staged"
	if base != "" {
		lint += " --base " + shellQuote(base)
	}
	return `#!/bin/sh
` + Marker + `: written by "dcycle install-hook"; rerun it to update.
# Lints what this commit stages of the deploy modules it touches.
dcycle=$(command -v dcycle 2>/dev/null || echo ` + shellQuote(fallback) + `)
git diff --cached --name-only --diff-filter=ACMR -z |
  tr '\0' '\n' |
  grep -qE '` + StagedFilesPattern + `' || exit 0
exec "$dcycle" ` + lint + `
`
}

// StagedFilesPattern matches (as an extended regular expression) the staged
// paths that make the hook run dcycle: a module's .install, info file,
// .module, .post_update.php or .deploy.php, or a .dcycle.yml. dcycle then
// keeps the deploy modules among them; .pre-commit-hooks.yaml uses the same
// pattern.
const StagedFilesPattern = `(^|/)([A-Za-z0-9_]+\.(install|info|info\.yml|module|post_update\.php|deploy\.php)|\.dcycle\.yml)$`

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Error is a hook that could not be installed, for the CLI's exit code 2.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

// Install writes the pre-commit hook of the git repository that holds dir,
// where git itself looks for it (core.hooksPath honoured), linting against
// base when it is not empty. An existing hook that dcycle did not write is
// kept unless force is set. It returns the hook's path.
func Install(dir, dcycleBinary, base string, force bool) (string, error) {
	cmd := exec.Command("git", "rev-parse", "--git-path", "hooks/pre-commit")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return "", &Error{Msg: fmt.Sprintf("%s: not a git repository (%s)", dir, msg)}
	}
	path := strings.TrimSpace(string(out))
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	existing, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return "", fmt.Errorf("read %s: %w", path, err)
	case !bytes.Contains(existing, []byte(Marker)) && !force:
		return "", &Error{Msg: fmt.Sprintf("%s: a pre-commit hook that dcycle did not write is already there; add `dcycle lint` to it, or replace it with --force", path)}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".pre-commit.dcycle-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(Script(dcycleBinary, base)); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Chmod(0o755); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	return path, os.Rename(tmp.Name(), path)
}
