package procedure

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/dcycle/dcycle/internal/gen"
	"github.com/dcycle/dcycle/internal/phpast"
	"github.com/dcycle/dcycle/internal/project"
)

// Defaults of dcycle procedure, where neither the command line nor
// .dcycle.yml says.
const (
	DefaultRoot = "/var/www/drupal"
	DefaultKeep = 5
	DefaultOut  = "deploy"
)

// GenerateFlags are the settings given on dcycle procedure's command line;
// a zero value is unset, and .dcycle.yml's procedure: section, then the
// defaults, decide.
type GenerateFlags struct {
	Target, Inventory, Root, Drush, Reload, Out string
	Heads, Keep                                 int
}

// GenerateRequest is one run of dcycle procedure.
type GenerateRequest struct {
	// WorkDir is the folder relative paths on the command line are read
	// from, and where the project is looked for.
	WorkDir string
	// Project holds --module, --core and --config.
	Project project.Options
	Flags   GenerateFlags
	// Check compares the files in the output folder with a fresh
	// generation and writes nothing.
	Check bool
	// Templates are templates.Procedure(), or a test's.
	Templates fs.FS
}

// FileState is what a run did, or would do, to one file.
type FileState int

// File states.
const (
	FileCreated FileState = iota
	FileUpdated
	FileUnchanged
	// FileMissing and FileDiffers are --check's findings.
	FileMissing
	FileDiffers
)

// FileOutcome is one file of the procedure after a run.
type FileOutcome struct {
	Path  string
	State FileState
	// Diff is, with --check, the unified diff from the file on disk to a
	// fresh generation.
	Diff string
}

// GenerateResult is what a run of dcycle procedure did.
type GenerateResult struct {
	Settings Settings
	// Dir is the output folder.
	Dir   string
	Files []FileOutcome
}

// Stale reports whether --check found a file missing or different.
func (r *GenerateResult) Stale() bool {
	for _, f := range r.Files {
		if f.State == FileMissing || f.State == FileDiffers {
			return true
		}
	}
	return false
}

// GenerateProcedure settles the settings (Resolve), generates the
// procedure and writes it to the output folder, or with Check compares it
// with what is there. Every file is written atomically; a file there that
// dcycle procedure did not write is never overwritten.
func GenerateProcedure(req GenerateRequest) (*GenerateResult, error) {
	s, dir, err := Resolve(req)
	if err != nil {
		return nil, err
	}
	files, err := Generate(s, req.Templates)
	if err != nil {
		return nil, err
	}
	res := &GenerateResult{Settings: s, Dir: dir}
	for _, f := range files {
		path := filepath.Join(dir, f.Name)
		old, err := os.ReadFile(path)
		exists := err == nil
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, &gen.PathError{Path: path, Err: genUnwrap(err)}
		}
		out := FileOutcome{Path: path}
		switch {
		case req.Check && !exists:
			out.State = FileMissing
		case req.Check && !bytes.Equal(old, f.Data):
			out.State, out.Diff = FileDiffers, gen.Diff(genDiffName(req.WorkDir, path), old, f.Data)
		case req.Check || bytes.Equal(old, f.Data):
			out.State = FileUnchanged
		case exists && !bytes.Contains(old, []byte(GeneratedMarker)):
			return nil, &gen.PathError{Path: path, Err: errors.New("exists and was not written by dcycle procedure; move it away or choose another --out")}
		default:
			if err := genWriteAtomic(path, f.Data, f.Mode); err != nil {
				return nil, err
			}
			out.State = FileCreated
			if exists {
				out.State = FileUpdated
			}
		}
		res.Files = append(res.Files, out)
	}
	return res, nil
}

