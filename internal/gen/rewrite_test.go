package gen

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/dcycle/dcycle/internal/phpast"
)

const rewriteSrc = "<?php\nfunction m_install() {\n  m_update_7001();\n}\n\nfunction m_update_7001() {\n  a();\n}\n"

// appendUpdate plans, on whatever bytes it is given, the insertion of
// update 7002 at the end.
func appendUpdate(t *testing.T) func([]byte) (*Change, error) {
	return func(src []byte) (*Change, error) {
		f, err := phpast.ParseFile("m.install", src, phpast.Options{Module: "m"})
		if err != nil {
			return nil, err
		}
		return &Change{
			File:    f,
			Edits:   []phpast.Edit{phpast.Insert(len(src), "\nfunction m_update_7002() {\n  b();\n}\n")},
			Options: phpast.Options{Module: "m"},
			Want:    []string{"m_update_7002"},
		}, nil
	}
}

func TestRewrite(t *testing.T) {
	t.Parallel()
	path := writeFixture(t, rewriteSrc, 0o640)
	res, err := Rewrite(path, RewriteOptions{Display: "shown/m.install"}, appendUpdate(t))
	if err != nil {
		t.Fatal(err)
	}
	want := rewriteSrc + "\nfunction m_update_7002() {\n  b();\n}\n"
	if got, _ := os.ReadFile(path); string(got) != want {
		t.Errorf("file holds\n%s\nwant\n%s", got, want)
	}
	if !res.Changed() || string(res.Old) != rewriteSrc || string(res.New) != want || res.Diff != "" || res.Warnings != nil {
		t.Errorf("result: changed %v, old/new as read and written %v/%v, diff %q, warnings %q", res.Changed(), string(res.Old) == rewriteSrc, string(res.New) == want, res.Diff, res.Warnings)
	}
	if res.File == nil || res.File.Functions[len(res.File.Functions)-1].Name != "m_update_7002" {
		t.Errorf("result file is not the new bytes parsed")
	}
	if mustStat(t, path).Mode().Perm() != 0o640 {
		t.Errorf("mode not kept")
	}
	onlyFile(t, path)
}

func TestRewriteDryRun(t *testing.T) {
	t.Parallel()
	path := writeFixture(t, rewriteSrc, 0o644)
	// A dry run takes no lock: it must not wait for this one.
	unlock, err := lock(path, path)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	res, err := Rewrite(path, RewriteOptions{Display: "m.install", DryRun: true}, appendUpdate(t))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != rewriteSrc {
		t.Errorf("a dry run wrote the file:\n%s", got)
	}
	if res.Diff != Diff("m.install", res.Old, res.New) || !strings.HasPrefix(res.Diff, "--- a/m.install\n+++ b/m.install\n") {
		t.Errorf("diff:\n%s", res.Diff)
	}
}

