package phpast

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// postReplayView is what a test says about a post-update replay: its
// statements by the text they start with.
type postReplayView struct {
	Kind      string
	Stmts     []string
	Forget    string
	Loop      string
	Names     []string
	Sandbox   bool
	Resumable bool
	// Unrecognised is the text the unrecognised span starts with.
	Unrecognised string
	// Update are the statements of the update replay, as Stmts.
	Update []string
}

// spanFirstLine is the statement's source up to the end of its first line.
func spanFirstLine(src []byte, s Span) string {
	text := string(src[s.Start:s.End])
	line, _, _ := strings.Cut(text, "\n")
	return line
}

func viewPostReplay(f *File, fn *Function) postReplayView {
	p := fn.Replay.PostUpdates
	stmt := func(i int) string {
		if i < 0 || p.Kind == PostReplayNone {
			return ""
		}
		return spanFirstLine(f.Src, fn.Stmts[i].Span)
	}
	v := postReplayView{Kind: p.Kind.String(), Forget: stmt(p.Forget), Loop: stmt(p.Loop), Names: p.Names, Sandbox: p.Sandbox, Resumable: p.Resumable}
	for _, i := range p.Stmts {
		v.Stmts = append(v.Stmts, stmt(i))
	}
	for _, i := range fn.Replay.Stmts {
		v.Update = append(v.Update, spanFirstLine(f.Src, fn.Stmts[i].Span))
	}
	if p.Unrecognised != (Span{}) {
		v.Unrecognised = spanFirstLine(f.Src, p.Unrecognised)
	}
	return v
}

