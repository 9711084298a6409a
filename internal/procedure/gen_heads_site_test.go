package procedure

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dcycle/dcycle/internal/drupaltest"
	"github.com/dcycle/dcycle/internal/phptest"
	"github.com/dcycle/dcycle/templates"
)

// headsSite is one real Drupal site (SQLite) served by several web heads
// on this machine: each head is a deploy root with releases/, a current
// link and shared/, served by its own PHP built-in server. All heads share
// one database and one files folder, as load-balanced servers share a
// database server and a network file system. The generated procedure
// deploys to them: deploy.sh to the one head of a bash site, deploy.yml to
// three heads listed in an inventory of local hosts.
type headsSite struct {
	t      *testing.T
	core   int
	target Target
	site   *drupaltest.Site
	php    string
	// dir holds the releases' sources and archives, the drush wrapper, the
	// PHP reset and their logs.
	dir   string
	roots []string
	out   string
	// schema is the deploy module's update number of each release.
	schema map[string]int
}

// headsProbe is the module whose page tells which release answers and
// what the database's schema is. A release needs the schema its deploy
// module brings: below it, the page fails with a 500 that says so, as real
// code fails on a table its update has not created yet.
const (
	headsProbeD10Info    = "name: Probe\ntype: module\ncore_version_requirement: ^10\npackage: Testing\n"
	headsProbeD10Routing = `probe.page:
  path: '/probe'
  defaults:
    _controller: '\Drupal\probe\Controller\ProbeController::page'
  requirements:
    _access: 'TRUE'
  options:
    no_cache: 'TRUE'
`
	headsProbeD10Controller = `<?php

namespace Drupal\probe\Controller;

use Symfony\Component\HttpFoundation\Response;

class ProbeController {

  public function page() {
    $release = trim((string) file_get_contents(DRUPAL_ROOT . '/../RELEASE'));
    $schema = (int) \Drupal::service('update.update_hook_registry')->getInstalledVersion('probe_deploy');
    $body = "release=$release schema=$schema";
    $headers = ['Content-Type' => 'text/plain', 'Cache-Control' => 'no-store'];
    if ($schema < %d) {
      return new Response("new code on old schema: $body", 500, $headers);
    }
    return new Response($body, 200, $headers);
  }

}
`
	headsProbeD7Info   = "name = Probe\ncore = 7.x\n"
	headsProbeD7Module = `<?php

function probe_menu() {
  return array('probe' => array('page callback' => 'probe_page', 'access callback' => TRUE, 'type' => MENU_CALLBACK));
}

function probe_page() {
  require_once DRUPAL_ROOT . '/includes/install.inc';
  drupal_page_is_cacheable(FALSE);
  $release = trim((string) file_get_contents(DRUPAL_ROOT . '/RELEASE'));
  $schema = (int) drupal_get_installed_schema_version('probe_deploy', TRUE);
  $body = "release=$release schema=$schema";
  drupal_add_http_header('Content-Type', 'text/plain');
  drupal_add_http_header('Cache-Control', 'no-store');
  if ($schema < %d) {
    drupal_add_http_header('Status', '500 Internal Server Error');
    $body = "new code on old schema: $body";
  }
  print $body;
  drupal_exit();
}
`
)

// headsUpdate is one update of the deploy module: it counts its runs, so
// that the test can tell that the database steps ran once, and throws when
// asked to.
func headsUpdate(core, n int, throws bool) string {
	body := fmt.Sprintf("  \\Drupal::state()->set('probe.runs.%d', \\Drupal::state()->get('probe.runs.%d', 0) + 1);\n", n, n)
	if core == 7 {
		body = fmt.Sprintf("  variable_set('probe_runs_%d', variable_get('probe_runs_%d', 0) + 1);\n", n, n)
	}
	if throws {
		body = fmt.Sprintf("  throw new \\Exception('update %d fails on purpose');\n", n)
	}
	return fmt.Sprintf("\n/**\n * Update %d.\n */\nfunction probe_deploy_update_%d() {\n%s}\n", n, n, body)
}

