// Package gen writes deploy-module code: it picks update numbers, renders
// update functions and hook_install() replays from templates, and turns them
// into byte-range edits that are written atomically.
package gen

import (
	"fmt"
	"path/filepath"

	"github.com/dcycle/dcycle/internal/phpast"
)

// lastD7Update is the highest number a Drupal 7 update can have: the first
// digit of hook_update_N() is the core major, and DC003 holds D7 modules to
// 7xxx. Drupal 7 itself would run 8001 (its schema_version column is a
// smallint), but a D7 module numbered 8xxx fails its own lint and reads as a
// Drupal 8 update to everyone else.
const lastD7Update = 7999

// NextNumber returns the number of the next update of m: one more than the
// highest update, never below core*1000 + 1, never at or below what
// hook_update_last_removed() returns, and never a reserved x000. A Drupal 7
// module past 7999 has no number left, which is an error: numbers must keep
// increasing, so neither a gap below the highest update nor a higher
// hook_update_last_removed() gives one back.
func NextNumber(m *phpast.Module) (int, error) {
	if m.Core < 7 {
		return 0, fmt.Errorf("%s: cannot tell the Drupal core major of %s; pass --core", installPath(m), m.Name)
	}
	next := max(m.HighestUpdate()+1, m.Core*1000+1, m.LastRemoved()+1)
	if next%1000 == 0 {
		next++
	}
	if m.Core == 7 && next > lastD7Update {
		return 0, pathErrorf(installPath(m), "no update number left: Drupal 7 updates end at %d and %s already used it; "+
			"put the next updates in a new deploy module that depends on this one (dcycle init NAME --core 7) and enable it with drush en; "+
			"raising hook_update_last_removed() frees no number, and 8001 would be a Drupal 8 number (DC003)", lastD7Update, m.Name)
	}
	return next, nil
}

// installPath names the module's .install in messages, also when it has
// none yet (its code is in NAME.post_update.php or NAME.deploy.php).
func installPath(m *phpast.Module) string {
	if m.Install != nil {
		return m.Install.Path
	}
	if m.Dir != "" && m.Dir != "." {
		return filepath.Join(m.Dir, m.Name+".install")
	}
	return m.Name + ".install"
}
