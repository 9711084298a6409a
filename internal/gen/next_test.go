package gen

import (
	"strings"
	"testing"
)

func TestNextNumber(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		core int
		src  string
		want int
	}{
		{"d7 without updates", 7, "<?php\n", 7001},
		{"after the highest", 7, "<?php\nfunction m_update_7001() {}\nfunction m_update_7004() {}\nfunction m_update_7002() {}\n", 7005},
		{"leading zero counts as its number", 7, "<?php\nfunction m_update_07005() {}\n", 7006},
		// Drupal 10 records 10002 as the schema of a module installed with
		// m_update_010002 (it cannot call it, which DC010 reports): a new 10002
		// would never run there.
		{"d10 leading zero counts as its number", 10, "<?php\nfunction m_update_10001() {}\nfunction m_update_010002() {}\n", 10003},
		{"above hook_update_last_removed", 7, "<?php\nfunction m_update_last_removed() { return 7010; }\n", 7011},
		{"last removed above the highest", 7, "<?php\nfunction m_update_7003() {}\nfunction m_update_last_removed() { return 7010; }\n", 7011},
		{"skips a reserved x000", 8, "<?php\nfunction m_update_8999() {}\n", 9001},
		{"d7 takes 7999 last", 7, "<?php\nfunction m_update_7998() {}\n", 7999},
		{"d8 without updates", 8, "<?php\n", 8001},
		{"d10 without updates", 10, "<?php\n", 10001},
		{"d10 above d9 updates", 10, "<?php\nfunction m_update_9005() {}\n", 10001},
		{"d10 after the highest", 10, "<?php\nfunction m_update_10001() {}\nfunction m_update_10002() {}\n", 10003},
		{"d11 without updates", 11, "<?php\n", 11001},
		{"other modules' updates do not count", 7, "<?php\nfunction other_update_7009() {}\n", 7001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := NextNumber(module(t, "m", tt.core, tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("NextNumber = %d, want %d", got, tt.want)
			}
		})
	}
}

// A Drupal 7 module has no number after 7999: 8001 would fail its own
// DC003, so NextNumber refuses and says what to do instead.
func TestNextNumberD7HasNoNumberLeft(t *testing.T) {
	t.Parallel()
	for name, src := range map[string]string{
		"7999 used":          "<?php\nfunction m_update_7998() {}\nfunction m_update_7999() {}\n",
		"7999 removed":       "<?php\nfunction m_update_7003() {}\nfunction m_update_last_removed() { return 7999; }\n",
		"numbered past 8000": "<?php\nfunction m_update_8001() {}\n",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			n, err := NextNumber(module(t, "m", 7, src))
			if err == nil {
				t.Fatalf("NextNumber = %d, want an error", n)
			}
			for _, want := range []string{"m.install: no update number left: Drupal 7 updates end at 7999", "new deploy module", "hook_update_last_removed()"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("err = %q, want it to say %q", err, want)
				}
			}
		})
	}
}

func TestNextNumberNeedsCore(t *testing.T) {
	t.Parallel()
	_, err := NextNumber(module(t, "m", 0, "<?php\n"))
	if err == nil || !strings.Contains(err.Error(), "--core") {
		t.Errorf("err = %v, want a hint to pass --core", err)
	}
}
