package githubtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
	"github.com/google/go-github/v60/github"

	"github.com/pyscout/pyscout/analyzer/github/githubtest"
)

// newClient returns a go-github client for s, configured as for GitHub Enterprise.
func newClient(t *testing.T, s *githubtest.Server) *github.Client {
	t.Helper()
	c, err := github.NewClient(nil).WithEnterpriseURLs(s.APIURL(), s.APIURL())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestAPIURLHasBasePath(t *testing.T) {
	s := githubtest.New(t)
	if !strings.HasSuffix(s.APIURL(), "/api/v3/") || !strings.HasPrefix(s.APIURL(), "http://127.0.0.1:") {
		t.Fatalf("APIURL() = %q", s.APIURL())
	}
	s.AddUser(githubtest.User{Login: "alice"})
	// A client that ignores the base path must fail.
	resp, err := http.Get(s.URL() + "/users/alice")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /users/alice outside the base path: status %d, want 404", resp.StatusCode)
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("requests outside the base path are logged: %v", s.Requests())
	}
}

func TestListReposPaginates(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice"})
	for i := range 250 {
		s.AddRepo("alice", githubtest.Repo{Name: fmt.Sprintf("repo-%03d", i)})
	}
	s.AddRepo("alice", githubtest.Repo{Name: "secret", Private: true})
	client := newClient(t, s)
	ctx := context.Background()

	opts := &github.RepositoryListByUserOptions{Type: "owner", ListOptions: github.ListOptions{PerPage: 100}}
	var names []string
	var pageSizes []int
	for {
		repos, resp, err := client.Repositories.ListByUser(ctx, "alice", opts)
		if err != nil {
			t.Fatal(err)
		}
		pageSizes = append(pageSizes, len(repos))
		for _, r := range repos {
			names = append(names, r.GetName())
		}
		if opts.Page == 2 {
			if resp.PrevPage != 1 || resp.NextPage != 3 || resp.LastPage != 3 || resp.FirstPage != 1 {
				t.Errorf("page 2 links: prev %d next %d last %d first %d", resp.PrevPage, resp.NextPage, resp.LastPage, resp.FirstPage)
			}
			link := resp.Header.Get("Link")
			want := fmt.Sprintf(`<%susers/alice/repos?per_page=100&type=owner&page=1>; rel="prev"`, s.APIURL())
			if !strings.HasPrefix(link, want) {
				t.Errorf("Link = %s\nwant prefix %s", link, want)
			}
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	if fmt.Sprint(pageSizes) != "[100 100 50]" {
		t.Errorf("page sizes = %v, want [100 100 50]", pageSizes)
	}
	if len(names) != 250 || names[0] != "repo-000" || names[249] != "repo-249" {
		t.Errorf("got %d repos, first %q, last %q", len(names), names[0], names[len(names)-1])
	}
	for _, n := range names {
		if n == "secret" {
			t.Error("a private repository is listed")
		}
	}
	if n := s.RequestCount("/users/alice/repos"); n != 3 {
		t.Errorf("RequestCount = %d, want 3", n)
	}
}

func TestListReposSorts(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice"})
	s.AddUser(githubtest.User{Login: "acme", Type: "Organization"})
	day := func(d int) time.Time { return time.Date(2023, 1, d, 0, 0, 0, 0, time.UTC) }
	for _, owner := range []string{"alice", "acme"} {
		s.AddRepo(owner, githubtest.Repo{Name: "b", CreatedAt: day(1), PushedAt: day(9), UpdatedAt: day(5)})
		s.AddRepo(owner, githubtest.Repo{Name: "a", CreatedAt: day(2), PushedAt: day(8), UpdatedAt: day(7)})
		s.AddRepo(owner, githubtest.Repo{Name: "C", CreatedAt: day(3), PushedAt: day(7), UpdatedAt: day(6), Fork: true})
	}
	client := newClient(t, s)
	ctx := context.Background()

	tests := []struct {
		owner, typ, sort, direction string
		org                         bool
		want                        string
	}{
		{owner: "alice", want: "a b C"},
		{owner: "alice", direction: "desc", want: "C b a"},
		{owner: "alice", sort: "pushed", want: "b a C"},
		{owner: "alice", sort: "pushed", direction: "asc", want: "C a b"},
		{owner: "alice", sort: "updated", want: "a C b"},
		{owner: "alice", sort: "created", want: "C a b"},
		{owner: "alice", typ: "member", want: ""},
		{owner: "acme", want: "a b C"},
		{owner: "acme", org: true, want: "C a b"}, // orgs default to sort=created
		{owner: "acme", org: true, typ: "forks", want: "C"},
		{owner: "acme", org: true, typ: "sources", want: "a b"},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%s/org=%v/type=%s/sort=%s/%s", tt.owner, tt.org, tt.typ, tt.sort, tt.direction)
		t.Run(name, func(t *testing.T) {
			var repos []*github.Repository
			var err error
			if tt.org {
				repos, _, err = client.Repositories.ListByOrg(ctx, tt.owner, &github.RepositoryListByOrgOptions{Type: tt.typ, Sort: tt.sort, Direction: tt.direction})
			} else {
				repos, _, err = client.Repositories.ListByUser(ctx, tt.owner, &github.RepositoryListByUserOptions{Type: tt.typ, Sort: tt.sort, Direction: tt.direction})
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range repos {
				got = append(got, r.GetName())
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("got %q, want %q", strings.Join(got, " "), tt.want)
			}
		})
	}

	_, _, err := client.Repositories.ListByOrg(ctx, "alice", nil)
	var errResp *github.ErrorResponse
	if !errors.As(err, &errResp) || errResp.Response.StatusCode != http.StatusNotFound {
		t.Errorf("ListByOrg for a user: err = %v, want a 404 *github.ErrorResponse", err)
	}
}

func TestGetUser(t *testing.T) {
	s := githubtest.New(t)
	created := time.Date(2011, 1, 25, 18, 44, 36, 0, time.UTC)
	s.AddUser(githubtest.User{Login: "Alice", ID: 42, Name: "Alice A.", Email: "a@example.com", Bio: "py", CreatedAt: created})
	s.AddRepo("alice", githubtest.Repo{Name: "one"})
	s.AddRepo("alice", githubtest.Repo{Name: "hidden", Private: true})
	client := newClient(t, s)
	ctx := context.Background()

	u, resp, err := client.Users.Get(ctx, "alice") // logins are case-insensitive
	if err != nil {
		t.Fatal(err)
	}
	if u.GetLogin() != "Alice" || u.GetID() != 42 || u.GetType() != "User" || u.GetName() != "Alice A." ||
		u.GetEmail() != "a@example.com" || u.GetBio() != "py" || u.GetPublicRepos() != 1 ||
		!u.GetCreatedAt().Time.Equal(created) || u.Company != nil {
		t.Errorf("user = %+v", u)
	}
	if got := resp.Header.Get("Content-Type"); got != "application/json; charset=utf-8" {
		t.Errorf("Content-Type = %q", got)
	}
	for _, h := range []string{"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Used", "X-RateLimit-Reset"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("missing header %s", h)
		}
	}
	if resp.Header.Get("X-RateLimit-Resource") != "core" || resp.Rate.Limit != 5000 || resp.Rate.Remaining != 4999 {
		t.Errorf("rate = %+v, resource %q", resp.Rate, resp.Header.Get("X-RateLimit-Resource"))
	}

	_, _, err = client.Users.Get(ctx, "nobody")
	var errResp *github.ErrorResponse
	if !errors.As(err, &errResp) || errResp.Response.StatusCode != http.StatusNotFound || errResp.Message != "Not Found" ||
		errResp.DocumentationURL != "https://docs.github.com/rest" {
		t.Errorf("unknown user: err = %v, want a 404 *github.ErrorResponse", err)
	}

	reqs := s.Requests()
	if len(reqs) != 2 || reqs[0] != (githubtest.Request{Method: "GET", Path: "/users/alice"}) || reqs[1].Path != "/users/nobody" {
		t.Errorf("Requests() = %+v", reqs)
	}
}

func TestGetRepo(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice"})
	s.AddUser(githubtest.User{Login: "upstream", Type: "Organization"})
	pushed := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	s.AddRepo("upstream", githubtest.Repo{Name: "lib", Fork: true, Parent: "root/lib"})
	s.AddRepo("alice", githubtest.Repo{
		Name: "lib", Description: "my fork", Fork: true, Parent: "upstream/lib", Language: "Python",
		PushedAt: pushed, Files: map[string]string{"a.py": strings.Repeat("x", 1500)},
	})
	s.AddRepo("alice", githubtest.Repo{Name: "hidden", Private: true})
	client := newClient(t, s)
	ctx := context.Background()

	r, _, err := client.Repositories.Get(ctx, "Alice", "LIB")
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		field     string
		got, want any
	}{
		{"full_name", r.GetFullName(), "alice/lib"},
		{"owner.login", r.GetOwner().GetLogin(), "alice"},
		{"owner.type", r.GetOwner().GetType(), "User"},
		{"description", r.GetDescription(), "my fork"},
		{"language", r.GetLanguage(), "Python"},
		{"default_branch", r.GetDefaultBranch(), "main"},
		{"size", r.GetSize(), 2},
		{"fork", r.GetFork(), true},
		{"clone_url", r.GetCloneURL(), s.CloneURL("alice", "lib")},
		{"url", r.GetURL(), s.APIURL() + "repos/alice/lib"},
		{"visibility", r.GetVisibility(), "public"},
		{"pushed_at", r.GetPushedAt().Time, pushed},
		{"created_at", r.GetCreatedAt().Time, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"parent", r.GetParent().GetFullName(), "upstream/lib"},
		{"parent.owner.type", r.GetParent().GetOwner().GetType(), "Organization"},
		{"source", r.GetSource().GetFullName(), "root/lib"},
		{"license", r.License == nil, true},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.field, c.got, c.want)
		}
	}

	// List items carry no parent, like GitHub's.
	repos, _, err := client.Repositories.ListByUser(ctx, "alice", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(repos) != 1 || repos[0].Parent != nil || repos[0].GetCloneURL() != r.GetCloneURL() {
		t.Errorf("listed = %v", repos)
	}

	// A private repository is hidden from anonymous requests only.
	if _, _, err := client.Repositories.Get(ctx, "alice", "hidden"); err == nil {
		t.Error("anonymous Get of a private repository succeeded")
	}
	if _, _, err := client.WithAuthToken("t").Repositories.Get(ctx, "alice", "hidden"); err != nil {
		t.Errorf("authenticated Get of a private repository: %v", err)
	}
}

