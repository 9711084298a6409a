package history

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcycle/dcycle/internal/phpast"
)

// hookFile renders a NAME.post_update.php (or .deploy.php) of example_deploy
// whose functions are the given name: body pairs, in order.
func hookFile(pairs ...string) string {
	var b strings.Builder
	b.WriteString("<?php\n")
	for i := 0; i+1 < len(pairs); i += 2 {
		b.WriteString("\n/**\n * #1: A hook.\n */\nfunction example_deploy_" + pairs[i] + "(): string {\n" + pairs[i+1] + "  return 'Done.';\n}\n")
	}
	return b.String()
}

// hookModule parses a Drupal 10 module made of a post-update file and a
// deploy file ("" leaves a file out).
func hookModule(t *testing.T, label, post, deploy string) *phpast.Module {
	t.Helper()
	m := &phpast.Module{Name: "example_deploy", Core: 10}
	for _, file := range []struct{ name, src string }{{"example_deploy.post_update.php", post}, {"example_deploy.deploy.php", deploy}} {
		if file.src == "" {
			continue
		}
		f, err := phpast.ParseFile(label+":"+file.name, []byte(file.src), phpast.Options{Module: "example_deploy"})
		if err != nil {
			t.Fatal(err)
		}
		m.Other = append(m.Other, f)
	}
	return m
}

func TestCompareHooks(t *testing.T) {
	t.Parallel()
	front := "  \\Drupal::configFactory()->getEditable('system.site')->set('page.front', '/shop')->save();\n"
	front2 := "  \\Drupal::configFactory()->getEditable('system.site')->set('page.front', '/home')->save();\n"
	colours := "  \\Drupal::state()->set('shop.colours', ['red']);\n"
	type files struct{ post, deploy string }
	tests := []struct {
		name                      string
		base, fork, now           files
		changed, renamed, removed []string
		forkKnown                 bool
	}{
		{
			name: "unchanged, reindented and commented",
			base: files{hookFile("post_update_10001_front", front), hookFile("deploy_10002_colours", colours)},
			now:  files{hookFile("post_update_10001_front", "  // Front page.\n"+strings.ReplaceAll(front, "->", "\n    ->")), hookFile("deploy_10002_colours", colours)},
		},
		{
			name:    "post-update edited",
			base:    files{hookFile("post_update_10001_front", front), ""},
			now:     files{hookFile("post_update_10001_front", front2), ""},
			changed: []string{"example_deploy_post_update_10001_front"},
		},
		{
			name:    "deploy hook renamed to sort right",
			base:    files{"", hookFile("deploy_9_colours", colours)},
			now:     files{"", hookFile("deploy_10009_colours", colours)},
			renamed: []string{"example_deploy_deploy_9_colours example_deploy_deploy_10009_colours"},
		},
		{
			name:    "renamed and edited: a removal",
			base:    files{hookFile("post_update_10001_front", front), ""},
			now:     files{hookFile("post_update_10001_home", front2), ""},
			removed: []string{"example_deploy_post_update_10001_front"},
		},
		{
			name:    "moved to the other kind: a removal",
			base:    files{hookFile("post_update_10001_colours", colours), ""},
			now:     files{"", hookFile("deploy_10001_colours", colours)},
			removed: []string{"example_deploy_post_update_10001_colours"},
		},
		{
			name:    "deploy hook removed",
			base:    files{"", hookFile("deploy_10002_colours", colours, "deploy_10003_front", front)},
			now:     files{"", hookFile("deploy_10002_colours", colours)},
			removed: []string{"example_deploy_deploy_10003_front"},
		},
		{
			name:      "added by the base after the fork, not merged yet",
			base:      files{"", hookFile("deploy_10002_colours", colours, "deploy_10003_front", front)},
			fork:      files{"", hookFile("deploy_10002_colours", colours)},
			now:       files{"", hookFile("deploy_10002_colours", colours)},
			forkKnown: true,
		},
		{
			name:      "edited by the base after the fork, kept by the branch",
			base:      files{hookFile("post_update_10001_front", front2), ""},
			fork:      files{hookFile("post_update_10001_front", front), ""},
			now:       files{hookFile("post_update_10001_front", front), ""},
			forkKnown: true,
		},
		{
			name: "new hook, nothing deployed",
			base: files{hookFile("post_update_10001_front", front), ""},
			now:  files{hookFile("post_update_10001_front", front), hookFile("deploy_10002_colours", colours)},
		},
	}
	names := func(us []phpast.FileFunction) []string {
		var out []string
		for _, u := range us {
			out = append(out, u.Name)
		}
		return out
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			base := &Base{Ref: "main", Module: hookModule(t, "main", tt.base.post, tt.base.deploy)}
			if tt.forkKnown {
				base.Fork = hookModule(t, "fork", tt.fork.post, tt.fork.deploy)
			}
			c := Compare(hookModule(t, "now", tt.now.post, tt.now.deploy), base)
			var changed, renamed []string
			for _, ch := range c.HooksChanged {
				if ch.Now.Name != ch.Then.Name {
					t.Errorf("change pairs %s with %s", ch.Now.Name, ch.Then.Name)
				}
				changed = append(changed, ch.Now.Name)
			}
			for _, r := range c.HooksRenamed {
				renamed = append(renamed, r.Then.Name+" "+r.Now.Name)
			}
			for _, got := range []struct {
				what      string
				want, got []string
			}{
				{"changed", tt.changed, changed},
				{"renamed", tt.renamed, renamed},
				{"removed", tt.removed, names(c.HooksRemoved)},
			} {
				if diff := cmp.Diff(got.want, got.got); diff != "" {
					t.Errorf("%s (-want +got):\n%s", got.what, diff)
				}
			}
			if len(c.Changed)+len(c.Removed)+len(c.Added) > 0 {
				t.Errorf("hooks were compared as updates: %+v", c)
			}
		})
	}
}
