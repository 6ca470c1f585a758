package githubtest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/google/go-github/v60/github"

	"github.com/pyscout/pyscout/analyzer/github/githubtest"
)

// newPlainClient returns a go-github client for s configured as for github.com, with
// only BaseURL changed, as the project's github stage configures it.
func newPlainClient(t *testing.T, s *githubtest.Server) *github.Client {
	t.Helper()
	c := github.NewClient(nil)
	u, err := url.Parse(s.APIURL())
	if err != nil {
		t.Fatal(err)
	}
	c.BaseURL = u
	return c
}

// allCommits lists the commits of owner/name with opts, following Link pagination, and
// returns them with the number of pages read.
func allCommits(t *testing.T, c *github.Client, owner, name string, opts github.CommitsListOptions) ([]*github.RepositoryCommit, int) {
	t.Helper()
	var all []*github.RepositoryCommit
	pages := 0
	for {
		page, resp, err := c.Repositories.ListCommits(context.Background(), owner, name, &opts)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		all = append(all, page...)
		if resp.NextPage == 0 {
			return all, pages
		}
		opts.Page = resp.NextPage
	}
}

var (
	date1985 = time.Date(1985, 3, 4, 5, 6, 7, 0, time.UTC)
	date2030 = time.Date(2030, 11, 12, 13, 14, 15, 0, time.UTC)
	kolkata  = time.FixedZone("IST", 5*3600+30*60)
)