// headsReload restarts one head's PHP built-in server on the release its
// current link points at. The built-in server, like PHP-FPM's realpath
// cache, keeps serving the release it started in until then. As an FPM
// reload does, the new server answers before the old one stops: it starts
// on a new port, the head's port file then names it (the poller, standing
// for the load balancer, reads it), and the old server stops once its last
// requests are answered.
const headsReload = `#!/usr/bin/env bash
set -euo pipefail
root=$DCYCLE_ROOT
php=PHP_BINARY
docroot=$root/current/DOCROOT
port=$("$php" -r '$s = stream_socket_server("tcp://127.0.0.1:0"); $n = stream_socket_get_name($s, false); echo substr($n, strrpos($n, ":") + 1);')
cd "$docroot"
setsid "$php" -S "127.0.0.1:$port" -t "$docroot" ROUTER >>"$root/server.log" 2>&1 </dev/null &
pid=$!
echo "$pid" >>"$root/server.pids"
ready=0
for _ in $(seq 400); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    ready=1
    break
  fi
  sleep 0.05
done
if [ "$ready" = 0 ]; then
  echo "the PHP server of $root did not start" >&2
  exit 1
fi
old=''
if [ -f "$root/server.pid" ]; then
  old=$(cat "$root/server.pid")
fi
echo "$pid" >"$root/server.pid.new"
mv "$root/server.pid.new" "$root/server.pid"
echo "$port" >"$root/port.new"
mv "$root/port.new" "$root/port"
if [ -n "$old" ]; then
  (sleep 3 && kill "$old") >/dev/null 2>&1 </dev/null &
fi
`

// headsDrush is the drush command of the procedure: it logs where and what
// it runs, can hold the backup until the test lets it go (to start a
// second deployment while the first holds the lock), and runs the real
// drush (Drupal 10) or the Drupal 7 tools that stand in for drush 8.
const headsDrush = `#!/usr/bin/env bash
set -euo pipefail
here=HERE
export HOME=$here/home
printf '%s\t%s\0' "$(pwd -P)" "$*" >>"$here/drush.log"
case "$1" in
  sql:dump | sql-dump)
    if [ -e "$here/hold" ]; then
      : >"$here/waiting"
      while [ -e "$here/hold" ]; do sleep 0.1; done
    fi
    ;;
esac
`

const headsDrushD10 = `exec PHP_BINARY vendor/bin/drush "$@"
`

// headsDrushD7 maps drush 8's commands to the Drupal 7 tools.
const headsDrushD7 = `tools=TOOLS
php=PHP_BINARY
case "$*" in
  "sql-dump --result-file="*) cp "$PWD/sites/default/files/.ht.sqlite" "${1#--result-file=}" ;;
  "vset maintenance_mode 1") exec "$php" "$tools/vset.php" "$PWD" maintenance_mode 1 ;;
  "vset maintenance_mode 0") exec "$php" "$tools/vset.php" "$PWD" maintenance_mode 0 ;;
  "updb -y") exec "$php" "$tools/updb.php" "$PWD" ;;
  "cc all") exec "$php" "$tools/cc.php" "$PWD" ;;
  "cron") exec "$php" "$tools/run.php" "$PWD" 'drupal_cron_run();' ;;
  *) echo "drush shim: $* is not supported" >&2; exit 64 ;;
esac
`

