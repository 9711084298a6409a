package realdrupal

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The quick starts, followed literally on real sites: the commands are read
// from the pages' console sessions (so the pages and this test cannot drift
// apart), run in the site's root with the dcycle binary, and must print what
// the pages show. After init the new module is enabled; after each
// new-update, updb must run exactly the new update. At the end a fresh
// site enabling the whole module must equal the site that followed the
// page.
func TestQuickStartsOnRealSites(t *testing.T) {
	t.Parallel()
	for _, page := range []struct {
		file string
		core int
	}{
		{"quickstart-drupal7.md", 7},
		{"quickstart-drupal10.md", 10},
	} {
		t.Run(page.file, func(t *testing.T) {
			t.Parallel()
			followQuickStart(t, filepath.Join("..", "..", "docs", page.file), page.core)
		})
	}
}

// sessionStep is one "$ " line of a console block and what the page shows
// it prints.
type sessionStep struct {
	where, line, want string
}

// consoleSteps reads the console blocks of a Markdown page, in order.
func consoleSteps(t *testing.T, path string) []sessionStep {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var steps []sessionStep
	inConsole, inBlock := false, false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case !inBlock && strings.HasPrefix(line, "```"):
			inBlock, inConsole = true, line == "```console"
		case inBlock && line == "```":
			inBlock, inConsole = false, false
		case inConsole:
			if cmd, ok := strings.CutPrefix(line, "$ "); ok {
				steps = append(steps, sessionStep{where: filepath.Base(path) + ":" + strconv.Itoa(n), line: cmd})
			} else if len(steps) > 0 {
				steps[len(steps)-1].want += line + "\n"
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return steps
}

// printedFunction is the first line new-update prints: the new function
// and where it is.
var printedFunction = regexp.MustCompile(`^(\w+_update_\d+) `)

// enableHint is init's last line, naming the module to enable.
var enableHint = regexp.MustCompile(`(?m)^next: enable (\w+) on a new site`)

func followQuickStart(t *testing.T, page string, core int) {
	steps := consoleSteps(t, page)
	if len(steps) < 5 {
		t.Fatalf("%s: %d commands in console sessions; the page should hold the whole session", page, len(steps))
	}
	site := bases.Copy(t, core)
	dir := ""
	module := ""
	inits, updates := 0, 0
	for _, step := range steps {
		words := strings.Fields(step.line)
		switch {
		case words[0] == "cd" && dir == "":
			// The page starts in its fixture; on a real site, in its root.
			dir = site.Dir
			continue
		case words[0] == "cd":
			dir = filepath.Join(dir, words[1])
			continue
		case words[0] == "git", words[0] == "dcycle" && len(words) > 1 && (words[1] == "install-hook" || words[1] == "verify"):
			// The hook and version control are the docs test's business, in
			// its fixture; verify builds sites of its own, and has its own
			// tests on these codebases. Neither changes the site.
			continue
		case words[0] != "dcycle":
			t.Fatalf("%s: this test cannot run %q", step.where, step.line)
		case dir == "":
			t.Fatalf("%s: a dcycle command before the session's cd", step.where)
		}
		got := shell(t, dir, step.line)
		if got != step.want {
			t.Errorf("%s: $ %s\ngot:\n%s\nthe page shows:\n%s", step.where, step.line, got, step.want)
		}
		switch words[1] {
		case "init":
			m := enableHint.FindStringSubmatch(got)
			if m == nil {
				t.Fatalf("%s: init named no module to enable", step.where)
			}
			module = m[1]
			site.Must(t, "enable.php", module)
			inits++
		case "new-update":
			m := printedFunction.FindStringSubmatch(got)
			if m == nil {
				t.Fatalf("%s: new-update printed no function", step.where)
			}
			r := site.Run(t, "updb.php", nil)
			if r.Exit != 0 || r.Stdout != m[1]+"\n" {
				t.Errorf("%s: updb after $ %s: exit %d, ran %q, want exactly %s\n%s", step.where, step.line, r.Exit, r.Stdout, m[1], r.Stderr)
			}
			updates++
		}
	}
	if inits != 1 || updates < 2 {
		t.Fatalf("%s: the session ran init %d times and new-update %d times; it should show one init and the updates", page, inits, updates)
	}

	fresh := bases.Copy(t, core)
	copyDir(t, filepath.Join(site.ModulesDir(), module), filepath.Join(fresh.ModulesDir(), module))
	fresh.Must(t, "enable.php", module)
	if diff := cmp.Diff(fresh.State(t), site.State(t)); diff != "" {
		t.Errorf("the site that followed the page differs from a fresh one (-fresh +followed):\n%s", diff)
	}
}

// shell runs a command line of the page with bash, literally, in dir, with
// the dcycle binary first on PATH and no colour, and returns what it
// printed (stdout, then stderr).
func shell(t *testing.T, dir, line string) string {
	t.Helper()
	cmd := exec.Command("bash", "-c", line)
	cmd.Dir = dir
	cmd.Env = append(cleanEnv(), "PATH="+filepath.Dir(dcyclePath(t))+string(os.PathListSeparator)+os.Getenv("PATH"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Errorf("$ %s: %v\n%s%s", line, err, stdout.String(), stderr.String())
	}
	return stdout.String() + stderr.String()
}
