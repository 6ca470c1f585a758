package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/pyscout/pyscout/report/words"
)

// Markdown renders the report for pasting into a wiki or an applicant
// tracking system: the sections of the HTML report, in text.
type Markdown struct{}

// Ext implements Renderer.
func (Markdown) Ext() string { return "md" }

// Render implements Renderer.
func (Markdown) Render(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	m := mdWriter{out: func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }}
	d := newDocument(r)
	m.header(d)
	m.summary(d)
	m.checklist(d)
	m.projects(d)
	m.questions(d)
	m.findings(d)
	m.libraries(d)
	m.dependencies(d)
	m.activity(d)
	m.repos(d)
	m.details(d)
	m.unseen(d)
	return bw.Flush()
}

// mdWriter writes the sections. Every candidate string goes through md
// (or mdLink); numbers and pyscout's own words are written as they are.
type mdWriter struct {
	out func(string, ...any)
}

func (m mdWriter) header(d *document) {
	m.out("# pyscout report: %s\n\n", md(d.Subject))
	m.out("Generated %s by pyscout %s. This report presents evidence from public code, not a hiring verdict.\n\n", d.Generated, md(d.ToolVersion))
	if sl := d.Shortlist; sl != nil {
		m.out("From the shortlist:")
		if sl.Name != "" {
			m.out(" %s", md(sl.Name))
		}
		if sl.Role != "" {
			m.out(" (role: %s)", md(sl.Role))
		}
		if sl.Notes != "" {
			m.out(". Notes: %s", md(sl.Notes))
		}
		m.out("\n\n")
	}
}

func (m mdWriter) summary(d *document) {
	s := d.Summary
	m.out("## Summary\n\n")
	if s.Account.Text != "" {
		who := mdLinkOf(s.Account)
		if s.Name != "" {
			who += " (" + md(s.Name) + ")"
		}
		if s.Organisation {
			who += ", an organisation"
		}
		m.out("- Account: %s\n", who)
	} else {
		m.out("- Source: directories and git URLs given to `pyscout inspect`\n")
	}
	if s.HasSelection {
		m.out("- Public repositories: %d, of which look like Python: %d\n", s.PublicRepos, s.PythonRepos)
	}
	m.out("- Analysed: %d, skipped: %d\n", s.Analysed, s.Skipped)
	t := s.Totals
	m.out("- Python: %s, %s, %s; %s, %s\n", words.Plural(t.Files, "file"), words.Plural(t.Lines, "line"), words.Plural(t.Notebooks, "notebook"),
		words.Plural(t.Classes, "class"), words.Plural(t.Functions, "function"))
	if s.LastActivity != "" {
		m.out("- Most recent activity: %s (%s)\n", s.LastActivity, s.LastActivityWhat)
	}
	if s.HasActivity {
		m.out("- Commits in the last %d weeks: %d\n", s.ActivityWeeks, s.RecentCommits)
	}
	if len(s.Headline) > 0 {
		var libs []string
		for _, l := range s.Headline {
			libs = append(libs, fmt.Sprintf("%s (%s)", md(l.Import), words.Plural(l.Files, "file")))
		}
		more := ""
		if s.MoreLibraries > 0 {
			more = fmt.Sprintf(", and %d more", s.MoreLibraries)
		}
		m.out("- Most used libraries: %s%s\n", strings.Join(libs, ", "), more)
	}
	if len(s.Languages) > 0 {
		var langs []string
		for _, l := range s.Languages {
			langs = append(langs, md(l.Name)+" "+l.Percent)
		}
		m.out("- Languages: %s\n", strings.Join(langs, ", "))
	}
	m.out("\n")
	for _, n := range d.Notes {
		m.out("> %s\n>\n", md(n))
	}
	if len(d.Notes) > 0 {
		m.out("\n")
	}
	if len(d.Signals) > 0 {
		m.out("### Observations worth a question\n\nThese are observations from public data, not verdicts.\n\n")
		for _, s := range d.Signals {
			m.out("- %s\n", md(s))
		}
		m.out("\n")
	}
}

