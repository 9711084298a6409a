package main

import (
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// The release build sets these with -ldflags "-X main.version=1.2.3 -X
// main.commit=… -X main.date=…" (.goreleaser.yaml). Other builds fall back
// on what the Go toolchain recorded: the module version of a go install
// …@v1.2.3, the commit and time of a build inside a git checkout.
var (
	version = "dev"
	commit  = ""
	date    = ""
)

// buildInfo is what dcycle version prints.
type buildInfo struct {
	Version, Commit, Date string
	// Modified is set when the build's checkout had uncommitted changes.
	Modified bool
}

// currentBuild merges the link-time values with the toolchain's record of
// the build; the link-time values win.
func currentBuild() buildInfo {
	b := buildInfo{Version: version, Commit: commit, Date: date}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	return withBuildInfo(b, info)
}

func withBuildInfo(b buildInfo, info *debug.BuildInfo) buildInfo {
	if b.Version == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
		b.Version = info.Main.Version
	}
	if b.Commit != "" {
		return b
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Commit = s.Value
		case "vcs.time":
			if b.Date == "" {
				b.Date = s.Value
			}
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}

// String renders the version, then the commit and the date when they are
// known: "dcycle 1.2.3\ncommit 0a1b2c…\nbuilt 2026-…\n".
func (b buildInfo) String() string {
	var s strings.Builder
	s.WriteString("dcycle " + strings.TrimPrefix(b.Version, "v") + "\n")
	if b.Commit != "" {
		s.WriteString("commit " + b.Commit)
		if b.Modified {
			s.WriteString(" (with uncommitted changes)")
		}
		s.WriteString("\n")
	}
	if b.Date != "" {
		s.WriteString("built " + b.Date + "\n")
	}
	return s.String()
}

func newVersionCmd(s *streams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print dcycle's version, commit and build date",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := s.out.Write([]byte(currentBuild().String()))
			return err
		},
	}
}
