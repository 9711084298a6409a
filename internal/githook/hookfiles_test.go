package githook

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/dcycle/dcycle/internal/gittest"
)

// dcycleBinary is the real dcycle command, built once for the tests that
// commit through the hook.
var dcycleBinary struct {
	once sync.Once
	path string
	err  error
}

func buildDcycle(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go is not on PATH: cannot build dcycle")
	}
	dcycleBinary.once.Do(func() {
		dir, err := os.MkdirTemp("", "githook-dcycle-")
		if err != nil {
			dcycleBinary.err = err
			return
		}
		path := filepath.Join(dir, "dcycle")
		if out, err := exec.Command("go", "build", "-o", path, "github.com/dcycle/dcycle/cmd/dcycle").CombinedOutput(); err != nil {
			dcycleBinary.err = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		dcycleBinary.path = path
	})
	if dcycleBinary.err != nil {
		t.Fatal(dcycleBinary.err)
	}
	return dcycleBinary.path
}

func TestMain(m *testing.M) {
	code := m.Run()
	if dcycleBinary.path != "" {
		os.RemoveAll(filepath.Dir(dcycleBinary.path))
	}
	os.Exit(code)
}

// commit runs git commit through the installed hook, with no dcycle on
// PATH (the hook falls back to the binary it was installed with), and
// reports whether git made the commit, with what it printed.
func commit(t *testing.T, dir, msg string) (bool, string) {
	t.Helper()
	cmd := gittest.Command(dir, "", "commit", "-q", "-m", msg)
	cmd.Env = append(cmd.Env, "PATH=/usr/bin:/bin")
	out, err := cmd.CombinedOutput()
	return err == nil, string(out)
}

// TestHookBlocksBrokenHookFiles commits, through the real hook and the real
// dcycle, a deploy module whose code is only in NAME.post_update.php or
// NAME.deploy.php: a function declared twice, a parse error or a Drupal 7
// call stops the commit, with the finding; the fixed file goes in.
func TestHookBlocksBrokenHookFiles(t *testing.T) {
	t.Parallel()
	bin := buildDcycle(t)
	const module = "web/modules/custom/shop_deploy/"
	const info = "name: Shop deploy\ntype: module\ncore_version_requirement: ^10\n"
	hook := func(kind, name, body string) string {
		return "<?php\n\n/**\n * #7: " + name + ".\n */\nfunction shop_deploy_" + kind + "_10001_" + name + "(array &$sandbox): string {\n" + body + "  return 'Done.';\n}\n"
	}
	good := hook("post_update", "menus", "")
	tests := []struct {
		name, file, content, finding string
	}{
		{"declared twice", "shop_deploy.post_update.php", good + strings.TrimPrefix(good, "<?php\n"), "DC002"},
		{"parse error", "shop_deploy.deploy.php", hook("deploy", "front", "  $x = ;\n"), "DC000"},
		{"Drupal 7 call", "shop_deploy.deploy.php", hook("deploy", "front", "  variable_set('site_name', 'Shop');\n"), "DC012"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := gittest.Init(t)
			if _, err := Install(dir, bin, "", false); err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(dir, "composer.json"), `{"require": {"drupal/core-recommended": "^10.3"}}`+"\n")
			write(t, filepath.Join(dir, module+"shop_deploy.info.yml"), info)
			write(t, filepath.Join(dir, module+tt.file), tt.content)
			git(t, dir, "add", ".")
			ok, out := commit(t, dir, "broken")
			if ok || !strings.Contains(out, tt.finding) {
				t.Fatalf("commit went through: %v, want it stopped by %s:\n%s", ok, tt.finding, out)
			}
			if _, err := gittest.Command(dir, "", "rev-parse", "-q", "--verify", "HEAD").Output(); err == nil {
				t.Errorf("a commit was made")
			}
			kind := "post_update"
			if strings.HasSuffix(tt.file, ".deploy.php") {
				kind = "deploy"
			}
			write(t, filepath.Join(dir, module+tt.file), hook(kind, "fixed", ""))
			git(t, dir, "add", ".")
			if ok, out := commit(t, dir, "fixed"); !ok {
				t.Errorf("the fixed module was refused:\n%s", out)
			}
		})
	}
}

// TestHookLintsTheIndexOfTheConfiguredModule commits, through the real hook
// and the real dcycle, a module that .dcycle.yml names and whose name does
// not end in _deploy: a broken version staged with a fixed one in the
// working tree is refused; a fixed version staged with a broken one in the
// working tree goes in, as the commit holds what is staged. A broken
// module that is no deploy module is not the hook's business.
func TestHookLintsTheIndexOfTheConfiguredModule(t *testing.T) {
	t.Parallel()
	bin := buildDcycle(t)
	const module = "web/modules/custom/dpl_update/"
	const info = "name: Deployment\ntype: module\ncore_version_requirement: ^10\n"
	update := func(body string) string {
		return "<?php\n\n/**\n * Implements hook_install().\n */\nfunction dpl_update_install() {\n  dpl_update_update_10001();\n}\n\n" +
			"/**\n * #7: Rename the site.\n */\nfunction dpl_update_update_10001() {\n" + body + "}\n"
	}
	fixed := update("  \\Drupal::configFactory()->getEditable('system.site')->set('name', 'Shop')->save();\n")
	broken := update("  $x = ;\n")

	dir := gittest.Init(t)
	if _, err := Install(dir, bin, "", false); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "composer.json"), `{"require": {"drupal/core-recommended": "^10.3"}}`+"\n")
	write(t, filepath.Join(dir, ".dcycle.yml"), "module: dpl_update\n")
	write(t, filepath.Join(dir, module+"dpl_update.info.yml"), info)
	write(t, filepath.Join(dir, module+"dpl_update.install"), fixed)
	git(t, dir, "add", ".")
	if ok, out := commit(t, dir, "module"); !ok {
		t.Fatalf("the clean module was refused:\n%s", out)
	}

	// Stage the broken version, then fix the working tree only.
	write(t, filepath.Join(dir, module+"dpl_update.install"), broken)
	git(t, dir, "add", ".")
	write(t, filepath.Join(dir, module+"dpl_update.install"), fixed+"\n")
	if ok, out := commit(t, dir, "staged broken"); ok || !strings.Contains(out, "DC000") {
		t.Fatalf("commit of a staged syntax error went through: %v, want it stopped by DC000:\n%s", ok, out)
	}

	// The reverse: stage the fixed version, break the working tree.
	git(t, dir, "add", ".")
	write(t, filepath.Join(dir, module+"dpl_update.install"), broken)
	if ok, out := commit(t, dir, "staged fixed"); !ok {
		t.Fatalf("commit of a clean staged file was refused for the working tree's syntax error:\n%s", out)
	}
	if got := git(t, dir, "show", "HEAD:"+module+"dpl_update.install"); got != strings.TrimSpace(fixed) {
		t.Errorf("the commit holds %q", got)
	}

	// A module that is no deploy module is left alone.
	write(t, filepath.Join(dir, "web/modules/contrib/views/views.info.yml"), "name: Views\ntype: module\ncore_version_requirement: ^10\n")
	write(t, filepath.Join(dir, "web/modules/contrib/views/views.install"), "<?php\nfunction views_install() {\n  $x = ;\n}\n")
	git(t, dir, "add", "web/modules/contrib")
	if ok, out := commit(t, dir, "views"); !ok {
		t.Fatalf("a contrib module was linted:\n%s", out)
	}
}
