package lint

// registry lists every rule in ID order. It is built by hand, not by init()
// side effects, so that what runs is visible here.
var registry = []*Rule{
	dc000,
	dc001,
	dc002,
	dc003,
	dc004,
	dc005,
	dc006,
	dc007,
	dc008,
	dc009,
	dc010,
	dc011,
	dc012,
	dc013,
	dc014,
	dc015,
	dc016,
	dc017,
	dc018,
	dc019,
	dc020,
	dc021,
	dc022,
	dc023,
	dc024,
	dc099,
	dc101,
	dc102,
	dc103,
	dc104,
	dc105,
	dc106,
	dc107,
	dc108,
	dc109,
	dc110,
	dc111,
}

// Registry returns the rules in ID order. The slice is a copy; the rules
// are shared and must not be modified.
func Registry() []*Rule { return append([]*Rule(nil), registry...) }

// Lookup returns the rule with an ID, or nil.
func Lookup(id string) *Rule {
	for _, r := range registry {
		if r.ID == id {
			return r
		}
	}
	return nil
}
