package history

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/dcycle/dcycle/internal/phpast"
)

// Rewrite is one file's new content.
type Rewrite struct {
	Old *phpast.File
	New *phpast.File
}

// Apply carries out the plan on the files in memory, re-parses each result
// and checks it: every byte outside the edits unchanged, every update
// deployed from the base byte for byte as it was, every moved update under
// its new number with its docblock and code, the function list otherwise
// the same. Nothing is written; an error means the plan must not be.
func (p *Plan) Apply(now *phpast.Module, cmp *Comparison, opts phpast.Options) ([]Rewrite, error) {
	opts.Module = now.Name
	files := make([]*phpast.File, 0, len(p.Edits))
	for f := range p.Edits {
		files = append(files, f)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	newName := map[*phpast.Function]int{}
	for _, mv := range p.Moves {
		newName[mv.Update.Function] = mv.To
	}
	deployed := map[*phpast.Function]bool{}
	for _, u := range now.Updates() {
		deployed[u.Function] = true
	}
	for _, u := range cmp.Added {
		delete(deployed, u.Function)
	}
	var out []Rewrite
	for _, f := range files {
		edits := p.Edits[f]
		src, err := phpast.Apply(f.Src, edits)
		if err != nil {
			return nil, fmt.Errorf("%s: renumber: %w", f.Path, err)
		}
		if err := outsideUnchanged(f.Src, src, edits); err != nil {
			return nil, fmt.Errorf("%s: renumber: %w", f.Path, err)
		}
		nf, err := phpast.ParseFile(f.Path, src, opts)
		if err != nil {
			return nil, fmt.Errorf("renumbered file does not parse, nothing written: %w", err)
		}
		if len(nf.Functions) != len(f.Functions) {
			return nil, fmt.Errorf("%s: renumber: %d functions became %d", f.Path, len(f.Functions), len(nf.Functions))
		}
		for i, old := range f.Functions {
			got := nf.Functions[i]
			oldText, newText := f.Src[old.Span.Start:old.Span.End], src[got.Span.Start:got.Span.End]
			switch to, moved := newName[old]; {
			case moved:
				// Its code may change only where it calls another moved update,
				// which outsideUnchanged has vouched for.
				if got.Kind != phpast.KindUpdate || got.Number != to || got.Doc.Present != old.Doc.Present ||
					!bytes.Equal(f.Src[old.Doc.Span.Start:old.Doc.Span.End], src[got.Doc.Span.Start:got.Doc.Span.End]) {
					return nil, fmt.Errorf("%s: renumber: %s did not become update %d with its docblock", f.Path, old.Name, to)
				}
			case deployed[old] && !bytes.Equal(oldText, newText):
				return nil, fmt.Errorf("%s: renumber would change %s, which is deployed from %s", f.Path, old.Name, cmp.Ref)
			case got.Name != old.Name && old.Kind == phpast.KindUpdate:
				return nil, fmt.Errorf("%s: renumber: %s became %s unasked", f.Path, old.Name, got.Name)
			}
		}
		if f == now.Install {
			p.noteUnreplayed(now, nf)
		}
		out = append(out, Rewrite{Old: f, New: nf})
	}
	return out, nil
}

// noteUnreplayed notes the moved updates that hook_install() replayed under
// their old number and does not under the new one.
func (p *Plan) noteUnreplayed(now *phpast.Module, renumbered *phpast.File) {
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

// outsideUnchanged checks, independently of how Apply works, that the
// bytes between edits are the same in old and new.
func outsideUnchanged(old, new []byte, edits []phpast.Edit) error {
	sorted := append([]phpast.Edit(nil), edits...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Start < sorted[j].Start })
	oldPos, newPos := 0, 0
	for _, e := range sorted {
		gap := e.Start - oldPos
		if newPos+gap > len(new) || !bytes.Equal(old[oldPos:e.Start], new[newPos:newPos+gap]) {
			return fmt.Errorf("bytes before offset %d changed", e.Start)
		}
		newPos += gap + len(e.New)
		oldPos = e.End
	}
	if !bytes.Equal(old[oldPos:], new[min(newPos, len(new)):]) {
		return fmt.Errorf("bytes after offset %d changed", oldPos)
	}
	return nil
}
