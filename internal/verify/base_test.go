package verify

import (
	"path/filepath"
	"testing"

	"github.com/dcycle/dcycle/internal/gittest"
	"github.com/dcycle/dcycle/internal/phpast"
)

// writeModule writes files below dir.
func writeModule(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		gittest.Write(t, dir, name, content)
	}
}

func TestAtBase(t *testing.T) {
	t.Parallel()
	repo := gittest.Init(t)
	dir := filepath.Join(repo, "sites", "all", "modules", "custom", "acme_deploy")
	writeModule(t, repo, map[string]string{"README.md": "project\n"})
	gittest.Run(t, repo, "add", ".")
	gittest.Run(t, repo, "commit", "-qm", "before the module")
	gittest.Run(t, repo, "tag", "before")
	deployed := map[string]string{
		"acme_deploy.info":             "name = Acme\ncore = 7.x\n",
		"acme_deploy.module":           "<?php\n",
		"acme_deploy.install":          "<?php\n\nfunction acme_deploy_update_7001() {\n}\n",
		"config/acme_deploy.views.yml": "deployed\n",
	}
	writeModule(t, dir, deployed)
	gittest.Run(t, repo, "add", ".")
	gittest.Run(t, repo, "commit", "-qm", "module")
	gittest.Run(t, repo, "tag", "deployed")
	// The working tree moves on: a new update, a new file.
	writeModule(t, dir, map[string]string{
		"acme_deploy.install":          "<?php\n\nfunction acme_deploy_update_7001() {\n}\n\nfunction acme_deploy_update_7002() {\n}\n",
		"config/acme_deploy.views.yml": "working\n",
		"acme_deploy.new.inc":          "<?php\n",
	})
	m, err := phpast.RequireAll(phpast.LoadFS(phpast.ModuleDir(dir, "acme_deploy"), "acme_deploy", phpast.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	m.Core = 7

	files, base, err := atBase(m, "deployed", phpast.Options{Module: "acme_deploy"})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(deployed) {
		t.Errorf("%d files at the base, want %d: %v", len(files), len(deployed), files)
	}
	for name, want := range deployed {
		if got := string(files[name]); got != want {
			t.Errorf("%s at the base: %q, want %q", name, got, want)
		}
	}
	if base == nil || base.Module.HighestUpdate() != 7001 {
		t.Errorf("the base module is not the one at the ref: %+v", base)
	}

	files, _, err = atBase(m, "before", phpast.Options{Module: "acme_deploy"})
	if err != nil || files != nil {
		t.Errorf("a module that did not exist at the ref: %v, %v; want no files", files, err)
	}
	if _, _, err = atBase(m, "nosuchref", phpast.Options{Module: "acme_deploy"}); err == nil {
		t.Error("an unknown ref is no error")
	}
}
