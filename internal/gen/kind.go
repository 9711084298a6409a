package gen

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/dcycle/dcycle/internal/phpast"
)

// HookKind is what new-update adds: a hook_update_N(), a post-update or a
// deploy hook (SPEC §3, "Drupal 8+ hook kinds").
type HookKind string

// The kinds, as --kind names them.
const (
	HookUpdate     HookKind = "update"
	HookPostUpdate HookKind = "post-update"
	HookDeploy     HookKind = "deploy"
)

// HookKinds are the kinds in the order --help lists them.
var HookKinds = []HookKind{HookUpdate, HookPostUpdate, HookDeploy}

// ParseHookKind reads --kind.
func ParseHookKind(s string) (HookKind, error) {
	for _, k := range HookKinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("--kind must be update, post-update or deploy, not %q", s)
}

// PHPKind is the function kind of the model.
func (k HookKind) PHPKind() phpast.Kind {
	switch k {
	case HookPostUpdate:
		return phpast.KindPostUpdate
	case HookDeploy:
		return phpast.KindDeploy
	}
	return phpast.KindUpdate
}

// infix is what the function's name has between the module name and the
// sequence: "post_update" or "deploy".
func (k HookKind) infix() string {
	if k == HookDeploy {
		return "deploy"
	}
	return "post_update"
}

// File is the file a post-update or deploy hook of module goes to.
func (k HookKind) File(module string) string {
	switch k {
	case HookPostUpdate:
		return module + ".post_update.php"
	case HookDeploy:
		return module + ".deploy.php"
	}
	return module + ".install"
}

// CheckKind refuses post-updates and deploy hooks on Drupal 7, which has
// neither, and on a module whose core is unknown.
func CheckKind(core int, module string, kind HookKind) error {
	if kind == HookUpdate || core >= 8 {
		return nil
	}
	if core < 7 {
		return fmt.Errorf("cannot tell the Drupal core major of %s; pass --core", module)
	}
	return fmt.Errorf("%s is a Drupal %d module: --kind %s is for Drupal 8 and later; use --kind update", module, core, kind)
}

// seqPrefix is the sequence a post-update or deploy hook's NAME starts
// with: 10005 in NAME_post_update_10005_enable_views.
var seqPrefix = regexp.MustCompile(`^([0-9]+)(?:_|$)`)

// NextHook returns the name the next post-update or deploy hook of m gets,
// without its slug: NAME_post_update_SEQ or NAME_deploy_SEQ. SEQ continues
// the numbering of the module's hooks of that kind (one more than the
// highest; core*1000 + 1 for the first: 10001), written as wide as the
// widest SEQ so far, so that the names' string order, which is the order
// Drupal and drush run them in, is the order they were written in. When the
// next number would take a digit more than the hooks before it (after
// 9999), string order would run it first: that is an error.
func NextHook(m *phpast.Module, kind HookKind) (string, error) {
	if err := CheckKind(m.Core, m.Name, kind); err != nil {
		return "", err
	}
	if kind == HookUpdate {
		n, err := NextNumber(m)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%s_update_%d", m.Name, n), nil
	}
	highest, width := -1, 0
	var widest string
	for _, fn := range hooksOf(m, kind.PHPKind()) {
		match := seqPrefix.FindStringSubmatch(fn.Slug)
		if match == nil {
			continue
		}
		n, err := strconv.Atoi(match[1])
		if err != nil {
			continue // more digits than any sequence dcycle writes
		}
		highest = max(highest, n)
		if len(match[1]) > width {
			width, widest = len(match[1]), fn.Name
		}
	}
	next := m.Core*1000 + 1
	if highest >= 0 {
		next = highest + 1
	}
	seq := fmt.Sprintf("%0*d", width, next)
	if width > 0 && len(seq) > width {
		return "", fmt.Errorf("%s: the next %s of %s would be number %s, which sorts before %s, so drush would run it first; name it by hand so that it sorts last", hookFilePath(m, kind), kind, m.Name, seq, widest)
	}
	return fmt.Sprintf("%s_%s_%s", strings.ToLower(m.Name), kind.infix(), seq), nil
}

// hookFilePath is the file a hook of kind goes to, as the module's files
// are named.
func hookFilePath(m *phpast.Module, kind HookKind) string {
	if f := hookFile(m, kind); f != nil {
		return f.Path
	}
	return kind.File(m.Name)
}

// hookFile returns the parsed file hooks of kind go to, nil when the
// module has none yet.
func hookFile(m *phpast.Module, kind HookKind) *phpast.File {
	want := kind.File(m.Name)
	if kind == HookUpdate {
		return m.Install
	}
	for _, f := range m.Other {
		if strings.HasSuffix(f.Path, want) {
			return f
		}
	}
	return nil
}

// maxSlug is the length a slug stops growing at, at a word's end.
const maxSlug = 40

// Slug turns a summary into the NAME part of a post-update or deploy hook:
// its words, lower case, joined by "_", letters and digits only, about 40
// characters at most. A word holding "deploy" is left out, and "post
// update" is joined as "postupdate": drush and Drupal find a hook's module
// by the last "_deploy_" or "_post_update_" of its name, so a slug holding
// one would hand the hook to a module that does not exist, and it would
// never run.
func Slug(summary string) string {
	words := strings.FieldsFunc(strings.ToLower(summary), func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9')
	})
	var kept []string
	length := 0
	for _, w := range words {
		if strings.Contains(w, "deploy") {
			continue
		}
		if w == "update" && len(kept) > 0 && kept[len(kept)-1] == "post" {
			kept[len(kept)-1] = "postupdate"
			length += len(w)
			continue
		}
		if length > 0 && length+1+len(w) > maxSlug {
			break
		}
		if length > 0 {
			length++
		}
		kept = append(kept, w)
		length += len(w)
	}
	return strings.Join(kept, "_")
}
