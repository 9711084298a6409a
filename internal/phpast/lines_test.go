package phpast

import (
	"strings"
	"testing"
)

func TestLineIndexPositions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		// at holds offset → "line:col" expectations.
		at    map[int][2]int
		lines int
	}{
		{"empty", "", map[int][2]int{0: {1, 1}, -5: {1, 1}, 9: {1, 1}}, 1},
		{"no final newline", "ab\ncd", map[int][2]int{0: {1, 1}, 2: {1, 3}, 3: {2, 1}, 4: {2, 2}, 5: {2, 3}, 99: {2, 3}}, 2},
		{"final newline", "ab\n", map[int][2]int{2: {1, 3}, 3: {2, 1}}, 2},
		{"crlf", "a\r\nb\r\n", map[int][2]int{0: {1, 1}, 1: {1, 2}, 2: {1, 3}, 3: {2, 1}, 5: {2, 3}, 6: {3, 1}}, 3},
		{"lone cr is not a line end", "a\rb\n", map[int][2]int{2: {1, 3}, 4: {2, 1}}, 2},
		{"bom counts as bytes", "\xef\xbb\xbf<?php\n", map[int][2]int{3: {1, 4}, 9: {2, 1}}, 2},
		{"blank lines", "\n\n\n", map[int][2]int{0: {1, 1}, 1: {2, 1}, 2: {3, 1}, 3: {4, 1}}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			x := NewLineIndex([]byte(tt.src))
			for off, want := range tt.at {
				if line, col := x.Position(off); line != want[0] || col != want[1] {
					t.Errorf("Position(%d) = %d:%d, want %d:%d", off, line, col, want[0], want[1])
				}
			}
			if x.Lines() != tt.lines {
				t.Errorf("Lines() = %d, want %d", x.Lines(), tt.lines)
			}
		})
	}
}

// TestLineIndexRoundTrip converts every offset, the end of the file
// included, to line:col and back.
func TestLineIndexRoundTrip(t *testing.T) {
	t.Parallel()
	for _, src := range []string{
		"",
		"x",
		"<?php\n\nfunction f() {\n  return 1;\n}\n",
		"\xef\xbb\xbf<?php\r\nfunction f() {\r\n}\r\n?>\r\n",
		"no newline at all",
		"\n\n",
		"tabs\tand\x00\xe9 bytes\n" + strings.Repeat("long ", 1000),
	} {
		x := NewLineIndex([]byte(src))
		for off := 0; off <= len(src); off++ {
			line, col := x.Position(off)
			if back := x.Offset(line, col); back != off {
				t.Errorf("%q: Offset(Position(%d) = %d:%d) = %d", src, off, line, col, back)
			}
			if x.LineStart(line) != off-(col-1) {
				t.Errorf("%q: LineStart(%d) = %d, want %d", src, line, x.LineStart(line), off-(col-1))
			}
		}
	}
}

func TestLineIndexOffsetClamps(t *testing.T) {
	t.Parallel()
	x := NewLineIndex([]byte("ab\ncd\n"))
	tests := []struct{ line, col, want int }{
		{0, 1, 0},
		{-3, 7, 0},
		{1, 1, 0},
		{2, 2, 4},
		{3, 1, 6},
		{4, 1, 6},
		{2, 99, 6},
	}
	for _, tt := range tests {
		if got := x.Offset(tt.line, tt.col); got != tt.want {
			t.Errorf("Offset(%d, %d) = %d, want %d", tt.line, tt.col, got, tt.want)
		}
	}
}
