package report

import (
	"fmt"
	"math"
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

// percent rounds half away from zero, as the rules' round() does, so that
// a finding and a table give the same figure (0.665 is 67% in both).
func percent(f float64) string { return fmt.Sprintf("%d%%", int(math.Round(100*f))) }

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