// newHeadsSite installs the site at release R1 (schema 10001 or 7001) and
// puts it on heads web heads, each serving it.
func newHeadsSite(t *testing.T, core int, target Target, heads int) *headsSite {
	t.Helper()
	genNeedTool(t, "bash")
	genNeedTool(t, "setsid")
	if target == TargetAnsible {
		genNeedTool(t, "ansible-playbook")
	}
	if core != 7 {
		genNeedTool(t, "sqlite3") // drush sql:dump of a SQLite site
	}
	start := time.Now()
	h := &headsSite{
		t: t, core: core, target: target, php: phptest.PHP(t),
		site: drupaltest.NewSite(t, core), dir: t.TempDir(),
		out:    filepath.Join(t.TempDir(), "deploy"),
		schema: map[string]int{},
	}
	s := h.site
	base := h.updateBase()
	// The probe and the deploy module, enabled; Drupal 10 also exports its
	// configuration, which drush deploy imports.
	h.writeModules(s.ModulesDir(), base+1, []int{base + 1}, -1)
	s.Must(t, "enable.php", "probe", "probe_deploy")
	web := s.Dir
	if core != 7 {
		web = filepath.Join(s.Dir, "web")
		settings := s.SettingsFile()
		appendFile(t, settings, "\n$settings['config_sync_directory'] = $app_root . '/../config/sync';\n")
		genMkdir(t, filepath.Join(s.Dir, "config", "sync"))
		cmd := exec.Command(h.php, "vendor/bin/drush", "config:export", "-y")
		cmd.Dir = s.Dir
		cmd.Env = append(os.Environ(), "HOME="+filepath.Join(h.dir, "home"))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("drush config:export: %v\n%s", err, out)
		}
	}
	h.schema["R1"] = base + 1
	t.Logf("site installed: %s", time.Since(start).Round(100*time.Millisecond))

	// Release R1's source: the site's code, without the settings and the
	// files every release shares, nor the test suites.
	src := filepath.Join(h.dir, "src-R1")
	genMustRun(t, h.dir, nil, "cp", "-al", s.Dir, src)
	sitesDefault := filepath.Join(strings.TrimPrefix(web, s.Dir), "sites", "default")
	for _, rel := range []string{filepath.Join(sitesDefault, "settings.php"), filepath.Join(sitesDefault, "files")} {
		if err := os.RemoveAll(filepath.Join(src, rel)); err != nil {
			t.Fatal(err)
		}
	}
	genMustRun(t, src, nil, "find", ".", "-type", "d", "-name", "tests", "-prune", "-exec", "rm", "-rf", "{}", "+")
	genReplace(t, filepath.Join(src, "RELEASE"), "R1\n")

	// What the heads share: one database and files folder, and each its
	// settings.php and private folder.
	files := filepath.Join(h.dir, "files")
	if err := os.Rename(filepath.Join(web, "sites", "default", "files"), files); err != nil {
		t.Fatal(err)
	}
	settings, err := os.ReadFile(s.SettingsFile())
	if err != nil {
		t.Fatal(err)
	}
	if core == 7 {
		// Drupal 7 runs its cache rebuilds in deferred SQLite transactions,
		// which SQLite refuses to turn into writes ("database is locked")
		// once another connection wrote, where a database server would
		// wait; and the requests the poller makes write the caches all the
		// time. Without transactions every statement waits its turn.
		settings = append(settings, "\n$databases['default']['default']['transactions'] = FALSE;\n"...)
	} else {
		// A 500 says why.
		settings = append(settings, "\n$config['system.logging']['error_level'] = 'verbose';\n"...)
	}
	docroot, router := "", ""
	if core != 7 {
		docroot, router = "web", `"$docroot/.ht.router.php"`
	}
	for i := 1; i <= heads; i++ {
		root := filepath.Join(h.dir, fmt.Sprintf("head%d", i))
		h.roots = append(h.roots, root)
		shared := filepath.Join(root, "shared")
		genWrite(t, filepath.Join(shared, sitesDefault, "settings.php"), string(settings), 0o644)
		if err := os.Symlink(files, filepath.Join(shared, sitesDefault, "files")); err != nil {
			t.Fatal(err)
		}
		release := filepath.Join(root, "releases", "R1")
		genMkdir(t, filepath.Dir(release))
		genMustRun(t, h.dir, nil, "cp", "-al", src, release)
		for _, p := range h.shared() {
			if err := os.Symlink(filepath.Join(shared, p), filepath.Join(release, p)); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Symlink("releases/R1", filepath.Join(root, "current")); err != nil {
			t.Fatal(err)
		}
	}
	// Make the database the one of the heads: the site folder keeps no copy.
	s.Dir = filepath.Join(h.roots[0], "current")

	reload := strings.NewReplacer("PHP_BINARY", genShellQuote(h.php), "DOCROOT", docroot, "ROUTER", router).Replace(headsReload)
	genWrite(t, filepath.Join(h.dir, "bin", "reload"), reload, 0o755)
	drush := strings.Replace(headsDrush, "HERE", genShellQuote(h.dir), 1)
	if core == 7 {
		drush += strings.NewReplacer("TOOLS", genShellQuote(drupaltest.Tools(t, 7)), "PHP_BINARY", genShellQuote(h.php)).Replace(headsDrushD7)
	} else {
		drush += strings.Replace(headsDrushD10, "PHP_BINARY", genShellQuote(h.php), 1)
	}
	genWrite(t, filepath.Join(h.dir, "bin", "drush"), drush, 0o755)
	genMkdir(t, filepath.Join(h.dir, "home"))
	t.Cleanup(h.stopServers)
	for _, root := range h.roots {
		h.reset(root, "R1")
	}
	t.Logf("heads serving: %s", time.Since(start).Round(100*time.Millisecond))

	files2, err := Generate(Settings{
		Target: target, Core: core, Root: h.roots[0], Heads: heads, Keep: 3,
		Drush:  filepath.Join(h.dir, "bin", "drush"),
		Reload: filepath.Join(h.dir, "bin", "reload"),
		Shared: h.shared(),
	}, templates.Procedure())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files2 {
		genWrite(t, filepath.Join(h.out, f.Name), string(f.Data), f.Mode)
	}
	if target == TargetAnsible {
		var inv strings.Builder
		inv.WriteString("web:\n  hosts:\n")
		for i, root := range h.roots {
			fmt.Fprintf(&inv, "    web%d:\n      ansible_connection: local\n      ansible_python_interpreter: /usr/bin/python3\n      dcycle_root: %s\n", i+1, genYAMLQuote(root))
		}
		genWrite(t, filepath.Join(h.out, "inventory.yml"), inv.String(), 0o644)
	}
	return h
}

