package analyzer

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer/clone"
	"github.com/pyscout/pyscout/analyzer/github"
	"github.com/pyscout/pyscout/analyzer/github/githubtest"
	"github.com/pyscout/pyscout/analyzer/history"
)

// TestEarlyAsksTakenOnlyForTheSameRepositories runs authorship on
// histories reported early: its lookups are the early ones when the
// repositories are the same, and are asked again (as authorship asked
// before the early asks) when a repository failed after its commits were
// listed, so that the report never names a lookup on a repository it
// leaves out.
func TestEarlyAsksTakenOnlyForTheSameRepositories(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	for _, failed := range []bool{false, true} {
		s := githubtest.New(t)
		s.AddUser(githubtest.User{Login: "ann"})
		for _, name := range []string{"one", "two"} {
			s.AddRepo("ann", githubtest.Repo{Name: name, Language: "Python", PushedAt: now, History: []githubtest.Commit{
				{AuthorName: "Ann", AuthorEmail: "ann@users.noreply.github.com", AuthorDate: now.AddDate(0, 0, -3), Files: map[string]string{"a.py": "x = 1\n"}},
			}})
		}
		gh, err := github.NewClient(github.Options{APIURL: s.APIURL()})
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		acct, err := gh.Account(ctx, "ann")
		if err != nil {
			t.Fatal(err)
		}
		// Both histories have commits by people not recognised: two has
		// more, so it is asked first.
		hist := func(commits, theirs int) *history.RepoHistory {
			return &history.RepoHistory{Commits: commits, TheirCommits: theirs, Complete: true}
		}
		targets := []target{
			{facts: RepoFacts{Name: "one"}, owner: "ann", ok: true, snap: &clone.Snapshot{}},
			{facts: RepoFacts{Name: "two"}, owner: "ann", ok: !failed, snap: &clone.Snapshot{}},
		}
		for i := range targets {
			targets[i].walked = &walked{t: &targets[i], result: hist(4+3*i, 1)}
		}
		opts := Options{IdentityLookups: 2}
		plan := &historyPlan{ident: history.NewIdentity("ann", 0, ""), hopts: history.Options{Now: now, Weeks: activityWeeks}}
		// Known already: the lookups teach nothing new (and the
		// histories, which have no clone here, are not walked again).
		plan.ident.AddName("Ann")
		plan.readContributions(ctx, gh, "ann")
		plan.early = newEarlyAsks(ctx, gh, "ann", plan.ident, targets, opts)
		for i := range targets {
			plan.early.reportListed(&targets[i], targets[i].walked.result)
		}
		if !plan.early.wait(ctx) {
			t.Fatal("the early asks never ended")
		}
		p := &Profile{}
		if err := authorship(ctx, gh, acct, targets, opts, plan, p, func(Event) {}); err != nil {
			t.Fatal(err)
		}
		want, asked := []string{"ann/two"}, 1
		if failed {
			// two was asked early, then one again once two had failed.
			want, asked = []string{"ann/one"}, 2
		}
		if !reflect.DeepEqual(p.Identity.Lookups, want) || len(p.Identity.LookupResults) != 1 {
			t.Errorf("failed %v: lookups %v (results %+v), want %v", failed, p.Identity.Lookups, p.Identity.LookupResults, want)
		}
		if n := s.RequestCount("/repos/ann/"); n != asked {
			t.Errorf("failed %v: %d lookup requests, want %d", failed, n, asked)
		}
	}
}
