// Package site builds throwaway Drupal sites on SQLite from a project's own
// codebase, in a temporary folder, and reads their state: what `dcycle
// verify` compares. The codebase is hard-linked where the file system
// allows, and what a site writes to (its settings, files and database, the
// deploy module, the config sync directory) is a copy of its own, so the
// project's folder is never written to. The PHP that installs, enables,
// updates and inspects a site is embedded in the binary (php/); on Drupal 8
// and later the updates run through the project's own drush.
package site

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

//go:embed php/d7.php php/d10.php
var phpScripts embed.FS

// Error is a site that could not be built or inspected: PHP or drush
// missing, an install that failed, a tool that died. Log holds what the
// failing step printed.
type Error struct {
	Site string
	Msg  string
	Log  string
}

func (e *Error) Error() string {
	if e.Site == "" {
		return e.Msg
	}
	return e.Site + " site: " + e.Msg
}

// Env is what site building takes from the machine.
type Env struct {
	// PHP is the php binary, "" for php on the PATH.
	PHP string
	// TempDir is where the work folder is made, "" for the system's.
	TempDir string
	// Progress receives one line per step; nil discards them.
	Progress io.Writer
	// Environ is the environment the PHP processes inherit; nil for the
	// process's own.
	Environ []string
}

// Work is the temporary folder verify builds its sites in:
//
//	php/       the embedded scripts
//	home/      HOME for drush
//	NAME/      a site: a copy of the codebase's root
//	NAME-sync/ its config sync directory (Drupal 8+)
type Work struct {
	Dir string
	env Env
	php string
	mu  sync.Mutex
}

// NewWork checks that php can run Drupal of the core major and makes the
// work folder.
func NewWork(ctx context.Context, env Env, core int) (*Work, error) {
	php, err := findPHP(ctx, env, core)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(env.TempDir, "dcycle-verify-")
	if err != nil {
		return nil, &Error{Msg: fmt.Sprintf("cannot make a temporary folder: %v", err)}
	}
	w := &Work{Dir: dir, env: env, php: php}
	for _, sub := range []string{"php", "home"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o755); err != nil {
			w.Remove()
			return nil, err
		}
	}
	for _, name := range []string{"d7.php", "d10.php"} {
		data, err := phpScripts.ReadFile("php/" + name)
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, "php", name), data, 0o644)
		}
		if err != nil {
			w.Remove()
			return nil, err
		}
	}
	return w, nil
}

// Remove deletes the work folder and every site in it.
func (w *Work) Remove() error { return removeAll(w.Dir) }

// progress prints one line of progress.
func (w *Work) progress(format string, args ...any) {
	if w.env.Progress == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	fmt.Fprintf(w.env.Progress, format+"\n", args...)
}

// requiredExtensions are the PHP extensions an install of each core major
// cannot do without, with the Debian package that provides each.
func requiredExtensions(core int) [][2]string {
	exts := [][2]string{{"pdo_sqlite", "php-sqlite3"}}
	if core != 7 {
		exts = append(exts, [2]string{"gd", "php-gd"}, [2]string{"dom", "php-xml"}, [2]string{"simplexml", "php-xml"}, [2]string{"mbstring", "php-mbstring"})
	}
	return exts
}

// findPHP finds php and checks its extensions.
func findPHP(ctx context.Context, env Env, core int) (string, error) {
	name := env.PHP
	if name == "" {
		name = "php"
	}
	path, err := exec.LookPath(name)
	if err != nil {
		return "", &Error{Msg: fmt.Sprintf("php is missing (%s not found): verify runs Drupal with the PHP command line; install it (Debian: apt-get install php-cli php-sqlite3 php-gd php-xml php-mbstring)", name)}
	}
	exts := requiredExtensions(core)
	var probe strings.Builder
	probe.WriteString("foreach ([")
	for i, e := range exts {
		if i > 0 {
			probe.WriteString(", ")
		}
		fmt.Fprintf(&probe, "'%s'", e[0])
	}
	probe.WriteString("] as $e) { if (!extension_loaded($e)) { echo $e, \"\\n\"; } }")
	cmd := exec.CommandContext(ctx, path, "-r", probe.String())
	cmd.Env = env.Environ
	out, err := cmd.Output()
	if err != nil {
		return "", &Error{Msg: fmt.Sprintf("%s cannot run: %v", path, err)}
	}
	var missing, pkgs []string
	for _, line := range strings.Fields(string(out)) {
		for _, e := range exts {
			if e[0] == line {
				missing = append(missing, line)
				if !slices.Contains(pkgs, e[1]) {
					pkgs = append(pkgs, e[1])
				}
			}
		}
	}
	if len(missing) > 0 {
		return "", &Error{Msg: fmt.Sprintf("%s has no %s: Drupal %s needs it on SQLite (Debian: apt-get install %s)", path, strings.Join(missing, ", "), coreName(core), strings.Join(pkgs, " "))}
	}
	return path, nil
}

