package format

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcycle/dcycle/internal/lint"
)

func TestTextGolden(t *testing.T) {
	t.Parallel()
	formatGolden(t, Text{}, Options{ShowSource: true})
}

func TestText(t *testing.T) {
	t.Parallel()
	tabbed := finding("DC009", "unchecked-module-enable", lint.SeverityWarning, "a.install", 3, 2, "ignored")
	tabbed.SourceLine = "\tmodule_enable(array('views'));"
	latin := finding("DC013", "superseded-setting", lint.SeverityInfo, "a.install", 4, 20, "set twice")
	latin.SourceLine = "  variable_set('caf\xe9', 'x');"
	latin.Column = 20
	for _, tc := range []struct {
		name     string
		findings []lint.Finding
		opts     Options
		want     string
	}{
		{"none", nil, Options{}, "no findings\n"},
		{"quiet", nil, Options{Quiet: true}, ""},
		{"one", []lint.Finding{finding("DC001", "update-number-gap", lint.SeverityWarning, "m/x.install", 44, 10, "7003 missing between 7002 and 7004")}, Options{},
			"m/x.install:44:10: warning DC001 7003 missing between 7002 and 7004 (update-number-gap)\n1 finding (1 warning)\n"},
		{"counts", []lint.Finding{
			finding("DC005", "install-does-not-replay", lint.SeverityError, "a", 1, 1, "x"),
			finding("DC005", "install-does-not-replay", lint.SeverityError, "a", 2, 1, "x"),
			finding("DC013", "superseded-setting", lint.SeverityInfo, "a", 3, 1, "y"),
		}, Options{}, "a:1:1: error DC005 x (install-does-not-replay)\na:2:1: error DC005 x (install-does-not-replay)\na:3:1: info DC013 y (superseded-setting)\n3 findings (2 errors, 1 info)\n"},
		{"caret keeps tabs", []lint.Finding{tabbed}, Options{ShowSource: true, Quiet: true},
			"a.install:3:2: warning DC009 ignored (unchecked-module-enable)\n    \tmodule_enable(array('views'));\n    \t^\n"},
		{"caret counts bytes of invalid UTF-8 as characters", []lint.Finding{latin}, Options{ShowSource: true, Quiet: true},
			"a.install:4:20: info DC013 set twice (superseded-setting)\n    " + latin.SourceLine + "\n    " + strings.Repeat(" ", 19) + "^\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := (Text{}).Format(&buf, &Report{Findings: tc.findings}, tc.opts); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, buf.String()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestTextColor(t *testing.T) {
	t.Parallel()
	f := []lint.Finding{finding("DC005", "install-does-not-replay", lint.SeverityError, "a", 1, 1, "x")}
	for _, on := range []bool{true, false} {
		var buf bytes.Buffer
		if err := (Text{}).Format(&buf, &Report{Findings: f}, Options{Color: on}); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(buf.String(), "\x1b["); got != on {
			t.Errorf("Color %v: escape codes present = %v:\n%q", on, got, buf.String())
		}
	}
}
