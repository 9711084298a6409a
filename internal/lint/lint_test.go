package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcycle/dcycle/internal/golden"
	"github.com/dcycle/dcycle/internal/phpast"
	"github.com/dcycle/dcycle/internal/project"
)

var (
	idPattern   = regexp.MustCompile(`^DC[0-9]{3}$`)
	wantPattern = regexp.MustCompile(`want (DC[0-9]{3}) "((?:[^"\\]|\\.)*)"`)
	// testHeader sets a case's module name and core major, and for DC014
	// its project root and config sync directory (relative to the folder
	// holding the case):
	// // dcycle-test: module=shop_deploy core=10 root=project sync=sync
	testHeader = regexp.MustCompile(`dcycle-test:((?:\s+\w+=\S+)+)`)
)

func TestRegistry(t *testing.T) {
	t.Parallel()
	ids, names := map[string]bool{}, map[string]bool{}
	prev := ""
	for _, r := range Registry() {
		t.Run(r.ID, func(t *testing.T) {
			if !idPattern.MatchString(r.ID) {
				t.Errorf("ID %q is not DCnnn", r.ID)
			}
			if !isKebab(r.Name) {
				t.Errorf("name %q is not kebab-case", r.Name)
			}
			if r.Severity == SeverityOff {
				t.Error("default severity is off")
			}
			d := r.Doc
			for field, v := range map[string]string{"Title": d.Title, "Why": d.Why, "Bad": d.Bad, "Good": d.Good, "Fix": d.Fix, "Since": d.Since} {
				if strings.TrimSpace(v) == "" {
					t.Errorf("doc %s is empty", field)
				}
			}
			if d.Bad == d.Good {
				t.Error("bad and good examples are the same")
			}
			if (r.Check == nil && r.CheckProcedure == nil) != (r.ID == "DC000" || r.ID == "DC099") {
				t.Errorf("only DC000 and DC099 are reported by the runner; Check set = %v", r.Check != nil)
			}
			for _, c := range []string{"fires", "clean"} {
				if findCase(t, r.ID, c) == "" {
					t.Errorf("testdata/%s has no %s case", r.ID, c)
				}
			}
			golden.Check(t, filepath.Join("..", "..", "docs", "rules", r.ID+".md"), []byte(r.Markdown()))
		})
		if ids[r.ID] || names[r.Name] {
			t.Errorf("%s %s is registered twice", r.ID, r.Name)
		}
		if r.ID <= prev {
			t.Errorf("%s comes after %s: the registry must be in ID order", r.ID, prev)
		}
		ids[r.ID], names[r.Name], prev = true, true, r.ID
		if Lookup(r.ID) != r {
			t.Errorf("Lookup(%s) does not return the rule", r.ID)
		}
	}
	docs, _ := filepath.Glob(filepath.Join("..", "..", "docs", "rules", "*.md"))
	for _, d := range docs {
		if id := strings.TrimSuffix(filepath.Base(d), ".md"); !ids[id] {
			t.Errorf("%s documents no registered rule", d)
		}
	}
}

