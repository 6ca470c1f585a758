package analyzer

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer/clone"
	"github.com/pyscout/pyscout/analyzer/github"
	"github.com/pyscout/pyscout/analyzer/github/githubtest"
)

func TestCloneDepth(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	recent, old := now.AddDate(0, -1, 0), now.AddDate(-2, 0, 0)
	opts := Options{HistoryDepth: 1000, Now: func() time.Time { return now }}
	tests := []struct {
		name string
		t    target
		opts Options
		want int
	}{
		{"pushed in the window: the whole depth", target{owner: "o", facts: RepoFacts{PushedAt: &recent}}, opts, 1000},
		{"no push date: the whole depth", target{owner: "o"}, opts, 1000},
		{"pushed before the window: the first deepening's depth", target{owner: "o", facts: RepoFacts{PushedAt: &old}}, opts, firstDeepen},
		{"a history depth below it bounds it", target{owner: "o", facts: RepoFacts{PushedAt: &old}}, Options{HistoryDepth: 40, Now: opts.Now}, 40},
		{"without history", target{owner: "o", facts: RepoFacts{PushedAt: &recent}}, Options{HistoryDepth: 1000, NoHistory: true, Now: opts.Now}, 1},
		{"a fork's own commits are fetched by count", target{owner: "o", ahead: []string{"abc"}}, opts, 1},
		{"a URL the user typed has no history step", target{owner: "o", userTyped: true}, opts, 1},
		{"a local target has no owner", target{}, opts, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cloneDepth(&tt.t, tt.opts); got != tt.want {
				t.Errorf("cloneDepth = %d, want %d", got, tt.want)
			}
		})
	}
}

// historyRepo serves cora's repository r with three commits and returns
// the fake and a client of it.
func historyRepo(t *testing.T) (*githubtest.Server, *github.Client, Options) {
	t.Helper()
	s, gh := cloneStageUser(t, map[string]string{"r": ""})
	for i := range 2 {
		s.CommitFiles("cora", "r", map[string]string{"b.py": strings.Repeat("x = 1\n", i+1)})
	}
	return s, gh, Options{CacheDir: t.TempDir(), CloneLimits: clone.Limits{ProgressTimeout: 3 * time.Second}}
}

// packRequests counts the upload-pack POSTs (the fetches that carry a
// pack) for cora/r.
func packRequests(s *githubtest.Server) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Method == "POST" && strings.HasPrefix(r.Path, "/git/cora/r.git/") && strings.HasSuffix(r.Path, "git-upload-pack") {
			n++
		}
	}
	return n
}

func TestOneFetchBringsTheHistory(t *testing.T) {
	s, gh, opts := historyRepo(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second) // hang guard
	defer cancel()
	p, err := AnalyzeUser(ctx, gh, "cora", opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Repos) != 1 || p.Repos[0].History == nil {
		t.Fatalf("repos %+v", p.Repos)
	}
	if h := p.Repos[0].History; !h.Complete || h.Commits != 3 {
		t.Errorf("history: complete %v, %d commits; want the whole 3", h.Complete, h.Commits)
	}
	if n := packRequests(s); n != 1 {
		t.Errorf("%d pack fetches, want 1: the clone brings the history the walk needs", n)
	}
}

func TestAFailedDeepCloneFallsBackToTheAnalysisClone(t *testing.T) {
	s, gh, opts := historyRepo(t)
	// The deep clone stalls; the depth-1 clone and the deepening do not.
	s.StallPackAfter("/git/cora/r.git", 120, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second) // hang guard
	defer cancel()
	p, err := AnalyzeUser(ctx, gh, "cora", opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Repos) != 1 || len(p.Skipped) != 0 {
		t.Fatalf("repos %d, skipped %+v: the code must be analysed", len(p.Repos), p.Skipped)
	}
	if p.Repos[0].Python.Files != 2 {
		t.Errorf("%d Python files analysed, want 2", p.Repos[0].Python.Files)
	}
	// The history stands on the analysis clone, marked as cut short: the
	// failed fetch is not tried a second time (a stall or a timeout would
	// cost its whole wait again).
	if h := p.Repos[0].History; h == nil || h.Complete || h.Commits != 1 {
		t.Errorf("history %+v: want the one commit of the analysis clone, incomplete", h)
	}
	if n := packRequests(s); n != 2 {
		t.Errorf("%d pack fetches, want 2: the stalled deep clone, the depth-1 clone", n)
	}
}
