// Package gen writes deploy-module code: it picks update numbers, renders
// update functions and hook_install() replays from templates, and turns them
// into byte-range edits that are written atomically.
package gen

import (
	"fmt"

	"github.com/dcycle/dcycle/internal/phpast"
)

// NextNumber returns the number of the next update of m: one more than the
// highest update, never below core*1000 + 1, never at or below what
// hook_update_last_removed() returns, and never a reserved x000.
func NextNumber(m *phpast.Module) (int, error) {
	if m.Core < 7 {
		return 0, fmt.Errorf("%s: cannot tell the Drupal core major of %s; pass --core", m.Install.Path, m.Name)
	}
	next := max(m.HighestUpdate()+1, m.Core*1000+1, m.LastRemoved()+1)
	if next%1000 == 0 {
		next++
	}
	return next, nil
}
