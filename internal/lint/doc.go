package lint

import (
	"fmt"
	"strings"
)

// DocURL is where a rule's rendered documentation is published.
func DocURL(id string) string {
	return "https://github.com/dcycle/dcycle/blob/main/docs/rules/" + id + ".md"
}

// Markdown renders a rule's documentation page, docs/rules/DCnnn.md.
func (r *Rule) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s %s\n\n", r.ID, r.Name)
	fmt.Fprintf(&b, "**%s**\n\n", r.Doc.Title)
	fmt.Fprintf(&b, "| Default severity | Fix | Since |\n|---|---|---|\n| %s | %s | %s |\n\n", r.Severity, fixWords[r.Fix], r.Doc.Since)
	fmt.Fprintf(&b, "## Why\n\n%s\n\n", paragraphs(r.Doc.Why))
	lang := r.Doc.Lang
	if lang == "" {
		lang = "php"
	}
	fmt.Fprintf(&b, "## Bad\n\n```%s\n%s\n```\n\n", lang, strings.TrimRight(r.Doc.Bad, "\n"))
	fmt.Fprintf(&b, "## Good\n\n```%s\n%s\n```\n\n", lang, strings.TrimRight(r.Doc.Good, "\n"))
	fmt.Fprintf(&b, "## Fix\n\n%s\n\n", paragraphs(r.Doc.Fix))
	if r.CheckProcedure != nil {
		fmt.Fprintf(&b, "Suppress one finding with `# dcycle-ignore %s -- reason` on its line or the line above, or in the comment above an Ansible task for the whole task; change the rule's severity, or turn it off, with `rules: {%s: off}` in `.dcycle.yml`.\n", r.ID, r.ID)
		return b.String()
	}
	fmt.Fprintf(&b, "Suppress one finding with `// dcycle-ignore %s -- reason` on its line or the line above, or in the function's docblock; change the rule's severity, or turn it off, with `rules: {%s: off}` in `.dcycle.yml`.\n", r.ID, r.ID)
	return b.String()
}

var fixWords = [...]string{
	FixNone:   "none",
	FixSafe:   "safe: `dcycle lint --fix` applies it",
	FixUnsafe: "unsafe: shown, never applied by `--fix`",
}

// paragraphs keeps the doc's paragraphs and its line breaks, which are
// Markdown soft breaks.
func paragraphs(s string) string { return strings.TrimSpace(s) }