func (m mdWriter) evidence(items []link) string {
	parts := make([]string, 0, len(items))
	for _, l := range items {
		parts = append(parts, mdLinkOf(l))
	}
	return strings.Join(parts, ", ")
}

func (m mdWriter) checklist(d *document) {
	if len(d.Checklist) > 0 {
		m.out("## Hiring checklist\n\n")
		m.out("| Item | Status | From public code |\n|---|---|---|\n")
		for _, c := range d.Checklist {
			answer := md(c.Answer)
			if !c.Evidenced {
				answer = "_" + answer + "_"
			}
			if len(c.Evidence) > 0 {
				answer += " (" + m.evidence(c.Evidence) + ")"
			}
			if len(c.Counter) > 0 {
				answer += " Missing or against: " + md(strings.Join(c.Counter, "; ")) + "."
			}
			m.out("| %s | %s | %s |\n", md(c.Title), md(c.Status), answer)
		}
		m.out("\n")
	}
	if st := d.Stack; st != nil {
		m.out("## Your team's stack\n\n")
		if len(st.With) > 0 {
			m.out("- Seen in public code: %s\n", mdJoin(st.With))
		}
		if len(st.Without) > 0 {
			m.out("- No evidence in public code: %s\n", mdJoin(st.Without))
		}
		m.out("\n")
	}
}

func mdJoin(list []string) string {
	out := make([]string, 0, len(list))
	for _, s := range list {
		out = append(out, md(s))
	}
	return strings.Join(out, ", ")
}

func (m mdWriter) questions(d *document) {
	if len(d.Questions) == 0 {
		return
	}
	m.out("## Suggested questions\n\n")
	for _, q := range d.Questions {
		label := q.Level
		if q.Stack {
			label += ", your stack"
		}
		m.out("### %d. %s (%s)\n\n", q.Number, md(q.Title), md(label))
		m.out("%s\n\n", md(q.Text))
		if len(q.Evidence) > 0 {
			m.out("Evidence: %s\n\n", m.evidence(q.Evidence))
		} else {
			m.out("No public code shows this topic: the question is generic.\n\n")
		}
		m.out("A strong answer covers:\n\n")
		for _, l := range q.ListenFor {
			m.out("- %s\n", md(l))
		}
		if len(q.FollowUps) > 0 {
			m.out("\nFollow-ups:\n\n")
			for _, f := range q.FollowUps {
				m.out("- %s\n", md(f))
			}
		}
		m.out("\n")
	}
}

func (m mdWriter) findings(d *document) {
	if len(d.Findings) == 0 {
		return
	}
	m.out("## Findings\n\n")
	for _, f := range d.Findings {
		line := md(f.Text)
		if len(f.Evidence) > 0 {
			line += " (" + m.evidence(f.Evidence) + ")"
		}
		m.out("- %s\n", line)
	}
	m.out("\n")
}

func (m mdWriter) libraries(d *document) {
	l := d.Libraries
	if l.Total == 0 {
		return
	}
	m.out("## Libraries\n\n")
	m.out("Third-party imports over all analysed repositories, most widely used first.\n\n")
	if l.Categorised {
		m.out("| Category | Library | Files | Repositories |\n|---|---|---:|---|\n")
	} else {
		m.out("| Library | Files | Repositories |\n|---|---:|---|\n")
	}
	for _, g := range l.Groups {
		for i, r := range g.Rows {
			if l.Categorised {
				category := ""
				if i == 0 {
					category = md(g.Name)
				}
				m.out("| %s ", category)
			}
			m.out("| %s | %d | %s |\n", md(r.Import), r.Files, mdJoin(r.Repos))
		}
	}
	m.out("\n")
	if len(l.Others) > 0 {
		m.out("Also imported: %s.\n\n", mdJoin(l.Others))
	}
}

