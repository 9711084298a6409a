package phpast

import (
	"strings"
	"testing"
)

func TestApply(t *testing.T) {
	t.Parallel()
	const src = "0123456789"
	tests := []struct {
		name  string
		edits []Edit
		want  string
		err   string // a substring of the error, "" for success
	}{
		{"no edits", nil, src, ""},
		{"insert at start", []Edit{Insert(0, "<")}, "<0123456789", ""},
		{"insert at end", []Edit{Insert(10, ">")}, "0123456789>", ""},
		{"replace", []Edit{Replace(Span{2, 5}, "abc")}, "01abc56789", ""},
		{"delete", []Edit{Replace(Span{2, 5}, "")}, "0156789", ""},
		{"replace everything", []Edit{{0, 10, "x"}}, "x", ""},
		{"several, given out of order", []Edit{Insert(8, "B"), Replace(Span{1, 2}, "A"), {4, 6, ""}}, "0A2367B89", ""},
		{"insertions at one offset keep their order", []Edit{Insert(3, "a"), Insert(3, "b"), Insert(3, "c")}, "012abc3456789", ""},
		{"insertion before a replacement at its start", []Edit{Replace(Span{3, 5}, "R"), Insert(3, "I")}, "012IR56789", ""},
		{"insertion after a replacement at its end", []Edit{Insert(5, "I"), Replace(Span{3, 5}, "R")}, "012RI56789", ""},
		{"adjacent replacements", []Edit{{2, 4, "x"}, {4, 6, "y"}}, "01xy6789", ""},
		{"overlap", []Edit{{2, 5, "x"}, {4, 6, "y"}}, "", "edit [4,6) overlaps edit [2,5)"},
		{"same range twice", []Edit{{2, 5, "x"}, {2, 5, "y"}}, "", "overlaps"},
		{"insertion inside a replacement", []Edit{{2, 5, "x"}, Insert(3, "y")}, "", "overlaps"},
		{"negative start", []Edit{{-1, 2, "x"}}, "", "edit [-1,2) out of range 0..10"},
		{"end before start", []Edit{{5, 4, "x"}}, "", "edit [5,4) out of range"},
		{"end past the source", []Edit{{8, 11, "x"}}, "", "edit [8,11) out of range 0..10"},
		{"one bad edit among good ones", []Edit{Insert(0, "a"), {20, 20, "b"}}, "", "out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := []byte(src)
			given := append([]Edit(nil), tt.edits...)
			got, err := Apply(in, tt.edits)
			if string(in) != src {
				t.Errorf("Apply modified its source: %q", in)
			}
			for i := range given {
				if given[i] != tt.edits[i] {
					t.Errorf("Apply reordered the caller's edits: %v", tt.edits)
				}
			}
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Apply = %q, %v; want an error containing %q", got, err, tt.err)
				}
				if got != nil {
					t.Errorf("Apply returned %q with its error", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			if string(got) != tt.want {
				t.Errorf("Apply = %q, want %q", got, tt.want)
			}
			if len(got) > 0 && len(in) > 0 && &got[0] == &in[0] {
				t.Error("Apply returned its source slice")
			}
		})
	}
}
