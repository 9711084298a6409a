package history

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dcycle/dcycle/internal/phptest"
)

// TestRenumberedPHP checks the renumbered goldens with the real PHP: php -l
// accepts them, and hook_install() replays every update, except where the
// renumbering noted that it cannot.
func TestRenumberedPHP(t *testing.T) {
	t.Parallel()
	dirs, err := filepath.Glob(filepath.Join("testdata", "renumber", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(dir, "want.install")
			phptest.Lint(t, path)
			notes, err := os.ReadFile(filepath.Join(dir, "want.txt"))
			if err != nil {
				t.Fatal(err)
			}
			unreplayed := strings.Contains(string(notes), "does not replay")
			if replay := phptest.Replay(t, "example_deploy", path, phptest.ReplayOptions{Run: "none"}); replay.OK == unreplayed {
				t.Errorf("replay harness ok=%v, problems %v; moves and notes:\n%s", replay.OK, replay.Problems, notes)
			}
		})
	}
}
