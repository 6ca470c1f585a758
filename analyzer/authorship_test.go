package analyzer

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer/github"
	"github.com/pyscout/pyscout/analyzer/github/githubtest"
)

func TestStatsStillComputingIsUnavailableNotZero(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "gail"})
	var hist []githubtest.Commit
	for i := 0; i < 4; i++ {
		hist = append(hist, githubtest.Commit{AuthorEmail: "gail@users.noreply.github.com", AuthorDate: now.AddDate(0, 0, i-5),
			Files: map[string]string{"m.py": strings.Repeat("z\n", i+1)}})
	}
	s.AddRepo("gail", githubtest.Repo{Name: "r", Language: "Python", PushedAt: now, History: hist})
	s.StatsPending("gail", "r", 100)
	gh, err := github.NewClient(github.Options{APIURL: s.APIURL()})
	if err != nil {
		t.Fatal(err)
	}
	p, err := AnalyzeUser(context.Background(), gh, "gail", Options{
		CacheDir: t.TempDir(), HistoryDepth: 2,
		StatsRetry: github.StatsRetry{Attempts: 3, Delay: time.Millisecond},
	})
	if err != nil {
		t.Fatal(err)
	}
	all := p.Repos[0].AllTime
	if all == nil || all.Unavailable == "" || all.Commits != 0 || all.TheirCommits != 0 {
		t.Fatalf("all-time %+v, want unavailable", all)
	}
	if n := s.RequestCount("/repos/gail/r/stats/contributors"); n != 3 {
		t.Errorf("%d statistics requests, want 3 (the bounded attempts)", n)
	}
	if h := p.Repos[0].History; h == nil || h.Commits != 2 || h.Complete {
		t.Errorf("history %+v", h)
	}
}

func TestNoHistoryCostsNoExtraRequests(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "hal"})
	s.AddRepo("hal", githubtest.Repo{Name: "r", Language: "Python", Files: map[string]string{"a.py": "x = 1\n"}})
	gh, err := github.NewClient(github.Options{APIURL: s.APIURL()})
	if err != nil {
		t.Fatal(err)
	}
	p, err := AnalyzeUser(context.Background(), gh, "hal", Options{CacheDir: t.TempDir(), NoHistory: true})
	if err != nil {
		t.Fatal(err)
	}
	if p.Activity != nil || p.Identity != nil || p.Repos[0].History != nil {
		t.Error("history computed with NoHistory")
	}
	if gh.Requests() != 2 {
		t.Errorf("%d requests, want 2 (user and repos)", gh.Requests())
	}
}

