package lint

import "strconv"

var dc001 = &Rule{
	ID:          "DC001",
	Name:        "update-number-gap",
	Severity:    SeverityWarning,
	NeedsSource: true,
	Check:       checkUpdateNumberGap,
	Doc: Doc{
		Title: "A number between two consecutive updates is missing",
		Why: `Drupal runs updates in number order and does not mind gaps, but a gap in a
deploy module almost always means something went wrong: an update was
deleted after it ran somewhere, two branches were merged by hand, or a number
was mistyped. Whoever reads the module later cannot tell which.
Numbers that jump from one thousand to the next (7999 to 8001, 9002 to
10001) are not gaps: the thousands follow the core major. With --base, the
numbers the base ref already uses count as present: a branch renumbered
above its base skips them, and merging the base fills them.`,
		Bad: `function example_deploy_update_7002() {
  variable_set('preprocess_js', 1);
}

function example_deploy_update_7005() {
  variable_set('preprocess_css', 1);
}`,
		Good: `function example_deploy_update_7002() {
  variable_set('preprocess_js', 1);
}

function example_deploy_update_7003() {
  variable_set('preprocess_css', 1);
}`,
		Fix: `Renumber the later update if it has not been deployed anywhere yet
("dcycle renumber"); otherwise leave the numbers alone and add a line to the
later update's docblock saying why the numbers are missing, with a
dcycle-ignore DC001 comment.`,
		Since: since,
	},
}

func checkUpdateNumberGap(p *Pass) {
	// With --base, the base's updates count as present: after a renumber a
	// branch skips the numbers the base used meanwhile, and merging fills
	// them.
	present := map[int]bool{}
	if p.History != nil {
		for _, n := range p.History.BaseNumbers {
			present[n] = true
		}
	}
	updates := p.Module.Updates()
	for _, u := range updates {
		present[u.Number] = true
	}
	for i := 1; i < len(updates); i++ {
		prev, cur := updates[i-1].Number, updates[i].Number
		for n := cur - 1; n > prev; n-- {
			if present[n] {
				prev = n
				break
			}
		}
		if cur <= prev+1 || cur/1000 != prev/1000 {
			continue
		}
		first, last := prev+1, cur-1
		missing := strconv.Itoa(first)
		if last > first {
			missing += "–" + strconv.Itoa(last)
		}
		u := updates[i]
		p.Report(u.File, u.NameSpan, u.Function, "%s missing between %d and %d", missing, prev, cur)
	}
}