// The planner runs under the lock, on the bytes as they are then: two
// rewrites that each add "the next line" both land.
func TestRewritePlansOnFreshBytes(t *testing.T) {
	t.Parallel()
	path := writeFixture(t, "<?php\n", 0o644)
	addLine := func(src []byte) (*Change, error) {
		f, err := phpast.ParseFile("m.install", src, phpast.Options{Module: "m"})
		if err != nil {
			return nil, err
		}
		n := strings.Count(string(src), "\n")
		return &Change{File: f, Edits: []phpast.Edit{phpast.Insert(len(src), "// line "+string(rune('0'+n))+"\n")}}, nil
	}
	done := make(chan error, 4)
	for range 4 {
		go func() {
			_, err := Rewrite(path, RewriteOptions{}, addLine)
			done <- err
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := os.ReadFile(path); string(got) != "<?php\n// line 1\n// line 2\n// line 3\n// line 4\n" {
		t.Errorf("file holds:\n%s", got)
	}
	onlyFile(t, path)
}

func TestRewriteRefuses(t *testing.T) {
	t.Parallel()
	parse := func(t *testing.T, src string) *phpast.File {
		f, err := phpast.ParseFile("m.install", []byte(src), phpast.Options{Module: "m"})
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	body := strings.Index(rewriteSrc, "a();")
	end := len(rewriteSrc)
	tests := []struct {
		name string
		// change builds the change from the file as read.
		change func(t *testing.T, f *phpast.File) *Change
		want   string
		is     error
	}{
		{
			name: "planned on other bytes",
			change: func(t *testing.T, f *phpast.File) *Change {
				return &Change{File: parse(t, rewriteSrc+"\n"), Edits: []phpast.Edit{phpast.Insert(0, "")}}
			},
			want: "changed on disk", is: ErrChanged,
		},
		{
			name: "overlapping edits",
			change: func(t *testing.T, f *phpast.File) *Change {
				return &Change{File: f, Edits: []phpast.Edit{{Start: 0, End: 5, New: "<?php"}, {Start: 3, End: 6, New: "x"}}}
			},
			want: "overlaps",
		},
		{
			name: "an update changed",
			change: func(t *testing.T, f *phpast.File) *Change {
				return &Change{File: f, Edits: []phpast.Edit{{Start: body, End: body + 4, New: "z();"}}}
			},
			want: "m_update_7001, an update that may have run already",
		},
		{
			name: "a result that does not parse",
			change: func(t *testing.T, f *phpast.File) *Change {
				return &Change{File: f, Edits: []phpast.Edit{phpast.Insert(end, "function (")}}
			},
			want: "would not parse",
		},
		{
			name: "a function declared twice",
			change: func(t *testing.T, f *phpast.File) *Change {
				return &Change{File: f, Edits: []phpast.Edit{phpast.Insert(end, "function m_install() {}\n")}}
			},
			want: "declares m_install 2 times",
		},
		{
			name: "the caller's check",
			change: func(t *testing.T, f *phpast.File) *Change {
				return &Change{File: f, Edits: []phpast.Edit{phpast.Insert(end, "\n")}, Check: func(*phpast.File) error { return errors.New("not today") }}
			},
			want: "not today",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := writeFixture(t, rewriteSrc, 0o644)
			_, err := Rewrite(path, RewriteOptions{Display: "shown.install"}, func(src []byte) (*Change, error) {
				return tt.change(t, parse(t, string(src))), nil
			})
			if err == nil || !strings.HasPrefix(err.Error(), "shown.install: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q naming shown.install", err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("errors.Is(err, %v) is false", tt.is)
			}
			if got, _ := os.ReadFile(path); string(got) != rewriteSrc {
				t.Errorf("file now holds:\n%s", got)
			}
			onlyFile(t, path)
		})
	}
}

// MayChange lets renumber rename an update that is not deployed yet; the
// others stay protected.
func TestRewriteMayChange(t *testing.T) {
	t.Parallel()
	path := writeFixture(t, rewriteSrc, 0o644)
	name := strings.Index(rewriteSrc, "m_update_7001() {")
	_, err := Rewrite(path, RewriteOptions{}, func(src []byte) (*Change, error) {
		f, err := phpast.ParseFile("m.install", src, phpast.Options{Module: "m"})
		if err != nil {
			return nil, err
		}
		return &Change{
			File:      f,
			Edits:     []phpast.Edit{{Start: name, End: name + len("m_update_7001"), New: "m_update_7005"}},
			MayChange: func(fn *phpast.Function) bool { return fn.Name == "m_update_7001" },
			Want:      []string{"m_update_7005"},
		}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); !strings.Contains(string(got), "function m_update_7005() {\n  a();\n}") {
		t.Errorf("file holds:\n%s", got)
	}
}

// Nothing to change: nothing is written, and the result says so.
func TestRewriteNothing(t *testing.T) {
	t.Parallel()
	path := writeFixture(t, rewriteSrc, 0o444)
	for _, c := range []*Change{nil, {}} {
		res, err := Rewrite(path, RewriteOptions{}, func([]byte) (*Change, error) { return c, nil })
		if err != nil || res.Changed() || string(res.New) != rewriteSrc {
			t.Errorf("change %v: changed %v, err %v", c, res != nil && res.Changed(), err)
		}
	}
	planErr := errors.New("cannot plan")
	if _, err := Rewrite(path, RewriteOptions{}, func([]byte) (*Change, error) { return nil, planErr }); !errors.Is(err, planErr) {
		t.Errorf("err %v, want the planner's", err)
	}
	onlyFile(t, path)
}

// A result the planner parsed already is used as it is when it holds the
// bytes the edits give, and parsed again when it does not.
func TestChangeParsed(t *testing.T) {
	t.Parallel()
	f, err := phpast.ParseFile("m.install", []byte(rewriteSrc), phpast.Options{Module: "m"})
	if err != nil {
		t.Fatal(err)
	}
	edit := phpast.Insert(len(rewriteSrc), "function m_x() {}\n")
	out, _ := phpast.Apply(f.Src, []phpast.Edit{edit})
	parsed, err := phpast.ParseFile("m.install", out, phpast.Options{Module: "m"})
	if err != nil {
		t.Fatal(err)
	}
	c := &Change{File: f, Edits: []phpast.Edit{edit}, Parsed: parsed}
	if got, err := c.Apply(); err != nil || got != parsed {
		t.Errorf("the planner's parse was not used (err %v)", err)
	}
	c.Parsed = f // other bytes
	if got, err := c.Apply(); err != nil || got == f || string(got.Src) != string(out) {
		t.Errorf("a parse of other bytes was used (err %v)", err)
	}
}
