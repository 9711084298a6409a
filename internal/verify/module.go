package verify

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path"
	"sort"
	"strings"

	"github.com/dcycle/dcycle/internal/history"
	"github.com/dcycle/dcycle/internal/phpast"
	"github.com/dcycle/dcycle/internal/site"
)

// withoutUpdates returns the module's files with every update and
// post-update removed, and the replay of hook_install() with them: the
// module as it was before its first update, so that on the updated site
// every update runs through updb. The module's own statements of
// hook_install() stay. A hook_install() that calls updates in a way dcycle
// does not recognise cannot be stripped: use --base.
func withoutUpdates(files site.Files, m *phpast.Module, opts phpast.Options) (site.Files, error) {
	out := site.Files{}
	for name, data := range files {
		out[name] = data
	}
	removed := map[string]bool{}
	for _, f := range m.Files() {
		for _, fn := range f.Functions {
			if fn.Kind == phpast.KindUpdate || fn.Kind == phpast.KindPostUpdate {
				removed[strings.ToLower(fn.Name)] = true
			}
		}
	}
	for _, f := range m.Files() {
		name := path.Base(f.Path)
		if _, ok := files[name]; !ok {
			continue
		}
		var spans []phpast.Span
		for _, fn := range f.Functions {
			switch {
			case fn.Kind == phpast.KindUpdate || fn.Kind == phpast.KindPostUpdate:
				spans = append(spans, fn.Span)
			case fn.Kind == phpast.KindInstall && fn.Replay != nil:
				r := fn.Replay
				if r.Unrecognised != (phpast.Span{}) {
					line, col := f.Lines.Position(r.Unrecognised.Start)
					return nil, fmt.Errorf("%s:%d:%d: hook_install() replays the updates in a way dcycle does not recognise, so verify cannot build the module without its updates; name the ref production runs with --base", f.Path, line, col)
				}
				holder := fn
				if r.Via != nil {
					holder = r.Via
				}
				for _, i := range r.Stmts {
					spans = append(spans, holder.Stmts[i].Span)
				}
			}
		}
		if len(spans) == 0 {
			continue
		}
		src, err := phpast.Apply(f.Src, removals(spans))
		if err != nil {
			return nil, fmt.Errorf("%s: remove the updates: %w", f.Path, err)
		}
		out[name] = src
	}
	// What is left must not call an update that is gone: hook_install()
	// would die on the updated site.
	for _, name := range phpast.ModuleFiles(m.Name) {
		src, ok := out[name]
		if !ok {
			continue
		}
		f, err := phpast.ParseFile(name, src, opts)
		if err != nil {
			return nil, fmt.Errorf("the module without its updates does not parse: %w", err)
		}
		for _, fn := range f.Functions {
			for _, c := range fn.Calls {
				if c.Kind == phpast.CallFunction && removed[strings.ToLower(c.Name)] {
					line, col := f.Lines.Position(c.Span.Start)
					return nil, fmt.Errorf("%s:%d:%d: %s() calls %s() outside the replay dcycle recognises, so verify cannot build the module without its updates; name the ref production runs with --base", path.Join(m.Dir, name), line, col, fn.Name, c.Name)
				}
			}
		}
	}
	return out, nil
}

// removals turns spans into deletions, leaving out spans inside another.
func removals(spans []phpast.Span) []phpast.Edit {
	sort.Slice(spans, func(i, j int) bool {
		if spans[i].Start != spans[j].Start {
			return spans[i].Start < spans[j].Start
		}
		return spans[i].End > spans[j].End
	})
	var edits []phpast.Edit
	end := -1
	for _, s := range spans {
		if s.Start < end {
			continue
		}
		edits = append(edits, phpast.Replace(s, ""))
		end = s.End
	}
	return edits
}

// atBase reads the module folder as it was at a git ref: every file of it,
// as `git archive` gives them. The module parsed at the ref comes with it,
// for the report. A module that did not exist at the ref has no files (nil).
func atBase(m *phpast.Module, ref string, opts phpast.Options) (site.Files, *history.Base, error) {
	base, err := history.Load(m, ref, opts)
	if err != nil {
		return nil, nil, err
	}
	out, err := gitOutput(m.Dir, nil, "rev-parse", "--show-prefix", "--show-toplevel")
	if err != nil {
		return nil, nil, err
	}
	// The prefix line is empty at the top level; the top level comes last.
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	top := lines[len(lines)-1]
	prefix := ""
	if len(lines) > 1 {
		prefix = strings.TrimSuffix(lines[0], "/")
	}
	tree := base.Commit
	if prefix != "" {
		tree += ":" + prefix
	}
	if _, err := gitOutput(top, nil, "cat-file", "-e", tree); err != nil {
		return nil, base, nil
	}
	archive, err := gitOutput(top, nil, "archive", "--format=tar", tree)
	if err != nil {
		return nil, nil, err
	}
	files := site.Files{}
	r := tar.NewReader(bytes.NewReader(archive))
	for {
		h, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("read %s from git: %w", tree, err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		data, err := io.ReadAll(r)
		if err != nil {
			return nil, nil, err
		}
		files[path.Clean(h.Name)] = data
	}
	return files, base, nil
}

// gitOutput runs git in dir and returns its standard output, or an error
// with git's first line of complaint.
func gitOutput(dir string, stdin io.Reader, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Stdin = stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if i := strings.IndexByte(msg, '\n'); i >= 0 {
			msg = msg[:i]
		}
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", strings.Join(args, " "), msg)
	}
	return stdout.Bytes(), nil
}
