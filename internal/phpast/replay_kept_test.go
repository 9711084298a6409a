package phpast

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestReplayExplicitKept checks that statements written between explicit
// update calls are reported as kept, each with the text before it, so that
// rewriting the replay does not delete them.
func TestReplayExplicitKept(t *testing.T) {
	t.Parallel()
	src := `<?php
function m_install() {
  // Set up the site.
  m_update_7001();
  // Name the site.
  variable_set('site_name', 'Example');
  m_update_7002();
  m_update_7003();
  drupal_set_message('Installed.');
}
`
	f, err := ParseFile("m.install", []byte(src), Options{Module: "m"})
	if err != nil {
		t.Fatal(err)
	}
	r := f.Functions[0].Replay
	if r.Kind != ReplayExplicit {
		t.Fatalf("kind %v, want explicit", r.Kind)
	}
	if got, want := string(f.Src[r.Span.Start:r.Span.End]), "m_update_7001();\n  // Name the site.\n  variable_set('site_name', 'Example');\n  m_update_7002();\n  m_update_7003();"; got != want {
		t.Errorf("span %q, want %q", got, want)
	}
	var kept []string
	for _, k := range r.Kept {
		kept = append(kept, string(f.Src[k.Start:k.End]))
	}
	if diff := cmp.Diff([]string{"\n  // Name the site.\n  variable_set('site_name', 'Example');"}, kept); diff != "" {
		t.Errorf("kept (-want +got):\n%s", diff)
	}
}
