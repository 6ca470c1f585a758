package batch

import (
	"math"
	"reflect"
	"strings"
	"time"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/python"
	"github.com/pyscout/pyscout/report"
)

// DeepDivePrefix marks the rules whose questions are deep dives into a
// candidate's own project.
const DeepDivePrefix = "deep-"

// RowFacts computes a candidate's facts for the side-by-side comparison
// from their report (profile and rules result). Candidate fields (name,
// role, notes, status) are left to the caller.
func RowFacts(doc *report.Report) report.BatchRow {
	p := doc.Profile
	row := report.BatchRow{Login: p.Login, PythonRepos: len(p.Repos), PythonLines: p.Totals.Lines}
	if p.Activity != nil {
		mostly, theirs := 0, 0.0
		for i := range p.Repos {
			r := &p.Repos[i]
			h := r.History
			if h == nil {
				continue
			}
			if h.MostlyTheirs != nil && *h.MostlyTheirs {
				mostly++
			}
			lines := r.Python.Lines
			if nb := r.Python.NotebookCode; nb != nil {
				lines += nb.Lines
			}
			theirs += float64(lines) * h.LineShare
		}
		n := int(math.Round(theirs))
		row.ReposMostlyTheirs, row.TheirLines = &mostly, &n
	}
	if pr := p.Practices; pr != nil {
		row.ReposWithTests, row.ReposWithCI = pr.WithTests.Count, pr.WithCI.Count
	}
	row.OOPDepth = p.Code.OOP.Inheritance.MaxDepth
	row.Modern, row.ModernKinds = modernFeatures(&p.Code.Features.Modern)
	row.LastActive = lastActive(p)
	if res := doc.Rules; res != nil {
		row.StackSize = len(res.Stack)
		for _, s := range res.Stack {
			if s.Evidence {
				row.StackShown = append(row.StackShown, s.Name)
			}
		}
		for _, q := range res.Questions {
			if strings.HasPrefix(q.Rule, DeepDivePrefix) {
				row.DeepQuestions++
			}
		}
	}
	return row
}

var tallyType = reflect.TypeFor[python.Tally]()

// modernFeatures names the modern features used (their JSON names in
// words), and how many kinds python.Modern looks for. It reads the
// struct's fields, so a feature added there is compared here too.
func modernFeatures(m *python.Modern) (used []string, kinds int) {
	v := reflect.ValueOf(m).Elem()
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Type != tallyType {
			continue
		}
		kinds++
		if v.Field(i).Interface().(python.Tally).Count > 0 {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			used = append(used, strings.ReplaceAll(name, "_", " "))
		}
	}
	return used, kinds
}

// lastActive is the latest commit or public event, or else the latest
// push to an analysed repository, as the report's summary says.
func lastActive(p *analyzer.Profile) string {
	if a := p.Activity; a != nil && a.LastActivity != nil {
		return a.LastActivity.UTC().Format(time.DateOnly)
	}
	last := p.LatestPush()
	if last == nil {
		return ""
	}
	return last.UTC().Format(time.DateOnly)
}
