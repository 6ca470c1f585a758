package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/pyscout/pyscout/analyzer"
)

// Formatting shared by the renderers: numbers, dates and short labels.

// sparkBlocks draw a weekly series as one line of text.
var sparkBlocks = []rune(" ▁▂▃▄▅▆▇█")

// sparkline draws counts scaled to the largest one; an empty week is a
// middle dot so that the line keeps its length in any font.
func sparkline(counts []int) string {
	top := 0
	for _, c := range counts {
		top = max(top, c)
	}
	var b strings.Builder
	for _, c := range counts {
		if c == 0 {
			b.WriteRune('·')
			continue
		}
		i := 1 + (c*(len(sparkBlocks)-2)+top-1)/top
		b.WriteRune(sparkBlocks[min(i, len(sparkBlocks)-1)])
	}
	return b.String()
}

// plural writes "1 week" and "2 weeks", "2 classes", "2 repositories".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return thousands(n) + " " + pluralNoun(noun)
}

func pluralNoun(noun string) string {
	switch {
	case strings.HasSuffix(noun, "s"), strings.HasSuffix(noun, "x"), strings.HasSuffix(noun, "sh"), strings.HasSuffix(noun, "ch"):
		return noun + "es"
	case strings.HasSuffix(noun, "y") && len(noun) > 1 && !strings.ContainsRune("aeiou", rune(noun[len(noun)-2])):
		return noun[:len(noun)-1] + "ies"
	}
	return noun + "s"
}

// thousands writes 12345 as "12,345".
func thousands(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

func percent(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) }

func date(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.UTC().Format("2006-01-02")
}

// repoFlags are the short labels shown beside a repository.
func repoFlags(r *analyzer.RepoFacts) []string {
	var flags []string
	if r.Archived {
		flags = append(flags, "archived")
	}
	if r.Fork {
		flags = append(flags, "fork")
	}
	if r.PrimaryLanguage != "" && r.PrimaryLanguage != "Python" {
		flags = append(flags, "primary language "+r.PrimaryLanguage)
	}
	if r.Walk.Truncated {
		flags = append(flags, "file limit reached")
	}
	for _, reason := range r.Walk.Reasons() {
		flags = append(flags, fmt.Sprintf("%d %s skipped", r.Walk.Skipped[reason], strings.ReplaceAll(string(reason), "_", " ")))
	}
	return flags
}

func shortSHA(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}

// truncate shortens text to n runes for a table cell.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
