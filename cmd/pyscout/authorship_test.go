package main

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer/github/githubtest"
)

// historyReport is the authorship part of the JSON contract.
type historyReport struct {
	Repos []struct {
		Name    string `json:"name"`
		ForkOf  string `json:"fork_of"`
		AheadBy int    `json:"ahead_by"`
		Python  struct {
			Files int `json:"files"`
		} `json:"python"`
		History *struct {
			Commits         int            `json:"commits"`
			BotCommits      int            `json:"bot_commits"`
			CommitShare     float64        `json:"commit_share"`
			BotLinesAdded   int            `json:"bot_lines_added"`
			LineShare       float64        `json:"line_share"`
			Complete        bool           `json:"complete"`
			TheirCommits    int            `json:"their_commits"`
			LinesAdded      int            `json:"lines_added"`
			TheirLinesAdded int            `json:"their_lines_added"`
			MostlyTheirs    *bool          `json:"mostly_theirs"`
			FirstCommit     *time.Time     `json:"first_commit"`
			LastCommit      *time.Time     `json:"last_commit"`
			Weekly          []int          `json:"weekly"`
			RecentCommits   int            `json:"recent_commits"`
			MatchedBy       map[string]int `json:"matched_by"`
			OtherAuthors    int            `json:"other_authors"`
			BadDates        int            `json:"bad_dates"`
			NoEmail         int            `json:"no_email"`
			Signals         []struct {
				Kind string `json:"kind"`
			} `json:"signals"`
		} `json:"history"`
		AllTime *struct {
			Commits      int    `json:"commits"`
			TheirCommits int    `json:"their_commits"`
			Unavailable  string `json:"unavailable"`
		} `json:"all_time"`
	} `json:"repos"`
	Skipped []struct {
		Name   string `json:"name"`
		Reason string `json:"reason"`
	} `json:"skipped"`
	Identity struct {
		Emails []struct {
			Value     string `json:"value"`
			MatchedBy string `json:"matched_by"`
		} `json:"emails"`
		Lookups       []string `json:"lookups"`
		LookupResults []struct {
			Repo       string   `json:"repo"`
			Unmatched  int      `json:"unmatched_commits"`
			Outcome    string   `json:"outcome"`
			Signatures int      `json:"signatures"`
			NewEmails  []string `json:"new_emails"`
			NewNames   []string `json:"new_names"`
			Error      string   `json:"error"`
		} `json:"lookup_results"`
		Unavailable string `json:"unavailable"`
	} `json:"identity"`
	Activity struct {
		Weekly        []int      `json:"weekly"`
		ActiveWeeks   int        `json:"active_weeks"`
		LongestStreak int        `json:"longest_streak_weeks"`
		LastActivity  *time.Time `json:"last_activity"`
	} `json:"activity"`
	Contributions struct {
		PullRequestsOpened int `json:"pull_requests_opened"`
		PullRequestsMerged int `json:"pull_requests_merged"`
		Reviews            int `json:"reviews"`
		IssuesOpened       int `json:"issues_opened"`
		Items              []struct {
			Kind string `json:"kind"`
			Repo string `json:"repo"`
			URL  string `json:"url"`
		} `json:"items"`
	} `json:"contributions"`
	Languages map[string]int `json:"languages"`
	Signals   []struct {
		Kind string `json:"kind"`
	} `json:"signals"`
	API struct {
		Requests int `json:"requests"`
	} `json:"api"`
}