// updateBase is the number below the deploy module's first update.
func (h *headsSite) updateBase() int {
	if h.core == 7 {
		return 7000
	}
	return 10000
}

// shared are the paths every release links: the settings and the files
// folder, where the SQLite database lives.
func (h *headsSite) shared() []string {
	if h.core == 7 {
		return []string{"sites/default/settings.php", "sites/default/files"}
	}
	return []string{"web/sites/default/settings.php", "web/sites/default/files"}
}

// writeModules writes the probe and the deploy module into dir, for a
// release that needs schema required and has the updates numbered in
// updates; the one numbered throws fails.
func (h *headsSite) writeModules(dir string, required int, updates []int, throws int) {
	t := h.t
	probe, deploy := filepath.Join(dir, "probe"), filepath.Join(dir, "probe_deploy")
	install := "<?php\n"
	for _, n := range updates {
		install += headsUpdate(h.core, n, n == throws)
	}
	if h.core == 7 {
		genReplace(t, filepath.Join(probe, "probe.info"), headsProbeD7Info)
		genReplace(t, filepath.Join(probe, "probe.module"), fmt.Sprintf(headsProbeD7Module, required))
		genReplace(t, filepath.Join(deploy, "probe_deploy.info"), "name = Probe deploy\ncore = 7.x\n")
		genReplace(t, filepath.Join(deploy, "probe_deploy.module"), "<?php\n")
	} else {
		genReplace(t, filepath.Join(probe, "probe.info.yml"), headsProbeD10Info)
		genReplace(t, filepath.Join(probe, "probe.routing.yml"), headsProbeD10Routing)
		genReplace(t, filepath.Join(probe, "src", "Controller", "ProbeController.php"), fmt.Sprintf(headsProbeD10Controller, required))
		genReplace(t, filepath.Join(deploy, "probe_deploy.info.yml"), "name: Probe deploy\ntype: module\ncore_version_requirement: ^10\n")
	}
	genReplace(t, filepath.Join(deploy, "probe_deploy.install"), install)
}

