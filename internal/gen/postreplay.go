package gen

import (
	"bytes"
	"fmt"

	"github.com/dcycle/dcycle/internal/phpast"
)

// hooksOf returns the functions of a kind in every file of m, in file and
// declaration order.
func hooksOf(m *phpast.Module, kind phpast.Kind) []*phpast.Function {
	var out []*phpast.Function
	for _, f := range m.Files() {
		for _, fn := range f.Functions {
			if fn.Kind == kind {
				out = append(out, fn)
			}
		}
	}
	return out
}

// postReplayRuns is the statement where a post-update replay starts
// running post-updates (its loop, its first explicit call), -1 when it
// runs none there: an update replay added later goes before it.
func postReplayRuns(post phpast.PostUpdateReplay) int {
	switch post.Kind {
	case phpast.PostReplayLoop:
		return post.Loop
	case phpast.PostReplayExplicit:
		for _, i := range post.Stmts {
			if i != post.Forget {
				return i
			}
		}
	}
	return -1
}

// replayText is the replay added to a hook_install() that has none: the
// updates, and, when the module has post-updates that it does not replay
// yet, the forget before them and the post-updates after them.
func (p *planner) replayText(install *phpast.Function, data installData) (string, error) {
	replay, err := render(p.t, "replay", data)
	if err != nil {
		return "", fmt.Errorf("%s: %w", p.f.Path, err)
	}
	post := install.Replay.PostUpdates
	if !p.post || post.Kind != phpast.PostReplayNone || post.Unrecognised != (phpast.Span{}) {
		return replay, nil
	}
	forget, loop, err := p.postReplayParts(data)
	if err != nil {
		return "", err
	}
	return forget + "\n\n" + replay + "\n\n" + loop, nil
}

// postReplayParts renders the two parts of the post-update replay: the
// forget that goes before the update replay, the loop that goes after it.
func (p *planner) postReplayParts(data installData) (forget, loop string, err error) {
	data.PostUpdates = true
	if forget, err = render(p.t, "post_update_forget", data); err == nil {
		loop, err = render(p.t, "post_update_replay", data)
	}
	if err != nil {
		return "", "", fmt.Errorf("%s: %w", p.f.Path, err)
	}
	return forget, loop, nil
}

// postReplayEdits returns the edits that make hook_install() replay the
// post-updates, resumably, after the updates: it creates hook_install()
// (replaying both) when there is none; adds both replays to one that has
// neither, after its own statements; and around a recognised update
// replay, adds the forget before it and the post-update loop after it, or
// after a schema reset, the forget alone, so that the next updb runs
// every post-update after every update. Every other byte stays. A
// hook_install() that replays post-updates already (a loop, a reset) is
// kept: nil edits. One whose replays dcycle cannot place around (calls by
// name, a helper, forms it does not know) is refused, saying what to add
// by hand.
func (p *planner) postReplayEdits() ([]phpast.Edit, InstallChange, error) {
	p.post = true
	data := p.installData()
	install := p.m.Find(phpast.KindInstall)
	if install == nil {
		fn, err := render(p.t, "install", data)
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %w", p.f.Path, err)
		}
		return []phpast.Edit{p.insertInstall(fn)}, InstallCreated, nil
	}
	r := install.Replay
	post := r.PostUpdates
	byHand := fmt.Sprintf("run every %s*() after the updates, as drush updb does, and record each as run (update.post_update_registry)", data.PostPrefix)
	switch {
	case post.Covers():
		return nil, InstallKept, nil
	case post.Kind == phpast.PostReplayExplicit:
		at := install.Stmts[post.Stmts[0]].Span.Start
		return nil, 0, p.refuse(at, "%s() calls post-updates by name, and dcycle does not extend such a list; make it %s by hand", install.Name, byHand)
	case post.Unrecognised != (phpast.Span{}):
		return nil, 0, p.refuse(post.Unrecognised.Start, "%s() seems to replay the post-updates in a form dcycle does not recognise; adding a replay would run them twice: make it %s by hand", install.Name, byHand)
	case r.Via != nil:
		return nil, 0, p.refuse(r.Via.DeclSpan.Start, "%s() replays the updates through %s(), and dcycle does not edit helpers; make it %s by hand", install.Name, r.Via.Name, byHand)
	case r.Kind == phpast.ReplayNone && r.Unrecognised != (phpast.Span{}):
		return nil, 0, p.refuse(r.Unrecognised.Start, "%s() seems to replay the updates in a form dcycle does not recognise, and the post-updates must run after them; make it %s by hand", install.Name, byHand)
	case r.Kind == phpast.ReplayNone:
		text, err := p.replayText(install, data)
		if err != nil {
			return nil, 0, err
		}
		edit, err := p.insertReplay(install, text)
		if err != nil {
			return nil, 0, err
		}
		return []phpast.Edit{edit}, InstallRewritten, nil
	case len(r.Stmts) == 0:
		return nil, 0, p.refuse(install.DeclSpan.Start, "dcycle cannot tell which statements of %s() replay the updates; make it %s by hand", install.Name, byHand)
	case r.Kind == phpast.ReplaySchemaReset:
		reset, err := render(p.t, "post_update_reset", data)
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %w", p.f.Path, err)
		}
		return []phpast.Edit{p.insertAfter(install.Stmts[r.Stmts[len(r.Stmts)-1]].Span.End, reset)}, InstallExtended, nil
	}
	forget, loop, err := p.postReplayParts(data)
	if err != nil {
		return nil, 0, err
	}
	first, last := install.Stmts[r.Stmts[0]].Span, install.Stmts[r.Stmts[len(r.Stmts)-1]].Span
	return []phpast.Edit{p.insertBefore(first.Start, forget), p.insertAfter(last.End, loop)}, InstallExtended, nil
}

// insertBefore adds text, as lines of their own, before the statement
// that starts at offset, at that statement's indentation.
func (p *planner) insertBefore(offset int, text string) phpast.Edit {
	indent := p.indentAt(offset)
	return phpast.Insert(offset, style(text, p.eol, p.unit, indent)+p.eol+p.eol+indent)
}

// insertAfter adds text after the statement that ends at offset, after a
// blank line, at the indentation of the line that statement ends on.
func (p *planner) insertAfter(offset int, text string) phpast.Edit {
	indent := p.lineIndent(offset)
	return phpast.Insert(offset, p.eol+p.eol+indent+style(text, p.eol, p.unit, indent))
}

// lineIndent is the whitespace that starts the line holding offset.
func (p *planner) lineIndent(offset int) string {
	start := bytes.LastIndexByte(p.src[:offset], '\n') + 1
	end := start
	for end < len(p.src) && (p.src[end] == ' ' || p.src[end] == '\t') {
		end++
	}
	return string(p.src[start:end])
}