// findCase returns testdata/ID/NAME.install, the folder testdata/ID/NAME,
// or for a procedure rule testdata/ID/NAME.sh or NAME.yml.
func findCase(t *testing.T, id, name string) string {
	t.Helper()
	for _, p := range []string{filepath.Join("testdata", id, name+".install"), filepath.Join("testdata", id, name), filepath.Join("testdata", id, name+".sh"), filepath.Join("testdata", id, name+".yml")} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

func TestRules(t *testing.T) {
	t.Parallel()
	for _, r := range Registry() {
		entries, _ := os.ReadDir(filepath.Join("testdata", r.ID))
		for _, e := range entries {
			if !e.IsDir() && filepath.Ext(e.Name()) != ".install" {
				continue // a golden of a fixed case
			}
			name := strings.TrimSuffix(e.Name(), ".install")
			fires := strings.HasPrefix(name, "fires")
			if !fires && !strings.HasPrefix(name, "clean") {
				continue
			}
			path := filepath.Join("testdata", r.ID, e.Name())
			t.Run(r.ID+"/"+name, func(t *testing.T) {
				t.Parallel()
				target := caseTarget(t, path)
				opts := caseOptions(t, path)
				opts.ConfigSync = caseSync(t, target, path)
				opts.KeepModules = true
				res, err := Run([]Target{target}, opts)
				if err != nil {
					t.Fatal(err)
				}
				files := []string{path}
				if e.IsDir() {
					files = filesIn(t, path)
				}
				checkWants(t, files, res.Findings)
				n := 0
				for _, f := range res.Findings {
					if f.Rule == r.ID {
						n++
					}
				}
				if fires && n == 0 {
					t.Errorf("%s does not fire on %s", r.ID, path)
				}
				if !fires && n > 0 {
					t.Errorf("%s fires %d times on %s", r.ID, n, path)
				}
				if fires {
					checkFixes(t, r, target, opts, res, name == "fires")
				}
			})
		}
	}
}

// checkFixes applies the fixes r's findings carry in a fires case, as
// --fix would, and compares each fixed file with FILE.golden; the fixed
// module no longer draws r. A fixable rule must offer a fix on its main
// fires case.
func checkFixes(t *testing.T, r *Rule, target Target, opts Options, res *Result, main bool) {
	t.Helper()
	byFile := map[*phpast.File][]Finding{}
	var files []*phpast.File
	for _, f := range res.Findings {
		if f.Rule != r.ID || f.Fix == nil {
			continue
		}
		if byFile[f.file] == nil {
			files = append(files, f.file)
		}
		byFile[f.file] = append(byFile[f.file], f)
	}
	if len(files) == 0 {
		if main && r.Fix != FixNone {
			t.Errorf("%s is fixable but offers no fix on its fires case", r.ID)
		}
		return
	}
	if r.Fix == FixNone {
		t.Errorf("%s offers fixes but its Fix safety is none", r.ID)
	}
	m := res.Modules[0]
	for _, file := range files {
		change, _, err := fixChange(m, file, file.Path, byFile[file])
		if err != nil {
			t.Fatal(err)
		}
		fixed, err := change.Apply()
		if err != nil {
			t.Fatal(err)
		}
		golden.Check(t, file.Path+".golden", fixed.Src)
		if file != m.Install {
			continue
		}
		again := target
		again.InstallPath = filepath.Join(t.TempDir(), filepath.Base(file.Path))
		if err := os.WriteFile(again.InstallPath, fixed.Src, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := Run([]Target{again}, opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Findings {
			if f.Rule == r.ID {
				t.Errorf("the fixed file still draws %s: %s", f.Location(), f.Message)
			}
		}
	}
}

func filesIn(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && filepath.Ext(e.Name()) != ".golden" {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out
}

// caseTarget builds the target of a test case: a lone .install read as
// example_deploy (Drupal 7) unless its header says otherwise, or a module
// folder holding one .install.
func caseTarget(t *testing.T, path string) Target {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	target := Target{Name: "example_deploy", InstallPath: path, LoneFile: true, Core: 7}
	if fi.IsDir() {
		installs, _ := filepath.Glob(filepath.Join(path, "*.install"))
		if len(installs) != 1 {
			t.Fatalf("%s: want one .install, found %d", path, len(installs))
		}
		target.InstallPath = installs[0]
		target.Name = strings.TrimSuffix(filepath.Base(installs[0]), ".install")
		target.LoneFile = false
		for _, ext := range []string{".info.yml", ".info"} {
			if info := filepath.Join(path, target.Name+ext); fileExists(info) {
				target.InfoPath = info
				break
			}
		}
	}
	src, err := os.ReadFile(target.InstallPath)
	if err != nil {
		t.Fatal(err)
	}
	if m := testHeader.FindSubmatch(src); m != nil {
		for _, kv := range strings.Fields(string(m[1])) {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "module":
				target.Name = v
			case "core":
				target.Core, err = strconv.Atoi(v)
				if err != nil {
					t.Fatalf("%s: bad core %q", path, v)
				}
			case "root":
				target.Root = filepath.Join(filepath.Dir(path), v)
			case "sync":
				// caseSync reads it into the options.
			default:
				t.Fatalf("%s: unknown test setting %q", path, k)
			}
		}
	}
	return target
}

// caseSync is the config sync directory a case's header names with
// sync=DIR, as .dcycle.yml's config_sync: would; "" for none.
func caseSync(t *testing.T, target Target, path string) string {
	t.Helper()
	src, err := os.ReadFile(target.InstallPath)
	if err != nil {
		t.Fatal(err)
	}
	if m := testHeader.FindSubmatch(src); m != nil {
		for _, kv := range strings.Fields(string(m[1])) {
			if k, v, _ := strings.Cut(kv, "="); k == "sync" {
				return filepath.Join(filepath.Dir(path), v)
			}
		}
	}
	return ""
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

type want struct {
	path string
	line int
	rule string
	re   *regexp.Regexp
	hit  bool
}

// checkWants matches findings against the `want DCnnn "regexp"` markers of
// files: each finding must match a marker on its line, and each marker a
// finding.
func checkWants(t *testing.T, files []string, findings []Finding) {
	t.Helper()
	var wants []*want
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(src), "\n") {
			for _, m := range wantPattern.FindAllStringSubmatch(line, -1) {
				pattern, err := strconv.Unquote(`"` + m[2] + `"`)
				if err != nil {
					t.Fatalf("%s:%d: bad want: %v", path, i+1, err)
				}
				wants = append(wants, &want{path: path, line: i + 1, rule: m[1], re: regexp.MustCompile(pattern)})
			}
		}
	}
	for _, f := range findings {
		matched := false
		for _, w := range wants {
			if !w.hit && w.path == f.Path && w.line == f.Line && w.rule == f.Rule && w.re.MatchString(f.Message) {
				w.hit, matched = true, true
				break
			}
		}
		if !matched {
			t.Errorf("unexpected finding %s: %s %s", f.Location(), f.Rule, f.Message)
		}
	}
	for _, w := range wants {
		if !w.hit {
			t.Errorf("%s:%d: no %s finding matching %q", w.path, w.line, w.rule, w.re)
		}
	}
}

// moduleCases are the fixture modules with the findings each must produce,
// as "RULE line". testdata/modules/README.md says what each is meant to
// trigger.
var moduleCases = []struct {
	dir  string
	want []string
}{
	{"d7_seed", []string{"DC006 13", "DC009 49"}},
	{"d7_clean", nil},
	{"d7_no_install_hook", []string{"DC005 11"}},
	{"d7_explicit_calls", []string{"DC005 12"}},
	{"d7_sandbox", []string{"DC006 13", "DC006 13"}},
	{"d7_last_removed", nil},
	{"d10_site", nil},
	{"d10_docroot", nil},
	{"d7_crlf_bom", []string{"DC015 1", "DC006 13"}},
	{"d7_syntax_error", []string{"DC000 12"}},
	{"d7_messy", []string{"DC006 14", "DC011 48", "DC010 63", "DC010 82"}},
	{"d7_root", []string{"DC006 13"}},
	{"two_deploy_modules", nil},
	{"d7_lint_broken", []string{"DC005 12", "DC006 12", "DC008 31", "DC007 41", "DC001 44", "DC011 44", "DC009 45"}},
}

func TestModules(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, tc := range moduleCases {
		seen[tc.dir] = true
		t.Run(tc.dir, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join("..", "..", "testdata", "modules", tc.dir)
			opts := project.Options{AllModules: false}
			mods, _, err := project.Resolve(dir, []string{"."}, opts)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Run(Targets(mods), Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, f := range res.Findings {
				got = append(got, fmt.Sprintf("%s %d", f.Rule, f.Line))
			}
			w := tc.want
			if w == nil {
				w = []string{}
			}
			if diff := cmp.Diff(w, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
	fixtures, _ := os.ReadDir(filepath.Join("..", "..", "testdata", "modules"))
	for _, e := range fixtures {
		if e.IsDir() && !seen[e.Name()] {
			t.Errorf("fixture %s has no expected findings in moduleCases", e.Name())
		}
	}
}