func TestAuthorshipEndToEnd(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	ago := func(days int) time.Time { return now.AddDate(0, 0, -days) }
	lines := func(n int) string { return strings.Repeat("x = 1\n", n) }

	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "erin", ID: 777, Email: "erin@example.com"})
	s.AddUser(githubtest.User{Login: "psf", Type: "Organization"})
	s.LinkEmail("erin", "erin@work.example")

	s.AddRepo("erin", githubtest.Repo{Name: "service", Language: "Python", PushedAt: ago(1), History: []githubtest.Commit{
		{AuthorName: "Tutor", AuthorEmail: "tutor@school.example", AuthorDate: time.Date(2024, 1, 10, 9, 0, 0, 0, time.UTC),
			Files: map[string]string{"base.py": lines(600)}},
		{AuthorName: "Erin", AuthorEmail: "777+erin@users.noreply.github.com", AuthorDate: ago(40), Files: map[string]string{"a.py": lines(10)}},
		{AuthorName: "Erin", AuthorEmail: "erin@work.example", AuthorDate: ago(20), Files: map[string]string{"b.py": lines(5)}},
		{AuthorName: "E.", AuthorEmail: "e@laptop.local", AuthorDate: ago(10),
			Files: map[string]string{".mailmap": "Erin <erin@example.com> <e@laptop.local>\n", "c.py": lines(2)}},
		{AuthorName: "Bob", AuthorEmail: "bob@example.com", AuthorDate: ago(5), Files: map[string]string{"d.py": lines(3)}},
		{AuthorName: "Ghost", AuthorEmail: "", AuthorDate: ago(3), Files: map[string]string{"e.py": lines(1)}},
		{AuthorName: "Erin", AuthorEmail: "erin@example.com", AuthorDate: time.Date(1985, 6, 1, 0, 0, 0, 0, time.UTC), CommitDate: ago(2),
			Files: map[string]string{"f.py": lines(1)}},
		{AuthorName: "Erin", AuthorEmail: "erin@example.com", AuthorDate: now.AddDate(4, 0, 0), CommitDate: ago(1),
			Files: map[string]string{"g.py": lines(1)}},
	}})
	s.AddRepo("erin", githubtest.Repo{Name: "ml-notes", Language: "Jupyter Notebook", PushedAt: ago(2), History: []githubtest.Commit{
		{AuthorName: "Erin W", AuthorEmail: "erin@work.example", AuthorDate: ago(60), Files: map[string]string{"eda.ipynb": `{"cells": [], "nbformat": 4}`}},
		{AuthorName: "Erin W", AuthorEmail: "erin@work.example", AuthorDate: ago(8), Files: map[string]string{"model.ipynb": `{"cells": [], "nbformat": 4}`}},
	}})
	upstream := []githubtest.Commit{
		{AuthorName: "Maintainer", AuthorEmail: "m@psf.example", AuthorDate: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC),
			Files: map[string]string{"lib/core.py": lines(50), "lib/util.py": lines(20)}},
		{AuthorName: "Maintainer", AuthorEmail: "m@psf.example", AuthorDate: time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC),
			Files: map[string]string{"lib/io.py": lines(30)}},
	}
	s.AddRepo("psf", githubtest.Repo{Name: "upstream-lib", Language: "Python", PushedAt: ago(100), History: upstream})
	s.AddRepo("erin", githubtest.Repo{Name: "upstream-lib", Language: "Python", Fork: true, Parent: "psf/upstream-lib",
		CreatedAt: ago(30), PushedAt: ago(4), History: githubtest.ForkHistory(upstream,
			githubtest.Commit{AuthorName: "Erin", AuthorEmail: "erin@example.com", AuthorDate: ago(4),
				Files: map[string]string{"lib/fix.py": lines(7), "lib/util.py": lines(21)}})})
	s.AddRepo("erin", githubtest.Repo{Name: "old-fork", Language: "Python", Fork: true, Parent: "psf/upstream-lib",
		CreatedAt: ago(300), PushedAt: ago(300), History: upstream})

	s.AddEvents("erin",
		githubtest.PullRequestEvent("psf/upstream-lib", 12, "opened", false, "Fix util", ago(4)),
		githubtest.PullRequestEvent("psf/upstream-lib", 9, "closed", true, "Docs", ago(20)),
		githubtest.PullRequestReviewEvent("psf/upstream-lib", 15, "approved", ago(6)),
		githubtest.IssuesEvent("psf/upstream-lib", 30, "opened", "Crash on empty input", ago(7)),
		githubtest.PushEvent("erin/service", 1, now.Add(-time.Hour)),
	)

	res := runCLI(t, nil, "analyze", "erin", "--api-url", s.APIURL(), "--format", "json", "--cache-dir", t.TempDir())
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	var r historyReport
	if err := json.Unmarshal([]byte(res.stdout), &r); err != nil {
		t.Fatal(err)
	}

	byName := map[string]int{}
	for i, repo := range r.Repos {
		byName[repo.Name] = i
	}
	if len(r.Repos) != 3 {
		t.Fatalf("analysed %v, want service, ml-notes and the fork upstream-lib", byName)
	}

	svc := r.Repos[byName["service"]].History
	if svc == nil {
		t.Fatal("service has no history")
	}
	if svc.Commits != 8 || !svc.Complete || svc.TheirCommits != 5 {
		t.Errorf("service: %d commits, complete %v, theirs %d; want 8, true, 5", svc.Commits, svc.Complete, svc.TheirCommits)
	}
	wantMatched := map[string]int{"noreply_email": 1, "attributed_email": 1, "mailmap": 1, "public_email": 2}
	if !reflect.DeepEqual(svc.MatchedBy, wantMatched) {
		t.Errorf("service matched by %v, want %v", svc.MatchedBy, wantMatched)
	}
	if svc.BadDates != 2 || svc.NoEmail != 1 || svc.OtherAuthors != 3 || svc.RecentCommits != 3 {
		t.Errorf("service: bad dates %d, no email %d, others %d, recent %d", svc.BadDates, svc.NoEmail, svc.OtherAuthors, svc.RecentCommits)
	}
	if svc.FirstCommit == nil || !svc.FirstCommit.Equal(ago(40)) || !svc.LastCommit.Equal(ago(10)) {
		t.Errorf("service: first %v last %v", svc.FirstCommit, svc.LastCommit)
	}
	// Lines: 600 (tutor) + 10 + 5 + 3 (mailmap and c.py) + 3 (bob) + 1 + 1 + 1.
	if svc.LinesAdded != 624 || svc.TheirLinesAdded != 20 || svc.MostlyTheirs == nil || *svc.MostlyTheirs {
		t.Errorf("service lines: %d added, %d theirs, mostly %v", svc.LinesAdded, svc.TheirLinesAdded, svc.MostlyTheirs)
	}
	if len(svc.Signals) != 1 || svc.Signals[0].Kind != "large_initial_commit" {
		t.Errorf("service signals %+v", svc.Signals)
	}

	ml := r.Repos[byName["ml-notes"]].History
	if ml == nil || ml.TheirCommits != 2 || ml.MatchedBy["attributed_email"] != 2 {
		t.Errorf("ml-notes history %+v", ml)
	}
	// Every repository with commits no known identity matched is asked,
	// most unmatched first (service: Tutor, Bob, Ghost and the work
	// email), within the budget of 3; each taught something but the last.
	if !reflect.DeepEqual(r.Identity.Lookups, []string{"erin/service", "erin/ml-notes", "erin/upstream-lib"}) {
		t.Errorf("lookups %v", r.Identity.Lookups)
	}
	type lookup struct {
		repo       string
		unmatched  int
		outcome    string
		signatures int
		emails     []string
		names      []string
	}
	var gotLookups []lookup
	for _, l := range r.Identity.LookupResults {
		gotLookups = append(gotLookups, lookup{l.Repo, l.Unmatched, l.Outcome, l.Signatures, l.NewEmails, l.NewNames})
	}
	wantLookups := []lookup{
		{"erin/service", 4, "learned", 3, []string{"erin@work.example"}, []string{"Erin"}},
		{"erin/ml-notes", 2, "learned", 1, nil, []string{"Erin W"}},
		{"erin/upstream-lib", 2, "nothing_new", 1, nil, nil},
	}
	if !reflect.DeepEqual(gotLookups, wantLookups) {
		t.Errorf("lookup results %+v\nwant %+v", gotLookups, wantLookups)
	}
	emails := map[string]string{}
	for _, e := range r.Identity.Emails {
		emails[e.Value] = e.MatchedBy
	}
	wantEmails := map[string]string{
		"erin@users.noreply.github.com":     "noreply_email",
		"777+erin@users.noreply.github.com": "noreply_email",
		"erin@example.com":                  "public_email",
		"erin@work.example":                 "attributed_email",
	}
	if !reflect.DeepEqual(emails, wantEmails) {
		t.Errorf("identity emails %v, want %v", emails, wantEmails)
	}

	fork := r.Repos[byName["upstream-lib"]]
	if fork.ForkOf != "psf/upstream-lib" || fork.AheadBy != 1 || fork.Python.Files != 2 {
		t.Errorf("fork: of %q ahead %d, %d python files (want only the 2 its owner changed)", fork.ForkOf, fork.AheadBy, fork.Python.Files)
	}
	reasons := map[string]string{}
	for _, sk := range r.Skipped {
		reasons[sk.Name] = sk.Reason
	}
	if reasons["old-fork"] != "fork with no pushes since it was made (use --include-forks to analyse forks)" {
		t.Errorf("old-fork: %q", reasons["old-fork"])
	}

	// Activity: service weeks of days 40, 20, 10; ml-notes 60 and 8; the
	// fork's day 4: distinct weeks depend on today's weekday, so they are
	// derived the same way the report must derive them.
	weekOf := func(d time.Time) int {
		monday := now.AddDate(0, 0, -((int(now.Weekday()) + 6) % 7)).Truncate(24 * time.Hour)
		return 51 - int(monday.Sub(d.Truncate(24*time.Hour)).Hours()+167)/168
	}
	want := make([]int, 52)
	for _, d := range []int{40, 20, 10, 60, 8, 4} {
		want[weekOf(ago(d))]++
	}
	if !reflect.DeepEqual(r.Activity.Weekly, want) {
		t.Errorf("weekly %v\nwant   %v", r.Activity.Weekly, want)
	}
	if r.Activity.LastActivity == nil || !r.Activity.LastActivity.Equal(now.Add(-time.Hour)) {
		t.Errorf("last activity %v, want the push event at %v", r.Activity.LastActivity, now.Add(-time.Hour))
	}

	c := r.Contributions
	if c.PullRequestsOpened != 1 || c.PullRequestsMerged != 1 || c.Reviews != 1 || c.IssuesOpened != 1 || len(c.Items) != 4 {
		t.Errorf("contributions %+v", c)
	}
	for _, it := range c.Items {
		if it.Repo != "psf/upstream-lib" || !strings.HasPrefix(it.URL, s.URL()+"/psf/upstream-lib/") {
			t.Errorf("contribution item %+v", it)
		}
	}
	var signals []string
	for _, sg := range r.Signals {
		signals = append(signals, sg.Kind)
	}
	sort.Strings(signals)
	if len(signals) != 0 {
		t.Errorf("candidate signals %v, want none (active, with module code)", signals)
	}
	if r.Languages["Python"] == 0 || r.Languages["Jupyter Notebook"] == 0 {
		t.Errorf("languages %v", r.Languages)
	}
	// user, one page of repos, parent and compare for the one fork pushed
	// to, three attribution lookups, one page of events.
	if r.API.Requests != 8 {
		t.Errorf("%d API requests, want 8", r.API.Requests)
	}
}

