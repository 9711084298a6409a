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
// checks what every command that writes PHP promises: the file parses, every
// byte outside the edits is unchanged, every update function of old is still
// there byte for byte, every other function the edits do not touch too, and
// each function named in want exists. It returns the parsed result.
func Verify(old *phpast.File, updated []byte, edits []phpast.Edit, opts phpast.Options, want ...string) (*phpast.File, error) {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%s: %s; nothing was written", old.Path, fmt.Sprintf(format, args...))
	}
	if err := outsideUnchanged(old.Src, updated, edits); err != nil {
		return nil, fail("%v", err)
	}
	f, err := phpast.ParseFile(old.Path, updated, opts)
	if err != nil {
		var perr *phpast.Error
		if errors.As(err, &perr) {
			return nil, fail("the edited file would not parse: line %d, column %d: %s", perr.Line, perr.Col, perr.Msg)
		}
		return nil, fail("the edited file would not parse: %v", err)
	}
	byName := make(map[string][]*phpast.Function, len(f.Functions))
	for _, fn := range f.Functions {
		key := strings.ToLower(fn.Name)
		byName[key] = append(byName[key], fn)
	}
	for _, fn := range old.Functions {
		touched := touches(fn.Span, edits)
		if fn.Kind == phpast.KindUpdate && touched {
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
	for _, name := range want {
		if len(byName[strings.ToLower(name)]) != 1 {
			return nil, fail("the edited file has %d functions named %s, want 1", len(byName[strings.ToLower(name)]), name)
		}
	}
	return f, nil
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
// in order.
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
