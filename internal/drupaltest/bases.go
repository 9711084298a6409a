package drupaltest

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/dcycle/dcycle/internal/phptest"
)

// Bases installs one site per core major for a whole test binary, the first
// time a test asks for it, and hands out copies of it: a Drupal 10 site
// takes seconds to install, a copy a fraction of one. The zero value is
// ready; a package declares one for its tests and calls Close from its
// TestMain, after m.Run.
type Bases struct {
	mu    sync.Mutex
	dir   string
	cores map[int]*base
}

type base struct {
	once sync.Once
	site *Site
	err  error
}

// Copy returns a copy of the core's base site (see Site.Copy), installing
// the base first if no test did yet. Like NewSite, it skips the test when
// the codebase, the tools or php are missing, and fails it under CI=true.
func (b *Bases) Copy(t testing.TB, core int) *Site {
	t.Helper()
	src, tools, php := Source(t, core), Tools(t, core), phptest.PHP(t)
	b.mu.Lock()
	if b.cores == nil {
		b.cores = map[int]*base{}
	}
	bs := b.cores[core]
	if bs == nil {
		bs = &base{}
		b.cores[core] = bs
	}
	var err error
	if b.dir == "" {
		b.dir, err = os.MkdirTemp("", "drupaltest-")
	}
	dir := b.dir
	b.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	bs.once.Do(func() {
		bs.site, bs.err = install(core, src, tools, php, filepath.Join(dir, fmt.Sprintf("drupal%d", core)), "")
	})
	if bs.err != nil {
		t.Fatal(bs.err)
	}
	return bs.site.Copy(t)
}

// Close removes the base sites.
func (b *Bases) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.dir == "" {
		return nil
	}
	err := os.RemoveAll(b.dir)
	b.dir, b.cores = "", nil
	return err
}