func TestAuthorshipBoundedHistoryUsesStats(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "finn", ID: 5})
	s.AddUser(githubtest.User{Login: "olive", Email: "other@example.com"})
	var hist []githubtest.Commit
	for i := 0; i < 6; i++ {
		email := "finn@users.noreply.github.com"
		if i%2 == 1 {
			email = "other@example.com"
		}
		hist = append(hist, githubtest.Commit{AuthorName: "x", AuthorEmail: email, AuthorDate: now.AddDate(0, 0, -10+i),
			Files: map[string]string{"m.py": strings.Repeat("y = 2\n", i+1)}})
	}
	s.AddRepo("finn", githubtest.Repo{Name: "long", Language: "Python", PushedAt: now, History: hist})
	s.StatsPending("finn", "long", 1)

	res := runCLI(t, nil, "analyze", "finn", "--api-url", s.APIURL(), "--format", "json", "--cache-dir", t.TempDir(), "--history-depth", "3")
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	var r historyReport
	if err := json.Unmarshal([]byte(res.stdout), &r); err != nil {
		t.Fatal(err)
	}
	h := r.Repos[0].History
	if h == nil || h.Commits != 3 || h.Complete || h.TheirCommits != 1 {
		t.Fatalf("history %+v, want the 3 newest commits, incomplete, 1 theirs", h)
	}
	all := r.Repos[0].AllTime
	if all == nil || all.Unavailable != "" || all.Commits != 6 || all.TheirCommits != 3 {
		t.Errorf("all-time share %+v, want 3 of 6 from GitHub's statistics", all)
	}
}