// Resolve settles the settings of a run: each one from the command line,
// else .dcycle.yml's procedure: section, else a default that fits the
// project (its core major and layout). It returns the output folder too.
func Resolve(req GenerateRequest) (Settings, string, error) {
	f := req.Flags
	cfg, err := genLoadConfig(req.WorkDir, req.Project)
	if err != nil {
		return Settings{}, "", err
	}
	var pc project.ProcedureConfig
	cfgDir := req.WorkDir
	if cfg != nil {
		pc = cfg.Procedure
		cfgDir = filepath.Dir(cfg.Path)
	}
	root, layout := project.ProjectRoot(req.WorkDir)
	s := Settings{
		Target: Target(cmp.Or(f.Target, pc.Target)),
		Root:   cmp.Or(f.Root, pc.Root, DefaultRoot),
		Reload: cmp.Or(f.Reload, pc.Reload),
		Keep:   cmp.Or(f.Keep, pc.Keep, DefaultKeep),
	}
	s.Core, err = genCore(req, cfg)
	if err != nil {
		return Settings{}, "", err
	}
	if s.Reload == "" {
		return Settings{}, "", genSettingErrorf("--reload", "not set: give the command that resets PHP on a web head, so that it serves the new release (for example 'sudo systemctl reload php8.2-fpm'), or set procedure.reload in .dcycle.yml")
	}
	defaultDrush := "vendor/bin/drush"
	if s.Core == 7 {
		defaultDrush = "drush"
	}
	s.Drush = cmp.Or(f.Drush, pc.Drush, defaultDrush)
	switch {
	case f.Heads > 0:
		s.Heads = f.Heads
	case f.Inventory != "":
		s.Inventory = genInDir(req.WorkDir, f.Inventory)
	case pc.Inventory != "":
		s.Inventory = genInDir(cfgDir, pc.Inventory)
	default:
		s.Heads = cmp.Or(pc.Heads, 1)
	}
	if s.Target == "" {
		s.Target = TargetBash
		if s.Heads > 1 || s.Inventory != "" {
			s.Target = TargetAnsible
		}
	}
	if pc.Shared != nil {
		s.Shared = pc.Shared
	} else {
		s.Shared = genDefaultShared(s.Core, layout)
	}
	if pc.RegistryRebuild != nil {
		s.RegistryRebuild = *pc.RegistryRebuild && s.Core == 7
	} else if s.Core == 7 && root != "" {
		s.RegistryRebuild = genHasRegistryRebuild(root, layout)
	}
	var out string
	switch {
	case f.Out != "":
		out = genInDir(req.WorkDir, f.Out)
	case pc.Out != "":
		out = genInDir(cfgDir, pc.Out)
	case root != "":
		out = filepath.Join(root, DefaultOut)
	default:
		out = genInDir(req.WorkDir, DefaultOut)
	}
	if s.Inventory != "" {
		if err := genCheckInventory(s.Inventory); err != nil {
			return Settings{}, "", err
		}
		s.Inventory = genRelativeTo(out, s.Inventory)
	}
	return s, out, nil
}

func genLoadConfig(wd string, opts project.Options) (*project.Config, error) {
	if opts.ConfigPath != "" {
		return project.LoadConfig(genInDir(wd, opts.ConfigPath))
	}
	return project.FindConfig(wd)
}

// genCore is --core, else .dcycle.yml's core, else the deploy module's, as
// every other command detects it, else the project's.
func genCore(req GenerateRequest, cfg *project.Config) (int, error) {
	if req.Project.Core > 0 {
		return req.Project.Core, nil
	}
	if cfg != nil && cfg.Core > 0 {
		return cfg.Core, nil
	}
	m, _, err := project.Discover(req.WorkDir, req.Project)
	if err != nil {
		// No deploy module yet: the project itself may tell (a Drupal 7
		// web root, drupal/core in composer.json or composer.lock).
		if root, layout := project.ProjectRoot(req.WorkDir); root != "" {
			if core := project.DetectCore(&project.Module{Root: root, Layout: layout}, req.Project, cfg); core > 0 {
				return core, nil
			}
		}
		return 0, genSettingErrorf("--core", "not set, and no deploy module tells the Drupal core major (%v)", err)
	}
	if m.Core > 0 {
		return m.Core, nil
	}
	pm, _, err := m.Load(phpast.Options{})
	if err != nil || pm.Core == 0 {
		return 0, genSettingErrorf("--core", "not set, and the deploy module %s does not tell the Drupal core major", m.Name)
	}
	return pm.Core, nil
}

// defaultShared are the paths a Drupal release shares with the others:
// its settings and its uploaded files, in the web root of the layout.
func genDefaultShared(core int, layout project.Layout) []string {
	web := "web/"
	switch {
	case core == 7 || layout == project.LayoutDrupal7 || layout == project.LayoutComposer:
		web = ""
	case layout == project.LayoutComposerDocroot:
		web = "docroot/"
	}
	return []string{web + "sites/default/settings.php", web + "sites/default/files"}
}

