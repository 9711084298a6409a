package lint

import "github.com/dcycle/dcycle/internal/project"

// Targets turns discovered modules into lint targets. Modules without an
// .install have nothing to lint and are left out. The core major is the
// one discovery detected, else detected again with the update numbers once
// the module is parsed.
func Targets(mods []*project.Module, opts project.Options, cfg *project.Config) []Target {
	out := make([]Target, 0, len(mods))
	for _, m := range mods {
		if m.InstallPath == "" {
			continue
		}
		t := Target{Name: m.Name, InstallPath: m.InstallPath, InfoPath: m.InfoPath, LoneFile: m.LoneFile, Core: m.Core}
		if t.Core == 0 {
			t.DetectCore = func(highest func() int) int { return project.DetectCore(m, opts, cfg, highest) }
		}
		out = append(out, t)
	}
	return out
}
