package main

import (
	"bufio"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/dcycle/dcycle/internal/gittest"
	"github.com/dcycle/dcycle/internal/project"
)

// The documentation is tested, so that it cannot drift from the tool:
//
//   - a ```console block is a session: each "$ " line is run (cd, dcycle
//     in-process, git as a subprocess with dcycle on PATH for its hooks) and
//     what it prints must be exactly the lines that follow;
//   - every other dcycle command in a code block (sh, yaml, groovy) is run in
//     a fixture project and must exit 0 or 1: its flags and format exist;
//   - every yaml block parses, and a .dcycle.yml example loads as a config.

// docBlock is one fenced code block of a Markdown file.
type docBlock struct {
	file string
	line int
	lang string
	text []string
}

func (b docBlock) where() string { return b.file + ":" + strconv.Itoa(b.line) }

// docFiles are README.md and the pages of docs/ (not the generated rule
// pages, whose code blocks are PHP examples).
func docFiles(t *testing.T) []string {
	t.Helper()
	files := []string{filepath.Join("..", "..", "README.md")}
	pages, err := filepath.Glob(filepath.Join("..", "..", "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	return append(files, pages...)
}

func readBlocks(t *testing.T, path string) []docBlock {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	name := strings.TrimPrefix(filepath.ToSlash(path), "../../")
	var blocks []docBlock
	var cur *docBlock
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case cur == nil && strings.HasPrefix(line, "```"):
			blocks = append(blocks, docBlock{file: name, line: n, lang: strings.TrimPrefix(line, "```")})
			cur = &blocks[len(blocks)-1]
		case cur != nil && line == "```":
			cur = nil
		case cur != nil:
			cur.text = append(cur.text, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return blocks
}

// shellWords splits a command line as a POSIX shell would for the simple
// quoting the docs use.
func shellWords(line string) []string {
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	for _, r := range line {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '"' || r == '\'':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

// docsWorkspace copies testdata/ into a git repository whose origin/main is
// its first commit, so examples that write files or read history work.
func docsWorkspace(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	src, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		dst := filepath.Join(root, "testdata", rel)
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
	gittest.Need(t)
	gittest.Run(t, root, "init", "-q")
	gittest.Run(t, root, "add", ".")
	gittest.Run(t, root, "commit", "-qm", "fixtures")
	gittest.Run(t, root, "update-ref", "refs/remotes/origin/main", "HEAD")
	return root
}

// gitIn runs git in dir with binDir first on PATH and returns what it
// printed, for comparison with the docs; a failing git prints why.
func gitIn(t *testing.T, dir, binDir string, args ...string) string {
	t.Helper()
	gittest.Need(t)
	out, _ := gittest.Command(dir, binDir, args...).CombinedOutput()
	return string(out)
}

var (
	binaryOnce sync.Once
	binaryPath string
)

// sharedBinary builds dcycle once for all the sessions that commit through
// its hook.
func sharedBinary(t *testing.T) string {
	t.Helper()
	binaryOnce.Do(func() {
		dir, err := os.MkdirTemp("", "dcycle-docs-")
		if err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("go", "build", "-o", filepath.Join(dir, "dcycle"), ".").CombinedOutput()
		if err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
		binaryPath = filepath.Join(dir, "dcycle")
	})
	if binaryPath == "" {
		t.Fatal("dcycle could not be built")
	}
	return binaryPath
}

// TestDocsConsoleSessions runs the console blocks of each page in order, in
// one workspace: a page is one session, told in several blocks.
func TestDocsConsoleSessions(t *testing.T) {
	t.Parallel()
	sessions := 0
	for _, file := range docFiles(t) {
		var console, php []docBlock
		for _, block := range readBlocks(t, file) {
			switch block.lang {
			case "console":
				console = append(console, block)
			case "php":
				php = append(php, block)
			}
		}
		if len(console) == 0 {
			continue
		}
		sessions++
		t.Run(console[0].file, func(t *testing.T) {
			t.Parallel()
			root := docsWorkspace(t)
			dir := root
			for _, block := range console {
				dir = runSession(t, block, dir)
			}
			// PHP shown on the page is what the session generated.
			for _, block := range php {
				if !workspaceHas(t, root, strings.Join(block.text, "\n")) {
					t.Errorf("%s: this PHP is in no file the session produced", block.where())
				}
			}
		})
	}
	if sessions < 3 {
		t.Fatalf("found %d pages with console sessions; expected the README and the quick starts", sessions)
	}
}

// workspaceHas reports whether some .install file below root contains text.
func workspaceHas(t *testing.T, root, text string) bool {
	t.Helper()
	found := false
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || found || d.IsDir() || !strings.HasSuffix(path, ".install") {
			return err
		}
		data, err := os.ReadFile(path)
		found = err == nil && strings.Contains(string(data), text)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// runSession runs one console block starting in dir and returns the folder
// it ends in.
func runSession(t *testing.T, block docBlock, dir string) string {
	var step *struct{ cmd, want string }
	var steps []struct{ cmd, want string }
	for _, line := range block.text {
		if cmd, ok := strings.CutPrefix(line, "$ "); ok {
			steps = append(steps, struct{ cmd, want string }{cmd: cmd})
			step = &steps[len(steps)-1]
			continue
		}
		if step == nil {
			t.Fatalf("%s: output before the first command", block.where())
		}
		step.want += line + "\n"
	}
	for _, s := range steps {
		words := shellWords(s.cmd)
		var got string
		switch words[0] {
		case "cd":
			dir = filepath.Join(dir, words[1])
			continue
		case "dcycle":
			r := runCLIEnv(t, dir, map[string]string{}, words[1:]...)
			got = r.stdout + r.stderr
		case "git":
			if testing.Short() {
				t.Skip("commits through the hook need the binary; skipped with -short")
			}
			got = gitIn(t, dir, filepath.Dir(sharedBinary(t)), words[1:]...)
		default:
			t.Fatalf("%s: the docs test cannot run %q", block.where(), s.cmd)
		}
		if got != s.want {
			t.Errorf("%s: $ %s\ngot:\n%s\nthe docs show:\n%s", block.where(), s.cmd, got, s.want)
		}
	}
	return dir
}

// dcycleCommand finds a dcycle invocation (vendor/bin/dcycle too) in a line
// of a sh, yaml, json or groovy block, up to a redirection, a pipe or the
// end of a quoted string.
var dcycleCommand = regexp.MustCompile(`(?:^|[\s'"]|vendor/bin/)dcycle ((?:[^'"\n|>&]|"[^"]*")*)`)

func TestDocsCommandsRun(t *testing.T) {
	t.Parallel()
	root := docsWorkspace(t)
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	ran := 0
	for _, file := range docFiles(t) {
		for _, block := range readBlocks(t, file) {
			if block.lang == "console" || block.lang == "" || block.lang == "text" || block.lang == "php" {
				continue
			}
			for i, line := range block.text {
				where := block.file + ":" + strconv.Itoa(block.line+1+i)
				if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "go run ./cmd/dcycle "); ok {
					ran++
					if r := runCLI(t, repo, shellWords(rest)...); r.code != 0 || r.stdout == "" {
						t.Errorf("%s: go run ./cmd/dcycle %s: exit %d\n%s", where, rest, r.code, r.stderr)
					}
					continue
				}
				m := dcycleCommand.FindStringSubmatch(line)
				if m == nil || strings.HasPrefix(strings.TrimSpace(line), "#") {
					continue
				}
				ran++
				args := shellWords(strings.TrimSpace(m[1]))
				// verify builds real Drupal sites, which the fixtures are not:
				// check its command line only (verify_test.go runs it on
				// Drupal).
				if args[0] == "verify" {
					args = append(args, "--help")
				}
				// procedure needs the PHP reset a project sets in its
				// .dcycle.yml, which the fixtures do not.
				if args[0] == "procedure" && !slices.Contains(args, "--reload") {
					args = append(args, "--reload", "true")
				}
				// Commands that name a composer layout run in the Drupal 10
				// fixture, the others in the Drupal 7 root.
				dir := filepath.Join(root, "testdata", "modules", "d7_root")
				if strings.Contains(line, "web/") {
					dir = filepath.Join(root, "testdata", "modules", "d10_site")
				}
				r := runCLI(t, dir, args...)
				if r.code != 0 && r.code != 1 {
					t.Errorf("%s: dcycle %s: exit %d\n%s", where, strings.Join(args, " "), r.code, r.stderr)
				}
				if args[0] == "completion" && (r.code != 0 || r.stdout == "") {
					t.Errorf("%s: dcycle %s printed no script", where, strings.Join(args, " "))
				}
			}
		}
	}
	if ran < 10 {
		t.Fatalf("found %d dcycle commands outside console sessions; the docs should have more", ran)
	}
}

func TestDocsYAMLParses(t *testing.T) {
	t.Parallel()
	for _, file := range append(docFiles(t), filepath.Join("..", "..", ".pre-commit-hooks.yaml")) {
		var blocks []docBlock
		if strings.HasSuffix(file, ".yaml") {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			blocks = []docBlock{{file: file, line: 1, lang: "yaml", text: strings.Split(string(data), "\n")}}
		} else {
			blocks = readBlocks(t, file)
		}
		for _, block := range blocks {
			if block.lang != "yaml" {
				continue
			}
			text := strings.Join(block.text, "\n")
			var v any
			if err := yaml.Unmarshal([]byte(text), &v); err != nil {
				t.Errorf("%s: %v", block.where(), err)
			}
			if strings.HasPrefix(text, "# .dcycle.yml") {
				path := filepath.Join(t.TempDir(), ".dcycle.yml")
				if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				if _, err := project.LoadConfig(path); err != nil {
					t.Errorf("%s: the .dcycle.yml example does not load: %v", block.where(), err)
				}
			}
		}
	}
}