func TestHistoryIdentitiesAndDates(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice", ID: 501, Email: "alice@public.example"})
	s.AddUser(githubtest.User{Login: "bob", ID: 502})
	s.LinkEmail("bob", "Bob@Work.example")
	history := []githubtest.Commit{
		{Message: "ancient", AuthorName: "Alice", AuthorEmail: "501+alice@users.noreply.github.com", AuthorDate: date1985,
			Files: map[string]string{"a.py": "1\n", ".mailmap": "Alice <alice@public.example> <501+alice@users.noreply.github.com>\n"}},
		{AuthorName: "Nobody", AuthorEmail: "", Files: map[string]string{"b.py": "2\n"}}, // empty email, default message and date
		{Message: "subject\n\nbody", AuthorName: "Bob", AuthorEmail: "bob@work.example", AuthorDate: time.Date(2024, 6, 1, 12, 0, 0, 0, kolkata),
			CommitterName: "Alice", CommitterEmail: "ALICE@public.example", CommitDate: date2030,
			Delete: []string{"a.py"}, Symlinks: map[string]string{"link": "b.py"}},
		{AuthorName: "Stranger", AuthorEmail: "someone@else.example", AuthorDate: date2030,
			Files: map[string]string{"run.sh": "#!/bin/sh\n"}, Executable: []string{"run.sh"}},
	}
	s.AddRepo("alice", githubtest.Repo{Name: "proj", History: history})
	client := newPlainClient(t, s)
	ctx := context.Background()

	commits, _, err := client.Repositories.ListCommits(ctx, "alice", "proj", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(commits) != 4 {
		t.Fatalf("got %d commits, want 4", len(commits))
	}
	if commits[0].GetSHA() != s.HeadSHA("alice", "proj") {
		t.Errorf("first listed %s, HeadSHA %s", commits[0].GetSHA(), s.HeadSHA("alice", "proj"))
	}
	login := func(u *github.User) string {
		if u == nil {
			return "<null>"
		}
		return u.GetLogin()
	}
	tests := []struct {
		message, authorName, authorEmail, authorLogin string
		authorDate                                    time.Time
		committerName, committerEmail, committerLogin string
		commitDate                                    time.Time
	}{
		// Newest first.
		{"commit 4", "Stranger", "someone@else.example", "<null>", date2030, "Stranger", "someone@else.example", "<null>", date2030},
		{"subject\n\nbody", "Bob", "bob@work.example", "bob", time.Date(2024, 6, 1, 6, 30, 0, 0, time.UTC), "Alice", "ALICE@public.example", "alice", date2030},
		{"commit 2", "Nobody", "", "<null>", time.Date(2024, 1, 1, 2, 0, 0, 0, time.UTC), "Nobody", "", "<null>", time.Date(2024, 1, 1, 2, 0, 0, 0, time.UTC)},
		{"ancient", "Alice", "501+alice@users.noreply.github.com", "alice", date1985, "Alice", "501+alice@users.noreply.github.com", "alice", date1985},
	}
	for i, tt := range tests {
		c := commits[i]
		g := c.GetCommit()
		got := []any{g.GetMessage(), g.GetAuthor().GetName(), g.GetAuthor().GetEmail(), login(c.Author), g.GetAuthor().GetDate().UTC(),
			g.GetCommitter().GetName(), g.GetCommitter().GetEmail(), login(c.Committer), g.GetCommitter().GetDate().UTC()}
		want := []any{tt.message, tt.authorName, tt.authorEmail, tt.authorLogin, tt.authorDate,
			tt.committerName, tt.committerEmail, tt.committerLogin, tt.commitDate}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("commit %d:\n got %v\nwant %v", i, got, want)
		}
		if want := s.URL() + "/alice/proj/commit/" + c.GetSHA(); c.GetHTMLURL() != want {
			t.Errorf("commit %d: html_url %s, want %s", i, c.GetHTMLURL(), want)
		}
		if len(g.GetTree().GetSHA()) != 40 || c.GetNodeID() == "" {
			t.Errorf("commit %d: tree %q, node_id %q", i, g.GetTree().GetSHA(), c.GetNodeID())
		}
		switch {
		case i < 3 && (len(c.Parents) != 1 || c.Parents[0].GetSHA() != commits[i+1].GetSHA()):
			t.Errorf("commit %d: parents %v", i, c.Parents)
		case i == 3 && len(c.Parents) != 0:
			t.Errorf("root commit has parents %v", c.Parents)
		}
	}

	// git itself has the same history: identities, the empty email, dates and zones.
	repo, err := git.PlainCloneContext(ctx, t.TempDir(), true, &git.CloneOptions{URL: s.CloneURL("alice", "proj"), Tags: git.NoTags})
	if err != nil {
		t.Fatal(err)
	}
	bobs, err := repo.CommitObject(plumbing.NewHash(commits[1].GetSHA()))
	if err != nil {
		t.Fatal(err)
	}
	if _, off := bobs.Author.When.Zone(); off != 5*3600+30*60 || bobs.Committer.Email != "ALICE@public.example" {
		t.Errorf("Bob's commit: author %v, committer %v", bobs.Author, bobs.Committer)
	}
	nobody, err := repo.CommitObject(plumbing.NewHash(commits[2].GetSHA()))
	if err != nil {
		t.Fatal(err)
	}
	if nobody.Author.Name != "Nobody" || nobody.Author.Email != "" || nobody.Message != "commit 2\n" {
		t.Errorf("commit 2 = %+v", nobody)
	}
	tree, err := bobs.Tree()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tree.File("a.py"); err == nil {
		t.Error("a.py survived its Delete")
	}
	if f, err := tree.File(".mailmap"); err != nil {
		t.Errorf(".mailmap: %v", err)
	} else if content, _ := f.Contents(); !strings.HasPrefix(content, "Alice <alice@public.example>") {
		t.Errorf(".mailmap = %q", content)
	}
	ancient, err := repo.CommitObject(plumbing.NewHash(commits[3].GetSHA()))
	if err != nil {
		t.Fatal(err)
	}
	if !ancient.Author.When.Equal(date1985) {
		t.Errorf("1985 commit dated %v", ancient.Author.When)
	}

	// The same history gives the same SHAs on another server.
	s2 := githubtest.New(t)
	s2.AddUser(githubtest.User{Login: "zed"})
	s2.AddRepo("zed", githubtest.Repo{Name: "copy", History: history})
	if s2.HeadSHA("zed", "copy") != s.HeadSHA("alice", "proj") {
		t.Error("the same History gave different SHAs")
	}
}

