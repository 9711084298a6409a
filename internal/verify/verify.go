// Package verify proves the promise of the site deployment module workflow
// on a project's own codebase: a fresh site equals an updated site. It
// builds two throwaway SQLite sites (package site) from one install —
// *updated*: the deploy module as production has it (at --base, or without
// any update), then the working tree's module and the incremental
// procedure; *fresh*: the working tree's module enabled — compares their
// state, names the update behind each difference from the module's history
// (package phpast), and reports every update that failed on either path.
package verify

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/dcycle/dcycle/internal/configsync"
	"github.com/dcycle/dcycle/internal/phpast"
	"github.com/dcycle/dcycle/internal/site"
)

// Options are what a verify run is asked.
type Options struct {
	// Module is the deploy module as parsed from the working tree; its Dir
	// is its folder and its Core the core major.
	Module *phpast.Module
	// Parse are the options the module was parsed with.
	Parse phpast.Options
	// Base is the git ref production is deployed from; "" builds the
	// updated site from the module without its updates.
	Base string
	// Profile is the install profile; "" takes the config sync directory's,
	// else minimal.
	Profile string
	// ConfigSync is the config sync directory .dcycle.yml names, for a
	// project whose settings.php names none (Drupal 8+).
	ConfigSync string
	// Keep leaves the sites on disk for inspection.
	Keep bool
	// Env is what site building takes from the machine.
	Env site.Env
}

// Report is what a verify run found.
type Report struct {
	Module string `json:"module"`
	Core   int    `json:"core"`
	// Base is the ref the updated site started from, "" for the module
	// without its updates; BaseMissing is set when the module did not
	// exist at Base.
	Base        string `json:"base,omitempty"`
	BaseMissing bool   `json:"base_missing,omitempty"`
	Profile     string `json:"profile"`
	// Sync is the config sync directory the updated site imported, "" for
	// none (Drupal 8+).
	Sync string `json:"sync,omitempty"`
	// Compared is how many facts of the sites were compared.
	Compared    int            `json:"compared"`
	Differences []Difference   `json:"differences"`
	Failures    []site.Failure `json:"failures"`
	// Ran are the updates the incremental procedure ran on the updated
	// site.
	Ran []string `json:"ran"`
	// Sites are the kept sites' folders by name, with --keep; Logs the
	// folder holding NAME.log, what each step printed.
	Sites map[string]string `json:"sites,omitempty"`
	Logs  string            `json:"logs,omitempty"`
}

// Same reports whether the fresh and updated sites agree and nothing
// failed.
func (r *Report) Same() bool { return len(r.Differences) == 0 && len(r.Failures) == 0 }

// Run builds the two sites, compares them and reports. An error means a
// site could not be built or inspected.
func Run(ctx context.Context, opts Options) (*Report, error) {
	m := opts.Module
	if m == nil || m.Install == nil {
		return nil, errors.New("verify needs a deploy module with an .install file")
	}
	core := m.Core
	if core == 0 {
		return nil, fmt.Errorf("%s: cannot tell the Drupal core major of %s; set it with --core", m.Dir, m.Name)
	}
	cb, err := site.FindCodebase(m.Dir, m.Name, core)
	if err != nil {
		return nil, err
	}
	w, err := site.NewWork(ctx, opts.Env, core)
	if err != nil {
		return nil, err
	}
	defer func() {
		if opts.Keep {
			return
		}
		if rerr := w.Remove(); rerr != nil && opts.Env.Progress != nil {
			fmt.Fprintf(opts.Env.Progress, "could not remove %s: %v\n", w.Dir, rerr)
		}
	}()
	working, err := site.ReadFiles(m.Dir)
	if err != nil {
		return nil, fmt.Errorf("read the module: %w", err)
	}
	rep := &Report{Module: m.Name, Core: core, Base: opts.Base, Differences: []Difference{}, Failures: []site.Failure{}, Ran: []string{}}
	var base site.Files
	baseStep := "enable without its updates"
	if opts.Base != "" {
		baseStep = "enable as at " + opts.Base
		if base, _, err = atBase(m, opts.Base, opts.Parse); err != nil {
			return nil, err
		}
		rep.BaseMissing = base == nil
	} else if base, err = withoutUpdates(working, m, opts.Parse); err != nil {
		return nil, err
	}
	syncDir, err := readSync(cb, opts.ConfigSync)
	if err != nil {
		return nil, err
	}
	rep.Sync = cb.Sync
	rep.Profile = opts.Profile
	if rep.Profile == "" && syncDir != nil && syncDir.Extensions != nil {
		rep.Profile = syncDir.Extensions.Profile
	}
	if rep.Profile == "" {
		rep.Profile = "minimal"
	}

	sites, err := w.Build(ctx, cb, rep.Profile, "updated", "fresh")
	if err != nil {
		return nil, err
	}
	if opts.Keep {
		rep.Sites = map[string]string{}
		for _, s := range sites {
			rep.Sites[s.Name] = s.Dir
		}
		rep.Logs = w.Dir
	}
	updated, fresh := sites[0], sites[1]
	var (
		wg                       sync.WaitGroup
		updatedState, freshState *site.State
		updatedErr, freshErr     error
		updatedOut, freshOut     []*site.Outcome
	)
	// The two sites are built side by side; when one cannot be, the other
	// is stopped.
	both, stop := context.WithCancel(ctx)
	defer stop()
	wg.Add(2)
	go func() {
		defer wg.Done()
		if updatedOut, updatedState, updatedErr = runUpdated(both, updated, base, working, baseStep); updatedErr != nil {
			stop()
		}
	}()
	go func() {
		defer wg.Done()
		if freshOut, freshState, freshErr = runFresh(both, fresh, core); freshErr != nil {
			stop()
		}
	}()
	wg.Wait()
	if err := firstError(ctx, updatedErr, freshErr); err != nil {
		return nil, err
	}
	// Messages name files of the project, not of the throwaway sites.
	paths := strings.NewReplacer(updated.Dir+string(filepath.Separator), cb.Root+string(filepath.Separator), fresh.Dir+string(filepath.Separator), cb.Root+string(filepath.Separator))
	for _, o := range append(updatedOut, freshOut...) {
		for _, f := range o.Failures {
			f.Message = paths.Replace(f.Message)
			rep.Failures = append(rep.Failures, f)
		}
	}
	for _, o := range updatedOut[1:] {
		rep.Ran = append(rep.Ran, o.Ran...)
	}
	ff, err := flatten(freshState)
	if err != nil {
		return nil, err
	}
	uf, err := flatten(updatedState)
	if err != nil {
		return nil, err
	}
	rep.Compared = len(union(ff.facts, uf.facts))
	rep.Differences = diff(ff, uf)
	attribute(rep.Differences, m, syncDir)
	return rep, nil
}

