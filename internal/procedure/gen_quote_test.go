package procedure

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"gopkg.in/yaml.v3"
)

// genTricky are values that a shell or YAML would read as something else
// if they were pasted unquoted.
var genTricky = []string{
	"",
	"plain",
	"/var/www/with space",
	"it's",
	`say "hi"`,
	"$(touch pwned)",
	"`touch pwned`",
	"${HOME} $HOME",
	"a\nb",
	"tab\there",
	"back\\slash",
	"{{ 7*7 }} {% raw %}",
	"#not a comment",
	"- item: [x, y] & *alias !tag",
	"caf\u00e9 \u2028 \u0085 \ufeff",
	"bell\a del\x7f esc\x1b",
	"yes",
	"~",
	"0o17",
}

// TestShellQuoteRoundTrip hands each value, quoted, to the real bash: it
// must come back byte for byte, and no command in it may run.
func TestShellQuoteRoundTrip(t *testing.T) {
	t.Parallel()
	bash := genNeedTool(t, "bash")
	dir := t.TempDir()
	for _, v := range genTricky {
		cmd := exec.Command(bash, "-c", "printf '%s' "+genShellQuote(v))
		cmd.Dir = dir
		out, err := cmd.Output()
		if err != nil {
			t.Errorf("%q: %v", v, err)
			continue
		}
		if string(out) != v {
			t.Errorf("bash read %q as %q", v, out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "pwned")); err == nil {
		t.Error("a quoted command substitution ran")
	}
}

// TestYAMLQuoteRoundTrip reads each value, quoted, with a YAML parser: it
// is one string scalar tagged !unsafe (so Ansible never templates it)
// holding exactly the value. The generated playbooks are run by Ansible on
// such values in TestProcedureDeploys.
func TestYAMLQuoteRoundTrip(t *testing.T) {
	t.Parallel()
	for _, v := range genTricky {
		var doc yaml.Node
		src := "key: " + genYAMLQuote(v) + "\n"
		if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
			t.Errorf("%q: %v\n%s", v, err, src)
			continue
		}
		val := doc.Content[0].Content[1]
		if val.Kind != yaml.ScalarNode || val.Tag != "!unsafe" || val.Value != v {
			t.Errorf("%q read back as kind %v tag %q value %q", v, val.Kind, val.Tag, val.Value)
		}
	}
}