func TestListCommitsFilters(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "Alice", ID: 7, Email: "alice@public.example"})
	s.AddUser(githubtest.User{Login: "bob"})
	s.LinkEmail("alice", "alice@work.example")
	// 40 commits by Alice under four attributed emails, 5 by Bob, 5 by an unlinked email.
	aliceEmails := []string{"7+Alice@users.noreply.github.com", "alice@users.noreply.github.com", "alice@public.example", "ALICE@work.example"}
	var history []githubtest.Commit
	for i := range 50 {
		c := githubtest.Commit{Files: map[string]string{"f.py": fmt.Sprint(i)}}
		switch {
		case i%10 == 3:
			c.AuthorName, c.AuthorEmail = "Bob", "bob@users.noreply.github.com"
		case i%10 == 7:
			c.AuthorName, c.AuthorEmail = "Alice", "alice@elsewhere.example" // not linked
		default:
			c.AuthorName, c.AuthorEmail = "Alice", aliceEmails[i%4]
		}
		history = append(history, c)
	}
	s.AddRepo("alice", githubtest.Repo{Name: "proj", History: history})
	s.AddRepo("alice", githubtest.Repo{Name: "empty"})
	client := newPlainClient(t, s)
	ctx := context.Background()

	got, pages := allCommits(t, client, "alice", "proj", github.CommitsListOptions{Author: "alice", ListOptions: github.ListOptions{PerPage: 25}})
	if len(got) != 40 || pages != 2 {
		t.Errorf("author=alice: %d commits over %d pages, want 40 over 2", len(got), pages)
	}
	for _, c := range got {
		if c.GetAuthor().GetLogin() != "Alice" || c.GetAuthor().GetID() != 7 || c.GetAuthor().GetType() != "User" {
			t.Errorf("commit by %s <%s> attributed to %v", c.GetCommit().GetAuthor().GetName(), c.GetCommit().GetAuthor().GetEmail(), c.GetAuthor())
		}
	}
	req := s.Requests()[len(s.Requests())-2]
	if req.Path != "/repos/alice/proj/commits" || !strings.Contains(req.RawQuery, "author=alice") {
		t.Errorf("request = %+v", req)
	}
	_, resp, err := client.Repositories.ListCommits(ctx, "alice", "proj", &github.CommitsListOptions{Author: "alice", ListOptions: github.ListOptions{PerPage: 25}})
	if err != nil {
		t.Fatal(err)
	}
	if resp.NextPage != 2 || resp.LastPage != 2 {
		t.Errorf("page 1 links: next %d last %d", resp.NextPage, resp.LastPage)
	}

	tests := []struct {
		name string
		opts github.CommitsListOptions
		want int
	}{
		{"all, default page size", github.CommitsListOptions{}, 50},
		{"bob", github.CommitsListOptions{Author: "BOB"}, 5},
		{"an email", github.CommitsListOptions{Author: "Alice@Elsewhere.example"}, 5},
		{"an unknown login", github.CommitsListOptions{Author: "carol"}, 0},
		// Commit N is dated 2024-01-01 plus N hours; since and until are inclusive.
		{"since", github.CommitsListOptions{Since: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)}, 27},
		{"until", github.CommitsListOptions{Until: time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC)}, 10},
		{"since and author", github.CommitsListOptions{Author: "bob", Since: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)}, 3},
		{"sha", github.CommitsListOptions{SHA: "main"}, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := allCommits(t, client, "alice", "proj", tt.opts)
			if len(got) != tt.want {
				t.Errorf("got %d commits, want %d", len(got), tt.want)
			}
		})
	}

	// sha names an older commit: its history only.
	all, _ := allCommits(t, client, "alice", "proj", github.CommitsListOptions{})
	older, _ := allCommits(t, client, "alice", "proj", github.CommitsListOptions{SHA: all[40].GetSHA()[:10]})
	if len(older) != 10 || older[0].GetSHA() != all[40].GetSHA() {
		t.Errorf("from commit 10: %d commits starting at %s", len(older), older[0].GetSHA())
	}

	var errResp *github.ErrorResponse
	_, _, err = client.Repositories.ListCommits(ctx, "alice", "proj", &github.CommitsListOptions{SHA: "nope"})
	if !errors.As(err, &errResp) || errResp.Response.StatusCode != http.StatusNotFound || errResp.Message != "No commit found for SHA: nope" {
		t.Errorf("unknown sha: %v", err)
	}
	_, _, err = client.Repositories.ListCommits(ctx, "alice", "empty", nil)
	if !errors.As(err, &errResp) || errResp.Response.StatusCode != http.StatusConflict || errResp.Message != "Git Repository is empty." {
		t.Errorf("empty repository: %v", err)
	}
	body := getBody(t, s.APIURL()+"repos/alice/proj/commits?since=yesterday", http.StatusBadRequest)
	if !strings.Contains(body, "since") {
		t.Errorf("bad since: %s", body)
	}

	// Faults and the rate limit apply as to every endpoint.
	s.FailNext("/repos/alice/proj/commits", http.StatusBadGateway, 1)
	if _, _, err := client.Repositories.ListCommits(ctx, "alice", "proj", nil); !errors.As(err, &errResp) || errResp.Response.StatusCode != http.StatusBadGateway {
		t.Errorf("FailNext: %v", err)
	}
	s.SetRateLimit(10, 0, time.Now().Add(time.Hour))
	var rateErr *github.RateLimitError
	if _, _, err := newPlainClient(t, s).Repositories.ListCommits(ctx, "alice", "proj", nil); !errors.As(err, &rateErr) {
		t.Errorf("rate limited: %v", err)
	}
}

