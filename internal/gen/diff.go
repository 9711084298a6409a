package gen

import (
	udiff "github.com/aymanbagabas/go-udiff"
)

// diffContext is the number of unchanged lines shown around a change, as
// diff -u does.
const diffContext = 3

// Diff renders the change from old to new as a unified diff of path, with
// the a/ and b/ prefixes that git apply and patch -p1 read. Lines are cut
// after "\n" alone, so a CRLF file's diff keeps its "\r". Identical inputs
// give "".
func Diff(path string, old, new []byte) string {
	a, b := string(old), string(new)
	out, err := udiff.ToUnified("a/"+path, "b/"+path, a, udiff.Lines(a, b), diffContext)
	if err != nil {
		// Lines returns edits of a itself, in order: ToUnified cannot
		// reject them. Fall back to replacing the whole file rather than
		// print nothing.
		out, _ = udiff.ToUnified("a/"+path, "b/"+path, a, []udiff.Edit{{Start: 0, End: len(a), New: b}}, diffContext)
	}
	return out
}
