// Package githook installs dcycle's git pre-commit hook: a short shell
// script that lints the deploy modules whose files are staged, and returns
// at once when a commit touches none.
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
func Script(fallback, base string) string {
	lint := "lint"
	if base != "" {
		lint = "lint --base " + shellQuote(base)
	}
	return `#!/bin/sh
` + Marker + `: written by "dcycle install-hook"; rerun it to update.
# Lints the deploy modules (NAME_deploy) whose files this commit stages.
dcycle=$(command -v dcycle 2>/dev/null || echo ` + shellQuote(fallback) + `)
modules=$(git diff --cached --name-only --diff-filter=ACMR -z |
  tr '\0' '\n' |
  grep -E '(^|/)[A-Za-z0-9_]+_deploy\.(install|info|info\.yml|module|post_update\.php|deploy\.php)$' |
  sed -e 's|/[^/]*$||' -e 's|^[^/]*$|.|' |
  sort -u)
[ -n "$modules" ] || exit 0
set -f
old_ifs=$IFS
IFS='
'
set -- $modules
IFS=$old_ifs
exec "$dcycle" ` + lint + ` "$@"
`
}

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