func TestAppendCommits(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice"})
	pushed := time.Date(2024, 2, 2, 0, 0, 0, 0, time.UTC)
	s.AddRepo("alice", githubtest.Repo{Name: "proj", PushedAt: pushed, Files: map[string]string{"a.py": "1\n"}})
	first := s.HeadSHA("alice", "proj")
	head := s.AppendCommits("alice", "proj",
		githubtest.Commit{Files: map[string]string{"pkg/b.py": strings.Repeat("b", 2000)}},
		githubtest.Commit{Message: "drop pkg", Delete: []string{"pkg"}, Files: map[string]string{"pkg": "now a file\n"}},
	)
	if head != s.HeadSHA("alice", "proj") {
		t.Errorf("AppendCommits = %s, HeadSHA %s", head, s.HeadSHA("alice", "proj"))
	}
	client := newPlainClient(t, s)
	commits, _, err := client.Repositories.ListCommits(context.Background(), "alice", "proj", nil)
	if err != nil {
		t.Fatal(err)
	}
	var messages []string
	for _, c := range commits {
		messages = append(messages, c.GetCommit().GetMessage())
	}
	if want := "drop pkg|commit 2|Initial commit"; strings.Join(messages, "|") != want {
		t.Errorf("messages = %q, want %q", strings.Join(messages, "|"), want)
	}
	if commits[2].GetSHA() != first || commits[1].GetCommit().GetAuthor().GetDate().UTC() != time.Date(2024, 1, 1, 2, 0, 0, 0, time.UTC) {
		t.Errorf("commits = %v", commits)
	}
	r, _, err := client.Repositories.Get(context.Background(), "alice", "proj")
	if err != nil {
		t.Fatal(err)
	}
	if !r.GetPushedAt().Time.Equal(pushed.Add(time.Minute)) || r.GetSize() != 1 {
		t.Errorf("pushed_at %v, size %d", r.GetPushedAt(), r.GetSize())
	}

	// The first commits of an empty repository.
	s.AddRepo("alice", githubtest.Repo{Name: "empty"})
	if sha := s.AppendCommits("alice", "empty", githubtest.Commit{}); sha != s.HeadSHA("alice", "empty") || sha == "" {
		t.Errorf("AppendCommits to an empty repository = %q", sha)
	}
}

// forkNetwork adds up/stream with four commits and alice/stream, a fork of it made after
// three, with two commits of its own.
func forkNetwork(t *testing.T) *githubtest.Server {
	t.Helper()
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "up", Type: "Organization"})
	s.AddUser(githubtest.User{Login: "alice"})
	s.AddRepo("up", githubtest.Repo{Name: "stream", History: upstreamHistory})
	s.AddRepo("alice", githubtest.Repo{Name: "stream", Fork: true, Parent: "up/stream", History: forkHistory})
	return s
}