// release builds release id from R1's source: the deploy module has the
// updates of R1 and those given, and the probe needs the last of them.
// It returns the archive the procedure stages.
func (h *headsSite) release(id string, updates []int, throws int) string {
	t := h.t
	src := filepath.Join(h.dir, "src-"+id)
	genMustRun(t, h.dir, nil, "cp", "-al", filepath.Join(h.dir, "src-R1"), src)
	mods := filepath.Join("web", "modules", "custom")
	if h.core == 7 {
		mods = filepath.Join("sites", "all", "modules", "custom")
	}
	all := append([]int{h.updateBase() + 1}, updates...)
	h.writeModules(filepath.Join(src, mods), all[len(all)-1], all, throws)
	genReplace(t, filepath.Join(src, "RELEASE"), id+"\n")
	h.schema[id] = all[len(all)-1]
	archive := src + ".tar"
	headsTar(t, src, archive)
	return archive
}

// headsTar archives a release's source. The source is hard-linked to the
// codebase, which other tests link too: tar warns, and exits 1, when a
// file's link count (its ctime) changes as it reads it, though its bytes
// do not. That warning alone is no failure.
func headsTar(t testing.TB, src, archive string) {
	t.Helper()
	cmd := exec.Command("tar", "-cf", archive, ".")
	cmd.Dir = src
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err := cmd.Run()
	if err == nil {
		return
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 1 {
		only := true
		for _, line := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
			only = only && strings.HasSuffix(line, ": file changed as we read it")
		}
		if only {
			return
		}
	}
	t.Fatalf("tar -cf %s: %v\n%s", archive, err, stderr.String())
}

// broken writes the first mebibyte of a release's archive, as an upload
// cut short leaves it: staging it fails on every head.
func (h *headsSite) broken(archive string) string {
	h.t.Helper()
	data, err := os.ReadFile(archive)
	if err != nil {
		h.t.Fatal(err)
	}
	cut := archive + ".cut"
	genWrite(h.t, cut, string(data[:1<<20]), 0o644)
	return cut
}

// genReplace writes a file anew: the releases are hard-linked copies, and
// writing into a file would change it in every release.
func genReplace(t testing.TB, path, data string) {
	t.Helper()
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	genWrite(t, path, data, 0o644)
}

