// Package templates owns the PHP that dcycle generates: the update
// functions, their recipe bodies and the hook_install() replay, for Drupal 7
// and for Drupal 8 and later; and the deployment procedures dcycle procedure
// writes. The files are embedded so that the binary is self-contained;
// new-update --templates DIR overrides the PHP ones file by file.
package templates

import (
	"embed"
	"io/fs"
)

// FS holds php/*.tmpl and procedure/*.tmpl.
//
//go:embed php/*.tmpl procedure/*.tmpl
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

// Procedure returns the templates of the deployment procedures dcycle
// procedure writes (a bash script, an Ansible playbook and its example
// inventory) with the files at its root.
func Procedure() fs.FS {
	sub, err := fs.Sub(FS, "procedure")
	if err != nil {
		// fs.Sub fails only on an invalid name, and "procedure" is valid.
		return FS
	}
	return sub
}
