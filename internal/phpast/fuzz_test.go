package phpast

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse feeds arbitrary bytes to ParseFile: it never panics, fails only
// with a *phpast.Error positioned inside the file, and on success every span
// is inside the source and ordered, functions are disjoint or nested, each
// docblock lies in its function's span.
func FuzzParse(f *testing.F) {
	for _, root := range []string{modulesDir, filepath.Join("testdata", "regress")} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			switch filepath.Ext(path) {
			case ".install", ".php", ".module":
				src, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				f.Add(src)
			}
			return nil
		})
		if err != nil {
			f.Fatal(err)
		}
	}
	for _, p := range probes {
		f.Add([]byte(p.src))
	}
	for _, e := range syntaxErrors {
		f.Add([]byte(e.src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file, err := ParseFile("fuzz.install", src, Options{Module: "m"})
		if err != nil {
			var perr *Error
			if !errors.As(err, &perr) {
				t.Fatalf("error %v is a %T, not a *phpast.Error", err, err)
			}
			lines := NewLineIndex(src)
			if perr.Line < 1 || perr.Line > lines.Lines() || perr.Col < 1 {
				t.Fatalf("error position %d:%d outside the file (%d lines)", perr.Line, perr.Col, lines.Lines())
			}
			return
		}
		checkInvariants(t, file)
		for _, fn := range file.Functions {
			fn.Actions() // reads every call and argument
		}
	})
}