func (m mdWriter) dependencies(d *document) {
	if len(d.Dependencies) == 0 {
		return
	}
	m.out("### Declared and imported dependencies\n\n")
	m.out("What each repository's manifests declare set against what its code imports (tools and plugins used without an import are left out).\n\n")
	for _, r := range d.Dependencies {
		m.out("- **%s**", md(r.Repo))
		if r.NoManifest {
			m.out(": imports %s and no manifest declares any dependency\n", words.Plural(r.Imported, "third-party library"))
			continue
		}
		m.out(" (%s)\n", mdJoin(r.Manifests))
		list := func(label string, items []depItem, rest int) {
			if len(items) == 0 {
				return
			}
			parts := make([]string, 0, len(items)+1)
			for _, it := range items {
				s := md(it.itemText())
				if it.Where.Text != "" {
					s += ": " + mdLinkOf(it.Where)
				}
				parts = append(parts, s)
			}
			if rest > 0 {
				parts = append(parts, more(rest))
			}
			m.out("  - %s: %s\n", label, strings.Join(parts, "; "))
		}
		list("Declared, never imported", r.Unused, r.MoreUnused)
		list("Imported, never declared", r.Undeclared, r.MoreUndeclared)
	}
	m.out("\n")
}

func (m mdWriter) activity(d *document) {
	if a := d.Activity; a != nil {
		m.out("## Activity over the last %d weeks\n\n", a.WeeksCount)
		m.out("- Commits by the candidate in the analysed repositories: %d, in %s of %d\n", a.Total, words.Plural(a.ActiveWeeks, "week"), a.WeeksCount)
		last := a.LastActivity
		if last == "" {
			last = "-"
		}
		m.out("- Most recent public activity: %s\n", last)
		m.out("- Weekly commits from %s to %s: `%s`\n\n", a.From, a.To, a.Spark)
	}
	if len(d.Identity) > 0 {
		m.out("Commits were recognised as the candidate's by these kinds of identity (the addresses are in the JSON report):\n\n")
		for _, e := range d.Identity {
			m.out("- %s: %s known, %s recognised\n", md(e.How), words.Plural(e.Known, "identity"), words.Plural(e.Commits, "commit"))
		}
		if len(d.Lookups) > 0 {
			m.out("\nGitHub was asked which commits of %s are the candidate's.\n", mdJoin(d.Lookups))
		}
		m.out("\n")
	}
	if len(d.Authorship) > 0 {
		m.out("### Authorship by repository\n\n")
		m.out("| Repository | Candidate's commits | Lines added by the candidate | First | Last | History read |\n|---|---|---|---|---|---|\n")
		for _, a := range d.Authorship {
			m.out("| %s | %d of %d (%s) | %s | %s | %s | %s |\n", md(a.Repo), a.TheirCommits, a.Commits, a.CommitShare, a.LineShare, a.First, a.Last, md(a.HistoryRead))
			for _, s := range a.Signals {
				m.out("| | %s | | | | |\n", md(s))
			}
		}
		m.out("\n")
	}
	if c := d.Contributions; c != nil {
		m.out("### Contributions to other projects (last %d days)\n\n", c.WindowDays)
		if c.Unavailable != "" {
			m.out("The public events feed could not be read: %s\n\n", md(c.Unavailable))
			return
		}
		m.out("- Pull requests opened: %d, merged: %d; reviews: %d; issues opened: %d; issue comments: %d\n\n",
			c.Opened, c.Merged, c.Reviews, c.Issues, c.Comments)
		for _, it := range c.Items {
			m.out("- %s %s: %s\n", it.Date, md(it.What), mdLinkOf(it.Label))
		}
		if c.More > 0 {
			m.out("- and %d more\n", c.More)
		}
		if len(c.Items) > 0 {
			m.out("\n")
		}
	}
}

