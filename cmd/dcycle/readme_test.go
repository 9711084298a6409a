package main

import (
	"bufio"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readmeSession is one ```console block of README.md: commands typed after
// "$ " and the output expected after each.
type readmeSession struct {
	line  int // where the block starts, for messages
	steps []readmeStep
}

type readmeStep struct {
	command string
	output  string
}

func readmeBlocks(t *testing.T) (console []readmeSession, shell []string) {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	var fence string
	var cur *readmeSession
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case fence == "" && strings.HasPrefix(line, "```"):
			fence = strings.TrimPrefix(line, "```")
			if fence == "console" {
				console = append(console, readmeSession{line: n})
				cur = &console[len(console)-1]
			}
			if fence == "" {
				fence = "text"
			}
		case fence != "" && line == "```":
			fence, cur = "", nil
		case cur != nil && strings.HasPrefix(line, "$ "):
			cur.steps = append(cur.steps, readmeStep{command: strings.TrimPrefix(line, "$ ")})
		case cur != nil && len(cur.steps) > 0:
			cur.steps[len(cur.steps)-1].output += line + "\n"
		case fence == "sh" && strings.HasPrefix(line, "go run ./cmd/dcycle "):
			shell = append(shell, strings.TrimPrefix(line, "go run ./cmd/dcycle "))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return console, shell
}

// copyTestdata copies testdata/modules into a fresh folder laid out like the
// repository, so README examples that write files leave the fixtures alone.
func copyTestdata(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	src := modulesDir(t)
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		dst := filepath.Join(root, "testdata", "modules", rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// TestReadmeExamples runs every command of README.md's console blocks and
// compares what it prints with what the README shows, so the README cannot
// drift from the tool.
func TestReadmeExamples(t *testing.T) {
	t.Parallel()
	console, shell := readmeBlocks(t)
	if len(console) == 0 || len(shell) == 0 {
		t.Fatalf("README.md has %d console blocks and %d go run commands; expected some of each", len(console), len(shell))
	}
	for _, session := range console {
		dir := copyTestdata(t)
		for _, step := range session.steps {
			args := strings.Fields(step.command)
			switch args[0] {
			case "cd":
				dir = filepath.Join(dir, args[1])
				continue
			case "dcycle":
			default:
				t.Errorf("README.md:%d: cannot run %q", session.line, step.command)
				continue
			}
			r := runCLI(t, dir, args[1:]...)
			if got := r.stdout + r.stderr; got != step.output {
				t.Errorf("README.md:%d: $ %s\ngot:\n%s\nREADME shows:\n%s", session.line, step.command, got, step.output)
			}
		}
	}
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	for _, command := range shell {
		r := runCLI(t, repo, strings.Fields(command)...)
		if r.code != 0 || r.stdout == "" {
			t.Errorf("README: go run ./cmd/dcycle %s: exit %d, stdout %q, stderr %q", command, r.code, r.stdout, r.stderr)
		}
	}
}
