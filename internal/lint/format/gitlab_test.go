package format

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/dcycle/dcycle/internal/lint"
)

func TestGitLabGolden(t *testing.T) {
	t.Parallel()
	formatGolden(t, GitLab{}, Options{})
}

// compileSchema compiles a JSON schema kept in testdata.
func compileSchema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(name, doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile(name)
	if err != nil {
		t.Fatal(err)
	}
	return schema
}

func validateJSON(schema *jsonschema.Schema, data []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return schema.Validate(inst)
}

// TestGitLabValidatesAgainstSchema checks the report of a module with
// several findings, and of a clean one, against the schema written from
// GitLab's documented Code Quality fields; and that the schema rejects
// what GitLab rejects.
func TestGitLabValidatesAgainstSchema(t *testing.T) {
	t.Parallel()
	schema := compileSchema(t, "gitlab-codequality.schema.json")
	golden, err := os.ReadFile(filepath.Join("testdata", "d7_lint_broken.gitlab.golden"))
	if err != nil {
		t.Fatal(err)
	}
	var clean bytes.Buffer
	if err := (GitLab{}).Format(&clean, &Report{}, Options{}); err != nil {
		t.Fatal(err)
	}
	if clean.String() != "[]\n" {
		t.Errorf("a clean run writes %q, want an empty array", clean.String())
	}
	for name, data := range map[string][]byte{"findings": golden, "clean": clean.Bytes()} {
		if err := validateJSON(schema, data); err != nil {
			t.Errorf("%s: the report does not validate: %v", name, err)
		}
	}

	// The schema must be able to fail.
	for name, breakIt := range map[string]func(issue map[string]any){
		"no fingerprint":     func(i map[string]any) { delete(i, "fingerprint") },
		"unknown severity":   func(i map[string]any) { i["severity"] = "warning" },
		"path with ./":       func(i map[string]any) { i["location"].(map[string]any)["path"] = "./x.install" },
		"no line":            func(i map[string]any) { delete(i["location"].(map[string]any), "lines") },
		"line as a string":   func(i map[string]any) { i["location"].(map[string]any)["lines"] = map[string]any{"begin": "3"} },
		"no check name":      func(i map[string]any) { delete(i, "check_name") },
		"empty description":  func(i map[string]any) { i["description"] = "" },
		"location not a map": func(i map[string]any) { i["location"] = "x.install:3" },
	} {
		var issues []map[string]any
		if err := json.Unmarshal(golden, &issues); err != nil {
			t.Fatal(err)
		}
		breakIt(issues[0])
		broken, _ := json.Marshal(issues)
		if validateJSON(schema, broken) == nil {
			t.Errorf("%s: the report validated: the schema check proves nothing", name)
		}
	}
}

func TestGitLab(t *testing.T) {
	t.Parallel()
	findings := []lint.Finding{
		finding("DC005", "install-does-not-replay", lint.SeverityError, "./m/a.install", 3, 1, "x"),
		finding("DC013", "superseded-setting", lint.SeverityInfo, "m/a.install", 0, 1, "y"),
		finding("DC008", "non-idempotent-call", lint.SeverityWarning, "m/a.install", 9, 3, "z"),
		finding("DC008", "non-idempotent-call", lint.SeverityWarning, "m/a.install", 12, 3, "z"),
	}
	var buf bytes.Buffer
	if err := (GitLab{}).Format(&buf, &Report{Findings: findings}, Options{}); err != nil {
		t.Fatal(err)
	}
	var got []gitlabIssue
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	var severities, paths []string
	var lines []int
	prints := map[string]bool{}
	for _, i := range got {
		severities = append(severities, i.Severity)
		paths = append(paths, i.Location.Path)
		lines = append(lines, i.Location.Lines.Begin)
		prints[i.Fingerprint] = true
	}
	if diff := cmp.Diff([]string{"major", "info", "minor", "minor"}, severities); diff != "" {
		t.Errorf("severities (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"m/a.install", "m/a.install", "m/a.install", "m/a.install"}, paths); diff != "" {
		t.Errorf("paths (-want +got):\n%s", diff)
	}
	// GitLab counts lines from 1.
	if diff := cmp.Diff([]int{3, 1, 9, 12}, lines); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
	// Two identical findings in one function still get two fingerprints:
	// GitLab shows only one issue per fingerprint.
	if len(prints) != len(got) {
		t.Errorf("%d fingerprints for %d issues", len(prints), len(got))
	}
	if got[0].Description != "DC005 install-does-not-replay: x" || got[0].CheckName != "DC005" {
		t.Errorf("issue 0 = %+v", got[0])
	}
}

// lintCopy writes files into a new folder, lints the module as a lone
// .install of Drupal 7 and returns its report, paths relative to the folder.
func lintCopy(t *testing.T, name string, files map[string]string) *Report {
	t.Helper()
	dir := t.TempDir()
	for file, content := range files {
		if err := os.WriteFile(filepath.Join(dir, file), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	target := lint.Target{Name: name, Dir: dir, InstallPath: filepath.Join(dir, name+".install"), Core: 7}
	if _, ok := files[name+".info"]; ok {
		target.InfoPath = filepath.Join(dir, name+".info")
	}
	res, err := lint.Run([]lint.Target{target}, lint.Options{Display: func(p string) string {
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			t.Fatal(err)
		}
		return filepath.ToSlash(rel)
	}})
	if err != nil {
		t.Fatal(err)
	}
	return &Report{Findings: res.Findings, Rules: lint.Registry(), Version: "test"}
}

// TestGitLabFingerprintsSurviveLineMoves lints a module, inserts lines
// above every finding, and lints it again: GitLab must see the same
// issues, so every fingerprint is unchanged while every line moved. The
// module declares a function twice, so that one message names a line.
func TestGitLabFingerprintsSurviveLineMoves(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(modules, "d7_lint_broken")
	files := map[string]string{}
	for _, f := range []string{"risky_deploy.install", "risky_deploy.info", "risky_deploy.module"} {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		files[f] = string(data)
	}
	files["risky_deploy.install"] += "\n/**\n * #3009: Again.\n */\nfunction risky_deploy_update_7002() {\n}\n"
	before := lintCopy(t, "risky_deploy", files)
	files["risky_deploy.install"] = strings.Replace(files["risky_deploy.install"], "<?php\n", "<?php\n\n// Two lines more.\n", 1)
	after := lintCopy(t, "risky_deploy", files)

	issues := func(r *Report) []gitlabIssue {
		var buf bytes.Buffer
		if err := (GitLab{}).Format(&buf, r, Options{}); err != nil {
			t.Fatal(err)
		}
		var out []gitlabIssue
		if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	was, now := issues(before), issues(after)
	if len(was) != len(now) || len(was) < 5 {
		t.Fatalf("%d issues before, %d after; want the same, several", len(was), len(now))
	}
	namesLine := false
	for i := range was {
		if now[i].Location.Lines.Begin != was[i].Location.Lines.Begin+2 {
			t.Errorf("issue %d (%s) moved from line %d to %d, want 2 lines down", i, was[i].CheckName, was[i].Location.Lines.Begin, now[i].Location.Lines.Begin)
		}
		if now[i].Fingerprint != was[i].Fingerprint {
			t.Errorf("issue %d (%s) changed fingerprint when lines were inserted above it:\n%s\n%s", i, was[i].CheckName, was[i].Description, now[i].Description)
		}
		if was[i].CheckName == "DC002" {
			namesLine = was[i].Description != now[i].Description
		}
	}
	if !namesLine {
		t.Error("no DC002 message naming a line that moved: the test does not cover messages with line numbers")
	}
}