func appendFile(t testing.TB, path, data string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(data); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// reset starts or restarts a head's server, as the procedure's PHP reset.
func (h *headsSite) reset(root, release string) {
	h.t.Helper()
	cmd := exec.Command(filepath.Join(h.dir, "bin", "reload"))
	cmd.Env = append(os.Environ(), "DCYCLE_ROOT="+root, "DCYCLE_RELEASE="+release)
	if out, err := cmd.CombinedOutput(); err != nil {
		h.t.Fatalf("start the server of %s: %v\n%s", root, err, out)
	}
}

// stopServers stops every server the heads started, by the ids they
// recorded.
func (h *headsSite) stopServers() {
	for _, root := range h.roots {
		data, err := os.ReadFile(filepath.Join(root, "server.pids"))
		if err != nil {
			continue
		}
		for _, f := range strings.Fields(string(data)) {
			if pid, err := strconv.Atoi(f); err == nil && pid > 0 {
				if p, err := os.FindProcess(pid); err == nil {
					_ = p.Kill()
				}
			}
		}
	}
}

// deploy runs the procedure: a bash script on the one head, or the
// playbook on all of them. It returns the exit code and what it printed.
func (h *headsSite) deploy(id, archive string, resume bool) (int, string) {
	h.t.Helper()
	start := time.Now()
	cmd := h.command(id, archive, resume)
	out, err := cmd.CombinedOutput()
	h.t.Logf("deploy %s (resume %v): %s", id, resume, time.Since(start).Round(100*time.Millisecond))
	return headsExit(h.t, err), string(out)
}

func (h *headsSite) command(id, archive string, resume bool) *exec.Cmd {
	var cmd *exec.Cmd
	if h.target == TargetBash {
		args := []string{filepath.Join(h.out, ScriptFile)}
		if resume {
			args = append(args, "--resume")
		}
		cmd = exec.Command("bash", append(args, id, archive)...)
	} else {
		args := []string{"-i", "inventory.yml", PlaybookFile, "-e", "release=" + id, "-e", "artifact=" + archive}
		if resume {
			args = append(args, "-e", "resume=true")
		}
		cmd = exec.Command("ansible-playbook", args...)
		cmd.Env = append(os.Environ(), genAnsibleEnv(h.t)...)
	}
	cmd.Dir = h.out
	return cmd
}

func headsExit(t testing.TB, err error) int {
	t.Helper()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		return exit.ExitCode()
	}
	t.Fatal(err)
	return 0
}

// drushRuns returns the drush commands the procedure ran, "folder<TAB>
// arguments", and empties the log.
func (h *headsSite) drushRuns() []string {
	h.t.Helper()
	path := filepath.Join(h.dir, "drush.log")
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		h.t.Fatal(err)
	}
	if err := os.Remove(path); err != nil {
		h.t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(data), "\x00"), "\x00")
}

// runs is how many times update n ran on the site.
func (h *headsSite) runs(n int) int {
	h.t.Helper()
	code := fmt.Sprintf("echo \\Drupal::state()->get('probe.runs.%d', 0);", n)
	if h.core == 7 {
		code = fmt.Sprintf("echo variable_get('probe_runs_%d', 0);", n)
	}
	out := strings.TrimSpace(h.site.Eval(h.t, code))
	v, err := strconv.Atoi(out)
	if err != nil {
		h.t.Fatalf("runs of update %d: %q", n, out)
	}
	return v
}

// probeURL is the probe's address on a head, from the head's port file.
func (h *headsSite) probeURL(root string) (string, error) {
	port, err := os.ReadFile(filepath.Join(root, "port"))
	if err != nil {
		return "", err
	}
	path := "/probe"
	if h.core == 7 {
		path = "/index.php?q=probe"
	}
	return "http://127.0.0.1:" + strings.TrimSpace(string(port)) + path, nil
}

// answer is what a head answers now, as the poller classifies it.
func (h *headsSite) answer(client *http.Client, root string) string {
	url, err := h.probeURL(root)
	if err != nil {
		return "no port: " + err.Error()
	}
	resp, err := client.Get(url)
	if err != nil {
		return "no answer"
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "broken answer"
	}
	text := strings.TrimSpace(string(body))
	switch {
	case resp.StatusCode == http.StatusOK && strings.HasPrefix(text, "release="):
		return text
	case resp.StatusCode == http.StatusServiceUnavailable && strings.Contains(text, "under maintenance"):
		return headsMaintenance
	case resp.StatusCode == http.StatusInternalServerError && strings.HasPrefix(text, "new code on old schema"):
		return "500 new code on old schema"
	}
	return fmt.Sprintf("%d %.300q", resp.StatusCode, text)
}

const headsMaintenance = "maintenance page"

// serving is what a head answers when release id works on its schema.
func (h *headsSite) serving(id string) string {
	return fmt.Sprintf("release=%s schema=%d", id, h.schema[id])
}

// headsPoller requests every head's probe, one request after another per
// head with a pause of a few tens of milliseconds, and counts the answers
// by kind, as the visitors behind a load balancer would see them.
type headsPoller struct {
	h  *headsSite
	mu sync.Mutex
	// counts are by head, then by kind of answer.
	counts map[string]map[string]int
	cancel context.CancelFunc
	done   sync.WaitGroup
}