// upstreamHistory is up/stream's history in forkNetwork.
var upstreamHistory = []githubtest.Commit{
	{AuthorName: "Maintainer", AuthorEmail: "m@up.example", Files: map[string]string{"lib.py": "v1\n"}},
	{AuthorName: "Maintainer", AuthorEmail: "m@up.example", Files: map[string]string{"lib.py": "v2\n"}},
	{AuthorName: "Maintainer", AuthorEmail: "m@up.example", Files: map[string]string{"lib.py": "v3\n"}},
	{AuthorName: "Maintainer", AuthorEmail: "m@up.example", Files: map[string]string{"lib.py": "v4\n"}},
}

// forkHistory is alice/stream's history in forkNetwork.
var forkHistory = githubtest.ForkHistory(upstreamHistory[:3],
	githubtest.Commit{AuthorName: "Alice", AuthorEmail: "alice@users.noreply.github.com", Files: map[string]string{"mine.py": "1\n"}},
	githubtest.Commit{AuthorName: "Alice", AuthorEmail: "alice@users.noreply.github.com", Files: map[string]string{"mine.py": "2\n"}},
)

func TestCompareFork(t *testing.T) {
	s := forkNetwork(t)
	client := newPlainClient(t, s)
	ctx := context.Background()
	up, _ := allCommits(t, client, "up", "stream", github.CommitsListOptions{})
	fork, _ := allCommits(t, client, "alice", "stream", github.CommitsListOptions{})
	if len(up) != 4 || len(fork) != 5 {
		t.Fatalf("upstream %d commits, fork %d", len(up), len(fork))
	}
	for i := 1; i <= 3; i++ {
		if up[i].GetSHA() != fork[i+1].GetSHA() {
			t.Errorf("shared commit %d: upstream %s, fork %s", i, up[i].GetSHA(), fork[i+1].GetSHA())
		}
	}

	// The fork against its upstream, asked of the upstream as GitHub's UI does.
	cmp, _, err := client.Repositories.CompareCommits(ctx, "up", "stream", "main", "alice:main", nil)
	if err != nil {
		t.Fatal(err)
	}
	if cmp.GetStatus() != "diverged" || cmp.GetAheadBy() != 2 || cmp.GetBehindBy() != 1 || cmp.GetTotalCommits() != 2 {
		t.Errorf("status %s ahead %d behind %d total %d", cmp.GetStatus(), cmp.GetAheadBy(), cmp.GetBehindBy(), cmp.GetTotalCommits())
	}
	if len(cmp.Commits) != 2 || cmp.Commits[0].GetSHA() != fork[1].GetSHA() || cmp.Commits[1].GetSHA() != fork[0].GetSHA() {
		t.Errorf("commits = %v, want the fork's two, oldest first", cmp.Commits)
	}
	if cmp.Commits[0].GetAuthor().GetLogin() != "alice" || cmp.Commits[0].GetCommit().GetMessage() != "commit 4" {
		t.Errorf("first ahead commit = %v", cmp.Commits[0])
	}
	if cmp.GetBaseCommit().GetSHA() != up[0].GetSHA() || cmp.GetMergeBaseCommit().GetSHA() != up[1].GetSHA() {
		t.Errorf("base %s merge base %s", cmp.GetBaseCommit().GetSHA(), cmp.GetMergeBaseCommit().GetSHA())
	}
	if want := s.URL() + "/up/stream/compare/main...alice:main"; cmp.GetHTMLURL() != want {
		t.Errorf("html_url = %s, want %s", cmp.GetHTMLURL(), want)
	}

	tests := []struct {
		owner, base, head  string
		status             string
		ahead, behind, len int
	}{
		{"alice", "up:main", "main", "diverged", 2, 1, 2},
		{"alice", "up:stream:main", "alice:stream:main", "diverged", 2, 1, 2},
		{"up", "main", "main", "identical", 0, 0, 0},
		{"up", up[1].GetSHA(), "main", "ahead", 1, 0, 1},
		{"up", "main", up[3].GetSHA()[:7], "behind", 0, 3, 0},
		// As on GitHub, a SHA resolves anywhere in the fork network.
		{"alice", "main", up[0].GetSHA(), "diverged", 1, 2, 1},
	}
	for _, tt := range tests {
		t.Run(tt.owner+":"+tt.base+"..."+tt.head, func(t *testing.T) {
			cmp, _, err := client.Repositories.CompareCommits(ctx, tt.owner, "stream", tt.base, tt.head, nil)
			if err != nil {
				t.Fatal(err)
			}
			if cmp.GetStatus() != tt.status || cmp.GetAheadBy() != tt.ahead || cmp.GetBehindBy() != tt.behind || len(cmp.Commits) != tt.len {
				t.Errorf("status %s ahead %d behind %d, %d commits", cmp.GetStatus(), cmp.GetAheadBy(), cmp.GetBehindBy(), len(cmp.Commits))
			}
		})
	}

	// After the upstream moves on, the fork is two behind.
	s.AppendCommits("up", "stream", githubtest.Commit{Files: map[string]string{"lib.py": "v5\n"}})
	cmp, _, err = client.Repositories.CompareCommits(ctx, "up", "stream", "main", "alice:main", nil)
	if err != nil || cmp.GetBehindBy() != 2 || cmp.GetAheadBy() != 2 {
		t.Errorf("after AppendCommits: %v, ahead %d behind %d", err, cmp.GetAheadBy(), cmp.GetBehindBy())
	}

	// Unrelated histories, other networks and unknown sides.
	s.AddUser(githubtest.User{Login: "carol"})
	s.AddRepo("carol", githubtest.Repo{Name: "stream", Fork: true, Parent: "up/stream", Files: map[string]string{"x": ""}})
	s.AddUser(githubtest.User{Login: "dave"})
	s.AddRepo("dave", githubtest.Repo{Name: "stream", History: forkHistory})
	for head, message := range map[string]string{
		"carol:main":  "No common ancestor between main and carol:main.",
		"dave:main":   "Not Found", // same commits, but not a fork
		"nobody:main": "Not Found",
		"alice:nope":  "Not Found",
	} {
		_, _, err := client.Repositories.CompareCommits(ctx, "up", "stream", "main", head, nil)
		var errResp *github.ErrorResponse
		if !errors.As(err, &errResp) || errResp.Response.StatusCode != http.StatusNotFound || errResp.Message != message {
			t.Errorf("main...%s: err = %v, want 404 %q", head, err, message)
		}
	}
}

