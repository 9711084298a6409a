package lint

import (
	"strings"

	"github.com/dcycle/dcycle/internal/phpast"
)

var dc021 = &Rule{
	ID:          "DC021",
	Name:        "deployed-update-removed",
	Severity:    SeverityWarning,
	NeedsSource: true,
	Check:       checkDeployedUpdateRemoved,
	Doc: Doc{
		Title: "With --base: an update, post-update or deploy hook present at the base ref is gone",
		Why: `Sites deployed from the base ref ran the update; a site installed from now on
does not, because hook_install() can replay only the updates that exist. The
two drift apart silently. When the base added the update after this branch
forked, the branch has simply not merged it yet, and the rule stays quiet;
it speaks only of updates the branch itself removed.

A post-update or deploy hook that is gone (Drupal 8+) leaves the same drift,
and one more trap: sites that ran it keep its name recorded as run, so a
hook added later under that name never runs there, while new sites run it.`,
		Bad: `// At the base ref: updates 7001 and 7002. Now:
function example_deploy_update_7001() {
  variable_set('preprocess_js', 1);
}`,
		Good: `function example_deploy_update_7001() {
  variable_set('preprocess_js', 1);
}

function example_deploy_update_7002() {
  variable_set('theme_default', 'xyz');
}`,
		Fix: `Restore the update. To retire old updates on purpose, as Drupal intends,
remove them and return the highest removed number from
hook_update_last_removed(): Drupal then refuses to update a site that has
not run them, and this rule accepts the removal. Retire a post-update the
same way with hook_removed_post_updates() (MODULE_removed_post_updates()
returning its name => the version that removed it); never reuse the name
of a removed hook.`,
		Since: since,
	},
}

func checkDeployedUpdateRemoved(p *Pass) {
	if p.History == nil {
		return
	}
	checkDeployedHookRemoved(p)
	if len(p.History.Removed) == 0 {
		return
	}
	lastRemoved := p.Module.LastRemoved()
	updates := p.Module.Updates()
	for _, gone := range p.History.Removed {
		if gone.Number <= lastRemoved {
			continue
		}
		line, _ := gone.File.Lines.Position(gone.NameSpan.Start)
		// Report where the update stood: at the next update, else at the
		// file's opening tag (the first file's, when the .install is gone).
		files := p.Module.Files()
		if len(files) == 0 {
			return
		}
		file, span := files[0], files[0].OpenTag
		if span.Start < 0 {
			span = phpast.Span{}
		}
		var fn *phpast.Function
		for _, u := range updates {
			if u.Number > gone.Number {
				file, span, fn = u.File, u.NameSpan, nil
				break
			}
		}
		p.Report(file, span, fn,
			"%s (%s:%d) was removed: sites deployed from %s ran it, new sites will not; restore it, or declare it in hook_update_last_removed()",
			gone.Name, gone.File.Path, line, p.History.Ref)
	}
}

// checkDeployedHookRemoved reports the post-updates and deploy hooks of the
// base that are gone, unless hook_removed_post_updates() lists a removed
// post-update, as Drupal asks.
func checkDeployedHookRemoved(p *Pass) {
	retired := removedPostUpdates(p.Module)
	for _, gone := range p.History.HooksRemoved {
		if gone.Kind == phpast.KindPostUpdate && retired[strings.ToLower(gone.Name)] {
			continue
		}
		file := hookFileNow(p.Module, gone.File)
		if file == nil {
			continue
		}
		span := file.OpenTag
		if span.Start < 0 {
			span = phpast.Span{}
		}
		line, _ := gone.File.Lines.Position(gone.NameSpan.Start)
		p.Report(file, span, nil,
			"%s (%s:%d) was removed: sites deployed from %s ran it and keep its name recorded, new sites will not run it, and a %s added later under that name never runs on the old ones; restore it",
			gone.Name, gone.File.Path, line, p.History.Ref, stepWord(gone.Kind))
	}
}

// hookFileNow is the file of m where a hook of the base's file then was:
// the file of the same name, else the module's first file.
func hookFileNow(m *phpast.Module, then *phpast.File) *phpast.File {
	files := m.Files()
	for _, f := range files {
		if fileName(f.Path) == fileName(then.Path) {
			return f
		}
	}
	if len(files) == 0 {
		return nil
	}
	return files[0]
}

// removedPostUpdates are the lower-cased names hook_removed_post_updates()
// returns as keys of its literal array.
func removedPostUpdates(m *phpast.Module) map[string]bool {
	out := map[string]bool{}
	hook := strings.ToLower(m.Name) + "_removed_post_updates"
	for _, f := range m.Files() {
		for _, fn := range f.Functions {
			if strings.ToLower(fn.Name) != hook || fn.Return == nil || fn.Return.Kind != phpast.ValueArray {
				continue
			}
			for _, it := range fn.Return.Items {
				if it.Key != nil && it.Key.Kind == phpast.ValueString {
					out[strings.ToLower(it.Key.Text)] = true
				}
			}
		}
	}
	return out
}

// fileName is the last element of a path as a file shows it: a path on
// disk, or REF:path for a git ref.
func fileName(p string) string { return p[strings.LastIndexAny(p, `/\:`)+1:] }