// firstError is the error that stopped the sites, not the cancellation it
// caused in the other one (unless the caller cancelled).
func firstError(ctx context.Context, errs ...error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var canceled error
	for _, err := range errs {
		switch {
		case err == nil:
		case errors.Is(err, context.Canceled):
			canceled = err
		default:
			return err
		}
	}
	return canceled
}

// readSync reads the config sync directory of a Drupal 8+ codebase, found
// as lint finds it: what sites/default/settings.php sets, else the
// .dcycle.yml fallback; nil when there is none. It sets the codebase's
// Sync and SiteUUID, the UUID a config import insists on. One that is
// named but missing is an error: drush deploy would fail on it.
func readSync(cb *site.Codebase, fallback string) (*configsync.Sync, error) {
	if cb.Core == 7 {
		return nil, nil
	}
	loc, err := configsync.Locate(cb.Root, fallback)
	if err != nil {
		return nil, err
	}
	if loc.Dir == "" {
		return nil, nil
	}
	dir, err := filepath.Abs(loc.Dir)
	if err != nil {
		return nil, err
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		from := loc.From
		if from == "" {
			from = ".dcycle.yml"
		}
		return nil, fmt.Errorf("%s: the config sync directory %s does not exist", from, dir)
	}
	loc.Dir = dir
	dirSync, err := loc.Read()
	if err != nil {
		return nil, err
	}
	cb.Sync = dir
	if obj, ok, err := dirSync.Object("system.site"); err != nil {
		return nil, err
	} else if ok {
		cb.SiteUUID, _ = obj["uuid"].(string)
	}
	return dirSync, nil
}

// runUpdated builds the updated site: the module as production has it,
// enabled, then the working tree's module and the incremental procedure.
// A module that did not exist at the base is enabled from the working tree
// before the procedure.
func runUpdated(ctx context.Context, s *site.Site, base, working site.Files, baseStep string) ([]*site.Outcome, *site.State, error) {
	step, start := baseStep, base
	if base == nil {
		step, start = "enable", working
	}
	if err := s.PutModule(start); err != nil {
		return nil, nil, err
	}
	enabled, err := s.Enable(ctx, step)
	if err != nil {
		return nil, nil, err
	}
	if err := s.PutModule(working); err != nil {
		return nil, nil, err
	}
	updated, err := s.Update(ctx)
	if err != nil {
		return nil, nil, err
	}
	st, err := s.Dump(ctx)
	if err != nil {
		return nil, nil, err
	}
	return []*site.Outcome{enabled, updated}, st, nil
}

// runFresh builds the fresh site: the working tree's module enabled, and on
// Drupal 8+ the deploy hooks a new site runs on its first deploy.
func runFresh(ctx context.Context, s *site.Site, core int) ([]*site.Outcome, *site.State, error) {
	enabled, err := s.Enable(ctx, "enable")
	if err != nil {
		return nil, nil, err
	}
	outs := []*site.Outcome{enabled}
	if core != 7 {
		hooks, err := s.DeployHooks(ctx)
		if err != nil {
			return nil, nil, err
		}
		outs = append(outs, hooks)
	}
	st, err := s.Dump(ctx)
	if err != nil {
		return nil, nil, err
	}
	return outs, st, nil
}
