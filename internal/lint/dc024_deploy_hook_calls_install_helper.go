package lint

import (
	"path/filepath"
	"strings"

	"github.com/dcycle/dcycle/internal/phpast"
)

var dc024 = &Rule{
	ID:          "DC024",
	Name:        "deploy-hook-calls-install-helper",
	Severity:    SeverityError,
	NeedsSource: true,
	Check:       checkDeployHookCallsInstallHelper,
	Doc: Doc{
		Title: "A deploy hook calls a function defined in the module's .install or .post_update.php (Drupal 8+)",
		Why: `drush deploy:hook loads NAME.deploy.php, the modules and their .module files,
but neither NAME.install nor NAME.post_update.php: a function declared there
does not exist while deploy hooks run. Calling one from a deploy hook, or
from a helper of NAME.deploy.php that the hook calls, stops drush with "Call
to undefined function" (a PHP Error, which drush does not catch): the hook
is not recorded, and every later "drush deploy" fails on it again (checked
on Drupal 10.5.7 with drush 12.5, for both files). Updates and post-updates
do not have this problem: drush updb loads every .install and
.post_update.php first. The rule stays quiet when the hook loads the
.install itself first (\Drupal::moduleHandler()->loadInclude('NAME',
'install'), which works there; module_load_install() on Drupal 8 and 9).`,
		Bad: `// example_deploy.install
function _example_deploy_create_terms(array $names) {
  // ...
}

// example_deploy.deploy.php
function example_deploy_deploy_10001_topics(): string {
  _example_deploy_create_terms(['News', 'Events']);
  return 'Topics created.';
}`,
		Good: `// example_deploy.module
function _example_deploy_create_terms(array $names) {
  // ...
}

// example_deploy.deploy.php
function example_deploy_deploy_10001_topics(): string {
  _example_deploy_create_terms(['News', 'Events']);
  return 'Topics created.';
}`,
		Fix: `Move the helper to NAME.module, which Drupal always loads (dcycle puts
the helpers it generates there, named _NAME_*), or into NAME.deploy.php if
only deploy hooks use it; or load the .install first with
\Drupal::moduleHandler()->loadInclude('NAME', 'install').`,
		Since: since,
	},
}

func checkDeployHookCallsInstallHelper(p *Pass) {
	m := p.Module
	if m.Core == 7 {
		return
	}
	// unloaded are the functions of the module's files that drush does
	// not load to run deploy hooks; loaded those of NAME.deploy.php: a
	// helper declared there as well is found.
	unloaded := map[string]phpast.FileFunction{}
	loaded := map[string]phpast.FileFunction{}
	var deployFiles []*phpast.File
	for _, f := range m.Files() {
		into := unloaded
		if strings.HasSuffix(f.Path, ".deploy.php") {
			into = loaded
			deployFiles = append(deployFiles, f)
		}
		for _, fn := range f.Functions {
			if name := strings.ToLower(fn.Name); into[name].Function == nil {
				into[name] = phpast.FileFunction{File: f, Function: fn}
			}
		}
	}
	reported := map[*phpast.Call]bool{}
	for _, f := range deployFiles {
		for _, hook := range f.Functions {
			if hook.Kind != phpast.KindDeploy {
				continue
			}
			// Walk the hook and the helpers it calls in the loaded files.
			seen := map[*phpast.Function]bool{hook: true}
			queue := []phpast.FileFunction{{File: f, Function: hook}}
			for len(queue) > 0 {
				cur := queue[0]
				queue = queue[1:]
				for _, c := range cur.Calls {
					if c.Kind != phpast.CallFunction {
						continue
					}
					name := strings.ToLower(c.Name)
					if next, ok := loaded[name]; ok {
						if !seen[next.Function] {
							seen[next.Function] = true
							queue = append(queue, next)
						}
						continue
					}
					target, ok := unloaded[name]
					if !ok || reported[c] || strings.HasSuffix(target.File.Path, ".install") && loadsInstall(cur.Function, c.Span.Start) {
						continue
					}
					reported[c] = true
					via := ""
					if cur.Function != hook {
						via = " (through " + cur.Name + "())"
					}
					line, _ := target.File.Lines.Position(target.NameSpan.Start)
					p.Report(cur.File, c.Span, cur.Function, "%s() is declared in %s:%d, which drush does not load while deploy hooks run: deploy hook %s%s stops with \"Call to undefined function\" on every deploy; move %s() to %s.module",
						c.Name, filepath.Base(target.File.Path), line, hook.Name, via, c.Name, m.Name)
				}
			}
		}
	}
}

// loadsInstall reports whether fn loads a module's .install before offset:
// \Drupal::moduleHandler()->loadInclude(…, 'install'), module_load_install()
// or module_load_include('install', …).
func loadsInstall(fn *phpast.Function, before int) bool {
	for _, c := range fn.Calls {
		if c.Span.Start >= before {
			continue
		}
		name := strings.ToLower(c.Name)
		switch {
		case c.Kind == phpast.CallMethod && name == "loadinclude":
			if v := c.Arg(1); v.Kind == phpast.ValueString && v.Text == "install" {
				return true
			}
		case c.Kind == phpast.CallFunction && name == "module_load_install":
			return true
		case c.Kind == phpast.CallFunction && name == "module_load_include":
			if v := c.Arg(0); v.Kind == phpast.ValueString && v.Text == "install" {
				return true
			}
		}
	}
	return false
}
