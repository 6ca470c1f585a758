package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/pyscout/pyscout/analyzer"
)

// Markdown renders the report for pasting into a wiki or an applicant
// tracking system.
type Markdown struct{}

// Ext implements Renderer.
func (Markdown) Ext() string { return "md" }

// Render implements Renderer.
func (Markdown) Render(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	p := r.Profile
	out := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }

	out("# pyscout report: %s\n\n", md(subject(p)))
	out("Generated %s by pyscout %s. This report presents evidence from public code, not a hiring verdict.\n\n",
		p.GeneratedAt.Format("2006-01-02 15:04 UTC"), md(r.ToolVersion))

	out("## Summary\n\n")
	if p.Login != "" && p.Selection != nil {
		who := mdLink(p.Login, p.HTMLURL)
		if p.Name != "" {
			who += " (" + md(p.Name) + ")"
		}
		if p.AccountType == "Organization" {
			who += ", an organisation"
		}
		out("- Account: %s\n", who)
		out("- Public repositories: %d, of which look like Python: %d\n", p.Selection.PublicRepos, p.Selection.PythonRepos)
	}
	out("- Analysed: %d, skipped: %d\n", len(p.Repos), len(p.Skipped))
	out("- Python: %d files, %d lines, %d notebooks\n\n", p.Totals.Files, p.Totals.Lines, p.Totals.Notebooks)

	if len(p.Notes) > 0 {
		for _, n := range p.Notes {
			out("> %s\n>\n", md(n))
		}
		out("\n")
	}

	writeRulesMarkdown(out, r.Rules)

	if len(p.Repos) > 0 {
		out("## Repositories analysed\n\n")
		out("| Repository | Description | Commit | Python files | Lines | Notebooks | Files skipped | Notes |\n")
		out("|---|---|---|---:|---:|---:|---:|---|\n")
		for i := range p.Repos {
			repo := &p.Repos[i]
			commit := "working tree"
			if repo.Commit != "" {
				commit = "`" + shortSHA(repo.Commit) + "`"
				if u := repo.BlobURL("", 0, 0); u != "" {
					commit = "[" + commit + "](" + safeURL(strings.Replace(u, "/blob/", "/tree/", 1)) + ")"
				}
			}
			out("| %s | %s | %s | %d | %d | %d | %d | %s |\n",
				mdLink(repo.Name, repo.URL), md(truncate(repo.Description, 120)), commit, repo.Python.Files, repo.Python.Lines,
				repo.Python.Notebooks, repo.Walk.SkippedTotal(), md(strings.Join(repoFlags(repo), ", ")))
		}
		out("\n")
	}

	if len(p.Skipped) > 0 {
		out("## Not analysed\n\n| Repository | Reason |\n|---|---|\n")
		for _, s := range p.Skipped {
			out("| %s | %s |\n", mdLink(s.Name, s.URL), md(s.Reason))
		}
		out("\n")
	}

	writeActivityMarkdown(out, p)

	out("## What pyscout could not see\n\n")
	out("- Private repositories, work for employers, and code outside GitHub.\n")
	if p.Activity == nil {
		out("- Who wrote each line: shared and forked code counts as the repository's.\n")
	} else {
		out("- Commits made under an email GitHub does not link to the account.\n")
	}
	if p.API != nil {
		out("- This run used %d GitHub API requests.\n", p.API.Requests)
	}
	return bw.Flush()
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

// truncate shortens candidate text to n runes for a table cell.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
