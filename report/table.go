package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/mattn/go-runewidth"
	"github.com/olekukonko/tablewriter"

	"github.com/pyscout/pyscout/report/words"
)

// Table renders the terminal summary.
type Table struct {
	// Color allows ANSI colours and bold. The command sets it only when
	// standard output is a terminal and NO_COLOR is unset; the tables
	// themselves stay uncoloured so that their columns line up anywhere.
	Color bool
	// Width is the widest a table row may be, in terminal columns;
	// DefaultWidth when zero. Long cells are cut with an ellipsis.
	Width int
}

// Ext implements Renderer.
func (Table) Ext() string { return "txt" }

func (t Table) withOptions(o Options) Renderer { t.Color, t.Width = o.Color, o.Width; return t }

// Render implements Renderer.
func (t Table) Render(w io.Writer, r *Report) error {
	d := newDocument(r)
	s := d.Summary
	c := painter(t.Color)
	bw := bufio.NewWriter(w)
	title := "pyscout: " + d.Subject
	if s.Name != "" {
		title += " (" + s.Name + ")"
	}
	fmt.Fprintln(bw, c.bold(title))
	fmt.Fprintf(bw, "Python: %s, %s, %s in %s; %d not analysed\n", words.Plural(s.Totals.Files, "file"), words.Plural(s.Totals.Lines, "line"),
		words.Plural(s.Totals.Notebooks, "notebook"), words.Plural(s.Analysed, "repository"), s.Skipped)
	for _, n := range d.Notes {
		fmt.Fprintln(bw, c.yellow("Note: ")+n)
	}
	if len(s.Headline) > 0 {
		var libs []string
		for _, l := range s.Headline {
			libs = append(libs, fmt.Sprintf("%s (%d)", l.Import, l.Files))
		}
		more := ""
		if s.MoreLibraries > 0 {
			more = fmt.Sprintf(" and %d more", s.MoreLibraries)
		}
		fmt.Fprintf(bw, "Libraries (files): %s%s\n", strings.Join(libs, ", "), more)
	}
	if a := d.Activity; a != nil {
		last := a.LastActivity
		if last == "" {
			last = "-"
		}
		fmt.Fprintf(bw, "Activity: %s in the last %d weeks (%s), last activity %s\n", words.Plural(a.Total, "commit"), a.WeeksCount, words.Plural(a.ActiveWeeks, "active week"), last)
		fmt.Fprintf(bw, "Weekly:   %s\n", c.cyan(a.Spark))
	} else if s.LastActivity != "" {
		fmt.Fprintf(bw, "Last push: %s\n", s.LastActivity)
	}
	if co := d.Contributions; co != nil && co.Unavailable == "" {
		fmt.Fprintf(bw, "Other projects (%d days): %s opened, %d merged, %s, %s\n",
			co.WindowDays, words.Plural(co.Opened, "pull request"), co.Merged, words.Plural(co.Reviews, "review"), words.Plural(co.Issues, "issue"))
	}
	for _, sig := range d.Signals {
		fmt.Fprintln(bw, c.yellow("Observation: ")+sig)
	}
	width := t.Width
	if width <= 0 {
		width = DefaultWidth
	}
	if len(d.Repos) > 0 {
		header := []string{"Repository", "Commit", "Py files", "Lines", "Notebooks", "Notes"}
		var rows [][]string
		for _, repo := range d.Repos {
			rows = append(rows, []string{
				repo.Name.Text, repo.Commit, strconv.Itoa(repo.Python.Files),
				strconv.Itoa(repo.Python.Lines), strconv.Itoa(repo.Python.Notebooks),
				strings.Join(repo.Flags, ", "),
			})
		}
		if err := renderTable(bw, width, header, rows, 0, 5); err != nil {
			return err
		}
	}
	if len(d.Checklist) > 0 {
		fmt.Fprintln(bw, c.bold("Hiring checklist:"))
		for _, item := range d.Checklist {
			status := item.Status
			switch item.StatusClass {
			case "shown":
				status = c.green(status)
			case "not-shown":
				status = c.dim(status)
			}
			line := "  " + item.Title + ": " + status
			if len(item.Counter) > 0 {
				line += " " + c.dim("(missing or against: "+strings.Join(item.Counter, "; ")+")")
			}
			fmt.Fprintln(bw, line)
		}
	}
	tableProjects(func(s string) { fmt.Fprintln(bw, s) }, d, width, c)
	if len(d.Questions) > 0 {
		fmt.Fprintln(bw, c.bold("Suggested questions (details in the Markdown report):"))
		for _, q := range d.Questions {
			where := "generic"
			if len(q.Evidence) > 0 {
				where = q.Evidence[0].Text
			}
			fmt.Fprintf(bw, "%2d. [%s] %s %s\n", q.Number, q.Level, q.Title, c.dim("("+where+")"))
		}
	}
	if len(d.Unseen.Skipped) > 0 {
		var rows [][]string
		for _, sk := range d.Unseen.Skipped {
			rows = append(rows, []string{sk.Name.Text, sk.Reason})
		}
		if err := renderTable(bw, width, []string{"Not analysed", "Reason"}, rows, 0, 1); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// minCellWidth is the narrowest a cut column gets, ellipsis included.
const minCellWidth = 8

// renderTable draws a bordered table no wider than width: the cells of
// the flexible columns are cut with an ellipsis, the widest column first,
// until a row fits (or every flexible column is at its floor).
func renderTable(w io.Writer, width int, header []string, rows [][]string, flexible ...int) error {
	widths := make([]int, len(header))
	for i, h := range header {
		widths[i] = runewidth.StringWidth(h)
	}
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], runewidth.StringWidth(c))
		}
	}
	// "│ a │ b │": one border per column and one more, a space each side.
	total := 3*len(widths) + 1
	for _, cw := range widths {
		total += cw
	}
	for total > width {
		widest := -1
		for _, i := range flexible {
			floor := max(minCellWidth, runewidth.StringWidth(header[i]))
			if widths[i] > floor && (widest < 0 || widths[i] > widths[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			break
		}
		widths[widest]--
		total--
	}
	tw := tablewriter.NewWriter(w)
	tw.Header(toAny(header)...)
	for _, r := range rows {
		cut := make([]string, len(r))
		for i, c := range r {
			cut[i] = runewidth.Truncate(c, widths[i], "…")
		}
		if err := tw.Append(cut); err != nil {
			return err
		}
	}
	return tw.Render()
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// painter wraps pyscout's own labels in ANSI SGR sequences when colour is
// on. Candidate text is already plain (no escapes of its own) when it
// reaches a painter, so colour can never be opened by the candidate.
type painter bool

func (p painter) sgr(code, s string) string {
	if !p || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (p painter) bold(s string) string   { return p.sgr("1", s) }
func (p painter) dim(s string) string    { return p.sgr("2", s) }
func (p painter) green(s string) string  { return p.sgr("32", s) }
func (p painter) yellow(s string) string { return p.sgr("33", s) }
func (p painter) cyan(s string) string   { return p.sgr("36", s) }
