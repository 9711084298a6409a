package procedure

import (
	"bytes"
	"fmt"
	"io/fs"
	"strings"
	"text/template"
)

// Target is what dcycle procedure writes: a bash script for a site on one
// web server, or an Ansible playbook for several web heads on one database.
type Target string

// Targets.
const (
	TargetBash    Target = "bash"
	TargetAnsible Target = "ansible"
)

// Settings are everything a generated procedure depends on, settled from
// the command line, .dcycle.yml and the project (see Resolve). The same
// settings always give the same bytes.
type Settings struct {
	Target Target
	// Core is the Drupal core major: 7 runs drush 8's commands, 8 and later
	// drush deploy.
	Core int
	// Root is the deploy root on every head, an absolute path holding
	// releases/, current (a link to releases/ID), shared/ and the lock.
	Root string
	// Drush is the command that runs drush, in a release folder.
	Drush string
	// Reload is the command that resets PHP on a head.
	Reload string
	// Keep is how many releases each head keeps.
	Keep int
	// Shared are the paths, relative to a release, that every release links
	// to ROOT/shared/PATH: settings and uploaded files.
	Shared []string
	// RegistryRebuild runs drush rr first among Drupal 7's database steps.
	RegistryRebuild bool
	// Heads is the number of hosts of the example inventory (Ansible, when
	// Inventory is empty).
	Heads int
	// Inventory is the team's own inventory as the playbook's usage line
	// names it; "" writes an example inventory instead.
	Inventory string
}

// File names of the generated procedures.
const (
	ScriptFile    = "deploy.sh"
	PlaybookFile  = "deploy.yml"
	InventoryFile = "inventory.example.ini"
)

// GeneratedFile is one file of a generated procedure.
type GeneratedFile struct {
	// Name is the file's name in the output folder.
	Name string
	Data []byte
	Mode fs.FileMode
}

// GeneratedMarker is in every file dcycle procedure writes: a file without
// it is someone's own, never overwritten.
const GeneratedMarker = "written by `dcycle procedure`"

// genStep is one database step: a drush command and the label the marker
// and the messages use.
type genStep struct {
	Label string
	Args  string
}

// genData is what the templates read; strings that land in a script or
// playbook are quoted by the templates' sh and yaml functions.
type genData struct {
	Core                int
	D7                  bool
	Root, Drush, Reload string
	Keep                int
	Shared              []string
	Steps               []genStep
	DatabaseSteps       string
	SQLDump, SQLDrop    string
	SQLCli              string
	MaintenanceOn       string
	MaintenanceOff      string
	InventoryHint       string
	Hosts               []string
}

// Generate renders the procedure of s from the templates in tmpl
// (templates.Procedure()). It refuses, with a *SettingError, a value it
// cannot carry exactly into the files.
func Generate(s Settings, tmpl fs.FS) ([]GeneratedFile, error) {
	if err := s.validate(); err != nil {
		return nil, err
	}
	d := s.data()
	if s.Target == TargetBash {
		out, err := genRender(tmpl, "deploy.sh.tmpl", d)
		if err != nil {
			return nil, err
		}
		return []GeneratedFile{{Name: ScriptFile, Data: out, Mode: 0o755}}, nil
	}
	out, err := genRender(tmpl, "deploy.yml.tmpl", d)
	if err != nil {
		return nil, err
	}
	files := []GeneratedFile{{Name: PlaybookFile, Data: out, Mode: 0o644}}
	if s.Inventory == "" {
		inv, err := genRender(tmpl, "inventory.example.ini.tmpl", d)
		if err != nil {
			return nil, err
		}
		files = append(files, GeneratedFile{Name: InventoryFile, Data: inv, Mode: 0o644})
	}
	return files, nil
}

func (s Settings) data() genData {
	d := genData{
		Core: s.Core, D7: s.Core == 7,
		Root: s.Root, Drush: s.Drush, Reload: s.Reload,
		Keep: s.Keep, Shared: s.Shared,
		InventoryHint: InventoryFile,
	}
	if s.Inventory != "" {
		d.InventoryHint = genShellQuote(s.Inventory)
	}
	for i := 1; i <= s.Heads; i++ {
		d.Hosts = append(d.Hosts, fmt.Sprintf("web%d.example.com", i))
	}
	if d.D7 {
		d.SQLDump, d.SQLDrop, d.SQLCli = "sql-dump", "sql-drop", "sql-cli"
		d.MaintenanceOn, d.MaintenanceOff = "vset maintenance_mode 1", "vset maintenance_mode 0"
		if s.RegistryRebuild {
			d.Steps = append(d.Steps, genStep{Label: "drush rr", Args: "rr"})
		}
		d.Steps = append(d.Steps,
			genStep{Label: "drush updb -y", Args: "updb -y"},
			genStep{Label: "drush cc all", Args: "cc all"},
			genStep{Label: "drush cron", Args: "cron"})
	} else {
		d.SQLDump, d.SQLDrop, d.SQLCli = "sql:dump", "sql:drop", "sql:cli"
		d.MaintenanceOn = "state:set system.maintenance_mode 1 --input-format=integer"
		d.MaintenanceOff = "state:set system.maintenance_mode 0 --input-format=integer"
		d.Steps = []genStep{{Label: "drush deploy -y", Args: "deploy -y"}}
	}
	labels := make([]string, len(d.Steps))
	for i, st := range d.Steps {
		labels[i] = st.Label
	}
	d.DatabaseSteps = strings.Join(labels, ", ")
	return d
}

// genRender executes one template. The delimiters are [% %]: bash, YAML and
// Jinja all use braces.
func genRender(tmpl fs.FS, name string, d genData) ([]byte, error) {
	src, err := fs.ReadFile(tmpl, name)
	if err != nil {
		return nil, fmt.Errorf("procedure template %s: %w", name, err)
	}
	t, err := template.New(name).Delims("[%", "%]").Option("missingkey=error").
		Funcs(template.FuncMap{"sh": genShellQuote, "yaml": genYAMLQuote}).Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("procedure template %s: %w", name, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		return nil, fmt.Errorf("procedure template %s: %w", name, err)
	}
	return b.Bytes(), nil
}
