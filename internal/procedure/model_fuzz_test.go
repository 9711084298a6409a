package procedure

import (
	"os"
	"path/filepath"
	"testing"
)

// fuzzSeeds adds the procedures of lint's test cases and the generated
// goldens to a fuzz corpus.
func fuzzSeeds(f *testing.F, patterns ...string) {
	for _, pattern := range patterns {
		paths, _ := filepath.Glob(pattern)
		for _, p := range paths {
			if src, err := os.ReadFile(p); err == nil {
				f.Add(src)
			}
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
	fuzzSeeds(f, "../lint/testdata/DC1*/*.sh", "testdata/gen/*/deploy.sh")
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
	fuzzSeeds(f, "../lint/testdata/DC1*/*.yml", "testdata/gen/*/deploy.yml")
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := ParseAnsible("deploy.yml", src, Options{})
		if err != nil {
			return
		}
		checkModel(t, p)
	})
}
