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
