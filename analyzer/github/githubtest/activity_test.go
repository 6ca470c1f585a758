package githubtest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/google/go-github/v60/github"

	"github.com/pyscout/pyscout/analyzer/github/githubtest"
)

func TestEventsPaginatedAndCapped(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice", ID: 77})
	s.AddUser(githubtest.User{Login: "up", Type: "Organization"})
	s.AddRepo("up", githubtest.Repo{Name: "lib", DefaultBranch: "trunk"})
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	// 350 events, one an hour, added oldest first: the newest 300 are served.
	var events []githubtest.Event
	for i := range 345 {
		events = append(events, githubtest.Event{Type: "WatchEvent", Repo: "up/lib", CreatedAt: start.Add(time.Duration(i) * time.Hour), Payload: map[string]string{"action": "started"}})
	}
	at := func(h int) time.Time { return start.Add(time.Duration(345+h) * time.Hour) }
	events = append(events,
		githubtest.PullRequestEvent("up/lib", 12, "closed", true, "Fix the parser", at(0)),
		githubtest.PullRequestReviewEvent("up/lib", 13, "changes_requested", at(1)),
		githubtest.IssuesEvent("up/lib", 14, "opened", "Crash on empty input", at(2)),
		githubtest.IssueCommentEvent("other/repo", 15, at(3)),
		githubtest.PushEvent("up/lib", 25, at(4)),
	)
	s.AddEvents("alice", events...)
	client := newPlainClient(t, s)
	ctx := context.Background()

	opts := &github.ListOptions{PerPage: 100}
	var all []*github.Event
	var sizes []int
	for {
		page, resp, err := client.Activity.ListEventsPerformedByUser(ctx, "alice", true, opts)
		if err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, len(page))
		all = append(all, page...)
		if opts.Page <= 1 && resp.LastPage != 3 {
			t.Errorf("last page = %d, want 3", resp.LastPage)
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	if fmt.Sprint(sizes) != "[100 100 100]" {
		t.Errorf("page sizes %v, want [100 100 100]", sizes)
	}
	for i := 1; i < len(all); i++ {
		if all[i].GetCreatedAt().After(all[i-1].GetCreatedAt().Time) {
			t.Fatalf("event %d is newer than event %d", i, i-1)
		}
	}
	if oldest := all[len(all)-1].GetCreatedAt().Time; !oldest.Equal(start.Add(50 * time.Hour)) {
		t.Errorf("oldest served event at %v, want the 51st added", oldest)
	}

	// Past the cap, GitHub answers 422.
	_, _, err := client.Activity.ListEventsPerformedByUser(ctx, "alice", true, &github.ListOptions{PerPage: 100, Page: 4})
	var errResp *github.ErrorResponse
	if !errors.As(err, &errResp) || errResp.Response.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("page 4: err = %v, want 422", err)
	}
	// The default page size is 30, and /users/LOGIN/events answers the same.
	first, resp, err := client.Activity.ListEventsPerformedByUser(ctx, "alice", false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 30 || resp.LastPage != 10 || first[0].GetID() != all[0].GetID() {
		t.Errorf("default page: %d events, last page %d", len(first), resp.LastPage)
	}

	// The constructors' payloads parse as go-github's types.
	push := all[0]
	if push.GetType() != "PushEvent" || push.GetActor().GetLogin() != "alice" || push.GetRepo().GetName() != "up/lib" || !push.GetPublic() {
		t.Errorf("push event = %v", push)
	}
	payload, err := push.ParsePayload()
	if err != nil {
		t.Fatal(err)
	}
	pe := payload.(*github.PushEvent)
	if pe.GetSize() != 25 || len(pe.Commits) != 20 || pe.GetRef() != "refs/heads/trunk" || len(pe.GetHead()) != 40 ||
		pe.Commits[19].GetSHA() != pe.GetHead() || pe.Commits[0].GetAuthor().GetEmail() != "77+alice@users.noreply.github.com" {
		t.Errorf("push payload = %v", pe)
	}

	payload, err = all[1].ParsePayload()
	if err != nil {
		t.Fatal(err)
	}
	if c := payload.(*github.IssueCommentEvent); c.GetAction() != "created" || c.GetIssue().GetNumber() != 15 ||
		c.GetComment().GetUser().GetLogin() != "alice" || c.GetIssue().GetUser().GetLogin() != "other" ||
		!strings.HasPrefix(c.GetComment().GetHTMLURL(), s.URL()+"/other/repo/issues/15#issuecomment-") {
		t.Errorf("issue comment payload = %v", c)
	}

	payload, err = all[2].ParsePayload()
	if err != nil {
		t.Fatal(err)
	}
	if is := payload.(*github.IssuesEvent); is.GetAction() != "opened" || is.GetIssue().GetTitle() != "Crash on empty input" ||
		is.GetIssue().GetState() != "open" || is.GetIssue().GetHTMLURL() != s.URL()+"/up/lib/issues/14" || is.GetIssue().GetUser().GetLogin() != "alice" {
		t.Errorf("issues payload = %v", is)
	}

	payload, err = all[3].ParsePayload()
	if err != nil {
		t.Fatal(err)
	}
	if rv := payload.(*github.PullRequestReviewEvent); rv.GetReview().GetState() != "changes_requested" || rv.GetReview().GetUser().GetLogin() != "alice" ||
		rv.GetPullRequest().GetNumber() != 13 || rv.GetPullRequest().GetUser().GetLogin() != "up" {
		t.Errorf("review payload = %v", rv)
	}

	payload, err = all[4].ParsePayload()
	if err != nil {
		t.Fatal(err)
	}
	pr := payload.(*github.PullRequestEvent)
	if pr.GetAction() != "closed" || pr.GetNumber() != 12 || !pr.GetPullRequest().GetMerged() || pr.GetPullRequest().GetState() != "closed" ||
		pr.GetPullRequest().GetTitle() != "Fix the parser" || pr.GetPullRequest().GetUser().GetLogin() != "alice" ||
		pr.GetPullRequest().GetHTMLURL() != s.URL()+"/up/lib/pull/12" || !pr.GetPullRequest().GetMergedAt().Time.Equal(at(0)) {
		t.Errorf("pull request payload = %v", pr)
	}
	if id := all[4].GetID(); id == "" || id == all[3].GetID() {
		t.Errorf("event IDs %q and %q", id, all[3].GetID())
	}

	// Unknown accounts have no events.
	if _, _, err := client.Activity.ListEventsPerformedByUser(ctx, "nobody", true, nil); !errors.As(err, &errResp) || errResp.Response.StatusCode != http.StatusNotFound {
		t.Errorf("unknown user: %v", err)
	}
}

func TestEventsOrderAndIDs(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice"})
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	s.AddEvents("alice",
		githubtest.Event{Type: "CreateEvent", Repo: "a/x", CreatedAt: day, ID: "custom"},
		githubtest.Event{Type: "ForkEvent", Repo: "a/y", CreatedAt: day.Add(time.Hour)},
		githubtest.Event{Type: "WatchEvent", Repo: "a/z", CreatedAt: day}, // same time as the first: listed before it
	)
	events, _, err := newPlainClient(t, s).Activity.ListEventsPerformedByUser(context.Background(), "alice", true, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range events {
		got = append(got, e.GetType()+":"+e.GetID())
		if string(e.GetRawPayload()) != "{}" {
			t.Errorf("%s payload = %s, want {}", e.GetType(), e.GetRawPayload())
		}
	}
	if want := "ForkEvent:30000000001 WatchEvent:30000000002 CreateEvent:custom"; strings.Join(got, " ") != want {
		t.Errorf("events = %s, want %s", strings.Join(got, " "), want)
	}
}

func TestStats(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice", ID: 5})
	s.AddUser(githubtest.User{Login: "bob"})
	now := time.Date(2025, 6, 18, 12, 0, 0, 0, time.UTC) // a Wednesday
	s.SetNow(now)
	sunday := time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC)
	s.AddRepo("alice", githubtest.Repo{Name: "p", History: []githubtest.Commit{
		{AuthorEmail: "5+alice@users.noreply.github.com", AuthorDate: sunday.AddDate(0, 0, -14).Add(time.Hour), Files: map[string]string{"a.py": "1\n2\n3\n"}},
		{AuthorEmail: "bob@users.noreply.github.com", AuthorDate: sunday.AddDate(0, 0, -14).Add(2 * time.Hour), Files: map[string]string{"a.py": "1\n"}},
		{AuthorEmail: "stranger@example.com", AuthorDate: sunday.Add(time.Hour), Files: map[string]string{"b.py": "x\n"}},
		{AuthorEmail: "5+alice@users.noreply.github.com", AuthorDate: sunday.Add(3 * 24 * time.Hour), Files: map[string]string{"c.py": "1\n2\n"}},
		{AuthorEmail: "5+alice@users.noreply.github.com", AuthorDate: date1985, Files: map[string]string{"d.py": "1\n"}}, // outside the last year
	}})
	s.AddRepo("alice", githubtest.Repo{Name: "empty"})
	s.StatsPending("alice", "p", 2)
	client := newPlainClient(t, s)
	ctx := context.Background()

	_, resp, err := client.Repositories.ListContributorsStats(ctx, "alice", "p")
	var accepted *github.AcceptedError
	if !errors.As(err, &accepted) || resp.StatusCode != http.StatusAccepted || string(accepted.Raw) != "{}" {
		t.Fatalf("first request: err = %v, want 202 *github.AcceptedError", err)
	}
	if _, _, err := client.Repositories.ListCommitActivity(ctx, "alice", "p"); !errors.As(err, &accepted) {
		t.Fatalf("second request: err = %v, want 202", err)
	}

	stats, resp, err := client.Repositories.ListContributorsStats(ctx, "alice", "p")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("third request: %v", err)
	}
	if len(stats) != 2 || stats[0].GetAuthor().GetLogin() != "bob" || stats[1].GetAuthor().GetLogin() != "alice" {
		t.Fatalf("contributors = %v, want bob then alice", stats)
	}
	alice := stats[1]
	if alice.GetTotal() != 3 || alice.GetAuthor().GetID() != 5 || len(alice.Weeks) != len(stats[0].Weeks) {
		t.Errorf("alice = %v", alice)
	}
	// Weeks run from 1985 to this week, Sunday to Sunday.
	firstWeek, lastWeek := alice.Weeks[0], alice.Weeks[len(alice.Weeks)-1]
	if want := time.Date(1985, 3, 3, 0, 0, 0, 0, time.UTC); !firstWeek.GetWeek().Time.Equal(want) || firstWeek.GetCommits() != 1 || firstWeek.GetAdditions() != 1 {
		t.Errorf("first week = %v, want %v with 1 commit", firstWeek, want)
	}
	if !lastWeek.GetWeek().Time.Equal(sunday) || lastWeek.GetCommits() != 1 || lastWeek.GetAdditions() != 2 || lastWeek.GetDeletions() != 0 {
		t.Errorf("last week = %v", lastWeek)
	}
	if rootWeek := alice.Weeks[len(alice.Weeks)-3]; rootWeek.GetCommits() != 1 || rootWeek.GetAdditions() != 3 {
		t.Errorf("alice's week of the root commit = %v", rootWeek)
	}
	bobWeek := stats[0].Weeks[len(stats[0].Weeks)-3]
	if !bobWeek.GetWeek().Time.Equal(sunday.AddDate(0, 0, -14)) || bobWeek.GetCommits() != 1 || bobWeek.GetDeletions() != 2 || bobWeek.GetAdditions() != 0 {
		t.Errorf("bob's week = %v", bobWeek)
	}

	activity, _, err := client.Repositories.ListCommitActivity(ctx, "alice", "p")
	if err != nil {
		t.Fatal(err)
	}
	if len(activity) != 52 || !activity[51].GetWeek().Time.Equal(sunday) {
		t.Fatalf("%d weeks, last %v", len(activity), activity[len(activity)-1].GetWeek())
	}
	if w := activity[51]; w.GetTotal() != 2 || fmt.Sprint(w.Days) != "[1 0 0 1 0 0 0]" {
		t.Errorf("this week = %v", w)
	}
	if w := activity[49]; w.GetTotal() != 2 || w.Days[0] != 2 {
		t.Errorf("two weeks ago = %v", w)
	}

	// An empty repository has no statistics: 204, which go-github returns as no error.
	if stats, resp, err := client.Repositories.ListContributorsStats(ctx, "alice", "empty"); err != nil || resp.StatusCode != http.StatusNoContent || len(stats) != 0 {
		t.Errorf("empty repository: %v, status %d, %v", err, resp.StatusCode, stats)
	}
}

