package report

import (
	"fmt"
	"strings"

	"github.com/pyscout/pyscout/rules"
)

// writeRulesMarkdown writes the checklist, the suggested questions and the
// findings.
func writeRulesMarkdown(out func(string, ...any), res *rules.Result) {
	if res == nil {
		return
	}
	if len(res.Checklist) > 0 {
		out("## Hiring checklist\n\n")
		out("| Item | From public code |\n|---|---|\n")
		for _, c := range res.Checklist {
			answer := md(c.Answer)
			if !c.Evidenced {
				answer = "_" + answer + "_"
			}
			if len(c.Evidence) > 0 {
				answer += " (" + evidenceLinks(c.Evidence) + ")"
			}
			out("| %s | %s |\n", md(c.Title), answer)
		}
		out("\n")
	}
	if len(res.Stack) > 0 {
		var with, without []string
		for _, s := range res.Stack {
			if s.Evidence {
				with = append(with, md(s.Name))
			} else {
				without = append(without, md(s.Name))
			}
		}
		out("## Your team's stack\n\n")
		if len(with) > 0 {
			out("- Seen in public code: %s\n", strings.Join(with, ", "))
		}
		if len(without) > 0 {
			out("- No evidence in public code: %s\n", strings.Join(without, ", "))
		}
		out("\n")
	}
	if len(res.Questions) > 0 {
		out("## Suggested questions\n\n")
		for i, q := range res.Questions {
			label := q.Level
			if q.Stack {
				label += ", your stack"
			}
			out("### %d. %s (%s)\n\n", i+1, md(q.Title), md(label))
			out("%s\n\n", md(q.Text))
			if len(q.Evidence) > 0 {
				out("Evidence: %s\n\n", evidenceLinks(q.Evidence))
			} else {
				out("No public code shows this topic: the question is generic.\n\n")
			}
			out("A strong answer covers:\n\n")
			for _, l := range q.ListenFor {
				out("- %s\n", md(l))
			}
			if len(q.FollowUps) > 0 {
				out("\nFollow-ups:\n\n")
				for _, f := range q.FollowUps {
					out("- %s\n", md(f))
				}
			}
			out("\n")
		}
	}
	if len(res.Findings) > 0 {
		out("## Findings\n\n")
		for _, f := range res.Findings {
			line := md(f.Text)
			if len(f.Evidence) > 0 {
				line += " (" + evidenceLinks(f.Evidence) + ")"
			}
			out("- %s\n", line)
		}
		out("\n")
	}
}

// evidenceLinks lists evidence as links to the exact lines, or as plain
// locations where there is no web page (inspected directories).
func evidenceLinks(items []rules.Item) string {
	parts := make([]string, 0, len(items))
	for _, it := range items {
		parts = append(parts, mdLink(it.Location(), it.URL))
	}
	return strings.Join(parts, ", ")
}

// questionLines renders the questions for the terminal summary.
func questionLines(res *rules.Result) []string {
	if res == nil {
		return nil
	}
	var lines []string
	for i, q := range res.Questions {
		where := "generic"
		if len(q.Evidence) > 0 {
			where = q.Evidence[0].Location()
		}
		lines = append(lines, fmt.Sprintf("%2d. [%s] %s (%s)", i+1, q.Level, plain(q.Title), plain(where)))
	}
	return lines
}
