// Package templates owns the PHP that dcycle generates: the update
// functions, their recipe bodies and the hook_install() replay, for Drupal 7
// and for Drupal 8 and later. The files are embedded so that the binary is
// self-contained; new-update --templates DIR overrides them file by file.
package templates

import (
	"embed"
	"io/fs"
)

// FS holds php/*.tmpl.
//
//go:embed php/*.tmpl
var FS embed.FS

// PHP returns the PHP templates with the files at its root, the layout
// new-update --templates DIR expects of DIR.
func PHP() fs.FS {
	sub, err := fs.Sub(FS, "php")
	if err != nil {
		// fs.Sub fails only on an invalid name, and "php" is valid.
		return FS
	}
	return sub
}
