package phpast

import (
	"bytes"
	"testing"
)

// A D7 registry loop guarded against drupal_get_schema_versions() returning
// FALSE is still a registry replay.
func TestReplayRegistryGuardedAgainstFalse(t *testing.T) {
	t.Parallel()
	src := []byte(`<?php
function guard_deploy_install() {
  $last = 7000;
  try {
    foreach (drupal_get_schema_versions('guard_deploy') ?: array() as $number) {
      $sandbox = array();
      do {
        $function = 'guard_deploy_update_' . $number;
        $function($sandbox);
      } while (isset($sandbox['#finished']) && $sandbox['#finished'] < 1);
      $last = $number;
    }
  }
  catch (Exception $e) {
    drupal_set_installed_schema_version('guard_deploy', $last);
    throw $e;
  }
}
`)
	f, err := ParseFile("guard_deploy.install", src, Options{Module: "guard_deploy"})
	if err != nil {
		t.Fatal(err)
	}
	r := f.Functions[0].Replay
	if r == nil || r.Kind != ReplayRegistry || !r.Sandbox || !r.Resumable {
		t.Fatalf("replay = %+v, want a sandboxed, resumable registry replay", r)
	}
	start := bytes.Index(src, []byte("$last = 7000;"))
	end := bytes.LastIndex(src, []byte("  }\n}")) + len("  }")
	if got, want := string(src[r.Span.Start:r.Span.End]), string(src[start:end]); got != want {
		t.Errorf("replay span = %q, want %q", got, want)
	}
}
