package lint

import "github.com/dcycle/dcycle/internal/project"

// Target is one module to lint, as discovery found it: its name, its
// .install (for a lone .install file, the module is named after the file),
// its info file, and the core major discovery detected. Run loads it with
// project.Module.Load, which settles a core left at 0.
type Target = project.Module

// Targets turns discovered modules into lint targets. Modules without
// deployment code (no .install, .post_update.php or .deploy.php) have
// nothing to lint and are left out.
func Targets(mods []*project.Module) []Target {
	out := make([]Target, 0, len(mods))
	for _, m := range mods {
		if m.HasCode() {
			out = append(out, *m)
		}
	}
	return out
}
