package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/pyscout/pyscout/analyzer"
)

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

// plural writes "1 week" and "2 weeks".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func percent(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) }

func date(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.Format("2006-01-02")
}

func writeActivityMarkdown(out func(string, ...any), p *analyzer.Profile) {
	if len(p.Signals) > 0 {
		out("## Observations worth a question\n\n")
		out("These are observations from public data, not verdicts.\n\n")
		for _, s := range p.Signals {
			out("- %s\n", md(s.Text))
		}
		out("\n")
	}
	if a := p.Activity; a != nil {
		out("## Activity over the last %d weeks\n\n", a.Window.Weeks)
		total := 0
		for _, n := range a.Weekly {
			total += n
		}
		out("- Commits by the candidate in the analysed repositories: %d, in %s; longest streak %s\n", total, plural(a.ActiveWeeks, "active week"), plural(a.LongestStreak, "week"))
		out("- Most recent public activity: %s\n", date(a.LastActivity))
		out("- Weekly commits from %s: `%s`\n\n", a.Window.From.Format("2006-01-02"), sparkline(a.Weekly))
	}
	if id := p.Identity; id != nil {
		out("Commits were recognised as the candidate's by these emails:\n\n")
		for _, e := range id.Emails {
			out("- %s (%s)\n", md(e.Value), md(strings.ReplaceAll(string(e.Kind), "_", " ")))
		}
		if len(id.Lookups) > 0 {
			out("\nGitHub was asked which commits of %s are the candidate's.\n", md(strings.Join(id.Lookups, ", ")))
		}
		out("\n")
	}
	var rows []string
	for i := range p.Repos {
		r := &p.Repos[i]
		h := r.History
		if h == nil {
			continue
		}
		complete := "yes"
		if !h.Complete {
			complete = fmt.Sprintf("last %d commits", h.Commits)
		}
		lineShare := "-"
		if h.LinesAdded > 0 {
			lineShare = percent(h.LineShare)
		}
		rows = append(rows, fmt.Sprintf("| %s | %d of %d (%s) | %s | %s | %s | %s |",
			md(r.Name), h.TheirCommits, h.Commits, percent(h.CommitShare), lineShare, date(h.FirstCommit), date(h.LastCommit), md(complete)))
		for _, s := range h.Signals {
			rows = append(rows, fmt.Sprintf("| | %s | | | | |", md(s.Text)))
		}
	}
	if len(rows) > 0 {
		out("## Authorship by repository\n\n")
		out("| Repository | Candidate's commits | Lines added by the candidate | First | Last | History read |\n|---|---|---|---|---|---|\n")
		out("%s\n\n", strings.Join(rows, "\n"))
	}
	if c := p.Contributions; c != nil {
		out("## Contributions to other projects (last %d days)\n\n", c.WindowDays)
		if c.Unavailable != "" {
			out("The public events feed could not be read: %s\n\n", md(c.Unavailable))
		} else {
			out("- Pull requests opened: %d, merged: %d; reviews: %d; issues opened: %d; issue comments: %d\n\n",
				c.PullRequestsOpened, c.PullRequestsMerged, c.Reviews, c.IssuesOpened, c.IssueComments)
			for i, it := range c.Items {
				if i == 20 {
					out("- and %d more\n", len(c.Items)-20)
					break
				}
				label := fmt.Sprintf("%s#%d %s", it.Repo, it.Number, it.Title)
				out("- %s %s: %s\n", it.Date.Format("2006-01-02"), md(strings.ReplaceAll(it.Kind, "_", " ")+" "+it.State), mdLink(label, it.URL))
			}
			out("\n")
		}
	}
}
