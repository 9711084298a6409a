// Package golden compares test output with files kept under testdata, and
// rewrites those files only when the test binary runs with -update. It is
// imported by tests alone, so the flag never reaches the dcycle binary.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files (and generated docs) from the current output")

// Updating reports whether this run rewrites goldens instead of comparing.
func Updating() bool { return *update }

// Check compares got with the file at path; under -update it writes got
// there instead. A missing golden fails: goldens are written on purpose,
// never implicitly.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}
