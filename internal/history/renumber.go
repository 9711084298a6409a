package history

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/dcycle/dcycle/internal/phpast"
)

// Move is one update given a new number.
type Move struct {
	Update   phpast.FileFunction
	From, To int
}

// Plan is what renumbering changes: the moves, the byte edits of each file
// that carry them out, and what the user still has to look at.
type Plan struct {
	Moves []Move
	// Edits are keyed by the file they apply to.
	Edits map[*phpast.File][]phpast.Edit
	// Notes are references dcycle could not rewrite with certainty.
	Notes []string
}

// PlanRenumber moves the updates added since the base that are numbered at
// or below its highest update to the next free numbers above it, keeping
// their order. An added update already above the base's highest moves only
// when an earlier one needs its number, so that the branch's updates still
// run in the order they were written. The function names change, and so
// does every reference to an old number that no other update keeps: calls
// and function names in strings anywhere in the module, and this module's
// entries in hook_update_dependencies(). A range replay in hook_install()
// is widened when its upper bound is a literal the new numbers pass.
func PlanRenumber(now *phpast.Module, cmp *Comparison, base *Base) *Plan {
	p := &Plan{Edits: map[*phpast.File][]phpast.Edit{}}
	if len(cmp.Below) == 0 {
		return p
	}
	floor := max(cmp.BaseHighest, base.Module.LastRemoved(), now.LastRemoved()) + 1
	for _, u := range cmp.Added {
		to := max(u.Number, floor)
		if to%1000 == 0 {
			to++
		}
		floor = to + 1
		if to != u.Number {
			p.Moves = append(p.Moves, Move{Update: u, From: u.Number, To: to})
		}
	}
	prefix := strings.ToLower(now.Name) + "_update_"
	for _, mv := range p.Moves {
		name := mv.Update.Name
		newName := name[:len(name)-len(mv.Update.NumberText)] + strconv.Itoa(mv.To)
		p.Edits[mv.Update.File] = append(p.Edits[mv.Update.File], phpast.Replace(mv.Update.NameSpan, newName))
	}
	// References name an old number; they follow the move only when that
	// number now means the moved update alone.
	movedFrom := map[int][]Move{}
	for _, mv := range p.Moves {
		movedFrom[mv.From] = append(movedFrom[mv.From], mv)
	}
	kept := map[int]bool{}
	moved := map[*phpast.Function]bool{}
	for _, mv := range p.Moves {
		moved[mv.Update.Function] = true
	}
	for _, u := range now.Updates() {
		if !moved[u.Function] {
			kept[u.Number] = true
		}
	}
	target := map[int]int{}
	var ambiguous []int
	for from, mvs := range movedFrom {
		if len(mvs) == 1 && !kept[from] {
			target[from] = mvs[0].To
		} else {
			ambiguous = append(ambiguous, from)
		}
	}
	declared := map[int]bool{} // name offsets of declarations, per file below
	for _, f := range now.Files() {
		clear(declared)
		for _, fn := range f.Functions {
			declared[fn.NameSpan.Start] = true
		}
		refs := references(f, prefix, strings.ToLower(now.Name), target, declared)
		p.Edits[f] = append(p.Edits[f], refs...)
	}
	sort.Ints(ambiguous)
	for _, n := range ambiguous {
		referenced := false
		for _, f := range now.Files() {
			clear(declared)
			for _, fn := range f.Functions {
				declared[fn.NameSpan.Start] = true
			}
			referenced = referenced || len(references(f, prefix, strings.ToLower(now.Name), map[int]int{n: n}, declared)) > 0
		}
		if referenced {
			p.Notes = append(p.Notes, fmt.Sprintf("references to %s%d were left as they are: another update keeps that number, so they may mean it", now.Name+"_update_", n))
		}
	}
	p.widenReplay(now, prefix)
	for f, edits := range p.Edits {
		if len(edits) == 0 {
			delete(p.Edits, f)
		}
	}
	return p
}