// Site is one throwaway site in the work folder.
type Site struct {
	// Name is the site's folder name in the work folder: "fresh",
	// "updated".
	Name string
	// Dir is the site's copy of the codebase root; DocRoot its Drupal root.
	Dir     string
	DocRoot string
	// Sync is the site's config sync directory (Drupal 8+).
	Sync string
	cb   *Codebase
	w    *Work
	// linked and copied count the codebase's files.
	linked, copied int
}

// Build makes one site per name from the codebase and installs Drupal with
// profile once: the first site is installed while the others are copied,
// and they then take a copy of its database, so every site starts from the
// very same install.
func (w *Work) Build(ctx context.Context, cb *Codebase, profile string, names ...string) ([]*Site, error) {
	if cb.Core != 7 && cb.Drush == "" {
		// A project without its own drush may be run by one installed on
		// the machine (drush 8 runs Drupal 8 sites).
		path, err := exec.LookPath("drush")
		if err != nil {
			return nil, &Error{Msg: fmt.Sprintf("drush is missing: %s has no vendor/bin/drush and there is no drush on the PATH, and verify runs `drush deploy` as production does (composer require drush/drush)", cb.Root)}
		}
		cb.Drush, cb.DrushOnPath = path, true
	}
	sites := make([]*Site, len(names))
	for i, name := range names {
		s := &Site{Name: name, Dir: filepath.Join(w.Dir, name), cb: cb, w: w}
		s.DocRoot = filepath.Join(s.Dir, filepath.FromSlash(cb.DocRoot))
		if cb.Core != 7 {
			s.Sync = filepath.Join(w.Dir, name+"-sync")
		}
		sites[i] = s
	}
	start := time.Now()
	if err := sites[0].copyCodebase(ctx); err != nil {
		return nil, err
	}
	w.progress("copied the codebase into %s in %s (%d files hard-linked, %d copied)", sites[0].Dir, since(start), sites[0].linked, sites[0].copied)
	errs := make([]error, len(sites))
	var wg sync.WaitGroup
	for i, s := range sites[1:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i+1] = s.copyCodebase(ctx)
		}()
	}
	start = time.Now()
	errs[0] = sites[0].install(ctx, profile)
	if errs[0] == nil {
		w.progress("installed Drupal (profile %s) in %s", profile, since(start))
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for _, s := range sites[1:] {
		if err := s.takeDatabase(ctx, sites[0]); err != nil {
			return nil, err
		}
	}
	return sites, nil
}

func since(t time.Time) string { return time.Since(t).Round(100 * time.Millisecond).String() }

// copyCodebase makes the site's folder: the codebase, its settings and
// its config sync directory.
func (s *Site) copyCodebase(ctx context.Context) error {
	c := &treeCopy{plan: s.cb.plan(), link: true}
	if err := c.copyTree(ctx, s.cb.Root, s.Dir); err != nil {
		return &Error{Site: s.Name, Msg: fmt.Sprintf("copy the codebase: %v", err)}
	}
	s.linked, s.copied = c.linked, c.copied
	if s.Sync != "" {
		sc := &treeCopy{link: false}
		var err error
		if s.cb.Sync != "" {
			err = sc.copyTree(ctx, s.cb.Sync, s.Sync)
		} else {
			err = os.Mkdir(s.Sync, 0o755)
		}
		if err != nil {
			return &Error{Site: s.Name, Msg: fmt.Sprintf("copy the config sync directory: %v", err)}
		}
	}
	return s.writeSettings()
}

// settingsDir is the site's sites/default.
func (s *Site) settingsDir() string { return filepath.Join(s.DocRoot, "sites", "default") }

