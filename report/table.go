package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
)

// Table renders the terminal summary.
type Table struct{}

// Ext implements Renderer.
func (Table) Ext() string { return "txt" }

// Render implements Renderer.
func (Table) Render(w io.Writer, r *Report) error {
	p := r.Profile
	bw := bufio.NewWriter(w)
	title := "pyscout: " + plain(subject(p))
	if p.Name != "" {
		title += " (" + plain(p.Name) + ")"
	}
	fmt.Fprintln(bw, title)
	fmt.Fprintf(bw, "Python: %d files, %d lines, %d notebooks in %d repositories; %d not analysed\n",
		p.Totals.Files, p.Totals.Lines, p.Totals.Notebooks, len(p.Repos), len(p.Skipped))
	for _, n := range p.Notes {
		fmt.Fprintln(bw, "Note: "+plain(n))
	}
	if a := p.Activity; a != nil {
		total := 0
		for _, n := range a.Weekly {
			total += n
		}
		fmt.Fprintf(bw, "Activity: %d commits in the last %d weeks (%d active weeks), last activity %s\n", total, a.Window.Weeks, a.ActiveWeeks, date(a.LastActivity))
		fmt.Fprintf(bw, "Weekly:   %s\n", sparkline(a.Weekly))
	}
	if c := p.Contributions; c != nil && c.Unavailable == "" {
		fmt.Fprintf(bw, "Other projects (%d days): %d pull requests opened, %d merged, %d reviews, %d issues\n",
			c.WindowDays, c.PullRequestsOpened, c.PullRequestsMerged, c.Reviews, c.IssuesOpened)
	}
	for _, s := range p.Signals {
		fmt.Fprintln(bw, "Observation: "+plain(s.Text))
	}
	if len(p.Repos) > 0 {
		t := tablewriter.NewWriter(bw)
		t.Header("Repository", "Commit", "Py files", "Lines", "Notebooks", "Notes")
		for i := range p.Repos {
			repo := &p.Repos[i]
			if err := t.Append([]string{
				plain(repo.Name), shortSHA(repo.Commit), strconv.Itoa(repo.Python.Files),
				strconv.Itoa(repo.Python.Lines), strconv.Itoa(repo.Python.Notebooks),
				plain(strings.Join(repoFlags(repo), ", ")),
			}); err != nil {
				return err
			}
		}
		if err := t.Render(); err != nil {
			return err
		}
	}
	if lines := questionLines(r.Rules); len(lines) > 0 {
		fmt.Fprintln(bw, "Suggested questions (details in the Markdown report):")
		for _, l := range lines {
			fmt.Fprintln(bw, l)
		}
	}
	if len(p.Skipped) > 0 {
		t := tablewriter.NewWriter(bw)
		t.Header("Not analysed", "Reason")
		for _, s := range p.Skipped {
			if err := t.Append([]string{plain(s.Name), plain(s.Reason)}); err != nil {
				return err
			}
		}
		if err := t.Render(); err != nil {
			return err
		}
	}
	return bw.Flush()
}