func (m mdWriter) repos(d *document) {
	if len(d.Repos) == 0 {
		return
	}
	m.out("## Repositories analysed\n\n")
	m.out("| Repository | Description | Commit | Python files | Lines | Notebooks | Classes | Functions | Candidate's commits | Notes |\n")
	m.out("|---|---|---|---:|---:|---:|---:|---:|---|---|\n")
	for _, r := range d.Repos {
		commit := "working tree"
		if r.Commit != "" {
			commit = "`" + r.Commit + "`"
			if r.CommitURL != "" {
				commit = "[" + commit + "](" + safeURL(r.CommitURL) + ")"
			}
		}
		name := mdLinkOf(r.Name)
		if r.Location != "" {
			name += " (" + md(r.Location) + ")"
		}
		share := r.Share
		if share == "" {
			share = "-"
		}
		m.out("| %s | %s | %s | %d | %d | %d | %d | %d | %s | %s |\n",
			name, md(truncate(r.Description, 120)), commit, r.Python.Files, r.Python.Lines, r.Python.Notebooks,
			r.Classes, r.Functions, share, md(strings.Join(r.Flags, ", ")))
	}
	m.out("\n")
}

func (m mdWriter) details(d *document) {
	if len(d.Repos) == 0 {
		return
	}
	m.out("## Code details\n\n")
	if len(d.Functions) > 0 {
		m.out("### Functions by repository\n\n")
		m.out("%s\n\n", functionsNote)
		m.out("| Repository | Functions | Parameters hinted | Returns hinted | Docstrings | Mean complexity | Max complexity | Longest, lines | Deepest nesting |\n")
		m.out("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
		for _, f := range d.Functions {
			m.out("| %s | %d | %s | %s | %s | %s | %d | %d | %d |\n", md(f.Repo), f.Functions, f.ParamHints, f.ReturnHints,
				f.Docstrings, f.ComplexityMean, f.ComplexityMax, f.LengthMax, f.DepthMax)
		}
		m.out("\n")
	}
	if len(d.Hotspots) > 0 {
		m.out("### Functions worth opening\n\n%s\n\n", hotspotsNote)
		for _, h := range d.Hotspots {
			m.out("- %s: %s (%s), %s\n", h.Kind, md(h.Name), md(h.Measure), mdLinkOf(h.Evidence))
		}
		m.out("\n")
	}
	for _, g := range d.Details {
		m.out("### %s\n\n%s\n\n", md(g.Title), md(g.Intro))
		if len(g.Rows) == 0 {
			m.out("%s\n\n", md(g.Empty))
			continue
		}
		m.out("| Fact | Count | Where | Example |\n|---|---:|---|---|\n")
		for _, r := range g.Rows {
			m.out("| %s | %s | %s | %s |\n", md(r.Label), md(r.Value), md(r.Where), m.evidence(r.Evidence))
		}
		m.out("\n")
		for _, n := range g.Notes {
			m.out("%s\n\n", md(n))
		}
	}
}

func (m mdWriter) unseen(d *document) {
	u := d.Unseen
	m.out("## What pyscout could not see\n\n")
	for _, s := range u.Always {
		m.out("- %s\n", md(s))
	}
	for _, s := range u.Limits {
		m.out("- %s\n", md(s))
	}
	m.out("\n")
	if len(u.Skipped) > 0 {
		m.out("### Not analysed\n\n| Repository | Reason |\n|---|---|\n")
		for _, s := range u.Skipped {
			m.out("| %s | %s |\n", mdLinkOf(s.Name), md(s.Reason))
		}
		m.out("\n")
	}
	if len(u.FileSkips) > 0 {
		m.out("### Files left out\n\n| Repository | Reason | Files | Examples |\n|---|---|---:|---|\n")
		for _, f := range u.FileSkips {
			m.out("| %s | %s | %d | %s |\n", md(f.Repo), md(f.Reason), f.Count, mdJoin(f.Examples))
		}
		m.out("\n")
	}
}
