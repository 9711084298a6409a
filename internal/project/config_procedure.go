package project

import (
	"fmt"
	"strconv"

	"gopkg.in/yaml.v3"
)

// ProcedureConfig is the procedure: section of .dcycle.yml, the defaults
// of dcycle procedure. A zero field is unset: the command line, then
// dcycle's own default, decide.
type ProcedureConfig struct {
	// Target is bash or ansible.
	Target string
	// Heads is the number of web heads of the example inventory.
	Heads int
	// Inventory is the team's Ansible inventory, relative to the config's
	// folder.
	Inventory string
	// Root is the deploy root on every web head (releases/, current,
	// shared/).
	Root string
	// Drush is the command that runs drush in a release folder.
	Drush string
	// Reload is the command that resets PHP on a web head.
	Reload string
	// Keep is the number of releases kept on each head.
	Keep int
	// Out is the folder the procedure is written to, relative to the
	// config's folder.
	Out string
	// Shared are the paths, relative to a release, linked to the same path
	// under ROOT/shared; nil when unset, empty when set to none.
	Shared []string
	// RegistryRebuild says whether a Drupal 7 procedure runs drush rr; nil
	// when unset (detected from the project).
	RegistryRebuild *bool
}

// procedureKeys lists the keys of the procedure: section, for messages.
const procedureKeys = "target, heads, inventory, root, drush, reload, keep, out, shared, registry_rebuild"

func procedureSettings(path string, n *yaml.Node) (ProcedureConfig, error) {
	var p ProcedureConfig
	if isNull(n) {
		return p, nil
	}
	if n.Kind != yaml.MappingNode {
		return p, nodeError(path, n, "procedure: expected a mapping of settings ("+procedureKeys+")")
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		if seen[key.Value] {
			return p, nodeError(path, key, fmt.Sprintf("procedure: duplicate key %q", key.Value))
		}
		seen[key.Value] = true
		name := "procedure." + key.Value
		var err error
		switch key.Value {
		case "target":
			p.Target, err = scalarString(path, name, val)
			if err == nil && p.Target != "" && p.Target != "bash" && p.Target != "ansible" {
				err = nodeError(path, val, fmt.Sprintf("%s: expected bash or ansible, got %q", name, p.Target))
			}
		case "heads":
			p.Heads, err = positiveInt(path, name, val, 1)
		case "keep":
			p.Keep, err = positiveInt(path, name, val, 2)
		case "inventory":
			p.Inventory, err = scalarString(path, name, val)
		case "root":
			p.Root, err = scalarString(path, name, val)
		case "drush":
			p.Drush, err = scalarString(path, name, val)
		case "reload":
			p.Reload, err = scalarString(path, name, val)
		case "out":
			p.Out, err = scalarString(path, name, val)
		case "shared":
			p.Shared, err = stringList(path, name, val)
		case "registry_rebuild":
			p.RegistryRebuild, err = boolValue(path, name, val)
		default:
			err = nodeError(path, key, fmt.Sprintf("procedure: unknown key %q (known: %s)", key.Value, procedureKeys))
		}
		if err != nil {
			return p, err
		}
	}
	return p, nil
}

// positiveInt reads an integer of at least min; null leaves it unset (0).
func positiveInt(path, name string, n *yaml.Node, min int) (int, error) {
	if isNull(n) {
		return 0, nil
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!int" {
		if v, err := strconv.Atoi(n.Value); err == nil && v >= min {
			return v, nil
		}
	}
	return 0, nodeError(path, n, fmt.Sprintf("%s: expected a whole number of at least %d, got %q", name, min, n.Value))
}

// stringList reads a list of strings; null leaves it unset (nil), [] sets
// it to none.
func stringList(path, name string, n *yaml.Node) ([]string, error) {
	if isNull(n) {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, nodeError(path, n, name+": expected a list of paths")
	}
	out := make([]string, 0, len(n.Content))
	for _, item := range n.Content {
		if item.Kind != yaml.ScalarNode || item.Tag != "!!str" {
			return nil, nodeError(path, item, name+": expected a path")
		}
		out = append(out, item.Value)
	}
	return out, nil
}

func boolValue(path, name string, n *yaml.Node) (*bool, error) {
	if isNull(n) {
		return nil, nil
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		var v bool
		if err := n.Decode(&v); err == nil {
			return &v, nil
		}
	}
	return nil, nodeError(path, n, fmt.Sprintf("%s: expected true or false, got %q", name, n.Value))
}
