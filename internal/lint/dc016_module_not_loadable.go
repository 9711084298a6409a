package lint

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

var dc016 = &Rule{
	ID:       "DC016",
	Name:     "module-not-loadable",
	Severity: SeverityError,
	Check:    checkModuleLoadable,
	Doc: Doc{
		Title: "Drupal cannot find or keep the module (module folders only)",
		Why: `Drupal 7 finds a module only through its NAME.module file: without one the
module is invisible and module_enable() returns FALSE. A Drupal 7 .info
without a name is ignored, and one without "core = 7.x" still enables, but
the next "drush updb" silently disables the module: its updates stop
running. On Drupal 8 and later, an .info.yml without name or "type: module"
is not a module, and one without core_version_requirement makes every module
list rebuild throw on Drupal 10. A lone .install file given on the command
line is not checked: only a module folder says what Drupal will see.`,
		Bad: `; example_deploy.info
name = Example deploy
description = Site deployment module.`,
		Good: `; example_deploy.info
name = Example deploy
description = Site deployment module.
core = 7.x`,
		Fix: `Drupal 7: add an empty NAME.module (a "<?php" line and a @file docblock),
and "name" and "core = 7.x" to NAME.info. Drupal 8 and later: give
NAME.info.yml "name", "type: module" and "core_version_requirement".`,
		Since: since,
	},
}

func checkModuleLoadable(p *Pass) {
	t := p.Target
	if t.LoneFile {
		return
	}
	dir := filepath.Dir(t.InstallPath)
	if t.InfoPath == "" {
		p.ReportAt(t.InstallPath, 1, "%s has no %s.info or %s.info.yml beside it: Drupal does not see a module here", filepath.Base(t.InstallPath), t.Name, t.Name)
		return
	}
	src, err := os.ReadFile(t.InfoPath)
	if err != nil {
		p.ReportAt(t.InfoPath, 1, "cannot read the info file: %v", err)
		return
	}
	if strings.HasSuffix(t.InfoPath, ".info.yml") {
		checkInfoYML(p, t.InfoPath, src)
		return
	}
	info := parseInfo(src)
	if _, err := os.Stat(filepath.Join(dir, t.Name+".module")); err != nil {
		p.ReportAt(t.InfoPath, 1, "there is no %s.module: Drupal 7 finds a module only through it, and module_enable() returns FALSE", t.Name)
	}
	if info["name"].value == "" {
		p.ReportAt(t.InfoPath, 1, "the .info has no name: Drupal 7 ignores the module")
	}
	if core := info["core"]; core.value != "7.x" {
		line, what := 1, "has no core = 7.x"
		if core.value != "" {
			line, what = core.line, "says core = "+core.value+", not 7.x"
		}
		p.ReportAt(t.InfoPath, line, "the .info %s: the module enables, but the next drush updb silently disables it", what)
	}
}

type infoValue struct {
	value string
	line  int
}

// parseInfo reads the key = value lines of a Drupal 7 .info file.
func parseInfo(src []byte) map[string]infoValue {
	out := map[string]infoValue{}
	sc := bufio.NewScanner(bytes.NewReader(src))
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || text[0] == ';' {
			continue
		}
		key, value, ok := strings.Cut(text, "=")
		if !ok {
			continue
		}
		value = strings.Trim(strings.TrimSpace(value), `"'`)
		out[strings.TrimSpace(key)] = infoValue{value: value, line: line}
	}
	return out
}

func checkInfoYML(p *Pass, path string, src []byte) {
	var info map[string]any
	if err := yaml.Unmarshal(src, &info); err != nil {
		p.ReportAt(path, 1, "the .info.yml is not valid YAML: %v", err)
		return
	}
	if s, _ := info["name"].(string); s == "" {
		p.ReportAt(path, 1, "the .info.yml has no name: Drupal does not list the module")
	}
	if info["type"] != "module" {
		p.ReportAt(path, 1, "the .info.yml lacks type: module: Drupal does not see a module here")
	}
	if _, ok := info["core_version_requirement"]; !ok {
		if _, legacy := info["core"]; !legacy || p.Module.Core >= 10 {
			p.ReportAt(path, 1, "the .info.yml has no core_version_requirement: on Drupal 10 every module list rebuild throws")
		}
	}
}
