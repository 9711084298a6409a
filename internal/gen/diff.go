package gen

import (
	"bytes"
	"fmt"
	"strings"
)

// diffContext is the number of unchanged lines shown around a change, as
// diff -u does.
const diffContext = 3

// Diff renders the change from old to new as a unified diff of path, the
// format git apply and patch read. Line endings are kept as they are, so a
// CRLF file's diff shows its "\r". Identical inputs give "".
func Diff(path string, old, new []byte) string {
	a, b := splitLines(old), splitLines(new)
	ops := diffLines(a, b)
	var out strings.Builder
	for _, h := range hunks(ops, len(a), len(b)) {
		if out.Len() == 0 {
			fmt.Fprintf(&out, "--- a/%s\n+++ b/%s\n", path, path)
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(h.aStart, h.aLen), hunkRange(h.bStart, h.bLen))
		for _, op := range ops[h.from:h.to] {
			var line string
			switch op.kind {
			case ' ':
				line = a[op.a]
			case '-':
				line = a[op.a]
			case '+':
				line = b[op.b]
			}
			out.WriteByte(op.kind)
			out.WriteString(line)
			if !strings.HasSuffix(line, "\n") {
				out.WriteString("\n\\ No newline at end of file\n")
			}
		}
	}
	return out.String()
}

// splitLines cuts src after each "\n", keeping it; a last line without one
// is kept too.
func splitLines(src []byte) []string {
	var lines []string
	for len(src) > 0 {
		i := bytes.IndexByte(src, '\n')
		if i < 0 {
			lines = append(lines, string(src))
			break
		}
		lines = append(lines, string(src[:i+1]))
		src = src[i+1:]
	}
	return lines
}

// lineOp is one line of the edit script: ' ' kept, '-' removed from a, '+'
// added from b; a and b index the lines.
type lineOp struct {
	kind byte
	a, b int
}

// diffLines is Myers' O(ND) shortest edit script between two line lists.
// The edits dcycle makes are a few dozen lines in files of thousands, so D
// is small and so is the trace kept for the backtrack. Common head and tail
// are stripped first.
func diffLines(a, b []string) []lineOp {
	head := 0
	for head < len(a) && head < len(b) && a[head] == b[head] {
		head++
	}
	tail := 0
	for tail < len(a)-head && tail < len(b)-head && a[len(a)-1-tail] == b[len(b)-1-tail] {
		tail++
	}
	ops := make([]lineOp, 0, len(a)+len(b)-head-tail)
	for i := 0; i < head; i++ {
		ops = append(ops, lineOp{' ', i, i})
	}
	ops = append(ops, myers(a[head:len(a)-tail], b[head:len(b)-tail], head)...)
	for i := tail; i > 0; i-- {
		ops = append(ops, lineOp{' ', len(a) - i, len(b) - i})
	}
	return ops
}

func myers(a, b []string, offset int) []lineOp {
	n, m := len(a), len(b)
	maxD := n + m
	if maxD == 0 {
		return nil
	}
	v := make([]int, 2*maxD+3)
	var trace [][]int
	at := func(k int) int { return k + maxD + 1 }
found:
	for d := 0; d <= maxD; d++ {
		snapshot := make([]int, 2*d+3)
		copy(snapshot, v[at(-d-1):at(d+1)+1])
		trace = append(trace, snapshot)
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[at(k-1)] < v[at(k+1)]) {
				x = v[at(k+1)]
			} else {
				x = v[at(k-1)] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[at(k)] = x
			if x >= n && y >= m {
				break found
			}
		}
	}
	// Backtrack through the snapshots (each taken before its round, so
	// snapshot d holds the furthest points of round d-1).
	var rev []lineOp
	x, y := n, m
	for d := len(trace) - 1; d > 0; d-- {
		prev := trace[d]
		get := func(k int) int { return prev[k+d+1] }
		k := x - y
		var prevK int
		if k == -d || (k != d && get(k-1) < get(k+1)) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := get(prevK)
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x--
			y--
			rev = append(rev, lineOp{' ', x + offset, y + offset})
		}
		if x == prevX {
			y--
			rev = append(rev, lineOp{'+', x + offset, y + offset})
		} else {
			x--
			rev = append(rev, lineOp{'-', x + offset, y + offset})
		}
	}
	for x > 0 && y > 0 {
		x--
		y--
		rev = append(rev, lineOp{' ', x + offset, y + offset})
	}
	ops := make([]lineOp, len(rev))
	for i, op := range rev {
		ops[len(rev)-1-i] = op
	}
	return ops
}

// hunk is a run of ops[from:to] shown together, with its line ranges.
type hunk struct {
	from, to     int
	aStart, aLen int
	bStart, bLen int
}

// hunks groups the changes with diffContext lines around each, merging
// groups whose context touches.
func hunks(ops []lineOp, na, nb int) []hunk {
	var out []hunk
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		from := max(0, i-diffContext)
		end := i
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run == len(ops) || run-end > 2*diffContext {
				end = min(run, end+diffContext)
				break
			}
			end = run
		}
		h := hunk{from: from, to: end}
		h.aStart, h.bStart = -1, -1
		for _, op := range ops[from:end] {
			if op.kind != '+' {
				if h.aStart < 0 {
					h.aStart = op.a
				}
				h.aLen++
			}
			if op.kind != '-' {
				if h.bStart < 0 {
					h.bStart = op.b
				}
				h.bLen++
			}
		}
		if h.aStart < 0 {
			h.aStart = ops[from].a
		}
		if h.bStart < 0 {
			h.bStart = ops[from].b
		}
		out = append(out, h)
		i = end
	}
	return out
}

// hunkRange renders "start,len" with start 1-based, and the position before
// an empty range as diff does.
func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if n == 1 {
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}
