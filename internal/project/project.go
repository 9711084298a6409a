// Package project owns everything dcycle knows about a Drupal project on disk
// apart from PHP source: where the project root and web root are, which
// folders are modules, which deploy module a command works on (from the
// command-line paths, --module, .dcycle.yml or discovery), the .dcycle.yml
// settings, and the Drupal core major. It reads PHP only through phpast's
// one module loader, in Module.Load, where the highest update number settles
// the core major when nothing else in the project does.
package project

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Error is a discovery or configuration failure: a missing or ambiguous
// module, an unreadable path, or an invalid .dcycle.yml. The CLI maps it to
// exit code 2 with errors.As.
type Error struct {
	Path string
	Line int
	Col  int
	Msg  string
	// Candidates are listed one per line under the message when the choice
	// was ambiguous, so the user can copy one into --module.
	Candidates []string
	// Err is the underlying cause (an I/O or regexp error), if any.
	Err error
}

// Error renders "path:line:col: msg", leaving out the parts that are empty,
// then the cause and the candidates.
func (e *Error) Error() string {
	var b strings.Builder
	var pos []string
	if e.Path != "" {
		pos = append(pos, e.Path)
	}
	if e.Line > 0 {
		pos = append(pos, strconv.Itoa(e.Line))
		if e.Col > 0 {
			pos = append(pos, strconv.Itoa(e.Col))
		}
	}
	if len(pos) > 0 {
		b.WriteString(strings.Join(pos, ":"))
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	if len(e.Candidates) > 0 {
		b.WriteString(":")
		for _, c := range e.Candidates {
			b.WriteString("\n  ")
			b.WriteString(c)
		}
	}
	return b.String()
}

// Unwrap returns the underlying cause, so errors.Is(err, fs.ErrNotExist)
// works on a missing path.
func (e *Error) Unwrap() error { return e.Err }

// Layout says where the Drupal web root sits inside a project root, which
// decides where new modules go.
type Layout int

// Project layouts.
const (
	// LayoutNone: a project root (for example only .git) with no
	// recognisable web root.
	LayoutNone Layout = iota
	// LayoutDrupal7: the root is a Drupal 7 web root (index.php and
	// includes/bootstrap.inc).
	LayoutDrupal7
	// LayoutComposerWeb: the web root is web/ (drupal/recommended-project).
	LayoutComposerWeb
	// LayoutComposerDocroot: the web root is docroot/ (Acquia).
	LayoutComposerDocroot
	// LayoutComposer: a composer project whose web root is the root itself
	// (drupal/legacy-project, or a Drupal 8+ tarball).
	LayoutComposer
)

var layoutNames = [...]string{
	LayoutNone:            "none",
	LayoutDrupal7:         "drupal7",
	LayoutComposerWeb:     "composer-web",
	LayoutComposerDocroot: "composer-docroot",
	LayoutComposer:        "composer",
}

func (l Layout) String() string {
	if l >= 0 && int(l) < len(layoutNames) {
		return layoutNames[l]
	}
	return "layout(" + strconv.Itoa(int(l)) + ")"
}

// ProjectRoot returns the nearest folder, dir itself or an ancestor, holding
// .git, composer.json, or index.php plus includes/bootstrap.inc, and the
// layout found there. It returns "", LayoutNone when there is none. The
// result has the same form as dir: relative when dir is relative.
//
// A folder that is itself a Drupal extension (it holds a *.info or
// *.info.yml file) is passed over when a real root exists above it: contrib
// and custom modules often carry their own composer.json, or a .git file
// when they are submodules, and the site above is the project that matters.
// A module checked out on its own, with nothing above it, is its own root.
func ProjectRoot(dir string) (string, Layout) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", LayoutNone
	}
	root := projectRootAbs(abs)
	if root == "" {
		return "", LayoutNone
	}
	return display(dir, abs, root), layoutOf(root)
}

// projectRootAbs is ProjectRoot on an absolute, cleaned path.
func projectRootAbs(abs string) string {
	fallback := ""
	for d := abs; ; {
		if isRootMarked(d) {
			if !isExtensionDir(d) {
				return d
			}
			if fallback == "" {
				fallback = d
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return fallback
		}
		d = parent
	}
}

func isRootMarked(dir string) bool {
	return exists(filepath.Join(dir, ".git")) ||
		isFile(filepath.Join(dir, "composer.json")) ||
		isDrupal7WebRoot(dir)
}

func isDrupal7WebRoot(dir string) bool {
	return isFile(filepath.Join(dir, "index.php")) &&
		isFile(filepath.Join(dir, "includes", "bootstrap.inc"))
}

// isExtensionDir reports whether dir holds a module, theme or profile info
// file.
func isExtensionDir(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() && (strings.HasSuffix(n, ".info.yml") || strings.HasSuffix(n, ".info")) {
			return true
		}
	}
	return false
}

// layoutOf looks for the web root inside a project root. A web/ or docroot/
// folder counts even before Drupal is scaffolded into it, so that `init` in a
// fresh project puts the module where composer will put Drupal.
func layoutOf(root string) Layout {
	switch {
	case isDrupal7WebRoot(root):
		return LayoutDrupal7
	case isDir(filepath.Join(root, "web")):
		return LayoutComposerWeb
	case isDir(filepath.Join(root, "docroot")):
		return LayoutComposerDocroot
	case isFile(filepath.Join(root, "composer.json")),
		isFile(filepath.Join(root, "core", "lib", "Drupal.php")):
		return LayoutComposer
	}
	return LayoutNone
}

// webRoot returns the web root of a project root with the given layout.
func webRoot(root string, layout Layout) string {
	switch layout {
	case LayoutComposerWeb:
		return filepath.Join(root, "web")
	case LayoutComposerDocroot:
		return filepath.Join(root, "docroot")
	}
	return root
}

// ConventionalCustomDir returns the folder where custom modules go for a
// project root, its layout and the core major: sites/all/modules/custom for
// Drupal 7, modules/custom for Drupal 8 and later, inside web/ or docroot/
// when the layout has one.
func ConventionalCustomDir(root string, layout Layout, core int) string {
	if layout == LayoutDrupal7 || core == 7 {
		return filepath.Join(webRoot(root, layout), "sites", "all", "modules", "custom")
	}
	return filepath.Join(webRoot(root, layout), "modules", "custom")
}

// display expresses abs in the form the user gave: given is a path as the
// caller passed it and givenAbs its absolute form. When given is relative the
// result is given joined with the way from givenAbs to abs, so output paths
// stay relative to the working folder; otherwise it is abs.
func display(given, givenAbs, abs string) string {
	if filepath.IsAbs(given) {
		return abs
	}
	rel, err := filepath.Rel(givenAbs, abs)
	if err != nil {
		return abs
	}
	return filepath.Join(given, rel)
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func isFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}