func (h *headsSite) poll() *headsPoller {
	ctx, cancel := context.WithCancel(context.Background())
	p := &headsPoller{h: h, counts: map[string]map[string]int{}, cancel: cancel}
	client := &http.Client{Timeout: 60 * time.Second}
	for _, root := range h.roots {
		p.done.Add(1)
		go func() {
			defer p.done.Done()
			for ctx.Err() == nil {
				kind := h.answer(client, root)
				p.mu.Lock()
				if p.counts[root] == nil {
					p.counts[root] = map[string]int{}
				}
				p.counts[root][kind]++
				p.mu.Unlock()
				select {
				case <-ctx.Done():
				case <-time.After(50 * time.Millisecond):
				}
			}
		}()
	}
	h.t.Cleanup(p.stop)
	return p
}

func (p *headsPoller) stop() {
	p.cancel()
	p.done.Wait()
}

// take returns the counts of every head together since the last take, and
// starts new ones.
func (p *headsPoller) take() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	c := map[string]int{}
	for _, kinds := range p.counts {
		for k, n := range kinds {
			c[k] += n
		}
	}
	p.counts = map[string]map[string]int{}
	return c
}

// waitSeen waits until the poller has had the answer want from every head
// since the last take: what a visitor sees once a deployment has ended.
func (p *headsPoller) waitSeen(want string) {
	t := p.h.t
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		p.mu.Lock()
		seen := 0
		for _, root := range p.h.roots {
			if p.counts[root][want] > 0 {
				seen++
			}
		}
		p.mu.Unlock()
		if seen == len(p.h.roots) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the poller did not get %q from every head", want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// check waits until every head answered final, fails the test when the
// poller saw an answer outside allowed,
// logs the counts for the scenario, and returns them.
func (p *headsPoller) check(scenario, final string, allowed ...string) map[string]int {
	t := p.h.t
	t.Helper()
	p.waitSeen(final)
	c := p.take()
	var kinds []string
	for k := range c {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var parts []string
	for _, k := range kinds {
		parts = append(parts, fmt.Sprintf("%s: %d", k, c[k]))
		ok := false
		for _, a := range allowed {
			ok = ok || k == a
		}
		if !ok {
			t.Errorf("%s: a head answered %q %d times; allowed: %q", scenario, k, c[k], allowed)
		}
	}
	t.Logf("poller, %s: %s", scenario, strings.Join(parts, ", "))
	return c
}

// waitAnswered waits until every head answered want to a request of the
// poller's kind (the heads start up, or a reset settles).
func (h *headsSite) waitAnswered(want string) {
	h.t.Helper()
	client := &http.Client{Timeout: 60 * time.Second}
	deadline := time.Now().Add(2 * time.Minute)
	for _, root := range h.roots {
		for {
			got := h.answer(client, root)
			if got == want {
				break
			}
			if time.Now().After(deadline) {
				log, _ := os.ReadFile(filepath.Join(root, "server.log"))
				h.t.Fatalf("%s answers %q, want %q; its server logged:\n%s", root, got, want, log)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

// everyHead fails the test unless every head's current link points at
// release id and every head answers want.
func (h *headsSite) everyHead(id, want string) {
	h.t.Helper()
	client := &http.Client{Timeout: 60 * time.Second}
	for _, root := range h.roots {
		link, err := os.Readlink(filepath.Join(root, "current"))
		if err != nil || link != "releases/"+id {
			h.t.Errorf("%s/current -> %q (%v), want releases/%s", root, link, err, id)
		}
		if got := h.answer(client, root); got != want {
			h.t.Errorf("%s answers %q, want %q", root, got, want)
		}
	}
}

func (h *headsSite) exists(rel string) bool {
	_, err := os.Lstat(filepath.Join(h.roots[0], rel))
	return err == nil
}
