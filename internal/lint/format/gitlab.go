package format

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/dcycle/dcycle/internal/lint"
)

// GitLab writes a GitLab Code Quality report: a JSON array of issues, each
// with a description, a check name, a fingerprint, a severity and a
// location, which GitLab shows in the merge request's Code Quality widget
// and in the diff when the job declares it as artifacts:reports:codequality.
//
// GitLab tells new findings from old ones by their fingerprint, so it must
// not change when lines are inserted above a finding: it is a hash of the
// rule, the path, the enclosing function and the message with its line
// numbers left out. Findings that share all four are told apart by their
// order.
type GitLab struct{}

// Name implements Formatter.
func (GitLab) Name() string { return "gitlab" }

type gitlabIssue struct {
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
}

// gitlabSeverity maps dcycle's severities onto GitLab's scale (info, minor,
// major, critical, blocker): an error stops a deployment, which is major;
// critical and blocker are left for security findings.
var gitlabSeverity = map[lint.Severity]string{
	lint.SeverityInfo:    "info",
	lint.SeverityWarning: "minor",
	lint.SeverityError:   "major",
}

// Format implements Formatter.
func (GitLab) Format(w io.Writer, r *Report, _ Options) error {
	issues := make([]gitlabIssue, 0, len(r.Findings))
	seen := map[string]int{}
	for _, f := range r.Findings {
		path := reportPath(f.Path)
		key := fingerprintKey(f.Rule, path, f.Function, f.Message)
		seen[key]++
		if n := seen[key]; n > 1 {
			key += "\x00" + strconv.Itoa(n)
		}
		sum := sha256.Sum256([]byte(key))
		issues = append(issues, gitlabIssue{
			Description: f.Rule + " " + f.Name + ": " + f.Message,
			CheckName:   f.Rule,
			Fingerprint: hex.EncodeToString(sum[:]),
			Severity:    gitlabSeverity[f.Severity],
			Location:    gitlabLocation{Path: path, Lines: gitlabLines{Begin: max(f.Line, 1)}},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(issues)
}

// reportPath is a finding's path as CI reports name files: with forward
// slashes and without a leading "./", relative to the folder dcycle ran in
// (the repository's root, in CI).
func reportPath(p string) string {
	p = filepath.ToSlash(p)
	for strings.HasPrefix(p, "./") {
		p = p[2:]
	}
	return p
}

// fingerprintKey joins what identifies a finding whatever line it is on.
func fingerprintKey(rule, path, function, message string) string {
	return rule + "\x00" + path + "\x00" + function + "\x00" + lint.WithoutLineNumbers(message)
}