func TestLanguages(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice"})
	s.AddRepo("alice", githubtest.Repo{Name: "explicit", Language: "Python", Languages: map[string]int{"Python": 1234, "Shell": 56}})
	s.AddRepo("alice", githubtest.Repo{Name: "derived", Language: "Go"})
	s.AddRepo("alice", githubtest.Repo{Name: "none"})
	client := newClient(t, s)

	tests := []struct {
		name string
		want map[string]int
	}{
		{"explicit", map[string]int{"Python": 1234, "Shell": 56}},
		{"derived", map[string]int{"Go": 1000}},
		{"none", map[string]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := client.Repositories.ListLanguages(context.Background(), "alice", tt.name)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("languages = %v, want %v", got, tt.want)
			}
		})
	}

	// GitHub orders the object by size, largest first.
	body := getBody(t, s.APIURL()+"repos/alice/explicit/languages", http.StatusOK)
	if body != `{"Python":1234,"Shell":56}` {
		t.Errorf("body = %s", body)
	}
}

func TestRateLimitExhausted(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice"})
	reset := time.Now().Add(30 * time.Minute).Truncate(time.Second)
	s.SetRateLimit(60, 1, reset)
	ctx := context.Background()

	_, resp, err := newClient(t, s).Users.Get(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if resp.Rate.Remaining != 0 || resp.Rate.Limit != 60 || !resp.Rate.Reset.Time.Equal(reset) {
		t.Errorf("rate after the last request = %+v", resp.Rate)
	}

	// A fresh client has not seen the exhausted budget, so the server must refuse.
	_, _, err = newClient(t, s).Users.Get(ctx, "alice")
	var rateErr *github.RateLimitError
	if !errors.As(err, &rateErr) {
		t.Fatalf("err = %v (%T), want *github.RateLimitError", err, err)
	}
	if !rateErr.Rate.Reset.Time.Equal(reset) || rateErr.Rate.Remaining != 0 || rateErr.Response.StatusCode != http.StatusForbidden ||
		!strings.HasPrefix(rateErr.Message, "API rate limit exceeded for 127.0.0.1.") {
		t.Errorf("RateLimitError = %+v", rateErr)
	}
	if n := s.RequestCount("/users/alice"); n != 2 {
		t.Errorf("RequestCount = %d, want 2", n)
	}

	// /rate_limit is free and reports the budget.
	limits, _, err := newClient(t, s).RateLimit.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if limits.Core.Limit != 60 || limits.Core.Remaining != 0 || !limits.Core.Reset.Time.Equal(reset) || limits.Search == nil {
		t.Errorf("rate limits = %+v", limits)
	}

	// Once the window has passed, the budget refills.
	s.SetRateLimit(60, 0, time.Now().Add(-time.Second))
	if _, resp, err := newClient(t, s).Users.Get(ctx, "alice"); err != nil || resp.Rate.Remaining != 59 {
		t.Errorf("after reset: err %v, rate %+v", err, resp.Rate)
	}
}

func TestFailNext(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice"})
	s.FailNext("/users/alice", http.StatusBadGateway, 2)
	client := newClient(t, s)
	ctx := context.Background()

	for i := range 2 {
		_, _, err := client.Users.Get(ctx, "alice")
		var errResp *github.ErrorResponse
		if !errors.As(err, &errResp) || errResp.Response.StatusCode != http.StatusBadGateway || errResp.Message != "Server Error" {
			t.Errorf("attempt %d: err = %v, want a 502 *github.ErrorResponse", i, err)
		}
	}
	if _, _, err := client.Users.Get(ctx, "alice"); err != nil {
		t.Errorf("third attempt: %v", err)
	}
	if n := s.RequestCount("/users/alice"); n != 3 {
		t.Errorf("RequestCount = %d, want 3", n)
	}
}

func TestRequireToken(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice"})
	s.RequireToken("s3cret")
	ctx := context.Background()

	_, _, err := newClient(t, s).Users.Get(ctx, "alice")
	var errResp *github.ErrorResponse
	if !errors.As(err, &errResp) || errResp.Response.StatusCode != http.StatusUnauthorized || errResp.Message != "Bad credentials" {
		t.Errorf("without a token: err = %v, want 401 Bad credentials", err)
	}
	if _, _, err := newClient(t, s).WithAuthToken("wrong").Users.Get(ctx, "alice"); err == nil {
		t.Error("a wrong token was accepted")
	}
	if _, _, err := newClient(t, s).WithAuthToken("s3cret").Users.Get(ctx, "alice"); err != nil {
		t.Errorf("with the token: %v", err)
	}
	req, _ := http.NewRequest("GET", s.APIURL()+"users/alice", nil)
	req.Header.Set("Authorization", "token s3cret")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf(`"token" scheme: status %d`, resp.StatusCode)
	}

	var auths []string
	for _, r := range s.Requests() {
		auths = append(auths, r.Authorization)
	}
	if want := []string{"", "Bearer wrong", "Bearer s3cret", "token s3cret"}; fmt.Sprint(auths) != fmt.Sprint(want) {
		t.Errorf("Authorization headers = %q, want %q", auths, want)
	}
}

