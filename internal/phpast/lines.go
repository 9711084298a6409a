package phpast

import "sort"

// LineIndex converts byte offsets of one file to 1-based line and column
// (columns count bytes, as gopls' Mapper and compilers do).
type LineIndex struct {
	starts []int // byte offset where each line starts
	size   int
}

// NewLineIndex indexes src. Only "\n" ends a line, so CRLF files get the same
// line numbers as PHP reports.
func NewLineIndex(src []byte) *LineIndex {
	starts := make([]int, 1, len(src)/32+1)
	for i, b := range src {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &LineIndex{starts: starts, size: len(src)}
}

// Position returns the 1-based line and column of offset, clamped to the file.
func (x *LineIndex) Position(offset int) (line, col int) {
	if offset < 0 {
		offset = 0
	}
	if offset > x.size {
		offset = x.size
	}
	i := sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > offset }) - 1
	return i + 1, offset - x.starts[i] + 1
}

// Offset returns the byte offset of a 1-based line and column, clamped.
func (x *LineIndex) Offset(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(x.starts) {
		return x.size
	}
	off := x.starts[line-1] + col - 1
	if off > x.size {
		off = x.size
	}
	return off
}

// LineStart returns the offset where a 1-based line begins.
func (x *LineIndex) LineStart(line int) int { return x.Offset(line, 1) }

// Lines is the number of lines.
func (x *LineIndex) Lines() int { return len(x.starts) }
