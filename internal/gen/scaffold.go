package gen

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/dcycle/dcycle/internal/phpast"
)

// moduleMachineName is what Drupal accepts as a new module's machine name.
var moduleMachineName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// DeployModuleName turns the NAME of "dcycle init NAME" into the module's
// machine name: "example" and "example_deploy" both give "example_deploy".
func DeployModuleName(name string) (string, error) {
	name = strings.TrimSuffix(name, "_deploy")
	if !moduleMachineName.MatchString(name) {
		return "", fmt.Errorf("%q is not a Drupal machine name: use lower-case letters, digits and underscores, starting with a letter", name)
	}
	return name + "_deploy", nil
}

// ScaffoldFile is one file of a new module, its path relative to the
// module's folder.
type ScaffoldFile struct {
	Path string
	Data []byte
}

// scaffoldData is what the init templates read.
type scaffoldData struct {
	Module string // example_deploy
	Title  string // Example deploy
	Class  string // ExampleDeploy
	Core   int
}

// Scaffold renders the files of a new deploy module for a core major: for
// Drupal 7 .info, .module, .install and a .test; for Drupal 8+ .info.yml,
// .module, .install and a kernel test. The .install gets its hook_install()
// from ReplayEdit, the code new-update and lint --fix use, so that a module
// fresh from init is already in the form they keep.
func Scaffold(module string, core int, tmpl fs.FS) ([]ScaffoldFile, error) {
	if core < 7 {
		return nil, fmt.Errorf("cannot scaffold for Drupal %d: pass --core 7, 8, 9, 10 or 11", core)
	}
	t, err := loadTemplates(tmpl, core)
	if err != nil {
		return nil, err
	}
	name := variant(core) + ".init.php.tmpl"
	src, err := fs.ReadFile(tmpl, name)
	if err != nil {
		return nil, fmt.Errorf("read template: %w", err)
	}
	if _, err := t.New(name).Parse(string(src)); err != nil {
		return nil, fmt.Errorf("parse template: %w", err)
	}
	data := scaffoldData{Module: module, Title: title(module), Class: className(module), Core: core}
	files := []ScaffoldFile{}
	add := func(path, template string) error {
		text, err := render(t, template, data)
		if err != nil {
			return err
		}
		files = append(files, ScaffoldFile{Path: path, Data: []byte(text + "\n")})
		return nil
	}
	var paths [4]string
	if core == 7 {
		paths = [4]string{module + ".info", module + ".module", module + ".install", module + ".test"}
	} else {
		paths = [4]string{module + ".info.yml", module + ".module", module + ".install", filepath.Join("tests", "src", "Kernel", data.Class+"Test.php")}
	}
	for i, template := range []string{"info", "module", "install_file", "test"} {
		if err := add(paths[i], template); err != nil {
			return nil, err
		}
	}
	install := &files[2]
	opts := phpast.Options{Module: module}
	f, err := phpast.ParseFile(install.Path, install.Data, opts)
	if err != nil {
		return nil, fmt.Errorf("template %s renders PHP that does not parse: %w", name, err)
	}
	edit, _, err := ReplayEdit(&phpast.Module{Name: module, Core: core, Install: f}, tmpl)
	if err != nil {
		return nil, err
	}
	if install.Data, err = phpast.Apply(install.Data, []phpast.Edit{edit}); err != nil {
		return nil, err
	}
	if _, err := phpast.ParseFile(install.Path, install.Data, opts); err != nil {
		return nil, fmt.Errorf("scaffolded .install does not parse: %w", err)
	}
	return files, nil
}

// title is the human-readable module name: "example_deploy" → "Example deploy".
func title(module string) string {
	s := strings.ReplaceAll(module, "_", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// className is the PHP class stem: "example_deploy" → "ExampleDeploy".
func className(module string) string {
	var b strings.Builder
	for _, part := range strings.Split(module, "_") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}