func TestComparePaginates(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice"})
	var history []githubtest.Commit
	for i := range 301 {
		history = append(history, githubtest.Commit{Files: map[string]string{"f": fmt.Sprint(i)}})
	}
	s.AddRepo("alice", githubtest.Repo{Name: "p", History: history})
	client := newPlainClient(t, s)
	ctx := context.Background()
	all, _ := allCommits(t, client, "alice", "p", github.CommitsListOptions{ListOptions: github.ListOptions{PerPage: 100}})
	root := all[len(all)-1].GetSHA()

	// Without paging parameters: the 250 most recent, oldest first.
	cmp, _, err := client.Repositories.CompareCommits(ctx, "alice", "p", root, "main", nil)
	if err != nil {
		t.Fatal(err)
	}
	if cmp.GetAheadBy() != 300 || len(cmp.Commits) != 250 || cmp.Commits[249].GetSHA() != all[0].GetSHA() || cmp.Commits[0].GetSHA() != all[249].GetSHA() {
		t.Errorf("ahead %d, %d commits", cmp.GetAheadBy(), len(cmp.Commits))
	}
	// With them: pages of the whole list.
	cmp, resp, err := client.Repositories.CompareCommits(ctx, "alice", "p", root, "main", &github.ListOptions{PerPage: 100, Page: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(cmp.Commits) != 100 || cmp.Commits[99].GetSHA() != all[0].GetSHA() || resp.PrevPage != 2 || resp.NextPage != 0 {
		t.Errorf("page 3: %d commits, prev %d next %d", len(cmp.Commits), resp.PrevPage, resp.NextPage)
	}
}

func TestLinkEmailAndNoreply(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice", ID: 11})
	s.AddUser(githubtest.User{Login: "bob", ID: 12})
	s.LinkEmail("alice", "a@corp.example")
	history := []githubtest.Commit{
		{AuthorEmail: "A@CORP.example"},
		{AuthorEmail: "11+alice@users.noreply.github.com"},
		{AuthorEmail: "12+alice@users.noreply.github.com"}, // the ID is bob's
		{AuthorEmail: "BOB@users.noreply.github.com"},
		{AuthorEmail: ""},
	}
	s.AddRepo("alice", githubtest.Repo{Name: "p", History: history})
	commits, _ := allCommits(t, newPlainClient(t, s), "alice", "p", github.CommitsListOptions{})
	var got []string
	for i := len(commits) - 1; i >= 0; i-- {
		got = append(got, commits[i].GetAuthor().GetLogin())
	}
	if want := []string{"alice", "alice", "", "bob", ""}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("attributed to %q, want %q", got, want)
	}
}

func TestHistoryMisuseFailsTheTest(t *testing.T) {
	rec := &fatalRecorder{TB: t}
	s := githubtest.New(rec)
	s.AddUser(githubtest.User{Login: "alice"})
	s.AddUser(githubtest.User{Login: "bob"})
	s.AddRepo("alice", githubtest.Repo{Name: "p", History: []githubtest.Commit{{Files: map[string]string{"a": ""}}}})
	s.LinkEmail("alice", "a@x.example")

	tests := []struct {
		name string
		fn   func()
		want string
	}{
		{"History with Files", func() {
			s.AddRepo("alice", githubtest.Repo{Name: "x", Files: map[string]string{"a": ""}, History: []githubtest.Commit{{}}})
		}, "History is set"},
		{"date before 1970", func() {
			s.AddRepo("alice", githubtest.Repo{Name: "x", History: []githubtest.Commit{{AuthorDate: time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC)}}})
		}, "before 1970"},
		{"delete a missing file", func() { s.AppendCommits("alice", "p", githubtest.Commit{Delete: []string{"b"}}) }, `deleted path "b"`},
		{"file under a file", func() {
			s.AppendCommits("alice", "p", githubtest.Commit{Files: map[string]string{"a/b": ""}})
		}, "both a file and the directory"},
		{"angle bracket in an email", func() { s.AppendCommits("alice", "p", githubtest.Commit{AuthorEmail: "a>b"}) }, "identity"},
		{"no commits", func() { s.AppendCommits("alice", "p") }, "no commits"},
		{"unknown repository", func() { s.AppendCommits("alice", "nope", githubtest.Commit{}) }, "unknown repository"},
		{"email of another account", func() { s.LinkEmail("bob", "A@x.example") }, "already linked to alice"},
		{"LinkEmail of an unknown login", func() { s.LinkEmail("carol", "c@x.example") }, "unknown login"},
		{"StatsPending of an unknown repository", func() { s.StatsPending("alice", "nope", 1) }, "unknown repository"},
		{"event without a date", func() { s.AddEvents("alice", githubtest.Event{Type: "WatchEvent", Repo: "a/b"}) }, "no CreatedAt"},
		{"event with a bad repo", func() { s.AddEvents("alice", githubtest.Event{Type: "WatchEvent", Repo: "ab", CreatedAt: date2030}) }, `want "owner/name"`},
		{"bad pull request action", func() {
			s.AddEvents("alice", githubtest.PullRequestEvent("a/b", 1, "merged", true, "t", date2030))
		}, "action"},
		{"unmarshallable payload", func() {
			s.AddEvents("alice", githubtest.Event{Type: "X", Repo: "a/b", CreatedAt: date2030, Payload: func() {}})
		}, "payload"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rec.fatalOf(tt.fn); !strings.Contains(got, tt.want) {
				t.Errorf("Fatalf message = %q, want it to contain %q", got, tt.want)
			}
		})
	}
	// A refused AppendCommits leaves the repository as it was.
	commits, _ := allCommits(t, newPlainClient(t, s), "alice", "p", github.CommitsListOptions{})
	if len(commits) != 1 {
		t.Errorf("%d commits after refused AppendCommits, want 1", len(commits))
	}
}
