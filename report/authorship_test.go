package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/history"
)

// TestAuthorshipRowsSayWhatTheHistoryCanSay: a first commit from a history
// cut short is a bound, and bots' commits are in neither count of the
// share; a complete history's first commit is a date (the near miss).
func TestAuthorshipRowsSayWhatTheHistoryCanSay(t *testing.T) {
	first := time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)
	last := time.Date(2026, 5, 6, 10, 0, 0, 0, time.UTC)
	p := &analyzer.Profile{Login: "gail", Source: "analyze", GeneratedAt: last, Repos: []analyzer.RepoFacts{
		{Name: "cut", History: &history.RepoHistory{Commits: 10, BotCommits: 2, TheirCommits: 6, CommitShare: 0.75,
			LinesAdded: 120, BotLinesAdded: 20, TheirLinesAdded: 50, LineShare: 0.5, FirstCommit: &first, LastCommit: &last}},
		{Name: "whole", History: &history.RepoHistory{Commits: 3, TheirCommits: 3, CommitShare: 1, Complete: true,
			LinesAdded: 9, TheirLinesAdded: 9, LineShare: 1, FirstCommit: &first, LastCommit: &last}},
	}}
	d := newDocument(&Report{Profile: p})
	if len(d.Authorship) != 2 {
		t.Fatalf("authorship rows %+v", d.Authorship)
	}
	cut, whole := d.Authorship[0], d.Authorship[1]
	if cut.First != "on or before 2026-03-04" || cut.Commits != 8 || cut.HistoryRead != "last 10 commits; 2 bot commits left out" {
		t.Errorf("cut history row %+v", cut)
	}
	if whole.First != "2026-03-04" || whole.Commits != 3 || whole.HistoryRead != "whole history" {
		t.Errorf("whole history row %+v", whole)
	}
	for _, g := range []struct {
		r    Renderer
		want []string
	}{
		{Markdown{}, []string{"| cut | 6 of 8 (75%) | 50% | on or before 2026-03-04 | 2026-05-06 | last 10 commits; 2 bot commits left out |",
			"| whole | 3 of 3 (100%) | 100% | 2026-03-04 | 2026-05-06 | whole history |",
			"cut: only the last 10 commits of history were read."}},
		{HTML{}, []string{"6 of 8 (75%)", "<td>on or before 2026-03-04</td>", "last 10 commits; 2 bot commits left out",
			"cut: only the last 10 commits of history were read."}},
	} {
		var buf bytes.Buffer
		if err := g.r.Render(&buf, &Report{Profile: p}); err != nil {
			t.Fatal(err)
		}
		for _, w := range g.want {
			if !strings.Contains(buf.String(), w) {
				t.Errorf("%T lacks %q", g.r, w)
			}
		}
	}
}
