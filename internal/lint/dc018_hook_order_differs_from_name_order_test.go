package lint

import (
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcycle/dcycle/internal/phpast"
)

func TestNaturalLess(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want bool
	}{
		{"m_deploy_9_x", "m_deploy_10_x", true},
		{"m_deploy_10_x", "m_deploy_9_x", false},
		{"m_deploy_1_first", "m_deploy_10_tenth", true},
		{"m_deploy_10001_a", "m_deploy_10002_a", true},
		{"m_deploy_01_a", "m_deploy_1_b", true}, // equal numbers: the rest decides
		{"m_deploy_1_b", "m_deploy_01_a", false},
		{"m_deploy_a", "m_deploy_b", true},
		{"m_deploy_a", "m_deploy_a", false},
		{"m_deploy_a", "m_deploy_a_2", true},
		{"m_deploy_2", "m_deploy_a", true},
	}
	for _, tt := range tests {
		if got := naturalLess(tt.a, tt.b); got != tt.want {
			t.Errorf("naturalLess(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// outOfOrder finds what comparing every pair finds: each hook whose name
// sorts before the name of a hook numbered lower, with the lowest numbered
// of those.
func TestOutOfOrderMatchesPairs(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	parts := []string{"1", "01", "2", "9", "10", "11", "100", "a", "b", "x_", "_"}
	for round := 0; round < 300; round++ {
		var hooks []phpast.FileFunction
		seen := map[string]bool{}
		for n := rng.IntN(12); len(hooks) < n; {
			name := "m_deploy_"
			for k := 0; k < 1+rng.IntN(3); k++ {
				name += parts[rng.IntN(len(parts))]
			}
			if !seen[name] {
				seen[name] = true
				hooks = append(hooks, phpast.FileFunction{Function: &phpast.Function{Name: name}})
			}
		}
		want := map[string]string{}
		for _, h := range hooks {
			var first string
			for _, o := range hooks {
				if h.Name < o.Name && naturalLess(o.Name, h.Name) && (first == "" || naturalLess(o.Name, first)) {
					first = o.Name
				}
			}
			if first != "" {
				want[h.Name] = first
			}
		}
		got := map[string]string{}
		for _, l := range outOfOrder(hooks) {
			got[l.h.Name] = l.before.Name
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("hooks %v (-pairs +outOfOrder):\n%s", seen, diff)
		}
	}
}
