package procedure

import (
	"fmt"
	"path"
	"strings"
	"unicode/utf8"
)

// SettingError is a setting dcycle procedure cannot use: a value it cannot
// carry exactly into a script or playbook, or settings that contradict each
// other. The command exits 2 and writes nothing.
type SettingError struct {
	// Setting names the flag or .dcycle.yml key ("--root", "procedure.root").
	Setting string
	Msg     string
}

func (e *SettingError) Error() string {
	if e.Setting == "" {
		return e.Msg
	}
	return e.Setting + ": " + e.Msg
}

func genSettingErrorf(setting, format string, args ...any) error {
	return &SettingError{Setting: setting, Msg: fmt.Sprintf(format, args...)}
}

// genShellQuote quotes s as one bash word that expands to exactly s: inside
// single quotes nothing is special, and a single quote is closed, escaped
// and reopened. Newlines, $(…), backquotes and double quotes are carried as
// they are.
func genShellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// genYAMLQuote writes s as a YAML double-quoted scalar tagged !unsafe, so
// that Ansible neither reads it as Jinja ({{ }}, {% %}) nor changes a byte:
// backslash, double quote and every control or line-breaking character are
// escaped.
func genYAMLQuote(s string) string {
	var b strings.Builder
	b.WriteString(`!unsafe "`)
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		case 0x85:
			b.WriteString(`\N`)
		case 0x2028:
			b.WriteString(`\L`)
		case 0x2029:
			b.WriteString(`\P`)
		case 0xFEFF:
			b.WriteString(`\uFEFF`)
		default:
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
				fmt.Fprintf(&b, `\x%02X`, r)
				continue
			}
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// checkText refuses what no shell word or YAML scalar carries: a NUL byte
// (it ends a C string: an argument, an environment value, a path) and bytes
// that are not UTF-8 (YAML is text).
func genCheckText(setting, s string) error {
	if strings.ContainsRune(s, 0) {
		return genSettingErrorf(setting, "contains a NUL byte, which no path or command can hold")
	}
	if !utf8.ValidString(s) {
		return genSettingErrorf(setting, "is not valid UTF-8, which a YAML playbook cannot hold")
	}
	return nil
}

// checkCommand accepts a command of the team's own, run by the shell as
// written: one line, so that the arguments dcycle appends reach it.
func genCheckCommand(setting, s string) error {
	if err := genCheckText(setting, s); err != nil {
		return err
	}
	if strings.TrimSpace(s) == "" {
		return genSettingErrorf(setting, "is empty")
	}
	if strings.ContainsAny(s, "\n\r") {
		return genSettingErrorf(setting, "spans several lines; put the commands in a script and name the script")
	}
	return nil
}

// checkShared accepts a path below a release folder: relative, clean, and
// neither the release itself nor outside it, because staging removes what
// the release ships at that path before linking it.
func genCheckShared(setting, p string) error {
	if err := genCheckText(setting, p); err != nil {
		return err
	}
	switch {
	case p == "" || p == ".":
		return genSettingErrorf(setting, "%q is the release folder itself", p)
	case strings.HasPrefix(p, "/"):
		return genSettingErrorf(setting, "%q is absolute; shared paths are relative to a release", p)
	case path.Clean(p) != p:
		return genSettingErrorf(setting, "%q is not a clean path (write %q)", p, path.Clean(p))
	case p == ".." || strings.HasPrefix(p, "../"):
		return genSettingErrorf(setting, "%q leaves the release folder", p)
	}
	return nil
}

// validate refuses settings the templates cannot carry exactly, or that
// contradict each other.
func (s Settings) validate() error {
	switch s.Target {
	case TargetBash:
		if s.Heads > 1 || s.Inventory != "" {
			return genSettingErrorf("--target", "bash writes a script for one server; several web heads need --target ansible")
		}
	case TargetAnsible:
		if s.Inventory == "" && s.Heads < 1 {
			return genSettingErrorf("--heads", "must be at least 1")
		}
	default:
		return genSettingErrorf("--target", "must be bash or ansible, not %q", s.Target)
	}
	if s.Core < 7 {
		return genSettingErrorf("--core", "must be 7 or higher, not %d", s.Core)
	}
	if err := genCheckText("--root", s.Root); err != nil {
		return err
	}
	if !strings.HasPrefix(s.Root, "/") || s.Root == "/" {
		return genSettingErrorf("--root", "%q must be an absolute folder below /: the deploy root on every head", s.Root)
	}
	if err := genCheckCommand("--drush", s.Drush); err != nil {
		return err
	}
	if err := genCheckCommand("--reload", s.Reload); err != nil {
		return err
	}
	if s.Keep < 2 {
		return genSettingErrorf("--keep", "must be at least 2: the live release and the one to go back to")
	}
	seen := map[string]bool{}
	for _, p := range s.Shared {
		if err := genCheckShared("procedure.shared", p); err != nil {
			return err
		}
		if seen[p] {
			return genSettingErrorf("procedure.shared", "%q is listed twice", p)
		}
		seen[p] = true
	}
	if s.Inventory != "" {
		if err := genCheckText("--inventory", s.Inventory); err != nil {
			return err
		}
		for _, r := range s.Inventory {
			if r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029 {
				return genSettingErrorf("--inventory", "%q holds a control character, which the playbook's usage comment cannot show", s.Inventory)
			}
		}
	}
	return nil
}
