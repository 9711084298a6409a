package history

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/dcycle/dcycle/internal/gen"
	"github.com/dcycle/dcycle/internal/phpast"
)

// Rewrite is one file's new content.
type Rewrite struct {
	Old *phpast.File
	New *phpast.File
}

// Changes turns the plan into one change per file it edits, sorted by
// path, for gen.Rewrite (or Apply) to carry out. Beyond what every write
// promises, each is checked for what renumbering promises: every update
// deployed from the base byte for byte as it was (only the updates added
// since may change), every moved update under its new number with its
// docblock and code, the function list otherwise the same.
func (p *Plan) Changes(now *phpast.Module, cmp *Comparison, opts phpast.Options) []*gen.Change {
	opts.Module = now.Name
	files := make([]*phpast.File, 0, len(p.Edits))
	for f := range p.Edits {
		files = append(files, f)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	newNumber := map[*phpast.Function]int{}
	for _, mv := range p.Moves {
		newNumber[mv.Update.Function] = mv.To
	}
	added := map[*phpast.Function]bool{}
	for _, u := range cmp.Added {
		added[u.Function] = true
	}
	out := make([]*gen.Change, 0, len(files))
	for _, f := range files {
		out = append(out, &gen.Change{
			File:      f,
			Edits:     p.Edits[f],
			Options:   opts,
			MayChange: func(fn *phpast.Function) bool { return added[fn] },
			Check:     func(nf *phpast.File) error { return checkRenumbered(f, nf, newNumber) },
		})
	}
	return out
}

// checkRenumbered checks that nf is f with the moved updates under their
// new numbers, docblocks kept, and no other function renamed. The bytes of
// their code may change only where they call another moved update, which
// the check of the bytes outside the edits has vouched for.
func checkRenumbered(f, nf *phpast.File, newNumber map[*phpast.Function]int) error {
	if len(nf.Functions) != len(f.Functions) {
		return fmt.Errorf("renumber: %d functions became %d", len(f.Functions), len(nf.Functions))
	}
	for i, old := range f.Functions {
		got := nf.Functions[i]
		to, moved := newNumber[old]
		switch {
		case moved:
			if got.Kind != phpast.KindUpdate || got.Number != to || got.Doc.Present != old.Doc.Present ||
				!bytes.Equal(f.Src[old.Doc.Span.Start:old.Doc.Span.End], nf.Src[got.Doc.Span.Start:got.Doc.Span.End]) {
				return fmt.Errorf("renumber: %s did not become update %d with its docblock", old.Name, to)
			}
		case got.Name != old.Name && old.Kind == phpast.KindUpdate:
			return fmt.Errorf("renumber: %s became %s unasked", old.Name, got.Name)
		}
	}
	return nil
}

// Apply carries out the plan on the files in memory, through the checks of
// Changes, and notes the moved updates hook_install() no longer replays.
// Nothing is written; an error means the plan must not be.
func (p *Plan) Apply(now *phpast.Module, cmp *Comparison, opts phpast.Options) ([]Rewrite, error) {
	var out []Rewrite
	for _, c := range p.Changes(now, cmp, opts) {
		nf, err := c.Apply()
		if err != nil {
			return nil, err
		}
		if c.File == now.Install {
			p.NoteUnreplayed(now, nf)
		}
		out = append(out, Rewrite{Old: c.File, New: nf})
	}
	return out, nil
}

// NoteUnreplayed adds a note for each moved update that hook_install()
// replayed under its old number and does not under the new one, renumbered
// being the .install after the move.
func (p *Plan) NoteUnreplayed(now *phpast.Module, renumbered *phpast.File) {
	old, next := now.Find(phpast.KindInstall), (&phpast.Module{Install: renumbered}).Find(phpast.KindInstall)
	if old == nil || next == nil {
		return
	}
	prefix := strings.ToLower(now.Name) + "_update_"
	for _, mv := range p.Moves {
		if old.Replay.Covers(prefix, mv.From) && !next.Replay.Covers(prefix, mv.To) {
			p.Notes = append(p.Notes, fmt.Sprintf("hook_install() does not replay %s%d: add it (dcycle lint --fix does)", now.Name+"_update_", mv.To))
		}
	}
}
