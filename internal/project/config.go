package project

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/dcycle/dcycle/internal/phpast"
)

// ConfigFile is the name of the project settings file.
const ConfigFile = ".dcycle.yml"

// Severities a rule can be set to in .dcycle.yml.
var severities = []string{"off", "info", "warning", "error"}

var ruleIDPattern = regexp.MustCompile(`^DC[0-9]{3}$`)

// Config is .dcycle.yml.
type Config struct {
	// Module is a path (relative to the config's folder) or a module name.
	Module string `yaml:"module"`
	// Core is the Drupal core major, 0 when not set.
	Core int `yaml:"core"`
	// IssuePattern is a Go regexp; empty means phpast.DefaultIssuePattern.
	IssuePattern string `yaml:"issue_pattern"`
	// Rules maps a rule ID to off, info, warning or error.
	Rules map[string]string `yaml:"rules"`
	// Verify holds the settings of dcycle verify.
	Verify VerifyConfig `yaml:"verify"`
	// ConfigSync is the config sync directory (relative to the config's
	// folder), for projects whose settings.php does not name one that
	// dcycle can read.
	ConfigSync string `yaml:"config_sync"`
	// Procedure holds the defaults of dcycle procedure.
	Procedure ProcedureConfig `yaml:"procedure"`
	// Path is where the config was read from.
	Path string `yaml:"-"`
}

// IssueRegexp compiles the configured issue pattern, or the default one when
// c is nil or sets none.
func (c *Config) IssueRegexp() (*regexp.Regexp, error) {
	if c == nil || c.IssuePattern == "" {
		return phpast.DefaultIssuePattern, nil
	}
	re, err := regexp.Compile(c.IssuePattern)
	if err != nil {
		return nil, fmt.Errorf("issue pattern: %w", err)
	}
	return re, nil
}

// ConfigSyncDir is the config_sync: directory as a path from the working
// folder (the config's folder joined to it when it is relative), "" when
// the config sets none.
func (c *Config) ConfigSyncDir() string {
	if c == nil || c.ConfigSync == "" {
		return ""
	}
	if filepath.IsAbs(c.ConfigSync) {
		return c.ConfigSync
	}
	return filepath.Join(filepath.Dir(c.Path), c.ConfigSync)
}

// yamlLine matches the position yaml.v3 puts in its syntax errors.
var yamlLine = regexp.MustCompile(`^yaml: line ([0-9]+): (.*)$`)

// LoadConfig reads and validates a .dcycle.yml. Unknown or duplicate keys,
// values of the wrong type, unknown severities, malformed rule IDs and
// invalid issue patterns are errors that carry the file's line and column, so
// that a typo is never silently ignored.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{Path: path, Msg: "cannot read config", Err: unwrapPathError(err)}
	}
	cfg := &Config{Path: path}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return cfg, nil // an empty file sets nothing
		}
		return nil, yamlError(path, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, &Error{Path: path, Line: extra.Line, Col: extra.Column, Msg: "only one YAML document is allowed"}
	} else if !errors.Is(err, io.EOF) {
		return nil, yamlError(path, err)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if isNull(root) {
		return cfg, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, nodeError(path, root, "expected a mapping of settings (module, core, issue_pattern, rules)")
	}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := root.Content[i], root.Content[i+1]
		if first, ok := seen[key.Value]; ok {
			return nil, nodeError(path, key, fmt.Sprintf("duplicate key %q (first at line %d)", key.Value, first.Line))
		}
		seen[key.Value] = key
		var err error
		switch key.Value {
		case "module":
			cfg.Module, err = scalarString(path, key.Value, val)
		case "core":
			cfg.Core, err = coreValue(path, val)
		case "issue_pattern":
			cfg.IssuePattern, err = issuePattern(path, val)
		case "rules":
			cfg.Rules, err = ruleSeverities(path, val)
		case "verify":
			cfg.Verify, err = verifySettings(path, val)
		case "config_sync":
			cfg.ConfigSync, err = scalarString(path, key.Value, val)
		case "procedure":
			cfg.Procedure, err = procedureSettings(path, val)
		default:
			err = nodeError(path, key, fmt.Sprintf("unknown key %q (known: module, core, issue_pattern, rules, verify, config_sync, procedure)", key.Value))
		}
		if err != nil {
			return nil, err
		}
	}
	return cfg, nil
}

