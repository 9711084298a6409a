package gen

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, old, new, want string
	}{
		{name: "identical", old: "a\nb\n", new: "a\nb\n", want: ""},
		{
			name: "append at the end", old: "a\nb\nc\nd\ne\n", new: "a\nb\nc\nd\ne\nf\n",
			want: "--- a/m.install\n+++ b/m.install\n@@ -3,3 +3,4 @@\n c\n d\n e\n+f\n",
		},
		{
			name: "insert at the start", old: "a\nb\n", new: "x\na\nb\n",
			want: "--- a/m.install\n+++ b/m.install\n@@ -1,2 +1,3 @@\n+x\n a\n b\n",
		},
		{
			name: "into an empty file", old: "", new: "x\n",
			want: "--- a/m.install\n+++ b/m.install\n@@ -0,0 +1 @@\n+x\n",
		},
		{
			name: "replace in the middle", old: "1\n2\n3\n4\n5\n6\n7\n8\n9\n", new: "1\n2\n3\n4\nfive\n6\n7\n8\n9\n",
			want: "--- a/m.install\n+++ b/m.install\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n",
		},
		{
			name: "two hunks far apart", old: "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", new: "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n",
			want: "--- a/m.install\n+++ b/m.install\n@@ -1,3 +1,4 @@\n+0\n 1\n 2\n 3\n@@ -10,3 +11,4 @@\n 10\n 11\n 12\n+13\n",
		},
		{
			name: "no newline at the end", old: "a\nb", new: "a\nb\nc",
			want: "--- a/m.install\n+++ b/m.install\n@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n\\ No newline at end of file\n",
		},
		{
			// The new function's lines come after the closing brace the
			// files share, as a reader expects, not around it.
			name: "a function inserted after another", old: "<?php\nfunction a() {\n  x();\n}\n?>\n", new: "<?php\nfunction a() {\n  x();\n}\n\nfunction b() {\n  y();\n}\n?>\n",
			want: "--- a/m.install\n+++ b/m.install\n@@ -2,4 +2,8 @@\n function a() {\n   x();\n }\n+\n+function b() {\n+  y();\n+}\n ?>\n",
		},
		{
			name: "old is the end of new", old: "x\n", new: "y\nx\n",
			want: "--- a/m.install\n+++ b/m.install\n@@ -1 +1,2 @@\n+y\n x\n",
		},
		{
			name: "crlf kept", old: "a\r\nb\r\n", new: "a\r\nx\r\nb\r\n",
			want: "--- a/m.install\n+++ b/m.install\n@@ -1,2 +1,3 @@\n a\r\n+x\r\n b\r\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Diff("m.install", []byte(tt.old), []byte(tt.new)); got != tt.want {
				t.Errorf("Diff =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

var hunkHeader = regexp.MustCompile(`^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$`)

// applyUnified applies a unified diff to old, checking every context and
// removed line, and the counts in each hunk header.
func applyUnified(old, diff string) (string, error) {
	a := strings.SplitAfter(old, "\n")
	if a[len(a)-1] == "" {
		a = a[:len(a)-1]
	}
	lines := strings.SplitAfter(diff, "\n")
	var out []string
	next := 0
	for i := 2; i < len(lines) && lines[i] != ""; {
		m := hunkHeader.FindStringSubmatch(strings.TrimSuffix(lines[i], "\n"))
		if m == nil {
			return "", fmt.Errorf("line %d: not a hunk header: %q", i, lines[i])
		}
		start, _ := strconv.Atoi(m[1])
		aLen, bLen := 1, 1
		if m[2] != "" {
			aLen, _ = strconv.Atoi(m[2])
		}
		if m[4] != "" {
			bLen, _ = strconv.Atoi(m[4])
		}
		if aLen > 0 {
			start--
		}
		out = append(out, a[next:start]...)
		next = start
		i++
		gotA, gotB := 0, 0
		for i < len(lines) && lines[i] != "" && !strings.HasPrefix(lines[i], "@@") {
			l := lines[i]
			text := l[1:]
			if i+1 < len(lines) && lines[i+1] == "\\ No newline at end of file\n" {
				text = strings.TrimSuffix(text, "\n")
				i++
			}
			switch l[0] {
			case ' ', '-':
				if next >= len(a) || a[next] != text {
					return "", fmt.Errorf("hunk line %q does not match old line %d", l, next+1)
				}
				next++
				gotA++
				if l[0] == ' ' {
					out = append(out, text)
					gotB++
				}
			case '+':
				out = append(out, text)
				gotB++
			}
			i++
		}
		if gotA != aLen || gotB != bLen {
			return "", fmt.Errorf("hunk %s counts %d,%d lines", m[0], gotA, gotB)
		}
	}
	out = append(out, a[next:]...)
	return strings.Join(out, ""), nil
}

// Random edits of random files: the diff, applied, gives the new file.
func TestDiffRoundTrip(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"a\n", "b\n", "}\n", "\n", "function x() {\n", "c"}
	for round := 0; round < 500; round++ {
		var old []string
		for n := rng.IntN(30); n > 0; n-- {
			old = append(old, words[rng.IntN(len(words)-1)])
		}
		var new []string
		for _, l := range old {
			switch rng.IntN(8) {
			case 0:
				continue
			case 1:
				new = append(new, words[rng.IntN(len(words)-1)])
			}
			new = append(new, l)
		}
		if rng.IntN(4) == 0 {
			new = append(new, words[len(words)-1])
		}
		o, n := strings.Join(old, ""), strings.Join(new, "")
		d := Diff("f", []byte(o), []byte(n))
		got, err := applyUnified(o, d)
		if err != nil || got != n {
			t.Fatalf("round %d: %v\nold %q\nnew %q\ndiff:\n%s\napplied %q", round, err, o, n, d, got)
		}
	}
}

// patch(1), when present, accepts the diff of a real edit.
func TestDiffAppliesWithPatch(t *testing.T) {
	t.Parallel()
	patch, err := exec.LookPath("patch")
	if err != nil {
		t.Skip("patch not found")
	}
	m := module(t, "m", 7, "<?php\nfunction m_install() {\n  m_update_7001();\n}\n\nfunction m_update_7001() {}\n")
	res, err := NewUpdate(m, mustRequest(t, "#1 add"), builtin)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "m.install")
	if err := os.WriteFile(file, res.Old, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(patch, "-s", "-p1")
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(Diff("m.install", res.Old, res.New))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("patch: %v\n%s", err, out)
	}
	if got, _ := os.ReadFile(file); string(got) != string(res.New) {
		t.Errorf("patched file differs from the result:\n%s", got)
	}
}