func TestUnknownRoute(t *testing.T) {
	s := githubtest.New(t)
	body := getBody(t, s.APIURL()+"search/repositories?q=x", http.StatusNotFound)
	var msg struct {
		Message          string `json:"message"`
		DocumentationURL string `json:"documentation_url"`
	}
	if err := json.Unmarshal([]byte(body), &msg); err != nil || msg.Message != "Not Found" || msg.DocumentationURL == "" {
		t.Errorf("body = %s", body)
	}
}

// cloneOptions are the options the project's clone stage uses.
func cloneOptions(url string) *git.CloneOptions {
	return &git.CloneOptions{URL: url, Depth: 1, SingleBranch: true, Tags: git.NoTags}
}

// gitlinkTarget is a submodule commit that exists in no repository the fake serves.
const gitlinkTarget = "0123456789abcdef0123456789abcdef01234567"

func TestShallowClone(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice"})
	s.AddRepo("alice", githubtest.Repo{
		Name:       "proj",
		Files:      map[string]string{"pkg/mod.py": "import os\n", "run.sh": "#!/bin/sh\n", "README.md": "# proj\n"},
		Symlinks:   map[string]string{"link.py": "pkg/mod.py"},
		Executable: []string{"run.sh"},
		Submodules: map[string]string{"third_party/lib": gitlinkTarget},
	})
	r, _, err := newClient(t, s).Repositories.Get(context.Background(), "alice", "proj")
	if err != nil {
		t.Fatal(err)
	}

	repo, err := git.PlainCloneContext(context.Background(), t.TempDir(), true, cloneOptions(r.GetCloneURL()))
	if err != nil {
		t.Fatal(err)
	}
	head, err := repo.Head()
	if err != nil {
		t.Fatal(err)
	}
	if want := s.HeadSHA("alice", "proj"); head.Hash().String() != want || len(want) != 40 {
		t.Errorf("HEAD = %s, HeadSHA = %s", head.Hash(), want)
	}
	if head.Name() != plumbing.NewBranchReferenceName("main") {
		t.Errorf("HEAD names %s", head.Name())
	}
	commit, err := repo.CommitObject(head.Hash())
	if err != nil {
		t.Fatal(err)
	}
	if commit.Author.Name != "githubtest" || commit.NumParents() != 0 {
		t.Errorf("commit = %v", commit)
	}
	tree, err := commit.Tree()
	if err != nil {
		t.Fatal(err)
	}
	f, err := tree.File("pkg/mod.py")
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := f.Contents(); got != "import os\n" {
		t.Errorf("pkg/mod.py = %q", got)
	}
	modes := map[string]filemode.FileMode{"run.sh": filemode.Executable, "link.py": filemode.Symlink, "README.md": filemode.Regular, "third_party/lib": filemode.Submodule}
	for p, want := range modes {
		e, err := tree.FindEntry(p)
		if err != nil {
			t.Fatal(err)
		}
		if e.Mode != want {
			t.Errorf("%s mode = %v, want %v", p, e.Mode, want)
		}
		if want == filemode.Submodule && e.Hash.String() != gitlinkTarget {
			t.Errorf("%s points at %s, want %s", p, e.Hash, gitlinkTarget)
		}
	}
	if n := s.RequestCount("/git/alice/proj.git/info/refs"); n != 1 {
		t.Errorf("info/refs requests = %d, want 1", n)
	}
	if n := s.RequestCount("/git/alice/proj.git/git-upload-pack"); n != 1 {
		t.Errorf("upload-pack requests = %d, want 1", n)
	}
}