// TestPostUpdateReplay classifies the ways a hook_install() replays the
// module's post-updates, and which of its statements belong to that replay
// and which to the update replay.
func TestPostUpdateReplay(t *testing.T) {
	t.Parallel()
	const updates = `  $registry = \Drupal::service('update.update_hook_registry');
  $last = 10000;
  try {
    foreach ($registry->getAvailableUpdates('m') as $number) {
      $sandbox = [];
      do {
        $function = 'm_update_' . $number;
        $function($sandbox);
      } while (isset($sandbox['#finished']) && $sandbox['#finished'] < 1);
      $last = $number;
    }
  }
  catch (\Throwable $e) {
    $registry->setInstalledVersion('m', $last);
    throw $e;
  }
`
	const forget = `  $post_updates = \Drupal::service('update.post_update_registry');
  $post_updates->filterOutInvokedUpdatesByExtension('m');
`
	const loop = `  foreach ($post_updates->getPendingUpdateFunctions() as $post_update) {
    if (strpos($post_update, 'm_post_update_') === 0) {
      $sandbox = [];
      do {
        $post_update($sandbox);
      } while (isset($sandbox['#finished']) && $sandbox['#finished'] < 1);
      $post_updates->registerInvokedUpdates([$post_update]);
    }
  }
`
	updateStmts := []string{"$registry = \\Drupal::service('update.update_hook_registry');", "$last = 10000;", "try {"}
	tests := []struct {
		name string
		body string
		want postReplayView
	}{
		{
			name: "the generated replay: forget, updates, then each post-update recorded as it completes",
			body: forget + updates + loop,
			want: postReplayView{
				Kind:      "loop",
				Stmts:     []string{"$post_updates = \\Drupal::service('update.post_update_registry');", "$post_updates->filterOutInvokedUpdatesByExtension('m');", "foreach ($post_updates->getPendingUpdateFunctions() as $post_update) {"},
				Forget:    "$post_updates->filterOutInvokedUpdatesByExtension('m');",
				Loop:      "foreach ($post_updates->getPendingUpdateFunctions() as $post_update) {",
				Sandbox:   true,
				Resumable: true,
				Update:    updateStmts,
			},
		},
		{
			name: "forgotten after the updates: a failed update leaves every post-update recorded",
			body: updates + forget + loop,
			want: postReplayView{
				Kind:    "loop",
				Stmts:   []string{"$post_updates = \\Drupal::service('update.post_update_registry');", "$post_updates->filterOutInvokedUpdatesByExtension('m');", "foreach ($post_updates->getPendingUpdateFunctions() as $post_update) {"},
				Forget:  "$post_updates->filterOutInvokedUpdatesByExtension('m');",
				Loop:    "foreach ($post_updates->getPendingUpdateFunctions() as $post_update) {",
				Sandbox: true,
				Update:  updateStmts,
			},
		},
		{
			name: "nothing recorded as it completes",
			body: forget + updates + strings.Replace(loop, "      $post_updates->registerInvokedUpdates([$post_update]);\n", "", 1),
			want: postReplayView{
				Kind:    "loop",
				Stmts:   []string{"$post_updates = \\Drupal::service('update.post_update_registry');", "$post_updates->filterOutInvokedUpdatesByExtension('m');", "foreach ($post_updates->getPendingUpdateFunctions() as $post_update) {"},
				Forget:  "$post_updates->filterOutInvokedUpdatesByExtension('m');",
				Loop:    "foreach ($post_updates->getPendingUpdateFunctions() as $post_update) {",
				Sandbox: true,
				Update:  updateStmts,
			},
		},
		{
			name: "Drupal 9: the module's functions, no forget, one call each",
			body: "  $registry = \\Drupal::service('update.post_update_registry');\n  foreach ($registry->getUpdateFunctions('m') as $f) {\n    $f($s);\n  }\n",
			want: postReplayView{
				Kind:  "loop",
				Stmts: []string{"$registry = \\Drupal::service('update.post_update_registry');", "foreach ($registry->getUpdateFunctions('m') as $f) {"},
				Loop:  "foreach ($registry->getUpdateFunctions('m') as $f) {",
			},
		},
		{
			name: "a schema reset and a post-update reset: the next updb runs both",
			body: "  \\Drupal::service('update.update_hook_registry')->setInstalledVersion('m', 10000);\n  \\Drupal::service('update.post_update_registry')->filterOutInvokedUpdatesByModule('m');\n",
			want: postReplayView{
				Kind:   "reset",
				Stmts:  []string{"\\Drupal::service('update.post_update_registry')->filterOutInvokedUpdatesByModule('m');"},
				Forget: "\\Drupal::service('update.post_update_registry')->filterOutInvokedUpdatesByModule('m');",
				Update: []string{"\\Drupal::service('update.update_hook_registry')->setInstalledVersion('m', 10000);"},
			},
		},
		{
			name: "another module's post-updates are not forgotten here",
			body: "  \\Drupal::service('update.post_update_registry')->filterOutInvokedUpdatesByExtension('other');\n",
			want: postReplayView{Kind: "none", Unrecognised: "\\Drupal::service('update.post_update_registry')->filterOutInvokedUpdatesByExtension('other')"},
		},
		{
			name: "forgetting only when something failed is not a replay",
			body: "  try {\n    m_update_10001();\n  }\n  catch (\\Exception $e) {\n    \\Drupal::service('update.post_update_registry')->filterOutInvokedUpdatesByExtension('m');\n    throw $e;\n  }\n",
			want: postReplayView{Kind: "none", Unrecognised: "\\Drupal::service('update.post_update_registry')->filterOutInvokedUpdatesByExtension('m')", Update: []string{"try {"}},
		},
		{
			name: "explicit calls",
			body: "  m_update_10001();\n  $s = [];\n  m_post_update_10001_tidy($s);\n  M_Post_Update_10002_menus($s);\n",
			want: postReplayView{
				Kind:   "explicit",
				Stmts:  []string{"m_post_update_10001_tidy($s);", "M_Post_Update_10002_menus($s);"},
				Names:  []string{"m_post_update_10001_tidy", "m_post_update_10002_menus"},
				Update: []string{"m_update_10001();"},
			},
		},
		{
			name: "a replay dcycle does not know",
			body: "  foreach (['10001_tidy', '10002_menus'] as $slug) {\n    call_user_func('m_post_update_' . $slug, $s);\n  }\n",
			want: postReplayView{Kind: "none", Unrecognised: "'m_post_update_'"},
		},
		{
			name: "no post-update replay",
			body: updates,
			want: postReplayView{Kind: "none", Update: updateStmts},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := parseString(t, "m", "<?php\nfunction m_install($is_syncing) {\n"+tt.body+"}\n")
			got := viewPostReplay(f, function(t, f, "m_install"))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("post-update replay (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPostUpdateReplayCovers: only a loop or a reset runs every
// post-update; explicit calls run the ones they name.
func TestPostUpdateReplayCovers(t *testing.T) {
	t.Parallel()
	for kind, want := range map[PostReplayKind]bool{PostReplayNone: false, PostReplayLoop: true, PostReplayReset: true, PostReplayExplicit: false} {
		if got := (PostUpdateReplay{Kind: kind}).Covers(); got != want {
			t.Errorf("%s: Covers() = %v, want %v", kind, got, want)
		}
	}
}
