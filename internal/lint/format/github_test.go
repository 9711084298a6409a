package format

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcycle/dcycle/internal/lint"
)

func TestGitHubGolden(t *testing.T) {
	t.Parallel()
	formatGolden(t, GitHub{}, Options{})
}

func TestGitHub(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		f    lint.Finding
		want string
	}{
		{"plain", finding("DC001", "update-number-gap", lint.SeverityWarning, "m/x.install", 4, 10, "7003 missing"),
			"::warning file=m/x.install,line=4,col=10,endLine=4,endColumn=15,title=DC001 update-number-gap::7003 missing\n"},
		{"info is a notice", finding("DC013", "superseded-setting", lint.SeverityInfo, "x", 1, 1, "m"),
			"::notice file=x,line=1,col=1,endLine=1,endColumn=6,title=DC013 superseded-setting::m\n"},
		// escapeData: % CR LF; escapeProperty adds : and ,
		{"escapes", finding("DC005", "install-does-not-replay", lint.SeverityError, "C:\\a,b%.install", 2, 3, "100% sure: a, b\r\nnext"),
			"::error file=C%3A\\a%2Cb%25.install,line=2,col=3,endLine=2,endColumn=8,title=DC005 install-does-not-replay::100%25 sure: a, b%0D%0Anext\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := (GitHub{}).Format(&buf, &Report{Findings: []lint.Finding{tc.f}}, Options{}); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, buf.String()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