func TestProgressCountsOnlyAnalysedRepos(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "ivy"})
	s.AddRepo("ivy", githubtest.Repo{Name: "py", Language: "Python", Files: map[string]string{"a.py": "x = 1\n"}})
	s.AddRepo("ivy", githubtest.Repo{Name: "fork", Language: "Python", Fork: true, Files: map[string]string{"a.py": "x = 1\n"}})
	s.AddRepo("ivy", githubtest.Repo{Name: "go", Language: "Go", Files: map[string]string{"m.go": "package m\n"}})
	gh, err := github.NewClient(github.Options{APIURL: s.APIURL()})
	if err != nil {
		t.Fatal(err)
	}
	var totals []int
	var done []int
	_, err = AnalyzeUser(context.Background(), gh, "ivy", Options{CacheDir: t.TempDir(), NoHistory: true, Progress: func(e Event) {
		switch e.Stage {
		case StageSelect:
			totals = append(totals, e.Total)
		case StageDone, StageSkip:
			done = append(done, e.Done)
			totals = append(totals, e.Total)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range totals {
		if n != 1 {
			t.Errorf("progress totals %v, want 1 everywhere (one repository analysed)", totals)
			break
		}
	}
	if len(done) != 1 || done[0] != 1 {
		t.Errorf("done events %v", done)
	}
}

func TestLibrariesDatedByTheirModulesFiles(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	day := func(n int) time.Time { return now.AddDate(0, 0, n-100) }
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "kim"})
	const me = "kim@users.noreply.github.com"
	s.AddRepo("kim", githubtest.Repo{Name: "r", Language: "Python", PushedAt: now, History: []githubtest.Commit{
		{AuthorEmail: me, AuthorDate: day(1), Files: map[string]string{
			"store.py": "import google.cloud.storage\n",
			"proto.py": "from google.protobuf import message\n",
			"p.py":     "import pkg.sub.deep\n",
		}},
		// The near miss: pkgx is not a module of pkg.
		{AuthorEmail: me, AuthorDate: day(2), Files: map[string]string{"x.py": "import pkgx\n"}},
		{AuthorEmail: me, AuthorDate: day(3), Files: map[string]string{"store.py": "import google.cloud.storage\nx = 1\n"}},
		{AuthorEmail: me, AuthorDate: day(4), Files: map[string]string{"p2.py": "import pkg\n"}},
	}})
	gh, err := github.NewClient(github.Options{APIURL: s.APIURL()})
	if err != nil {
		t.Fatal(err)
	}
	p, err := AnalyzeUser(context.Background(), gh, "kim", Options{CacheDir: t.TempDir(), Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][2]int{}
	for _, l := range p.Repos[0].Dependencies.Libraries {
		if l.FirstCommit == nil || l.LastCommit == nil || !l.WholeHistory {
			t.Errorf("%s: dates %v %v whole %v", l.Import, l.FirstCommit, l.LastCommit, l.WholeHistory)
			continue
		}
		got[l.Import] = [2]int{int(l.FirstCommit.Sub(day(0)).Hours() / 24), int(l.LastCommit.Sub(day(0)).Hours() / 24)}
	}
	want := map[string][2]int{
		"google.cloud.storage": {1, 3},
		"google.protobuf":      {1, 1},
		"pkg":                  {1, 4},
		"pkgx":                 {2, 2},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("library dates (days) %v, want %v", got, want)
	}
}

func TestLargeDiffsAreNoted(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "lee"})
	const me = "lee@users.noreply.github.com"
	big := strings.Repeat("0123456789abcdef\n", (1<<20)/17+1) // just over 1 MiB
	s.AddRepo("lee", githubtest.Repo{Name: "big", Language: "Python", PushedAt: now, History: []githubtest.Commit{
		{AuthorEmail: me, AuthorDate: now.AddDate(0, 0, -2), Files: map[string]string{"a.py": "x = 1\n", "data.csv": big}},
	}})
	// The near miss: a file just under the bound is diffed.
	s.AddRepo("lee", githubtest.Repo{Name: "small", Language: "Python", PushedAt: now.Add(-time.Hour), History: []githubtest.Commit{
		{AuthorEmail: me, AuthorDate: now.AddDate(0, 0, -2), Files: map[string]string{"a.py": "x = 1\n", "data.csv": big[:1<<20]}},
	}})
	gh, err := github.NewClient(github.Options{APIURL: s.APIURL()})
	if err != nil {
		t.Fatal(err)
	}
	p, err := AnalyzeUser(context.Background(), gh, "lee", Options{CacheDir: t.TempDir(), Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	hist := map[string]*RepoFacts{}
	for i := range p.Repos {
		hist[p.Repos[i].Name] = &p.Repos[i]
	}
	if h := hist["big"].History; h == nil || h.SkippedLargeDiffs != 1 || h.LinesAdded != 1 || h.LinesMeasuredCommits != 1 {
		t.Errorf("big: history %+v, want one skipped diff and a.py's line", h)
	}
	if h := hist["small"].History; h == nil || h.SkippedLargeDiffs != 0 || h.LinesAdded != 1+strings.Count(big[:1<<20], "\n")+1 {
		t.Errorf("small: history %+v, want every line counted", h)
	}
	var notes []string
	for _, n := range p.Notes {
		if strings.Contains(n, "not diffed") {
			notes = append(notes, n)
		}
	}
	if want := []string{"big: the lines added leave out 1 file change over 1 MiB (not diffed, to bound memory)."}; !reflect.DeepEqual(notes, want) {
		t.Errorf("notes %q, want %q", notes, want)
	}
}