// writeSettings writes the site's own settings.php: a SQLite database
// inside the site (relative to it, so that a copy of the database works in
// another site), a fixed hash salt and the site's config sync directory.
// The database trades durability for speed: the site is thrown away.
func (s *Site) writeSettings() error {
	dir := s.settingsDir()
	if err := s.inside(filepath.Join(dir, "files")); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "files"), 0o755); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("<?php\n\n// A throwaway site built by dcycle verify.\n")
	if s.cb.Core == 7 {
		b.WriteString("$databases['default']['default'] = array(\n  'driver' => 'sqlite',\n  'database' => DRUPAL_ROOT . '/sites/default/files/.ht.sqlite',\n  'prefix' => '',\n  'init_commands' => array('synchronous' => 'PRAGMA synchronous = OFF'),\n);\n")
		b.WriteString("$drupal_hash_salt = 'dcycle-verify';\n$update_free_access = FALSE;\n")
	} else {
		b.WriteString("$databases['default']['default'] = [\n  'driver' => 'sqlite',\n  'database' => $app_root . '/' . $site_path . '/files/.ht.sqlite',\n  'prefix' => '',\n")
		if isDir(filepath.Join(s.DocRoot, "core", "modules", "sqlite", "src", "Driver", "Database", "sqlite")) {
			b.WriteString("  'namespace' => 'Drupal\\\\sqlite\\\\Driver\\\\Database\\\\sqlite',\n  'autoload' => 'core/modules/sqlite/src/Driver/Database/sqlite/',\n")
		}
		b.WriteString("  'init_commands' => ['synchronous' => 'PRAGMA synchronous = OFF'],\n];\n")
		fmt.Fprintf(&b, "$settings['hash_salt'] = 'dcycle-verify';\n$settings['config_sync_directory'] = %s;\n", phpString(s.Sync))
		b.WriteString("$settings['update_free_access'] = FALSE;\n$settings['skip_permissions_hardening'] = TRUE;\n")
		// Part of the key of the container Drupal caches in the database:
		// a site never runs on the container of the site it copied.
		fmt.Fprintf(&b, "$settings['deployment_identifier'] = %s;\n", phpString("dcycle-verify-"+s.Name))
	}
	return os.WriteFile(filepath.Join(dir, "settings.php"), []byte(b.String()), 0o644)
}

// phpString quotes s as a single-quoted PHP string.
func phpString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// takeDatabase copies the installed database (and the files the install
// wrote) of another site of the same codebase.
func (s *Site) takeDatabase(ctx context.Context, from *Site) error {
	src := filepath.Join(from.settingsDir(), "files")
	dst := filepath.Join(s.settingsDir(), "files")
	if err := removeAll(dst); err != nil {
		return err
	}
	c := &treeCopy{link: false}
	if err := c.copyTree(ctx, src, dst); err != nil {
		return &Error{Site: s.Name, Msg: fmt.Sprintf("copy the installed database: %v", err)}
	}
	// Caches name the other site's folder (Drupal 8+ caches its compiled
	// container, with the other site's root, in the database; compiled
	// templates live in files/php): this site builds its own.
	if err := removeAll(filepath.Join(dst, "php")); err != nil {
		return err
	}
	_, err := s.script(ctx, "uncache")
	return err
}

// install installs Drupal with the profile.
func (s *Site) install(ctx context.Context, profile string) error {
	r, err := s.script(ctx, "install", profile)
	if err != nil {
		return err
	}
	if !r.OK {
		return &Error{Site: s.Name, Msg: "install failed: " + r.describe(), Log: r.Log}
	}
	return s.setSiteUUID(ctx)
}

// ModuleDir is the deploy module's folder in the site.
func (s *Site) ModuleDir() string { return filepath.Join(s.Dir, filepath.FromSlash(s.cb.Module)) }

// inside checks that writing to path writes inside the site's folder: a
// folder of the copy that is a symbolic link (the project's
// web/modules/custom pointing elsewhere) would lead a write out of it,
// possibly into the project.
func (s *Site) inside(path string) error {
	root, err := filepath.EvalSymlinks(s.Dir)
	if err != nil {
		return err
	}
	// The nearest folder that exists decides where a write lands.
	dir := path
	for {
		if _, err := os.Lstat(dir); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return err
	}
	if real != root && !strings.HasPrefix(real, root+string(filepath.Separator)) {
		rel, _ := filepath.Rel(s.Dir, dir)
		return &Error{Site: s.Name, Msg: fmt.Sprintf("%s is a symbolic link out of the codebase (to %s): verify will not write through it; make it a folder of the project", filepath.ToSlash(rel), real)}
	}
	return nil
}

// PutModule replaces the deploy module's files with files.
func (s *Site) PutModule(files Files) error {
	if err := s.inside(filepath.Dir(s.ModuleDir())); err != nil {
		return err
	}
	if err := files.write(s.ModuleDir()); err != nil {
		return &Error{Site: s.Name, Msg: fmt.Sprintf("write the deploy module: %v", err)}
	}
	return nil
}

// Failure is what Drupal refused: an update, post-update or deploy hook
// that threw, a hook_install() that died, a config import that failed.
type Failure struct {
	// Site is "fresh" or "updated"; Step what ran ("enable", "updb",
	// "drush deploy"…).
	Site string `json:"site"`
	Step string `json:"step"`
	// Update is the function that failed ("example_deploy_update_7003",
	// "example_deploy_install"), "" when Drupal does not say.
	Update string `json:"update,omitempty"`
	// Message is Drupal's message.
	Message string `json:"message"`
}