func TestCloneFailures(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice"})
	s.AddRepo("alice", githubtest.Repo{Name: "empty"})
	s.AddRepo("alice", githubtest.Repo{Name: "gone", CloneStatus: http.StatusNotFound, Files: map[string]string{"a.py": ""}})
	s.AddRepo("alice", githubtest.Repo{Name: "flaky", Files: map[string]string{"a.py": ""}})
	s.AddRepo("alice", githubtest.Repo{Name: "secret", Private: true, Files: map[string]string{"a.py": ""}})
	s.FailNext("/git/alice/flaky.git", http.StatusBadGateway, 1)

	tests := []struct {
		name string
		url  string
		auth transport.AuthMethod
		want error // nil: any error
	}{
		{"empty", s.CloneURL("alice", "empty"), nil, transport.ErrEmptyRemoteRepository},
		{"CloneStatus 404", s.CloneURL("alice", "gone"), nil, transport.ErrRepositoryNotFound},
		{"unknown", s.CloneURL("alice", "nope"), nil, transport.ErrRepositoryNotFound},
		{"FailNext", s.CloneURL("alice", "flaky"), nil, nil},
		{"private without credentials", s.CloneURL("alice", "secret"), nil, transport.ErrAuthenticationRequired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := cloneOptions(tt.url)
			opts.Auth = tt.auth
			_, err := git.PlainCloneContext(context.Background(), t.TempDir(), true, opts)
			if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}

	// After the injected failure, and with credentials, cloning works.
	for _, name := range []string{"flaky", "secret"} {
		opts := cloneOptions(s.CloneURL("ALICE", name)) // owner is case-insensitive
		opts.Auth = &githttp.BasicAuth{Username: "x-access-token", Password: "t"}
		if _, err := git.PlainCloneContext(context.Background(), t.TempDir(), true, opts); err != nil {
			t.Errorf("clone %s: %v", name, err)
		}
	}
}

func TestCommitFilesThenFetch(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice"})
	s.AddRepo("alice", githubtest.Repo{Name: "proj", Files: map[string]string{"a.py": "v1\n"}})
	first := s.HeadSHA("alice", "proj")
	ctx := context.Background()

	repo, err := git.PlainCloneContext(ctx, t.TempDir(), true, cloneOptions(s.CloneURL("alice", "proj")))
	if err != nil {
		t.Fatal(err)
	}
	second := s.CommitFiles("alice", "proj", map[string]string{"a.py": "v2\n", "b.py": "new\n"})
	if second == first || second != s.HeadSHA("alice", "proj") {
		t.Fatalf("CommitFiles = %s, first %s, HeadSHA %s", second, first, s.HeadSHA("alice", "proj"))
	}

	err = repo.FetchContext(ctx, &git.FetchOptions{
		RefSpecs: []config.RefSpec{"+refs/heads/main:refs/heads/main"},
		Depth:    1,
		Tags:     git.NoTags,
		Force:    true,
	})
	if err != nil {
		t.Fatal(err)
	}
	ref, err := repo.Reference(plumbing.NewBranchReferenceName("main"), true)
	if err != nil {
		t.Fatal(err)
	}
	if ref.Hash().String() != second {
		t.Errorf("fetched main = %s, want %s", ref.Hash(), second)
	}
	commit, err := repo.CommitObject(ref.Hash())
	if err != nil {
		t.Fatal(err)
	}
	f, err := commit.File("a.py")
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := f.Contents(); got != "v2\n" {
		t.Errorf("a.py = %q", got)
	}

	// CommitFiles also gives an empty repository its first commit.
	s.AddRepo("alice", githubtest.Repo{Name: "later"})
	if s.HeadSHA("alice", "later") != "" {
		t.Error("HeadSHA of an empty repository is not empty")
	}
	sha := s.CommitFiles("alice", "later", map[string]string{"x.py": ""})
	if _, err := git.PlainCloneContext(ctx, t.TempDir(), true, cloneOptions(s.CloneURL("alice", "later"))); err != nil || len(sha) != 40 {
		t.Errorf("clone after the first commit: %v (sha %q)", err, sha)
	}
}

// TestCommitsAreDeterministic pins the SHA of a commit so that a change of identity,
// date or tree layout shows up here rather than as flaky expectations elsewhere. The
// SHA is the one that git add and git commit -m "Initial commit" give with
// GIT_AUTHOR_*/GIT_COMMITTER_* set to githubtest <githubtest@example.invalid> at
// 2024-01-01T00:00:00Z.
func TestCommitsAreDeterministic(t *testing.T) {
	const want = "252c93056e5548d40868b68e4d7e4dab23dd22aa"
	for range 2 {
		s := githubtest.New(t)
		s.AddUser(githubtest.User{Login: "alice"})
		s.AddRepo("alice", githubtest.Repo{Name: "p", Files: map[string]string{"a.py": "x\n"}})
		if got := s.HeadSHA("alice", "p"); got != want {
			t.Errorf("HeadSHA = %s, want %s", got, want)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice"})
	s.AddRepo("alice", githubtest.Repo{Name: "p", Files: map[string]string{"a.py": "x\n"}})
	client := newClient(t, s)
	ctx := context.Background()

	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 4 {
		wg.Go(func() {
			if _, _, err := client.Users.Get(ctx, "alice"); err != nil {
				errs <- err
			}
			if _, err := git.PlainCloneContext(ctx, t.TempDir(), true, cloneOptions(s.CloneURL("alice", "p"))); err != nil {
				errs <- err
			}
			s.AddRepo("alice", githubtest.Repo{Name: fmt.Sprintf("r%d", i)})
			_ = s.RequestCount("/")
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := s.RequestCount("/users/alice"); n != 4 {
		t.Errorf("RequestCount = %d, want 4", n)
	}
}

// fatalRecorder is a testing.TB whose Fatalf records the message and ends the calling
// goroutine, as testing.T does, so that misuse of the fake can be tested.
type fatalRecorder struct {
	testing.TB
	mu  sync.Mutex
	msg string
}

func (f *fatalRecorder) Fatalf(format string, args ...any) {
	f.mu.Lock()
	f.msg = fmt.Sprintf(format, args...)
	f.mu.Unlock()
	runtime.Goexit()
}

// fatalOf runs fn in its own goroutine and returns the message it failed with, if any.
func (f *fatalRecorder) fatalOf(fn func()) string {
	f.mu.Lock()
	f.msg = ""
	f.mu.Unlock()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	<-done
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.msg
}

func TestMisuseFailsTheTest(t *testing.T) {
	rec := &fatalRecorder{TB: t}
	s := githubtest.New(rec)
	s.AddUser(githubtest.User{Login: "alice"})
	s.AddRepo("alice", githubtest.Repo{Name: "p"})

	tests := []struct {
		name string
		fn   func()
		want string
	}{
		{"unknown owner", func() { s.AddRepo("bob", githubtest.Repo{Name: "x"}) }, `unknown owner "bob"`},
		{"duplicate repo", func() { s.AddRepo("ALICE", githubtest.Repo{Name: "P"}) }, "already exists"},
		{"duplicate user", func() { s.AddUser(githubtest.User{Login: "Alice"}) }, "already exists"},
		{"bad user type", func() { s.AddUser(githubtest.User{Login: "o", Type: "Org"}) }, "Type"},
		{"escaping path", func() { s.AddRepo("alice", githubtest.Repo{Name: "x", Files: map[string]string{"../a": ""}}) }, "forbidden component"},
		{"file and directory", func() {
			s.AddRepo("alice", githubtest.Repo{Name: "x", Files: map[string]string{"a": "", "a/b": ""}})
		}, "both a file and the directory"},
		{"executable not a file", func() { s.AddRepo("alice", githubtest.Repo{Name: "x", Executable: []string{"run.sh"}}) }, "not in Files"},
		{"parent without fork", func() { s.AddRepo("alice", githubtest.Repo{Name: "x", Parent: "o/n"}) }, "not a Fork"},
		{"commit to unknown repo", func() { s.CommitFiles("alice", "nope", map[string]string{"a": ""}) }, "unknown repository"},
		{"HeadSHA of unknown repo", func() { s.HeadSHA("alice", "nope") }, "unknown repository"},
		{"FailNext with the base path", func() { s.FailNext("/api/v3/users", 500, 1) }, "relative to"},
		{"FailNext without n", func() { s.FailNext("/users", 500, 0) }, "want >= 1"},
		{"SetRateLimit above limit", func() { s.SetRateLimit(10, 11, time.Now()) }, "remaining <= limit"},
		{"RedirectNext with a 200", func() { s.RedirectNext("/users", 200, "http://x.example/", 1) }, "want 301"},
		{"RedirectNext to a path", func() { s.RedirectNext("/users", 301, "/users/b", 1) }, "absolute"},
		{"SecondaryLimitNext with a 500", func() { s.SecondaryLimitNext("/users", githubtest.SecondaryLimit{Status: 500}, 1) }, "want 403 or 429"},
		{"StallNext unknown", func() { s.StallNext("/users", 0, 1) }, "unknown Stall"},
		{"TruncateNext unknown", func() { s.TruncateNext("/users", 9, 1) }, "unknown Truncation"},
		{"TruncateNext with the base path", func() { s.TruncateNext("/api/v3/users", githubtest.TruncateShort, 1) }, "relative to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rec.fatalOf(tt.fn); !strings.Contains(got, tt.want) {
				t.Errorf("Fatalf message = %q, want it to contain %q", got, tt.want)
			}
		})
	}
}

// getBody fetches url without authentication and checks the status.
func getBody(t *testing.T, url string, status int) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != status {
		t.Fatalf("GET %s: status %d, want %d: %s", url, resp.StatusCode, status, b)
	}
	return string(b)
}

func TestRedirectNext(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice"})
	s.RedirectNext("/users/alice", http.StatusMovedPermanently, "http://elsewhere.example/api/v3/users/alice", 1)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(s.APIURL() + "users/alice")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "http://elsewhere.example/api/v3/users/alice" {
		t.Errorf("status %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	getBody(t, s.APIURL()+"users/alice", http.StatusOK) // one only
}

func TestSecondaryLimitNext(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice"})
	reset := time.Now().Add(time.Minute).Truncate(time.Second)
	s.SecondaryLimitNext("/users/alice", githubtest.SecondaryLimit{Status: 429, RetryAfter: "30"}, 1)
	s.SecondaryLimitNext("/users/", githubtest.SecondaryLimit{Reset: reset}, 1)
	ctx := context.Background()

	_, _, err := newClient(t, s).Users.Get(ctx, "alice")
	var errResp *github.ErrorResponse
	if !errors.As(err, &errResp) || errResp.Response.StatusCode != 429 || errResp.Response.Header.Get("Retry-After") != "30" ||
		!strings.Contains(errResp.Message, "secondary rate limit") {
		t.Errorf("429: err = %v", err)
	}
	// go-github reads any 403 with X-RateLimit-Remaining: 0 as the primary limit; only
	// the message tells the secondary one apart.
	_, _, err = newClient(t, s).Users.Get(ctx, "alice")
	var rle *github.RateLimitError
	if !errors.As(err, &rle) || !strings.Contains(rle.Message, "secondary rate limit") ||
		rle.Response.Header.Get("X-RateLimit-Reset") != strconv.FormatInt(reset.Unix(), 10) {
		t.Errorf("403: err = %v", err)
	}
	s.SecondaryLimitNext("/users/", githubtest.SecondaryLimit{}, 1)
	_, _, err = newClient(t, s).Users.Get(ctx, "alice")
	var abuse *github.AbuseRateLimitError
	if !errors.As(err, &abuse) || abuse.Response.Header.Get("Retry-After") != "" {
		t.Errorf("403 without headers: err = %v", err)
	}
	if _, _, err := newClient(t, s).Users.Get(ctx, "alice"); err != nil {
		t.Errorf("after the faults: %v", err)
	}
}

func TestStallNext(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice"})
	s.StallNext("/users/alice", githubtest.StallBeforeHeaders, 1)
	s.StallNext("/users/alice", githubtest.StallMidBody, 1)
	client := &http.Client{Timeout: 300 * time.Millisecond}

	_, err := client.Get(s.APIURL() + "users/alice")
	if err == nil || !strings.Contains(err.Error(), "Client.Timeout exceeded while awaiting headers") {
		t.Errorf("before headers: err = %v", err)
	}
	resp, err := client.Get(s.APIURL() + "users/alice")
	if err != nil {
		t.Fatalf("mid body: the headers did not arrive: %v", err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err == nil || len(body) == 0 || int64(len(body)) >= resp.ContentLength {
		t.Errorf("mid body: read %d of %d bytes, err %v", len(body), resp.ContentLength, err)
	}
	getBody(t, s.APIURL()+"users/alice", http.StatusOK)
}

func TestTruncateNext(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice"})
	full := getBody(t, s.APIURL()+"users/alice", http.StatusOK)
	for _, how := range []githubtest.Truncation{githubtest.TruncateShort, githubtest.TruncateReset, githubtest.TruncateUnframed} {
		s.TruncateNext("/users/alice", how, 1)
		resp, err := http.Get(s.APIURL() + "users/alice")
		if err != nil {
			t.Errorf("truncation %d: no headers: %v", how, err)
			continue
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch how {
		case githubtest.TruncateUnframed:
			if err != nil || resp.ContentLength != -1 || json.Valid(body) || !strings.HasPrefix(full, string(body)) {
				t.Errorf("unframed: %d bytes, length %d, err %v", len(body), resp.ContentLength, err)
			}
		default:
			if err == nil || int64(len(body)) >= resp.ContentLength {
				t.Errorf("truncation %d: read %d of %d bytes, err %v", how, len(body), resp.ContentLength, err)
			}
		}
	}
	if got := getBody(t, s.APIURL()+"users/alice", http.StatusOK); got != full {
		t.Errorf("after the faults: %s", got)
	}
}

func TestFaultsOnGit(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice"})
	s.AddRepo("alice", githubtest.Repo{Name: "x", Files: map[string]string{"a.py": "pass\n"}})
	s.TruncateNext("/git/alice/x.git/info/refs", githubtest.TruncateShort, 1)
	if _, err := git.PlainClone(t.TempDir(), true, cloneOptions(s.CloneURL("alice", "x"))); err == nil {
		t.Error("a clone with its ref advertisement cut short succeeded")
	}
	if _, err := git.PlainClone(t.TempDir(), true, cloneOptions(s.CloneURL("alice", "x"))); err != nil {
		t.Errorf("after the fault: %v", err)
	}
}
