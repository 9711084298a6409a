package format

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/dcycle/dcycle/internal/lint"
)

// GitHub writes GitHub Actions workflow commands, which the runner turns
// into annotations on the pull request's diff:
//
//	::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message
type GitHub struct{}

// Name implements Formatter.
func (GitHub) Name() string { return "github" }

var githubCommand = map[lint.Severity]string{
	lint.SeverityError:   "error",
	lint.SeverityWarning: "warning",
	lint.SeverityInfo:    "notice",
}

// Format implements Formatter.
func (GitHub) Format(w io.Writer, r *Report, _ Options) error {
	bw := bufio.NewWriter(w)
	for _, f := range r.Findings {
		fmt.Fprintf(bw, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n",
			githubCommand[f.Severity], escapeProperty(f.Path), f.Line, f.Column, f.EndLine, f.EndColumn,
			escapeProperty(f.Rule+" "+f.Name), escapeData(f.Message))
	}
	return bw.Flush()
}

// escapeData escapes a command's message as actions/toolkit's
// packages/core/src/command.ts does.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a command property's value: as escapeData, plus
// the ':' and ',' that separate properties.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