// FindConfig returns the nearest .dcycle.yml in start or one of its
// ancestors up to the project root, or nil, nil when there is none. With no
// project root only start itself is looked at: without a project boundary a
// config found higher up would most likely belong to something else.
func FindConfig(start string) (*Config, error) {
	abs, err := filepath.Abs(start)
	if err != nil {
		return nil, &Error{Path: start, Msg: "cannot resolve folder", Err: err}
	}
	root := projectRootAbs(abs)
	for d := abs; ; {
		p := filepath.Join(d, ConfigFile)
		if isFile(p) {
			return LoadConfig(display(start, abs, p))
		}
		parent := filepath.Dir(d)
		if root == "" || d == root || parent == d {
			return nil, nil
		}
		d = parent
	}
}

func yamlError(path string, err error) error {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{Path: path, Line: line, Msg: m[2]}
	}
	return &Error{Path: path, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
}

func nodeError(path string, n *yaml.Node, msg string) error {
	return &Error{Path: path, Line: n.Line, Col: n.Column, Msg: msg}
}

func isNull(n *yaml.Node) bool {
	return n.Kind == 0 || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// scalarString accepts a string (quoted or not) or null; a number or a list
// where a name or regexp is expected is a mistake worth reporting.
func scalarString(path, key string, n *yaml.Node) (string, error) {
	if isNull(n) {
		return "", nil
	}
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
		return "", nodeError(path, n, key+": expected a string")
	}
	return n.Value, nil
}

func coreValue(path string, n *yaml.Node) (int, error) {
	if isNull(n) {
		return 0, nil
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!int" {
		v, err := strconv.Atoi(n.Value)
		if err == nil && v >= 7 {
			return v, nil
		}
	}
	return 0, nodeError(path, n, fmt.Sprintf("core: expected a Drupal core major such as 7 or 10, got %q", n.Value))
}

func issuePattern(path string, n *yaml.Node) (string, error) {
	p, err := scalarString(path, "issue_pattern", n)
	if err != nil || p == "" {
		return p, err
	}
	re, err := regexp.Compile(p)
	if err != nil {
		return "", &Error{Path: path, Line: n.Line, Col: n.Column, Msg: "issue_pattern: invalid regexp", Err: err}
	}
	// A pattern that matches nothing at all would make every docblock
	// "start with an issue reference".
	if re.MatchString("") {
		return "", nodeError(path, n, "issue_pattern: matches the empty string, so it would accept a missing issue reference")
	}
	return p, nil
}

func ruleSeverities(path string, n *yaml.Node) (map[string]string, error) {
	if isNull(n) {
		return nil, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, nodeError(path, n, "rules: expected a mapping of rule ID to severity, such as DC008: error")
	}
	rules := make(map[string]string, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		if !ruleIDPattern.MatchString(key.Value) {
			return nil, nodeError(path, key, fmt.Sprintf("rules: %q is not a rule ID (DC followed by three digits)", key.Value))
		}
		if _, dup := rules[key.Value]; dup {
			return nil, nodeError(path, key, fmt.Sprintf("rules: duplicate rule %s", key.Value))
		}
		sev := ""
		if val.Kind == yaml.ScalarNode {
			sev = val.Value
		}
		if !slices.Contains(severities, sev) || val.Tag != "!!str" {
			return nil, nodeError(path, val, fmt.Sprintf("rules: %s: severity must be one of %s, got %q", key.Value, strings.Join(severities, ", "), sev))
		}
		rules[key.Value] = sev
	}
	return rules, nil
}

// VerifyConfig is the verify: section of .dcycle.yml.
type VerifyConfig struct {
	// Profile is the install profile of the sites verify builds, "" for
	// the config sync directory's or minimal.
	Profile string `yaml:"profile"`
}

func verifySettings(path string, n *yaml.Node) (VerifyConfig, error) {
	var v VerifyConfig
	if isNull(n) {
		return v, nil
	}
	if n.Kind != yaml.MappingNode {
		return v, nodeError(path, n, "verify: expected a mapping of settings (profile)")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		var err error
		switch key.Value {
		case "profile":
			v.Profile, err = scalarString(path, "verify.profile", val)
		default:
			err = nodeError(path, key, fmt.Sprintf("verify: unknown key %q (known: profile)", key.Value))
		}
		if err != nil {
			return v, err
		}
	}
	return v, nil
}

// unwrapPathError drops the operation and path from an *fs.PathError, which
// the enclosing Error already names.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