// reachableCommits counts the commits go-git can read from main by following parents,
// stopping where a shallow clone's history ends.
func reachableCommits(t *testing.T, repo *git.Repository) int {
	t.Helper()
	ref, err := repo.Reference(plumbing.NewBranchReferenceName("main"), true)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[plumbing.Hash]bool{}
	queue := []plumbing.Hash{ref.Hash()}
	for len(queue) > 0 {
		h := queue[0]
		queue = queue[1:]
		if seen[h] {
			continue
		}
		c, err := repo.CommitObject(h)
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		seen[h] = true
		queue = append(queue, c.ParentHashes...)
	}
	return len(seen)
}

// unshallowDepth is the depth git fetch --unshallow asks for: git's INFINITE_DEPTH.
const unshallowDepth = 0x7fffffff

func TestDeepenShallowClone(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice"})
	var history []githubtest.Commit
	for i := range 6 {
		history = append(history, githubtest.Commit{Files: map[string]string{"a.py": fmt.Sprintf("v%d\n", i)}})
	}
	s.AddRepo("alice", githubtest.Repo{Name: "p", History: history})
	ctx := context.Background()

	repo, err := git.PlainCloneContext(ctx, t.TempDir(), true, cloneOptions(s.CloneURL("alice", "p")))
	if err != nil {
		t.Fatal(err)
	}
	if n := reachableCommits(t, repo); n != 1 {
		t.Fatalf("after a depth-1 clone: %d commits, want 1", n)
	}
	fetch := func(depth int) error {
		return repo.FetchContext(ctx, &git.FetchOptions{
			RefSpecs: []config.RefSpec{"+refs/heads/main:refs/heads/main"},
			Depth:    depth,
			Tags:     git.NoTags,
			Force:    true,
		})
	}

	if err := fetch(3); err != nil {
		t.Fatalf("fetch with depth 3: %v", err)
	}
	if n := reachableCommits(t, repo); n != 3 {
		t.Errorf("after a depth-3 fetch: %d commits, want 3", n)
	}

	// go-git (v5.19) sends its shallow commits only when Depth is not 0, so with Depth 0
	// upload-pack believes the client has the whole history of the tip it already has:
	// nothing is fetched and no error is reported. Ask for git's infinite depth instead.
	if err := fetch(0); err != nil {
		t.Fatalf("fetch with depth 0: %v", err)
	}
	if n := reachableCommits(t, repo); n != 3 {
		t.Errorf("after a depth-0 fetch: %d commits; go-git used to fetch nothing here (update the comment above)", n)
	}

	if err := fetch(unshallowDepth); err != nil {
		t.Fatalf("fetch with depth %d: %v", unshallowDepth, err)
	}
	if n := reachableCommits(t, repo); n != 6 {
		t.Errorf("after an unshallowing fetch: %d commits, want 6", n)
	}
	// go-git reads the whole history now, although it never prunes its shallow list
	// (it ignores upload-pack's "unshallow" lines), so the git CLI still sees 1 commit.
	it, err := repo.Log(&git.LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := it.ForEach(func(*object.Commit) error { n++; return nil }); err != nil || n != 6 {
		t.Errorf("Log: %d commits, err %v", n, err)
	}

	// New commits upstream arrive with a shallow fetch on top of the full history.
	s.AppendCommits("alice", "p", githubtest.Commit{Files: map[string]string{"a.py": "v6\n"}})
	if err := fetch(1); err != nil {
		t.Fatalf("fetch after AppendCommits: %v", err)
	}
	if n := reachableCommits(t, repo); n != 7 {
		t.Errorf("after fetching a new commit: %d commits, want 7", n)
	}
}
