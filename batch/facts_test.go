package batch

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/history"
	"github.com/pyscout/pyscout/analyzer/practices"
	"github.com/pyscout/pyscout/analyzer/python"
	"github.com/pyscout/pyscout/report"
	"github.com/pyscout/pyscout/rules"
)

func TestRowFacts(t *testing.T) {
	yes, no := true, false
	last := time.Date(2026, 9, 30, 23, 0, 0, 0, time.UTC)
	p := &analyzer.Profile{
		Login: "alice",
		Repos: []analyzer.RepoFacts{
			{Name: "a", Python: analyzer.PythonFacts{Lines: 1000, NotebookCode: &python.CodeFacts{Lines: 200}}, History: &history.RepoHistory{LineShare: 0.5, MostlyTheirs: &no}},
			{Name: "b", Python: analyzer.PythonFacts{Lines: 300}, History: &history.RepoHistory{LineShare: 1, MostlyTheirs: &yes}},
		},
		Totals:    analyzer.Totals{Lines: 1300},
		Activity:  &history.Activity{LastActivity: &last},
		Practices: &practices.CandidatePractices{WithTests: practices.RepoSet{Count: 2}, WithCI: practices.RepoSet{Count: 1}},
	}
	p.Code.OOP.Inheritance.MaxDepth = 3
	p.Code.Features.Modern.FStrings.Count = 4
	p.Code.Features.Modern.Match.Count = 1
	res := &rules.Result{
		Stack:     []rules.StackItem{{Name: "django", Evidence: true}, {Name: "celery"}},
		Questions: []rules.Question{{Rule: "deep-flagship-1"}, {Rule: "deep-flagship-2"}, {Rule: "oop-depth"}, {Rule: "notdeep-x"}},
	}
	row := RowFacts(&report.Report{Profile: p, Rules: res})
	if row.PythonRepos != 2 || row.PythonLines != 1300 || *row.ReposMostlyTheirs != 1 || *row.TheirLines != 900 {
		t.Errorf("repos/lines: %+v theirs %d mostly %d", row, *row.TheirLines, *row.ReposMostlyTheirs)
	}
	if row.ReposWithTests != 2 || row.ReposWithCI != 1 || row.OOPDepth != 3 || row.LastActive != "2026-09-30" {
		t.Errorf("practices/oop/last: %+v", row)
	}
	if !slices.Equal(row.Modern, []string{"f strings", "match"}) {
		t.Errorf("modern: %q", row.Modern)
	}
	if want := reflect.TypeFor[python.Modern]().NumField(); row.ModernKinds != want {
		t.Errorf("modern kinds %d, want every field of python.Modern (%d)", row.ModernKinds, want)
	}
	if row.DeepQuestions != 2 || row.StackSize != 2 || !slices.Equal(row.StackShown, []string{"django"}) {
		t.Errorf("questions/stack: %+v", row)
	}
	// Without history, the candidate's part is unknown, not zero.
	p.Activity = nil
	row = RowFacts(&report.Report{Profile: p})
	if row.TheirLines != nil || row.ReposMostlyTheirs != nil || row.DeepQuestions != 0 {
		t.Errorf("no history: %+v", row)
	}
}
