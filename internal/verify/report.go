package verify

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// WriteJSON writes the report as one JSON object, versioned like lint's:
// {"version": 1, "same": bool, "module": …, "differences": […],
// "failures": […]}.
func WriteJSON(w io.Writer, r *Report) error {
	out := struct {
		Version int  `json:"version"`
		Same    bool `json:"same"`
		*Report
	}{Version: 1, Same: r.Same(), Report: r}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// WriteText writes the report for a person: what was built, each failure
// and difference with both values and the functions behind it, and a
// closing line.
func WriteText(w io.Writer, r *Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "verify %s (Drupal %d, profile %s)\n", r.Module, r.Core, r.Profile)
	switch {
	case r.Base != "" && r.BaseMissing:
		fmt.Fprintf(&b, "updated: %s did not exist at %s; enabled from the working tree, then %s\n", r.Module, r.Base, procedure(r))
	case r.Base != "":
		fmt.Fprintf(&b, "updated: enabled as at %s, then %s\n", r.Base, procedure(r))
	default:
		fmt.Fprintf(&b, "updated: enabled without its updates, then %s\n", procedure(r))
	}
	if r.Sync != "" {
		fmt.Fprintf(&b, "         (config sync directory %s)\n", r.Sync)
	}
	fresh := "enabled"
	if r.Core != 7 {
		fresh += ", then drush deploy:hook"
	}
	fmt.Fprintf(&b, "fresh:   %s\n", fresh)
	if len(r.Ran) > 0 {
		fmt.Fprintf(&b, "ran on the updated site: %s\n", strings.Join(r.Ran, ", "))
	}
	for _, f := range r.Failures {
		what := f.Update
		if what == "" {
			what = f.Step
		}
		fmt.Fprintf(&b, "\nFAILED on the %s site (%s): %s\n  %s\n", f.Site, f.Step, what, f.Message)
	}
	for _, d := range r.Differences {
		fmt.Fprintf(&b, "\n%s %s\n  fresh:   %s\n  updated: %s\n", d.Kind, d.Key, showValue(d.Fresh), showValue(d.Updated))
		if len(d.SetBy) > 0 {
			var by []string
			for _, s := range d.SetBy {
				item := s.Function + "(): " + s.Action
				if s.Value != nil {
					item += " = " + shortJSON(s.Value)
				}
				if s.Doc != "" {
					item += " (" + s.Doc + ")"
				}
				by = append(by, item)
			}
			fmt.Fprintf(&b, "  set by:  %s\n", strings.Join(by, "\n           "))
		}
		if d.Note != "" {
			fmt.Fprintf(&b, "  why:     %s\n", d.Note)
		}
	}
	b.WriteString("\n")
	if r.Same() {
		fmt.Fprintf(&b, "same: the fresh and the updated site agree on %d facts\n", r.Compared)
	} else {
		var parts []string
		if n := len(r.Differences); n > 0 {
			parts = append(parts, count(n, "difference"))
		}
		if n := len(r.Failures); n > 0 {
			parts = append(parts, count(n, "failure"))
		}
		fmt.Fprintf(&b, "%s: a fresh site is not what an updated site is (%d facts compared)\n", strings.Join(parts, " and "), r.Compared)
	}
	if len(r.Sites) > 0 {
		names := make([]string, 0, len(r.Sites))
		for name := range r.Sites {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			fmt.Fprintf(&b, "kept the %s site: %s (log: %s.log beside it)\n", name, r.Sites[name], name)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// procedure names the incremental procedure the updated site ran.
func procedure(r *Report) string {
	switch {
	case r.Core == 7:
		return "updb and cc all"
	case r.Sync == "":
		return "drush updatedb, cache:rebuild and deploy:hook (no config sync directory to import)"
	}
	return "drush deploy"
}

// showValue shows a fact's value: JSON, or "(none)" where the site does
// not have it.
func showValue(v json.RawMessage) string {
	if string(v) == "null" {
		return "(none)"
	}
	return shortJSON(v)
}

func count(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