// hasRegistryRebuild reports whether a Drupal 7 project ships the
// registry_rebuild drush command, in the places drush 8 finds it.
func genHasRegistryRebuild(root string, layout project.Layout) bool {
	web := root
	switch layout {
	case project.LayoutComposerWeb:
		web = filepath.Join(root, "web")
	case project.LayoutComposerDocroot:
		web = filepath.Join(root, "docroot")
	}
	for _, dir := range []string{
		filepath.Join(web, "sites", "all", "modules", "registry_rebuild"),
		filepath.Join(web, "sites", "all", "modules", "contrib", "registry_rebuild"),
		filepath.Join(web, "sites", "all", "drush", "registry_rebuild"),
		filepath.Join(root, "drush", "registry_rebuild"),
		filepath.Join(root, "drush", "contrib", "registry_rebuild"),
	} {
		if info, err := os.Stat(dir); err == nil && info.IsDir() {
			return true
		}
	}
	return false
}

// checkInventory refuses an inventory without a host in the group web,
// which the playbook runs on. It reads INI inventories and YAML ones.
func genCheckInventory(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return genSettingErrorf("--inventory", "cannot read %s: %v", path, genUnwrap(err))
	}
	if genInventoryHasWebHost(data) {
		return nil
	}
	return genSettingErrorf("--inventory", "%s has no host in the group web, which deploy.yml runs on", path)
}

func genInventoryHasWebHost(data []byte) bool {
	var doc map[string]any
	if err := yaml.Unmarshal(data, &doc); err == nil && doc != nil {
		return genYAMLGroupHasHost(doc, "web")
	}
	inWeb := false
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "["):
			inWeb = line == "[web]"
		case inWeb:
			return true
		}
	}
	return false
}

// yamlGroupHasHost looks for the group anywhere in a YAML inventory (at
// the top or under children) and reports whether it lists a host.
func genYAMLGroupHasHost(node map[string]any, group string) bool {
	for name, v := range node {
		m, _ := v.(map[string]any)
		if m == nil {
			continue
		}
		if name == group {
			if hosts, _ := m["hosts"].(map[string]any); len(hosts) > 0 {
				return true
			}
		}
		if children, _ := m["children"].(map[string]any); children != nil && genYAMLGroupHasHost(children, group) {
			return true
		}
	}
	return false
}

// writeAtomic replaces path with data: a temporary file in the same
// folder, synced, then renamed over it, so that a reader (or a deployment
// starting) sees the old file or the new one, never half of one.
func genWriteAtomic(path string, data []byte, mode fs.FileMode) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &gen.PathError{Path: dir, Err: genUnwrap(err)}
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".dcycle-*")
	if err != nil {
		return &gen.PathError{Path: path, Err: genUnwrap(err)}
	}
	defer os.Remove(tmp.Name()) // nothing is left after the rename
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(mode)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return &gen.PathError{Path: path, Err: genUnwrap(err)}
	}
	return nil
}

func genUnwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// inDir resolves a path given relative to dir.
func genInDir(dir, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

// relativeTo expresses target relative to dir when both are on the same
// tree, for the playbook's usage line, which is run from dir.
func genRelativeTo(dir, target string) string {
	ad, err1 := filepath.Abs(dir)
	at, err2 := filepath.Abs(target)
	if err1 != nil || err2 != nil {
		return target
	}
	rel, err := filepath.Rel(ad, at)
	if err != nil {
		return at
	}
	return filepath.ToSlash(rel)
}

// genDiffName names a file in a diff's headers as git does: relative to the
// working folder when it lies below it.
func genDiffName(wd, path string) string {
	rel := genRelativeTo(wd, path)
	if rel == ".." || strings.HasPrefix(rel, "../") || filepath.IsAbs(rel) {
		return filepath.ToSlash(path)
	}
	return rel
}

// String names a state in the command's report.
func (s FileState) String() string {
	switch s {
	case FileCreated:
		return "created"
	case FileUpdated:
		return "updated"
	case FileUnchanged:
		return "unchanged"
	case FileMissing:
		return "missing"
	case FileDiffers:
		return "differs"
	}
	return fmt.Sprintf("state(%d)", int(s))
}
