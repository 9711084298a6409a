package lint

import "strings"

var dc007 = &Rule{
	ID:          "DC007",
	Name:        "duplicate-feature-revert",
	Severity:    SeverityWarning,
	NeedsSource: true,
	Check:       checkDuplicateFeatureRevert,
	Doc: Doc{
		Title: "The same Features component is reverted by more than one update",
		Why: `A revert brings a component back to what the feature's code says now, not to
what it said when the update was written. When a later update reverts the
same component (or the whole feature), the earlier revert is superseded: on
a new site both run and the first one does nothing useful, and the earlier
update's docblock no longer describes what it does. It usually means the
feature was changed twice and the second change was deployed with a copy of
the first update.`,
		Bad: `/**
 * #3001: Add the field bases of the event content type.
 */
function example_deploy_update_7001() {
  features_revert(array('example_event' => array('field_base')));
}

/**
 * #3004: Add the venue field.
 */
function example_deploy_update_7002() {
  features_revert(array('example_event' => array('field_base')));
}`,
		Good: `/**
 * #3001: Add the field bases of the event content type.
 */
function example_deploy_update_7001() {
  features_revert(array('example_event' => array('field_base')));
}

/**
 * #3004: Add the venue field instance.
 */
function example_deploy_update_7002() {
  features_revert(array('example_event' => array('field_instance')));
}`,
		Fix: `Keep the revert in the later update; if the earlier update has not been
deployed anywhere yet, remove its revert (or merge the two updates). If both
were deployed, suppress the finding with a dcycle-ignore comment saying so.`,
		Since: since,
	},
}

func checkDuplicateFeatureRevert(p *Pass) {
	type revert struct {
		component string
		number    int
	}
	var earlier []revert
	for _, u := range p.Module.Updates() {
		var mine []revert
		for _, c := range u.Calls {
			comps := c.FeatureComponents()
			for _, comp := range comps {
				for i := len(earlier) - 1; i >= 0; i-- {
					e := earlier[i]
					if e.number == u.Number || !overlaps(e.component, comp) {
						continue
					}
					p.Report(u.File, c.Span, u.Function, "%s is also reverted by update %d: that earlier revert is superseded", describeComponent(comp), e.number)
					break
				}
				mine = append(mine, revert{comp, u.Number})
			}
		}
		earlier = append(earlier, mine...)
	}
}

// overlaps reports whether two reverts touch the same component: equal, or
// one reverts the whole feature the other's component belongs to.
func overlaps(a, b string) bool {
	if a == b {
		return true
	}
	fa, _, wholeA := cutComponent(a)
	fb, _, wholeB := cutComponent(b)
	return fa == fb && (wholeA || wholeB)
}

func cutComponent(s string) (feature, component string, whole bool) {
	feature, component, found := strings.Cut(s, ".")
	return feature, component, !found
}

func describeComponent(s string) string {
	feature, component, whole := cutComponent(s)
	if whole {
		return "feature " + feature
	}
	return component + " of feature " + feature
}
