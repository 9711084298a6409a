package gen

import (
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"
)

// diffContext is the number of unchanged lines shown around a change, as
// diff -u does.
const diffContext = 3

// Diff renders the change from old to new as a unified diff of path, with
// the a/ and b/ prefixes that git apply and patch -p1 read. Lines are cut
// after "\n" alone, so a CRLF file's diff keeps its "\r". Identical inputs
// give "".
//
// The lines both files start and end with are set aside before the line
// diff runs: dcycle's edits touch a few lines of files of thousands.
func Diff(path string, old, new []byte) string {
	a, b := string(old), string(new)
	head := commonHead(a, b)
	tail := commonTail(a[head:], b[head:])
	edits := udiff.Lines(a[head:len(a)-tail], b[head:len(b)-tail])
	for i := range edits {
		edits[i].Start += head
		edits[i].End += head
	}
	out, err := udiff.ToUnified("a/"+path, "b/"+path, a, edits, diffContext)
	if err != nil {
		// Lines returns ordered edits within a: ToUnified cannot reject
		// them. Replace the whole file rather than print nothing.
		out, _ = udiff.ToUnified("a/"+path, "b/"+path, a, []udiff.Edit{{Start: 0, End: len(a), New: b}}, diffContext)
	}
	return out
}

// commonHead is the length of the whole lines a and b start with.
func commonHead(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return strings.LastIndexByte(a[:n], '\n') + 1
}

// commonTail is the length of the whole lines a and b end with.
func commonTail(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	// The shared text must start a line in both: it does after a "\n" of
	// its own, or where both files start.
	tail := a[len(a)-n:]
	if n == len(a) && n == len(b) {
		return n
	}
	if i := strings.IndexByte(tail, '\n'); i >= 0 {
		return n - i - 1
	}
	return 0
}
