package gen

import (
	"bytes"
	"fmt"
	"os"

	"github.com/dcycle/dcycle/internal/phpast"
)

// Change is one file's planned edit: the bytes it was planned on, the
// edits, and what the result must satisfy beyond what every write promises.
type Change struct {
	// File is the file as the edits were planned on. Rewrite refuses the
	// change, with ErrChanged, when the file holds other bytes.
	File  *phpast.File
	Edits []phpast.Edit
	// Options parse the result.
	Options phpast.Options
	// Want names functions the result must declare exactly once.
	Want []string
	// MayChange reports the update functions of File the edits may change
	// (renumber renames the updates not deployed yet); nil allows none.
	MayChange func(*phpast.Function) bool
	// Check, when set, runs last on the parsed result; its error refuses
	// the change.
	Check func(*phpast.File) error
	// Parsed is the result when the planner has parsed it already
	// (NewUpdate verifies what it plans). It is used only when it holds
	// exactly the bytes the edits give, and saves parsing them again.
	Parsed *phpast.File
}

// Apply applies the edits once to the file's bytes, in memory, and checks
// the result: every byte outside the edits unchanged, the file parses,
// every function the edits do not touch byte-identical, no update function
// changed unless MayChange allows it, no function declared twice, the Want
// functions present, then Check. It returns the new bytes, parsed.
func (c *Change) Apply() (*phpast.File, error) { return c.apply(c.File.Path) }

func (c *Change) apply(name string) (*phpast.File, error) {
	out, err := phpast.Apply(c.File.Src, c.Edits)
	if err != nil {
		return nil, fmt.Errorf("%s: %w; nothing was written", name, err)
	}
	return c.verify(out, name)
}

// RewriteOptions say how Rewrite works.
type RewriteOptions struct {
	// Display names the file in messages and in the diff; "" means the path.
	Display string
	// DryRun plans, applies and checks the change and returns its diff,
	// writing nothing and taking no lock.
	DryRun bool
}

// Rewritten is what Rewrite did to one file.
type Rewritten struct {
	// Old are the bytes read, New the bytes written (or that would be, in a
	// dry run); equal when the planner had nothing to change.
	Old, New []byte
	// File is New parsed; nil when nothing changed.
	File *phpast.File
	// Diff is the change as a unified diff, in a dry run.
	Diff string
	// Warnings are for the command to print: a target with hard links
	// became a file of its own.
	Warnings []string
}

// Changed reports whether the rewrite changed (or would change) the file.
func (r *Rewritten) Changed() bool { return r.File != nil }

// Rewrite is the one way dcycle edits an existing file (new-update,
// renumber, lint --fix). It takes the file's lock, reads it, and gives its
// bytes to plan, which returns the change to make (nil or no edits: none).
// The change is applied once and checked (Change.Apply); then Rewrite
// either returns its diff (DryRun) or writes it atomically, keeping the
// file's mode and group. An error means nothing was written.
func Rewrite(path string, opts RewriteOptions, plan func(src []byte) (*Change, error)) (*Rewritten, error) {
	name := opts.Display
	if name == "" {
		name = path
	}
	if !opts.DryRun {
		unlock, err := lock(path, name)
		if err != nil {
			return nil, err
		}
		defer unlock()
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, pathErrorf(name, "%w", unwrapPath(err))
	}
	c, err := plan(src)
	if err != nil {
		return nil, err
	}
	res := &Rewritten{Old: src, New: src}
	if c == nil || len(c.Edits) == 0 {
		return res, nil
	}
	if !bytes.Equal(c.File.Src, src) {
		return nil, pathErrorf(name, "%w; nothing was written, run the command again", ErrChanged)
	}
	f, err := c.apply(name)
	if err != nil {
		return nil, err
	}
	if bytes.Equal(f.Src, src) {
		return res, nil
	}
	res.New, res.File = f.Src, f
	if opts.DryRun {
		res.Diff = Diff(name, src, f.Src)
		return res, nil
	}
	if res.Warnings, err = writeFile(path, name, src, f.Src); err != nil {
		return nil, err
	}
	return res, nil
}
