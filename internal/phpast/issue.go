package phpast

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SplitIssues reads the issue references a line starts with and returns
// them with the rest of the line: "#1, #2: x", "#1 and #2 - x" and "PROJ-1 x"
// all give their references and "x". It is the one grammar for the
// references of an update: list and lint read docblocks with it, new-update
// reads its argument with it, so what one accepts the other reads the same.
//
// pattern matches one reference; it must match at the start of what is left
// of the line (an anchored pattern, "^(?:…)", stops at the first byte that
// cannot start one). A match counts only when it ends at a word boundary:
// "#123abc tidy" starts with no reference, not with "#123". References are
// separated by spaces, commas, semicolons, "&" or "and"; the separators after
// the last one (":", "-", dashes) are not part of the rest. A line that
// starts with no reference is returned whole as the rest.
func SplitIssues(line string, pattern *regexp.Regexp) (issues []string, rest string) {
	after := line
	for {
		next := after
		if len(issues) > 0 {
			next = skipIssueSeparators(after)
		}
		loc := pattern.FindStringIndex(next)
		if loc == nil || loc[0] != 0 || loc[1] == 0 || !wordEnds(next, loc[1]) {
			break
		}
		issues = append(issues, next[:loc[1]])
		after = next[loc[1]:]
	}
	if len(issues) == 0 {
		return nil, line
	}
	return issues, strings.TrimSpace(strings.TrimLeftFunc(after, isSummaryLead))
}

// skipIssueSeparators drops what may stand between two references:
// spaces, ",", ";", "&", and the word "and".
func skipIssueSeparators(s string) string {
	s = strings.TrimLeftFunc(s, isIssueSeparator)
	if rest, ok := strings.CutPrefix(s, "and"); ok && rest != "" {
		if r, _ := utf8.DecodeRuneInString(rest); unicode.IsSpace(r) {
			return strings.TrimLeftFunc(rest, unicode.IsSpace)
		}
	}
	return s
}

func isIssueSeparator(r rune) bool {
	return unicode.IsSpace(r) || r == ',' || r == ';' || r == '&'
}

// isSummaryLead is what may stand between the last reference and the
// summary: the separators, a colon, a hyphen or a dash.
func isSummaryLead(r rune) bool {
	return isIssueSeparator(r) || r == ':' || r == '-' || r == '–' || r == '—'
}

// wordEnds reports whether s[:end] ends a word: the next rune, if any, is not
// a letter, a digit or an underscore.
func wordEnds(s string, end int) bool {
	if end >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[end:])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_'
}

// firstLine is the first line of a docblock's text, trimmed: the line
// update.php and drush updb show, which holds the issue references.
func firstLine(text string) string {
	line, _, _ := strings.Cut(text, "\n")
	return strings.TrimSpace(line)
}
