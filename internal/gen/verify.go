package gen

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/dcycle/dcycle/internal/phpast"
)

// Verify re-parses updated, the result of applying edits to old.Src, and
// checks what every command that writes PHP promises (see Change.Apply):
// the file parses, every byte outside the edits is unchanged, every update
// function of old is still there byte for byte, every other function the
// edits do not touch too, no function is declared twice, and each function
// named in want exists. It returns the parsed result.
func Verify(old *phpast.File, updated []byte, edits []phpast.Edit, opts phpast.Options, want ...string) (*phpast.File, error) {
	c := &Change{File: old, Edits: edits, Options: opts, Want: want}
	return c.verify(updated, old.Path)
}

// verify checks updated, the result of c's edits, naming the file name in
// its errors.
func (c *Change) verify(updated []byte, name string) (*phpast.File, error) {
	old, edits := c.File, c.Edits
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%s: %s; nothing was written", name, fmt.Sprintf(format, args...))
	}
	if err := outsideUnchanged(old.Src, updated, edits); err != nil {
		return nil, fail("%v", err)
	}
	f := c.Parsed
	if f == nil || !bytes.Equal(f.Src, updated) {
		var err error
		f, err = phpast.ParseFile(old.Path, updated, c.Options)
		if err != nil {
			var perr *phpast.Error
			if errors.As(err, &perr) {
				return nil, fail("the edited file would not parse: line %d, column %d: %s", perr.Line, perr.Col, perr.Msg)
			}
			return nil, fail("the edited file would not parse: %v", err)
		}
	}
	byName := make(map[string][]*phpast.Function, len(f.Functions))
	for _, fn := range f.Functions {
		key := strings.ToLower(fn.Name)
		byName[key] = append(byName[key], fn)
	}
	before := make(map[string]int, len(old.Functions))
	for _, fn := range old.Functions {
		before[strings.ToLower(fn.Name)]++
		touched := touches(fn.Span, edits)
		mayChange := c.MayChange != nil && c.MayChange(fn)
		if fn.Kind == phpast.KindUpdate && touched && !mayChange {
			return nil, fail("an edit would change %s, an update that may have run already", fn.Name)
		}
		if touched {
			continue
		}
		text := old.Src[fn.Span.Start:fn.Span.End]
		found := false
		for _, nf := range byName[strings.ToLower(fn.Name)] {
			if bytes.Equal(updated[nf.Span.Start:nf.Span.End], text) {
				found = true
				break
			}
		}
		if !found {
			return nil, fail("%s is not byte-identical after the edit", fn.Name)
		}
	}
	for _, name := range want(c.Want) {
		if n := len(byName[strings.ToLower(name)]); n != 1 {
			return nil, fail("the edited file has %d functions named %s, want 1", n, name)
		}
	}
	// PHP refuses to load a file that declares a function twice: an edit
	// must not add the second one (a file that already had two keeps them).
	for _, fn := range f.Functions {
		key := strings.ToLower(fn.Name)
		if n := len(byName[key]); n > 1 && n > before[key] {
			return nil, fail("the edited file declares %s %d times", fn.Name, n)
		}
	}
	if c.Check != nil {
		if err := c.Check(f); err != nil {
			return nil, fail("%v", err)
		}
	}
	return f, nil
}

// want returns names sorted, so that the first missing one reported does
// not depend on the caller's order.
func want(names []string) []string {
	out := append([]string(nil), names...)
	sort.Strings(out)
	return out
}

// touches reports whether an edit changes bytes inside span, or inserts
// strictly inside it.
func touches(span phpast.Span, edits []phpast.Edit) bool {
	for _, e := range edits {
		if e.Start < span.End && e.End > span.Start {
			return true
		}
		if e.Start == e.End && e.Start > span.Start && e.Start < span.End {
			return true
		}
	}
	return false
}

// outsideUnchanged checks that updated is src with each edit's range
// replaced by its text and nothing else: the bytes between edits are equal,
// in order. It is written apart from phpast.Apply, so that it checks it.
func outsideUnchanged(src, updated []byte, edits []phpast.Edit) error {
	sorted := make([]phpast.Edit, len(edits))
	copy(sorted, edits)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Start < sorted[j].Start })
	in, out := 0, 0
	for _, e := range sorted {
		if e.Start < in || e.End < e.Start || e.End > len(src) {
			return fmt.Errorf("edit [%d,%d) is out of range or overlaps another", e.Start, e.End)
		}
		keep := src[in:e.Start]
		if !bytes.HasPrefix(updated[out:], keep) {
			return fmt.Errorf("bytes %d..%d changed outside the edits", in, e.Start)
		}
		out += len(keep)
		if !bytes.HasPrefix(updated[out:], []byte(e.New)) {
			return fmt.Errorf("edit at byte %d was not applied as planned", e.Start)
		}
		out += len(e.New)
		in = e.End
	}
	if !bytes.Equal(updated[out:], src[in:]) {
		return fmt.Errorf("bytes from %d to the end changed outside the edits", in)
	}
	return nil
}