func TestLibrariesDatedByHistory(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	ago := func(days int) time.Time { return now.AddDate(0, 0, -days) }
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "jo"})
	s.AddRepo("jo", githubtest.Repo{Name: "svc", Language: "Python", PushedAt: ago(1), History: []githubtest.Commit{
		{AuthorEmail: "jo@users.noreply.github.com", AuthorDate: ago(100), Files: map[string]string{"app.py": "import flask\n", "util.py": "x = 1\n"}},
		{AuthorEmail: "jo@users.noreply.github.com", AuthorDate: ago(60), Files: map[string]string{"util.py": "x = 2\n"}},
		{AuthorEmail: "jo@users.noreply.github.com", AuthorDate: ago(30), Files: map[string]string{"app.py": "import flask\nimport requests\n"}},
		{AuthorEmail: "jo@users.noreply.github.com", AuthorDate: ago(5), Files: map[string]string{"util.py": "x = 3\n"}},
	}})
	res := runCLI(t, nil, "analyze", "jo", "--api-url", s.APIURL(), "--format", "json", "--cache-dir", t.TempDir())
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	var doc struct {
		Libraries []struct {
			Import      string     `json:"import"`
			FirstCommit *time.Time `json:"first_commit"`
			LastCommit  *time.Time `json:"last_commit"`
		} `json:"libraries"`
		Repos []struct {
			Dependencies struct {
				Libraries []struct {
					Import       string `json:"import"`
					WholeHistory bool   `json:"whole_history"`
				} `json:"libraries"`
			} `json:"dependencies"`
		} `json:"repos"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	dates := map[string][2]time.Time{}
	for _, l := range doc.Libraries {
		if l.FirstCommit == nil || l.LastCommit == nil {
			t.Fatalf("%s has no dates", l.Import)
		}
		dates[l.Import] = [2]time.Time{*l.FirstCommit, *l.LastCommit}
	}
	// app.py imports both; it was changed at 100 and 30 days ago (util.py's
	// commits do not count).
	want := [2]time.Time{ago(100), ago(30)}
	for _, imp := range []string{"flask", "requests"} {
		if got := dates[imp]; !got[0].Equal(want[0]) || !got[1].Equal(want[1]) {
			t.Errorf("%s dated %v, want %v", imp, got, want)
		}
	}
	if len(doc.Repos) != 1 || len(doc.Repos[0].Dependencies.Libraries) != 2 || !doc.Repos[0].Dependencies.Libraries[0].WholeHistory {
		t.Errorf("repo libraries %+v, want both dated over the whole history", doc.Repos)
	}
}

// botsAndIdentitiesServer is a candidate committing under three emails
// (one a case variant of the public one) beside bots, a person called
// Abbott and one whose login is robotics-dev.
func botsAndIdentitiesServer(t *testing.T) *githubtest.Server {
	now := time.Now().UTC().Truncate(time.Second)
	ago := func(days int) time.Time { return now.AddDate(0, 0, -days) }
	lines := func(n int) string { return strings.Repeat("x = 1\n", n) }
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "gail", ID: 4100, Email: "gail@example.org"})
	s.LinkEmail("gail", "gail@lab.example")
	s.AddRepo("gail", githubtest.Repo{Name: "tool", Language: "Python", PushedAt: ago(1), History: []githubtest.Commit{
		{AuthorName: "Gail Lab", AuthorEmail: "gail@example.org", AuthorDate: ago(30), Files: map[string]string{"a.py": lines(10)}},
		{AuthorName: "Gail Lab", AuthorEmail: "GAIL@EXAMPLE.ORG", AuthorDate: ago(29), Files: map[string]string{"b.py": lines(5)}},
		{AuthorName: "Gail Lab", AuthorEmail: "gail@lab.example", AuthorDate: ago(28), Files: map[string]string{"c.py": lines(7)}},
		{AuthorName: "dependabot[bot]", AuthorEmail: "49699333+dependabot[bot]@users.noreply.github.com", AuthorDate: ago(27), Files: map[string]string{"requirements.txt": lines(2)}},
		{AuthorName: "pre-commit-ci[bot]", AuthorEmail: "66853113+pre-commit-ci[bot]@users.noreply.github.com", AuthorDate: ago(26), Files: map[string]string{"a.py": lines(11)}},
		{AuthorName: "Jane Abbott", AuthorEmail: "abbott@example.com", AuthorDate: ago(25), Files: map[string]string{"d.py": lines(4)}},
		{AuthorName: "GitHub Action", AuthorEmail: "action@github.com", AuthorDate: ago(24), Files: map[string]string{"CHANGELOG.md": lines(3)}},
	}})
	s.AddRepo("gail", githubtest.Repo{Name: "lab", Language: "Python", PushedAt: ago(2), History: []githubtest.Commit{
		{AuthorName: "Gail Lab", AuthorEmail: "gail@lab.example", AuthorDate: ago(40), Files: map[string]string{"m.py": lines(1)}},
		{AuthorName: "Gail Lab", AuthorEmail: "gail@lab.example", AuthorDate: ago(39), Files: map[string]string{"n.py": lines(1)}},
		{AuthorName: "Gail Lab", AuthorEmail: "gail@lab.example", AuthorDate: ago(38), Files: map[string]string{"o.py": lines(1)}},
		{AuthorName: "robotics-dev", AuthorEmail: "999+robotics-dev@users.noreply.github.com", AuthorDate: ago(37), Files: map[string]string{"p.py": lines(1)}},
	}})
	s.AddRepo("gail", githubtest.Repo{Name: "quiet", Language: "Python", PushedAt: ago(3), History: []githubtest.Commit{
		{AuthorName: "Other", AuthorEmail: "other@example.com", AuthorDate: ago(50), Files: map[string]string{"q.py": lines(1)}},
		{AuthorName: "Gail Lab", AuthorEmail: "gail@example.org", AuthorDate: ago(49), Files: map[string]string{"r.py": lines(1)}},
	}})
	s.AddRepo("gail", githubtest.Repo{Name: "mine", Language: "Python", PushedAt: ago(4), History: []githubtest.Commit{
		{AuthorName: "Gail", AuthorEmail: "4100+gail@users.noreply.github.com", AuthorDate: ago(60), Files: map[string]string{"s.py": lines(1)}},
	}})
	return s
}

func TestBotsAndLearnedIdentities(t *testing.T) {
	type lookup struct {
		repo          string
		unmatched     int
		outcome       string
		signatures    int
		emails, names []string
		failed        bool
	}
	learnedLab := lookup{"gail/lab", 4, "learned", 1, []string{"gail@lab.example"}, []string{"Gail Lab"}, false}
	cases := []struct {
		name    string
		fault   func(*githubtest.Server)
		lookups []lookup
		// unlearned: the work email stays unknown, so the figures are
		// not the ones below.
		unlearned bool
	}{
		// The repository with the most unmatched commits first; the next
		// teaches nothing new, so the third is not asked.
		{"stops when nothing new", nil, []lookup{learnedLab, {"gail/tool", 2, "nothing_new", 3, nil, nil, false}}, false},
		// A failed lookup is recorded and the next repository asked: the
		// same identity is learned from tool instead.
		{"a failure is recorded and passed", func(s *githubtest.Server) { s.FailNext("/repos/gail/lab/commits", 404, 1) }, []lookup{
			{"gail/lab", 4, "failed", 0, nil, nil, true},
			{"gail/tool", 2, "learned", 3, []string{"gail@lab.example"}, []string{"Gail Lab"}, false},
			{"gail/quiet", 1, "nothing_new", 1, nil, nil, false},
		}, false},
		// A rate limit ends the lookups, recorded as such.
		{"a rate limit ends the lookups", func(s *githubtest.Server) { s.ExhaustRateLimitAt("/repos/gail/lab/commits") }, []lookup{
			{"gail/lab", 4, "rate_limited", 0, nil, nil, true},
		}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := botsAndIdentitiesServer(t)
			if c.fault != nil {
				c.fault(s)
			}
			res := runCLI(t, nil, "analyze", "gail", "--api-url", s.APIURL(), "--format", "json", "--cache-dir", t.TempDir())
			if res.code != 0 {
				t.Fatalf("exit %d: %s", res.code, res.stderr)
			}
			var r historyReport
			if err := json.Unmarshal([]byte(res.stdout), &r); err != nil {
				t.Fatal(err)
			}
			var got []lookup
			var asked []string
			for _, l := range r.Identity.LookupResults {
				got = append(got, lookup{l.Repo, l.Unmatched, l.Outcome, l.Signatures, l.NewEmails, l.NewNames, l.Error != ""})
				asked = append(asked, l.Repo)
			}
			if !reflect.DeepEqual(got, c.lookups) {
				t.Errorf("lookups %+v\nwant    %+v", got, c.lookups)
			}
			if !reflect.DeepEqual(r.Identity.Lookups, asked) {
				t.Errorf("lookups[] %v, want every repository asked: %v", r.Identity.Lookups, asked)
			}
			if n := s.RequestCount("/repos/gail/"); n != len(c.lookups) {
				t.Errorf("%d requests under /repos/gail/, want the %d lookups", n, len(c.lookups))
			}
			if c.unlearned {
				if r.Identity.Unavailable == "" {
					t.Error("identity.unavailable is empty after a rate limit")
				}
				return
			}

			type figures struct {
				commits, bots, theirs, others int
				commitShare                   float64
				lines, botLines, theirLines   int
				lineShare                     float64
			}
			want := map[string]figures{
				// 7 commits, 3 by bots; Gail's 3 (two by case variants of
				// the public email, one by the learned one) of the 4 by
				// people. Lines: 10+5+7 hers, Abbott's 4, bots' 2+1+3.
				"tool": {7, 3, 3, 1, 0.75, 32, 6, 22, 0.846},
				// robotics-dev is a person.
				"lab":   {4, 0, 3, 1, 0.75, 4, 0, 3, 0.75},
				"quiet": {2, 0, 1, 1, 0.5, 2, 0, 1, 0.5},
				"mine":  {1, 0, 1, 0, 1, 1, 0, 1, 1},
			}
			for _, repo := range r.Repos {
				h := repo.History
				if h == nil {
					t.Errorf("%s has no history", repo.Name)
					continue
				}
				gotF := figures{h.Commits, h.BotCommits, h.TheirCommits, h.OtherAuthors, h.CommitShare, h.LinesAdded, h.BotLinesAdded, h.TheirLinesAdded, h.LineShare}
				if gotF != want[repo.Name] {
					t.Errorf("%s: %+v\nwant %+v", repo.Name, gotF, want[repo.Name])
				}
			}
			if len(r.Repos) != 4 {
				t.Errorf("%d repositories analysed, want 4", len(r.Repos))
			}
		})
	}
}
