package main

import (
	"strings"
	"testing"
)

// init on Drupal 8+ warns, on stderr and with exit 0, when a theme, module
// or profile called NAME exists beside the new NAME_deploy.
func TestInitWarnsOfShadowingExtension(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"composer.json":                        `{"require": {"drupal/core-recommended": "^10.3"}}`,
		"web/index.php":                        "<?php\n",
		"web/themes/custom/shop/shop.info.yml": "name: Shop\ntype: theme\ncore_version_requirement: ^10\n",
	})
	r := runCLI(t, root, "init", "shop")
	if r.code != 0 {
		t.Fatalf("init: exit %d\n%s", r.code, r.stderr)
	}
	want := "warning: an extension called shop exists (web/themes/custom/shop/shop.info.yml): once it is installed, drush takes every function of shop_deploy.module named shop_deploy_…"
	if !strings.HasPrefix(r.stderr, want) || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("stderr %q, want one line starting %q", r.stderr, want)
	}
	if !strings.Contains(r.stdout, "created web/modules/custom/shop_deploy/shop_deploy.module\n") {
		t.Errorf("stdout %q does not report the module", r.stdout)
	}
}
