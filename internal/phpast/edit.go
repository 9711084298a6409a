package phpast

import (
	"fmt"
	"sort"
)

// Edit replaces the bytes [Start, End) of a source with New. Start == End
// inserts.
type Edit struct {
	Start, End int
	New        string
}

// Insert returns an edit that inserts text at offset.
func Insert(offset int, text string) Edit { return Edit{Start: offset, End: offset, New: text} }

// Replace returns an edit that replaces span with text.
func Replace(s Span, text string) Edit { return Edit{Start: s.Start, End: s.End, New: text} }

// Apply applies edits to src in one pass and returns a new slice; src is not
// modified. Edits are sorted stably by start then end, so two insertions at
// the same offset keep their order and an insertion at the start of a
// replaced range goes before it, whatever the order they were given in. An
// edit out of range, or two edits that overlap, is an error: an edit is
// never dropped.
func Apply(src []byte, edits []Edit) ([]byte, error) {
	sorted := make([]Edit, len(edits))
	copy(sorted, edits)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].Start != sorted[j].Start {
			return sorted[i].Start < sorted[j].Start
		}
		return sorted[i].End < sorted[j].End
	})
	size := len(src)
	last := 0
	for i, e := range sorted {
		if e.Start < 0 || e.End < e.Start || e.End > len(src) {
			return nil, fmt.Errorf("edit [%d,%d) out of range 0..%d", e.Start, e.End, len(src))
		}
		if e.Start < last {
			return nil, fmt.Errorf("edit [%d,%d) overlaps edit [%d,%d)", e.Start, e.End, sorted[i-1].Start, sorted[i-1].End)
		}
		last = e.End
		size += len(e.New) - (e.End - e.Start)
	}
	out := make([]byte, 0, size)
	pos := 0
	for _, e := range sorted {
		out = append(out, src[pos:e.Start]...)
		out = append(out, e.New...)
		pos = e.End
	}
	out = append(out, src[pos:]...)
	if len(out) != size {
		return nil, fmt.Errorf("applied edits produced %d bytes, want %d", len(out), size)
	}
	return out, nil
}
