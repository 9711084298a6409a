package gen

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"text/template"
)

// variant names the template files of one Drupal generation.
func variant(core int) string {
	if core >= 8 {
		return "d8"
	}
	return "d7"
}

// templateFiles are read in this order; the update and install files of a
// variant define the named templates "update", "install" and "replay", and
// Drupal 8+'s hook file "hook" and the files of post-updates and deploy
// hooks.
func templateFiles(core int) []string {
	v := variant(core)
	if v == "d8" {
		return []string{v + ".update.php.tmpl", v + ".install.php.tmpl", v + ".hook.php.tmpl"}
	}
	return []string{v + ".update.php.tmpl", v + ".install.php.tmpl"}
}

// loadTemplates parses the templates of one Drupal generation from fsys,
// which holds the files of templates/php at its root.
// Executing a template with a field that does not exist is an error, never
// an empty string in generated PHP.
func loadTemplates(fsys fs.FS, core int) (*template.Template, error) {
	if fsys == nil {
		return nil, errors.New("no templates given")
	}
	t := template.New("php").Option("missingkey=error")
	t.Funcs(template.FuncMap{
		"quote":   PHPString,
		"esc":     phpEscape,
		"join":    strings.Join,
		"array":   func(names []string) string { return "array(" + quoteAll(names) + ")" },
		"list":    func(names []string) string { return "[" + quoteAll(names) + "]" },
		"indent":  func(s string) string { return indentLines(s, "  ") },
		"plural":  plural,
		"setting": setting,
		"include": func(name string, data any) (string, error) {
			var b strings.Builder
			err := t.ExecuteTemplate(&b, name, data)
			return b.String(), err
		},
	})
	for _, name := range templateFiles(core) {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read template: %w", err)
		}
		if _, err := t.New(name).Parse(string(src)); err != nil {
			return nil, fmt.Errorf("parse template: %w", err)
		}
	}
	return t, nil
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = PHPString(n)
	}
	return strings.Join(q, ", ")
}

func plural(names []string, one, many string) string {
	if len(names) == 1 {
		return one
	}
	return many
}

// setting builds the data of a "variable" (name, value) or "config"
// (object, name, value) template from inside another template.
func setting(args ...string) (Recipe, error) {
	switch len(args) {
	case 2:
		return Recipe{Kind: RecipeSet, Name: args[0], Value: args[1]}, nil
	case 3:
		return Recipe{Kind: RecipeConfig, Object: args[0], Name: args[1], Value: args[2]}, nil
	}
	return Recipe{}, fmt.Errorf("setting takes 2 or 3 arguments, got %d", len(args))
}

// render executes one named template and checks that it produced PHP
// written the way the converters expect: "\n" line endings.
func render(t *template.Template, name string, data any) (string, error) {
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("template %s: %w", name, err)
	}
	out := strings.ReplaceAll(b.String(), "\r\n", "\n")
	return strings.Trim(out, "\n"), nil
}

// indentLines prefixes every non-empty line of s, so that blank lines get
// no trailing whitespace.
func indentLines(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}

// style converts generated text, written with "\n" and two spaces per
// level, to a file's line ending and indentation unit, and indents every
// line after the first by base (the indentation of the line the text starts
// on).
func style(s, eol, unit, base string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if unit != "  " {
			n := 0
			for strings.HasPrefix(l[2*n:], "  ") {
				n++
			}
			l = strings.Repeat(unit, n) + l[2*n:]
		}
		if i > 0 && l != "" {
			l = base + l
		}
		lines[i] = l
	}
	return strings.Join(lines, eol)
}
