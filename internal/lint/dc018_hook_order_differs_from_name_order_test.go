package lint

import "testing"

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
