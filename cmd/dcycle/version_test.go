package main

import (
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestVersionText(t *testing.T) {
	t.Parallel()
	vcs := func(kv ...string) *debug.BuildInfo {
		info := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}
		for i := 0; i+1 < len(kv); i += 2 {
			info.Settings = append(info.Settings, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return info
	}
	for _, tc := range []struct {
		name string
		b    buildInfo
		info *debug.BuildInfo
		want string
	}{
		{"release build", buildInfo{Version: "1.2.3", Commit: "0a1b2c", Date: "2026-11-29T10:00:00Z"},
			vcs("vcs.revision", "ffff", "vcs.time", "2000-01-01T00:00:00Z"),
			"dcycle 1.2.3\ncommit 0a1b2c\nbuilt 2026-11-29T10:00:00Z\n"},
		{"go install of a tag", buildInfo{Version: "dev"}, &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}},
			"dcycle 1.2.3\n"},
		{"build in a checkout", buildInfo{Version: "dev"},
			vcs("vcs.revision", "4f1c2d", "vcs.time", "2026-11-28T09:00:00Z", "vcs.modified", "true"),
			"dcycle dev\ncommit 4f1c2d (with uncommitted changes)\nbuilt 2026-11-28T09:00:00Z\n"},
		{"nothing known", buildInfo{Version: "dev"}, vcs(), "dcycle dev\n"},
	} {
		if diff := cmp.Diff(tc.want, withBuildInfo(tc.b, tc.info).String()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}

// TestVersionLdflags builds dcycle as the release does, with -X flags, and
// runs dcycle version.
func TestVersionLdflags(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "dcycle")
	ldflags := "-X main.version=9.8.7 -X main.commit=0123456789abcdef -X main.date=2026-11-29T10:00:00Z"
	if out, err := exec.Command("go", "build", "-ldflags", ldflags, "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("dcycle 9.8.7\ncommit 0123456789abcdef\nbuilt 2026-11-29T10:00:00Z\n", string(out)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