// Outcome is what a step did.
type Outcome struct {
	// Ran are the updates that ran, in order, where the step tells.
	Ran      []string
	Failures []Failure
	// Log is everything the step printed.
	Log string
}

// result is what an embedded script writes to its result file.
type result struct {
	OK       bool            `json:"ok"`
	Ran      []string        `json:"ran"`
	Failures []Failure       `json:"failures"`
	Error    string          `json:"error"`
	Pending  []string        `json:"pending"`
	State    json.RawMessage `json:"state"`
	Log      string          `json:"-"`
}

func (r *result) describe() string {
	if r.Error != "" {
		return r.Error
	}
	var msgs []string
	for _, f := range r.Failures {
		msgs = append(msgs, strings.TrimPrefix(f.Update+": "+f.Message, ": "))
	}
	if len(msgs) > 0 {
		return strings.Join(msgs, "; ")
	}
	return "no reason given; see the log"
}

// script runs a command of the embedded script for the site's core in the
// site, and reads its result. An error means the script could not do its
// work at all (exit 2, no result); Drupal's refusals are in the result.
func (s *Site) script(ctx context.Context, command string, args ...string) (*result, error) {
	r, err := s.w.script(ctx, s.cb.Core, s.Name, s.DocRoot, command, args...)
	var serr *Error
	switch {
	case r != nil:
		s.log(command, r.Log)
	case errors.As(err, &serr):
		s.log(command, serr.Log)
	}
	return r, err
}

// log appends what a step printed to NAME.log in the work folder, kept
// with the sites.
func (s *Site) log(step, text string) {
	f, err := os.OpenFile(filepath.Join(s.w.Dir, s.Name+".log"), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return
	}
	defer f.Close()
	fmt.Fprintf(f, "== %s\n%s", step, text)
	if text != "" && !strings.HasSuffix(text, "\n") {
		fmt.Fprintln(f)
	}
}

func (w *Work) script(ctx context.Context, core int, name, docroot, command string, args ...string) (*result, error) {
	scriptName := "d10.php"
	if core == 7 {
		scriptName = "d7.php"
	}
	resultFile, err := os.CreateTemp(w.Dir, "result-*.json")
	if err != nil {
		return nil, err
	}
	resultFile.Close()
	defer os.Remove(resultFile.Name())
	argv := append([]string{filepath.Join(w.Dir, "php", scriptName), command, docroot, resultFile.Name()}, args...)
	log, _, runErr := w.run(ctx, docroot, w.php, argv...)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	data, err := os.ReadFile(resultFile.Name())
	r := &result{Log: log}
	if err == nil && len(data) > 0 {
		err = json.Unmarshal(data, r)
	} else if err == nil {
		err = errors.New("no result")
	}
	if err != nil {
		msg := fmt.Sprintf("%s %s: %v", scriptName, command, err)
		if runErr != nil {
			msg = fmt.Sprintf("%s %s: %v", scriptName, command, runErr)
		}
		return nil, &Error{Site: name, Msg: msg + lastLines(log), Log: log}
	}
	if r.Error != "" {
		return nil, &Error{Site: name, Msg: fmt.Sprintf("%s: %s", command, r.Error), Log: log}
	}
	for i := range r.Failures {
		r.Failures[i].Site = name
	}
	return r, nil
}

// lastLines gives the end of a log for an error message.
func lastLines(log string) string {
	lines := strings.Split(strings.TrimSpace(log), "\n")
	if len(lines) == 1 && lines[0] == "" {
		return ""
	}
	if len(lines) > 5 {
		lines = lines[len(lines)-5:]
	}
	return "\n  " + strings.Join(lines, "\n  ")
}

// run runs a program in dir, in a process group of its own that is killed
// when ctx ends, and returns what it printed and its exit code.
func (w *Work) run(ctx context.Context, dir, name string, args ...string) (string, int, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	env := w.env.Environ
	if env == nil {
		env = os.Environ()
	}
	cmd.Env = append(append([]string(nil), env...), "HOME="+filepath.Join(w.Dir, "home"), "COLUMNS=1000", "NO_COLOR=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	ownGroup(cmd)
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	// Whatever the process left behind in its group ends with it.
	_ = killGroup(cmd)
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return out.String(), exit.ExitCode(), nil
	}
	if err != nil {
		return out.String(), -1, err
	}
	return out.String(), 0, nil
}
