package lint

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dcycle/dcycle/internal/history"
	"github.com/dcycle/dcycle/internal/phpast"
)

// A legacy module has findings in updates that already ran in production,
// which cannot be fixed: editing a deployed update is DC020. A baseline
// records them once (--generate-baseline) and hides them afterwards
// (--baseline), as phpstan's does, so that only new findings fail a run.
//
// An entry is keyed by rule, module, function and a hash of the
// function's code (its parameters and body as phpast.CodeTokens reads
// them), never by line: inserting lines above an update, or re-indenting or
// commenting it, keeps its entries; changing its code is a new function
// whose findings show again, and leaves the old entry stale. A finding
// outside any function is keyed by its message instead, with the line
// numbers it names left out.

// BaselineVersion is the version of the baseline file's format.
const BaselineVersion = 1

// Baseline is a baseline file.
type Baseline struct {
	Version int             `json:"version"`
	Entries []BaselineEntry `json:"entries"`
}

// BaselineEntry hides Count findings of Rule in Function of Module while
// the function's code hashes to Hash.
type BaselineEntry struct {
	Rule     string `json:"rule"`
	Module   string `json:"module"`
	Function string `json:"function,omitempty"`
	Hash     string `json:"hash"`
	Count    int    `json:"count"`
	// Message is the first hidden finding's message, for the reader; it
	// is not part of the key.
	Message string `json:"message"`
}

func (e BaselineEntry) key() string {
	return e.Rule + "\x00" + e.Module + "\x00" + e.Function + "\x00" + e.Hash
}

// baselineKey is the entry a finding belongs to, without its count.
func baselineKey(f *Finding) BaselineEntry {
	e := BaselineEntry{Rule: f.Rule, Module: f.Module, Function: f.Function, Message: f.Message}
	if fn := f.function(); fn != nil {
		e.Hash = codeHash(f.file.Src[fn.NameSpan.End:fn.DeclSpan.End])
	} else {
		sum := sha256.Sum256([]byte(WithoutLineNumbers(f.Message)))
		e.Hash = hex.EncodeToString(sum[:])
	}
	return e
}

// function is the function a finding was reported in, nil for a finding
// outside any function or in a file dcycle does not parse.
func (f *Finding) function() *phpast.Function {
	if f.file == nil || f.Function == "" {
		return nil
	}
	for _, fn := range f.file.Functions {
		if fn.Span == f.funcSpan {
			return fn
		}
	}
	return nil
}

// codeHash hashes PHP code by its code tokens: whitespace and comments do
// not count.
func codeHash(src []byte) string {
	h := sha256.New()
	for _, t := range phpast.CodeTokens(src) {
		text := t.Text(src)
		fmt.Fprintf(h, "%d:", len(text))
		h.Write(text)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// WithoutLineNumbers drops the digits that follow a colon ("declared at
// x.install:12"), so that a message reads the same when lines move: the
// baseline and GitLab's fingerprints identify findings by it.
func WithoutLineNumbers(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		b.WriteByte(s[i])
		if s[i] != ':' {
			continue
		}
		for i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
			i++
		}
	}
	return b.String()
}

// NewBaseline records findings: one entry per rule, module, function and
// code, counting the findings that share them, sorted.
func NewBaseline(findings []Finding) *Baseline {
	b := &Baseline{Version: BaselineVersion, Entries: []BaselineEntry{}}
	at := map[string]int{}
	for i := range findings {
		e := baselineKey(&findings[i])
		if j, ok := at[e.key()]; ok {
			b.Entries[j].Count++
			continue
		}
		e.Count = 1
		at[e.key()] = len(b.Entries)
		b.Entries = append(b.Entries, e)
	}
	sort.SliceStable(b.Entries, func(i, j int) bool {
		x, y := b.Entries[i], b.Entries[j]
		if x.Module != y.Module {
			return x.Module < y.Module
		}
		if x.Function != y.Function {
			return x.Function < y.Function
		}
		if x.Rule != y.Rule {
			return x.Rule < y.Rule
		}
		return x.Hash < y.Hash
	})
	return b
}

// Apply hides the findings the baseline records and returns the others, in
// their order, with the entries that hid fewer findings than they record
// (the update was fixed or changed): each such entry's Count is how many
// it did not find.
func (b *Baseline) Apply(findings []Finding) (kept []Finding, stale []BaselineEntry) {
	left := map[string]int{}
	for _, e := range b.Entries {
		left[e.key()] += e.Count
	}
	kept = make([]Finding, 0, len(findings))
	for i := range findings {
		k := baselineKey(&findings[i]).key()
		if left[k] > 0 {
			left[k]--
			continue
		}
		kept = append(kept, findings[i])
	}
	for _, e := range b.Entries {
		k := e.key()
		if n := min(left[k], e.Count); n > 0 {
			left[k] -= n
			e.Count = n
			stale = append(stale, e)
		}
	}
	return kept, stale
}

// ReadBaseline reads a baseline file.
func ReadBaseline(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		var perr *os.PathError
		if errors.As(err, &perr) {
			err = perr.Err
		}
		return nil, fmt.Errorf("%s: cannot read the baseline: %w", path, err)
	}
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("%s: not a dcycle baseline: %w", path, err)
	}
	if b.Version != BaselineVersion {
		return nil, fmt.Errorf("%s: baseline version %d, want %d (regenerate it with --generate-baseline)", path, b.Version, BaselineVersion)
	}
	for i, e := range b.Entries {
		if e.Rule == "" || e.Hash == "" || e.Count < 1 {
			return nil, fmt.Errorf("%s: entry %d needs a rule, a hash and a count of 1 or more", path, i+1)
		}
	}
	return &b, nil
}

// Write writes the baseline to path atomically: a temporary file in the
// same folder, then a rename.
func (b *Baseline) Write(path string) error {
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write the baseline: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write the baseline: %w", err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// NewSince drops the findings reported in updates, post-updates and deploy
// hooks that were already at ref with the same code (CodeTokens): on a
// legacy module, only what was added or changed since ref is held to the
// rules, while findings outside those functions (hook_install()'s replay,
// the info file, a parse error) stay. res must hold its modules
// (Options.KeepModules); opts are the options of the run.
func NewSince(res *Result, ref string, opts Options) ([]Finding, error) {
	old := map[*phpast.File]map[string]string{} // file → name → code hash at ref
	for _, m := range res.Modules {
		if m == nil {
			continue
		}
		base, err := history.Load(m, ref, phpast.Options{Module: m.Name, IssuePattern: opts.IssuePattern})
		if err != nil {
			return nil, err
		}
		then := map[string]string{}
		for _, f := range base.Module.Files() {
			for _, fn := range f.Functions {
				if isStep(fn.Kind) {
					then[strings.ToLower(fn.Name)] = codeHash(f.Src[fn.NameSpan.End:fn.DeclSpan.End])
				}
			}
		}
		for _, f := range m.Files() {
			old[f] = then
		}
	}
	kept := make([]Finding, 0, len(res.Findings))
	for i := range res.Findings {
		f := &res.Findings[i]
		if fn := f.function(); fn != nil && isStep(fn.Kind) {
			if h, ok := old[f.file][strings.ToLower(fn.Name)]; ok && h == codeHash(f.file.Src[fn.NameSpan.End:fn.DeclSpan.End]) {
				continue
			}
		}
		kept = append(kept, *f)
	}
	return kept, nil
}

// isStep tells the functions Drupal runs once per site: updates,
// post-updates and deploy hooks.
func isStep(k phpast.Kind) bool {
	return k == phpast.KindUpdate || k == phpast.KindPostUpdate || k == phpast.KindDeploy
}