// references returns the edits that renumber the references of file f to
// the old numbers in target: names (calls, strings naming a function) and
// this module's hook_update_dependencies() entries.
func references(f *phpast.File, prefix, module string, target map[int]int, declared map[int]bool) []phpast.Edit {
	if len(target) == 0 {
		return nil
	}
	var edits []phpast.Edit
	toks := phpast.CodeTokens(f.Src)
	for _, t := range toks {
		text := string(t.Text(f.Src))
		var name phpast.Span
		switch t.Kind {
		case phpast.TokenName:
			if declared[t.Span.Start] {
				continue
			}
			i := strings.LastIndexByte(text, '\\') + 1
			name = phpast.Span{Start: t.Span.Start + i, End: t.Span.End}
		case phpast.TokenString:
			if len(text) < 2 || text[0] != text[len(text)-1] || strings.ContainsAny(text[1:len(text)-1], `$\{`) {
				continue
			}
			name = phpast.Span{Start: t.Span.Start + 1, End: t.Span.End - 1}
		default:
			continue
		}
		ident := strings.ToLower(string(f.Src[name.Start:name.End]))
		if !strings.HasPrefix(ident, prefix) {
			continue
		}
		n, ok := number(ident[len(prefix):])
		if to, moved := target[n]; ok && moved {
			digits := phpast.Span{Start: name.Start + len(prefix), End: name.End}
			edits = append(edits, phpast.Replace(digits, strconv.Itoa(to)))
		}
	}
	for _, fn := range f.Functions {
		if fn.Kind == phpast.KindUpdateDependencies {
			edits = append(edits, dependencyEdits(f.Src, fn.BodySpan, module, target)...)
		}
	}
	return edits
}

// dependencyEdits renumbers this module's updates in
// hook_update_dependencies(): as a key, $dependencies['mod'][N], and as a
// value, 'mod' => N (array() and [] alike).
func dependencyEdits(src []byte, body phpast.Span, module string, target map[int]int) []phpast.Edit {
	code := src[body.Start:body.End]
	toks := phpast.CodeTokens(code)
	isModule := func(t phpast.Token) bool {
		text := t.Text(code)
		return t.Kind == phpast.TokenString && len(text) >= 2 && strings.EqualFold(string(text[1:len(text)-1]), module)
	}
	var edits []phpast.Edit
	for i, t := range toks {
		if t.Kind != phpast.TokenNumber || i < 2 {
			continue
		}
		key := i >= 3 && isModule(toks[i-3]) && bytes.Equal(toks[i-2].Text(code), []byte("]")) && bytes.Equal(toks[i-1].Text(code), []byte("["))
		value := isModule(toks[i-2]) && bytes.Equal(toks[i-1].Text(code), []byte("=>"))
		if !key && !value {
			continue
		}
		n, ok := number(string(t.Text(code)))
		if to, moved := target[n]; ok && moved {
			edits = append(edits, phpast.Edit{Start: body.Start + t.Span.Start, End: body.Start + t.Span.End, New: strconv.Itoa(to)})
		}
	}
	return edits
}

// widenReplay raises the literal upper bound of a range replay, for
// ($i = 7001; $i < 7004; $i++), when the moved updates pass it; when the
// bound cannot be found, it says so in a note (lint's DC005 reports it too).
func (p *Plan) widenReplay(now *phpast.Module, prefix string) {
	install := now.Find(phpast.KindInstall)
	if install == nil || install.Replay == nil || install.Replay.Kind != phpast.ReplayRange || install.Replay.Prefix != prefix {
		return
	}
	r := install.Replay
	highest := 0
	for _, mv := range p.Moves {
		highest = max(highest, mv.To)
	}
	if highest <= r.To {
		return
	}
	src := now.Install.Src
	code := src[r.Span.Start:r.Span.End]
	var bounds []phpast.Edit
	toks := phpast.CodeTokens(code)
	for i := 1; i < len(toks); i++ {
		op, t := string(toks[i-1].Text(code)), toks[i]
		n, ok := number(string(t.Text(code)))
		if t.Kind != phpast.TokenNumber || !ok {
			continue
		}
		span := phpast.Span{Start: r.Span.Start + t.Span.Start, End: r.Span.Start + t.Span.End}
		switch {
		case op == "<" && n == r.To+1:
			bounds = append(bounds, phpast.Replace(span, strconv.Itoa(highest+1)))
		case op == "<=" && n == r.To:
			bounds = append(bounds, phpast.Replace(span, strconv.Itoa(highest)))
		}
	}
	if len(bounds) != 1 {
		p.Notes = append(p.Notes, fmt.Sprintf("hook_install() replays %d–%d only, which misses %d: widen its range (dcycle lint --fix does)", r.From, r.To, highest))
		return
	}
	p.Edits[now.Install] = append(p.Edits[now.Install], bounds[0])
}

// number parses the digits of an update number, leading zeros allowed.
func number(digits string) (int, bool) {
	if digits == "" {
		return 0, false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(digits)
	return n, err == nil
}
