package rules

import (
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/history"
	"github.com/pyscout/pyscout/analyzer/python"
)

// TestEnvReadsTheProfilesSums checks that conditions see the sums the
// profile computed (Profile.Code, Activity.Commits) and do not add the
// repositories up again: the repository here counts nothing, the sums do.
func TestEnvReadsTheProfilesSums(t *testing.T) {
	p := &analyzer.Profile{Repos: []analyzer.RepoFacts{{Name: "r"}}}
	p.Code.Functions = 7
	p.Code.Features.Modern.Match = python.Tally{Count: 3, Files: 2}
	p.Code.FunctionStats.ParamHintRatio = 0.667
	p.Code.OOP.Inheritance.MaxDepth = 4
	p.Activity = &history.Activity{Weekly: []int{1, 1}, Commits: 9}
	e := NewEnv(p, Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	for path, want := range map[string]any{
		"functions":                       7,
		"features.modern.match":           3,
		"function_stats.param_hint_ratio": 0.667,
		"oop.inheritance.max_depth":       4,
		"recent_commits":                  9,
		"features.modern.walrus":          0, // near-miss: a count the sums leave at zero reads as zero
	} {
		if got, ok := e.lookup(path); !ok || got != want {
			t.Errorf("%s = %v (%v), want %v", path, got, ok, want)
		}
	}
}

// TestTemplatePluralIsTheReports checks that rule text writes numbers and
// plurals as the report does ("1,234 lines", "2 boys"), not a copy of its own.
func TestTemplatePluralIsTheReports(t *testing.T) {
	p := &analyzer.Profile{}
	p.Totals.Lines = 1234
	e := NewEnv(p, Options{})
	for text, want := range map[string]string{
		`{=plural(lines, "line")}`: "1,234 lines",
		`{=plural(2, "boy")}`:      "2 boys",
		`{=plural(2, "box")}`:      "2 boxes",
		`{=plural(1, "class")}`:    "1 class",
	} {
		if got := e.render(text, "", nil); got != want {
			t.Errorf("%s = %q, want %q", text, got, want)
		}
	}
}
