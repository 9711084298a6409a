package site

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"
)

// Enable enables the deploy module, as `drush en -y` (Drupal 7) or `drush
// pm:install -y` (8+) do: its hook_install() runs. A hook_install() that
// fails is a Failure of "NAME_install".
func (s *Site) Enable(ctx context.Context, step string) (*Outcome, error) {
	start := time.Now()
	r, err := s.script(ctx, "enable", s.cb.ModuleName)
	if err != nil {
		return nil, err
	}
	s.w.progress("%s: enabled %s (%s) in %s", s.Name, s.cb.ModuleName, step, since(start))
	return s.outcome(r, step), nil
}

func (s *Site) outcome(r *result, step string) *Outcome {
	o := &Outcome{Ran: r.Ran, Log: r.Log}
	for _, f := range r.Failures {
		f.Step = step
		o.Failures = append(o.Failures, f)
	}
	return o
}

// Update runs the incremental procedure production runs: Drupal 7 `drush
// updb -y` then `drush cc all`; Drupal 8+ `drush deploy` through the
// project's drush (updates, post-updates, config import, cache rebuild,
// deploy hooks), or without a config sync directory the same steps but the
// import.
func (s *Site) Update(ctx context.Context) (*Outcome, error) {
	start := time.Now()
	if s.cb.Core == 7 {
		r, err := s.script(ctx, "updb")
		if err != nil {
			return nil, err
		}
		o := s.outcome(r, "updb")
		c, err := s.script(ctx, "cc")
		if err != nil {
			return nil, err
		}
		o.Log += c.Log
		o.Failures = append(o.Failures, s.outcome(c, "cc all").Failures...)
		s.w.progress("%s: updb and cc all in %s", s.Name, since(start))
		return o, nil
	}
	steps := [][]string{{"deploy"}}
	if s.cb.Sync == "" {
		steps = [][]string{{"updatedb"}, {"cache:rebuild"}, {"deploy:hook"}}
	}
	o, err := s.drushSteps(ctx, steps, true)
	if err == nil {
		s.w.progress("%s: drush %s in %s", s.Name, stepNames(steps), since(start))
	}
	return o, err
}

// DeployHooks runs `drush deploy:hook` (Drupal 8+): a new site runs every
// deploy hook on its first deploy.
func (s *Site) DeployHooks(ctx context.Context) (*Outcome, error) {
	start := time.Now()
	o, err := s.drushSteps(ctx, [][]string{{"deploy:hook"}}, false)
	if err == nil {
		s.w.progress("%s: drush deploy:hook in %s", s.Name, since(start))
	}
	return o, err
}

func stepNames(steps [][]string) string {
	names := make([]string, len(steps))
	for i, st := range steps {
		names[i] = st[0]
	}
	return strings.Join(names, ", ")
}

// drushSteps runs drush commands one after the other, stopping at the
// first that fails, and tells what failed by drush's error lines. With
// track, it also tells what ran: what was pending before and is no longer.
func (s *Site) drushSteps(ctx context.Context, steps [][]string, track bool) (*Outcome, error) {
	var before []string
	if track {
		var err error
		if before, err = s.pending(ctx); err != nil {
			return nil, err
		}
	}
	o := &Outcome{}
	failedStep, failedFn := "", ""
	var errorLines []string
	for _, st := range steps {
		// The site's own copy of the project's drush, run by verify's php;
		// a drush from the PATH runs as it is.
		name, args := s.w.php, []string{filepath.Join(s.Dir, filepath.FromSlash(s.cb.Drush))}
		if s.cb.DrushOnPath {
			name, args = s.cb.Drush, nil
		}
		args = append(append(args, "--root="+s.DocRoot, "--uri=http://default", "--yes", "--no-interaction"), st...)
		log, code, err := s.w.run(ctx, s.DocRoot, name, args...)
		o.Log += log
		s.log("drush "+strings.Join(st, " "), log)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err != nil {
			return nil, &Error{Site: s.Name, Msg: fmt.Sprintf("drush %s: %v", st[0], err), Log: o.Log}
		}
		if code != 0 {
			failedStep = "drush " + strings.Join(st, " ")
			errorLines, failedFn = drushErrors(log)
			if len(errorLines) == 0 {
				errorLines = []string{fmt.Sprintf("exit %d%s", code, lastLines(log))}
			}
			break
		}
	}
	var after []string
	if track {
		var err error
		if after, err = s.pending(ctx); err != nil {
			return nil, err
		}
	}
	still := map[string]bool{}
	for _, fn := range after {
		still[fn] = true
	}
	for _, fn := range before {
		if !still[fn] {
			o.Ran = append(o.Ran, fn)
		}
	}
	if failedStep != "" {
		o.Failures = append(o.Failures, Failure{Site: s.Name, Step: failedStep, Update: failedFn, Message: strings.Join(errorLines, " ")})
	}
	return o, nil
}

// drushMarkers are drush's own lines around a failure: they name the
// function that failed, not why.
var drushMarkers = []string{"Update failed: ", "Deploy hook failed: ", "Update aborted by: "}

// drushErrors returns drush's [error] lines, without their markers, once
// each, and the function drush says failed: Drupal's messages for what
// failed. Drush's own bookkeeping lines are left out of the messages.
func drushErrors(log string) (messages []string, failed string) {
	seen := map[string]bool{}
	for _, line := range strings.Split(log, "\n") {
		line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "> "))
		rest, ok := strings.CutPrefix(line, "[error]")
		if !ok {
			continue
		}
		rest = strings.TrimSpace(rest)
		if rest == "" || seen[rest] {
			continue
		}
		seen[rest] = true
		marker := false
		for _, m := range drushMarkers {
			if fn, ok := strings.CutPrefix(rest, m); ok {
				marker = true
				if failed == "" {
					failed = strings.TrimSpace(fn)
				}
			}
		}
		if marker || strings.HasPrefix(rest, "Finished performing ") {
			continue
		}
		messages = append(messages, rest)
	}
	return messages, failed
}

// pending lists the updates, post-updates and deploy hooks the next deploy
// would run (Drupal 8+).
func (s *Site) pending(ctx context.Context) ([]string, error) {
	r, err := s.script(ctx, "pending")
	if err != nil {
		return nil, err
	}
	return r.Pending, nil
}

// setSiteUUID gives the site the UUID of the project's config sync
// directory, which a config import insists on: a project's environments
// share it.
func (s *Site) setSiteUUID(ctx context.Context) error {
	if s.cb.Core == 7 || s.cb.SiteUUID == "" {
		return nil
	}
	_, err := s.script(ctx, "uuid", s.cb.SiteUUID)
	return err
}

// Dump reads the site's state.
func (s *Site) Dump(ctx context.Context) (*State, error) {
	r, err := s.script(ctx, "dump")
	if err != nil {
		return nil, err
	}
	st, err := parseState(s.cb.Core, r.State)
	if err != nil {
		return nil, &Error{Site: s.Name, Msg: fmt.Sprintf("read the site's state: %v", err), Log: r.Log}
	}
	return st, nil
}
