package procedure

import (
	"os"
	"path/filepath"
	"testing"
)

// fuzzSeeds adds the procedures of lint's test cases and the generated
// goldens to a fuzz corpus; a pattern that matches nothing is a failure,
// so that the corpus cannot quietly lose them.
func fuzzSeeds(f *testing.F, patterns ...string) {
	for _, pattern := range patterns {
		paths, err := filepath.Glob(pattern)
		if err != nil || len(paths) == 0 {
			f.Fatalf("%s: no seed procedures (%v)", pattern, err)
		}
		for _, p := range paths {
			src, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src)
		}
	}
}

// checkModel checks what every parse must give, whatever the input: steps
// with spans inside the source, in order, and a known kind.
func checkModel(t *testing.T, p *Procedure) {
	for _, s := range p.Steps {
		if s.Span.Start.Offset < 0 || s.Span.End.Offset > len(p.Src) || s.Span.Start.Offset > s.Span.End.Offset {
			t.Fatalf("step %q has span %+v outside the %d bytes of source", s.Text, s.Span, len(p.Src))
		}
		if s.Kind < KindCommand || s.Kind > KindReset {
			t.Fatalf("step %q has kind %d", s.Text, s.Kind)
		}
	}
}

func FuzzParseBash(f *testing.F) {
	fuzzSeeds(f, "../lint/testdata/DC1*/*.sh", "testdata/gen/*/deploy.sh.golden")
	f.Add([]byte("ssh h \"a \\\"$x\\\" && drush updb\" <<EOF\nx\nEOF\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := ParseBash("deploy.sh", src, Options{})
		if err != nil {
			return
		}
		checkModel(t, p)
	})
}

func FuzzParseAnsible(f *testing.F) {
	fuzzSeeds(f, "../lint/testdata/DC1*/*.yml", "testdata/gen/*/deploy.yml.golden")
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := ParseAnsible("deploy.yml", src, Options{})
		if err != nil {
			return
		}
		checkModel(t, p)
	})
}
