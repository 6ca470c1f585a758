// Package githubtest is an in-process fake GitHub for tests. It speaks GitHub's real
// protocols: the REST API (JSON shaped as GitHub's, with rate-limit headers and Link
// pagination) under the non-empty base path /api/v3/, as GitHub Enterprise does, and git
// smart HTTP through git http-backend for clones under /git/OWNER/NAME.git.
//
// Besides users, repositories and their languages, the API serves what the git
// repositories hold: commits (with GitHub's attribution of author emails to accounts),
// comparisons across a fork network and contributor statistics; and the public events a
// test scripts with AddEvents.
package githubtest

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// apiPrefix is the REST base path; a client that ignores its configured base URL and
// builds absolute paths such as /users/x gets a 404.
const apiPrefix = "/api/v3/"

// docsURL is the documentation_url of GitHub's generic error bodies.
const docsURL = "https://docs.github.com/rest"

// rateLimitMessage is GitHub's body for an exhausted unauthenticated budget; with
// X-RateLimit-Remaining: 0 and status 403, go-github turns it into *github.RateLimitError.
const rateLimitMessage = "API rate limit exceeded for 127.0.0.1. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)"

// defaultCreatedAt is the creation date of users and repositories that set none.
var defaultCreatedAt = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// User is an account (a user or an organisation) known to the fake.
type User struct {
	Login       string
	ID          int64  // 0 assigns a unique ID
	Type        string // "User" or "Organization"; "" means "User"
	Name        string
	Email       string
	Blog        string
	Company     string
	Location    string
	Bio         string
	PublicRepos int       // 0 means the number of public repositories added for the account
	CreatedAt   time.Time // zero means 2020-01-01T00:00:00Z
}

// Repo is a repository known to the fake: its API metadata and the files of its git
// repository.
type Repo struct {
	Name          string
	Description   string
	DefaultBranch string // "" means "main"

	// Language is the API's primary "language" field; "" is served as null.
	Language string
	// Languages is served by /repos/O/N/languages; nil means {Language: 1000}, or {}
	// when Language is "".
	Languages map[string]int

	Fork     bool
	Archived bool
	// Private repositories are never listed, are visible at /repos/O/N only to requests
	// with credentials, and need credentials to clone.
	Private bool

	// SizeKB is the API "size" field; 0 with Files means the files' total size in
	// KB, rounded up.
	SizeKB int

	PushedAt  time.Time // zero means CreatedAt
	CreatedAt time.Time // zero means 2020-01-01T00:00:00Z
	UpdatedAt time.Time // zero means PushedAt

	// Files maps a path to the content committed at it; with no Files, no Symlinks and
	// no History the repository is empty (no commit at all).
	Files map[string]string
	// Symlinks maps a path to a link target, committed with mode 120000.
	Symlinks map[string]string
	// Executable lists paths of Files committed with mode 100755.
	Executable []string
	// Submodules maps a path to the 40-hex commit SHA of a gitlink (mode 160000), as
	// git submodule add records it; the commit need not exist anywhere, as with a
	// submodule whose repository is gone. A .gitmodules file, if wanted, goes in Files.
	Submodules map[string]string

	// History, when set, is the default branch as a linear sequence of commits, oldest
	// first; Files, Symlinks and Executable must then be empty.
	History []Commit

	// GitSource, when set, is a local git repository whose HEAD, with its whole
	// history, becomes the default branch (copied without tags, other branches or
	// hard links), for benchmarks on real histories; Files, Symlinks, Executable,
	// Submodules and History must then be empty. SizeKB 0 means the copy's size on
	// disk.
	GitSource string

	// CloneStatus, if non-zero, is the HTTP status of every git request for the repository.
	CloneStatus int
	// ServedCloneURL, if set, is served as the API's clone_url instead of the fake's own
	// git URL: a hostile or odd answer (file://, ssh://, another host).
	ServedCloneURL string

	// Parent is "owner/name" of the upstream of a fork, served as "parent" and "source"
	// (the root of the fork chain) by /repos/O/N only.
	Parent string
}

// Request is one request the fake received.
type Request struct {
	Method string
	// Path is relative to the API base path for REST ("/users/alice") and the full URL
	// path for git ("/git/alice/x.git/info/refs").
	Path          string
	RawQuery      string
	Authorization string
	// IfNoneMatch is the request's If-None-Match header: the ETag of an answer the
	// client holds, for a conditional request.
	IfNoneMatch string
}

// Server is a running fake GitHub; its methods are safe for concurrent use.
type Server struct {
	t   testing.TB
	srv *httptest.Server
	git gitTool

	root string // GIT_PROJECT_ROOT

	gitMu sync.Mutex // serialises writes to the git repositories

	mu        sync.Mutex
	users     map[string]*User       // by lower-case login, defaults filled in
	repos     map[string]*repoRecord // by repoKey
	usedIDs   map[int64]bool
	nextID    int64
	limit     int
	remaining int
	reset     time.Time
	faults    []*fault
	closing   chan struct{} // closed when the test ends, to release stalled answers
	stalls    []*stall
	exhaustAt string // ExhaustRateLimitAt
	token     string
	requests  []Request

	emails       map[string]string        // LinkEmail: lower-case email -> canonical login
	events       map[string][]storedEvent // AddEvents, by lower-case login
	eventSeq     int64                    // events added so far
	statsPending map[string]int           // StatsPending, by repoKey
	now          time.Time                // SetNow; zero means the real clock
	maxAge       int                      // SetMaxAge: Cache-Control max-age of 200 answers
	notModified  int                      // 304 answers sent

	cacheMu     sync.Mutex
	commitCache map[string]*gitCommit // by SHA; commits are immutable
}

// repoRecord is a Repo with its defaults filled in, and the fake's bookkeeping.
type repoRecord struct {
	repo     Repo
	owner    string // canonical login of the owner
	id       int64
	dir      string               // bare repository under GIT_PROJECT_ROOT
	commits  int                  // on the default branch, which is linear
	tree     map[string]treeEntry // of the default branch's head
	autoSize bool                 // SizeKB follows the files
}

// fault is a pending FailNext, RedirectNext, SecondaryLimitNext, StallNext or
// TruncateNext.
type fault struct {
	prefix   string
	kind     faultKind
	status   int
	left     int
	location string         // faultRedirect
	limit    SecondaryLimit // faultSecondaryLimit
}

// New starts a fake GitHub that is closed when the test ends.
func New(t testing.TB) *Server {
	t.Helper()
	s := &Server{
		t:         t,
		root:      t.TempDir(),
		users:     map[string]*User{},
		repos:     map[string]*repoRecord{},
		usedIDs:   map[int64]bool{},
		nextID:    1000,
		limit:     5000,
		remaining: 5000,
		reset:     time.Now().Add(time.Hour),
		maxAge:    defaultMaxAge,

		emails:       map[string]string{},
		events:       map[string][]storedEvent{},
		statsPending: map[string]int{},
		commitCache:  map[string]*gitCommit{},
		closing:      make(chan struct{}),
	}
	s.git = newGitTool(s.root, t.TempDir())
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	t.Cleanup(s.srv.Close)
	// Cleanups run last first: stalled handlers return before Close waits for them.
	t.Cleanup(func() { close(s.closing) })
	return s
}

// URL returns the server's root URL, without a trailing slash.
func (s *Server) URL() string { return s.srv.URL }

// APIURL returns the REST base URL, with a trailing slash, e.g. http://127.0.0.1:PORT/api/v3/.
func (s *Server) APIURL() string { return s.srv.URL + apiPrefix }

// CloneURL returns the git URL of owner/name, as served in the API's clone_url.
func (s *Server) CloneURL(owner, name string) string {
	return s.srv.URL + "/git/" + owner + "/" + name + ".git"
}

// AddUser adds an account; it fails the test on an empty, invalid or duplicate login.
func (s *Server) AddUser(u User) {
	s.t.Helper()
	if u.Login == "" || strings.ContainsAny(u.Login, "/?#% ") {
		s.t.Fatalf("githubtest: AddUser: invalid login %q", u.Login)
	}
	switch u.Type {
	case "":
		u.Type = "User"
	case "User", "Organization":
	default:
		s.t.Fatalf("githubtest: AddUser %s: Type %q, want \"User\" or \"Organization\"", u.Login, u.Type)
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = defaultCreatedAt
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	key := strings.ToLower(u.Login)
	if _, ok := s.users[key]; ok {
		s.t.Fatalf("githubtest: AddUser: login %q already exists", u.Login)
	}
	if u.ID == 0 {
		u.ID = s.newID()
	} else if s.usedIDs[u.ID] {
		s.t.Fatalf("githubtest: AddUser %s: ID %d already in use", u.Login, u.ID)
	}
	s.usedIDs[u.ID] = true
	s.users[key] = &u
}

// AddRepo adds a repository of an existing account and builds its bare git repository
// with the git CLI; it fails the test on invalid input or a git error.
func (s *Server) AddRepo(owner string, r Repo) {
	s.t.Helper()
	// Holding gitMu throughout makes the duplicate check in newRepoRecord final.
	s.gitMu.Lock()
	defer s.gitMu.Unlock()
	rec, history := s.newRepoRecord(owner, r)
	if s.git.bin == "" {
		s.t.Fatalf("githubtest: AddRepo %s/%s: %v", owner, r.Name, s.git.missing)
	}
	if err := s.git.initBare(rec.dir, rec.repo.DefaultBranch); err != nil {
		s.t.Fatalf("githubtest: AddRepo %s/%s: %v", owner, r.Name, err)
	}
	switch {
	case rec.repo.GitSource != "":
		n, err := s.git.copyHistory(rec.repo.GitSource, rec.dir, rec.repo.DefaultBranch)
		if err != nil {
			s.t.Fatalf("githubtest: AddRepo %s/%s: %v", owner, r.Name, err)
		}
		rec.commits = n
		if rec.autoSize {
			rec.repo.SizeKB = dirSizeKB(rec.dir)
		}
	case len(history) > 0:
		if _, err := s.git.writeCommits(rec.dir, rec.repo.DefaultBranch, "", history); err != nil {
			s.t.Fatalf("githubtest: AddRepo %s/%s: %v", owner, r.Name, err)
		}
		rec.commits = len(history)
	case len(rec.tree) > 0:
		if _, err := s.git.commit(rec.dir, rec.repo.DefaultBranch, "", "Initial commit", commitEpoch, rec.tree); err != nil {
			s.t.Fatalf("githubtest: AddRepo %s/%s: %v", owner, r.Name, err)
		}
		rec.commits = 1
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.repos[repoKey(rec.owner, rec.repo.Name)] = rec
}

// newRepoRecord validates r, fills its defaults and copies its maps so that later
// changes by the caller do not reach the fake; it returns the commits to write for a
// History.
func (s *Server) newRepoRecord(owner string, r Repo) (*repoRecord, []stagedCommit) {
	s.t.Helper()
	s.mu.Lock()
	u, ok := s.users[strings.ToLower(owner)]
	_, dup := s.repos[repoKey(owner, r.Name)]
	s.mu.Unlock()
	full := owner + "/" + r.Name
	switch {
	case !ok:
		s.t.Fatalf("githubtest: AddRepo %s: unknown owner %q (call AddUser first)", full, owner)
	case r.Name == "" || r.Name == "." || r.Name == ".." || strings.ContainsAny(r.Name, "/?#% ") || strings.HasSuffix(strings.ToLower(r.Name), ".git"):
		s.t.Fatalf("githubtest: AddRepo: invalid repository name %q", r.Name)
	case dup:
		s.t.Fatalf("githubtest: AddRepo: %s already exists", full)
	case r.Parent != "" && strings.Count(r.Parent, "/") != 1:
		s.t.Fatalf("githubtest: AddRepo %s: Parent %q, want \"owner/name\"", full, r.Parent)
	case r.Parent != "" && !r.Fork:
		s.t.Fatalf("githubtest: AddRepo %s: Parent set on a repository that is not a Fork", full)
	case r.SizeKB < 0:
		s.t.Fatalf("githubtest: AddRepo %s: negative SizeKB", full)
	case r.CloneStatus != 0 && (r.CloneStatus < 100 || r.CloneStatus > 599):
		s.t.Fatalf("githubtest: AddRepo %s: invalid CloneStatus %d", full, r.CloneStatus)
	case r.GitSource != "" && (len(r.History) > 0 || len(r.Files) > 0 || len(r.Symlinks) > 0 || len(r.Executable) > 0 || len(r.Submodules) > 0):
		s.t.Fatalf("githubtest: AddRepo %s: GitSource is set, so Files, Symlinks, Executable, Submodules and History must be empty", full)
	case len(r.History) > 0 && (len(r.Files) > 0 || len(r.Symlinks) > 0 || len(r.Executable) > 0 || len(r.Submodules) > 0):
		s.t.Fatalf("githubtest: AddRepo %s: History is set, so Files, Symlinks, Executable and Submodules must be empty", full)
	}
	if r.DefaultBranch == "" {
		r.DefaultBranch = "main"
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = defaultCreatedAt
	}
	if r.PushedAt.IsZero() {
		r.PushedAt = r.CreatedAt
	}
	if r.UpdatedAt.IsZero() {
		r.UpdatedAt = r.PushedAt
	}
	r.Files = maps.Clone(r.Files)
	r.Symlinks = maps.Clone(r.Symlinks)
	r.Submodules = maps.Clone(r.Submodules)
	r.Languages = maps.Clone(r.Languages)
	r.Executable = append([]string(nil), r.Executable...)
	entries := treeEntries(r.Files, r.Symlinks, nil)
	for p := range r.Files {
		if _, ok := r.Symlinks[p]; ok {
			s.t.Fatalf("githubtest: AddRepo %s: %q is both in Files and in Symlinks", full, p)
		}
	}
	for p, sha := range r.Submodules {
		if _, ok := entries[p]; ok {
			s.t.Fatalf("githubtest: AddRepo %s: %q is both a submodule and a file or symlink", full, p)
		}
		if len(sha) != 40 || !isHex(sha) {
			s.t.Fatalf("githubtest: AddRepo %s: submodule %q: %q is not a 40-hex commit SHA", full, p, sha)
		}
		entries[p] = treeEntry{mode: gitlinkMode, content: sha}
	}
	for p := range entries {
		if err := checkPath(p); err != nil {
			s.t.Fatalf("githubtest: AddRepo %s: %v", full, err)
		}
	}
	if err := checkTree(entries); err != nil {
		s.t.Fatalf("githubtest: AddRepo %s: %v", full, err)
	}
	for _, p := range r.Executable {
		if _, ok := r.Files[p]; !ok {
			s.t.Fatalf("githubtest: AddRepo %s: Executable path %q is not in Files", full, p)
		}
	}

	tree := treeEntries(r.Files, r.Symlinks, r.Executable)
	for p, sha := range r.Submodules {
		tree[p] = treeEntry{mode: gitlinkMode, content: sha}
	}
	staged, tree, err := stageHistory(tree, 1, r.History)
	if err != nil {
		s.t.Fatalf("githubtest: AddRepo %s: History: %v", full, err)
	}
	r.History = nil // staged holds all of it; the caller's maps are not kept

	rec := &repoRecord{
		repo:     r,
		owner:    u.Login,
		dir:      filepath.Join(s.root, u.Login, r.Name+".git"),
		tree:     tree,
		autoSize: r.SizeKB == 0,
	}
	if rec.autoSize {
		rec.repo.SizeKB = treeSizeKB(tree)
	}
	s.mu.Lock()
	rec.id = s.newID()
	s.mu.Unlock()
	return rec, staged
}

// CommitFiles commits files (path -> content, mode 100644) on top of the default branch
// of owner/name, or as its first commit when the repository is empty, and returns the
// new commit SHA. As a push would, it moves pushed_at and updated_at one minute later.
func (s *Server) CommitFiles(owner, name string, files map[string]string) string {
	s.t.Helper()
	if len(files) == 0 {
		s.t.Fatalf("githubtest: CommitFiles %s/%s: no files", owner, name)
	}
	entries := treeEntries(files, nil, nil)
	for p := range entries {
		if err := checkPath(p); err != nil {
			s.t.Fatalf("githubtest: CommitFiles %s/%s: %v", owner, name, err)
		}
	}
	if err := checkTree(entries); err != nil {
		s.t.Fatalf("githubtest: CommitFiles %s/%s: %v", owner, name, err)
	}

	s.gitMu.Lock()
	defer s.gitMu.Unlock()
	rec := s.lookupRepo(owner, name)
	s.mu.Lock()
	dir, branch, commits := rec.dir, rec.repo.DefaultBranch, rec.commits
	s.mu.Unlock()
	parent, err := s.git.headSHA(dir, branch)
	if err != nil {
		s.t.Fatalf("githubtest: CommitFiles %s/%s: %v", owner, name, err)
	}
	when := commitEpoch.Add(time.Duration(commits) * time.Minute)
	sha, err := s.git.commit(dir, branch, parent, "Update files", when, entries)
	if err != nil {
		s.t.Fatalf("githubtest: CommitFiles %s/%s: %v", owner, name, err)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	rec.commits++
	for p, e := range entries {
		setInTree(rec.tree, p, e)
	}
	if rec.autoSize {
		rec.repo.SizeKB = treeSizeKB(rec.tree)
	}
	rec.repo.PushedAt = rec.repo.PushedAt.Add(time.Minute)
	rec.repo.UpdatedAt = rec.repo.UpdatedAt.Add(time.Minute)
	return sha
}

// HeadSHA returns the commit at the tip of the default branch of owner/name, or "" for
// an empty repository.
func (s *Server) HeadSHA(owner, name string) string {
	s.t.Helper()
	s.gitMu.Lock()
	defer s.gitMu.Unlock()
	rec := s.lookupRepo(owner, name)
	sha, err := s.git.headSHA(rec.dir, rec.repo.DefaultBranch)
	if err != nil {
		s.t.Fatalf("githubtest: HeadSHA %s/%s: %v", owner, name, err)
	}
	return sha
}

// lookupRepo returns the record of owner/name or fails the test.
func (s *Server) lookupRepo(owner, name string) *repoRecord {
	s.t.Helper()
	s.mu.Lock()
	rec := s.repos[repoKey(owner, name)]
	s.mu.Unlock()
	if rec == nil {
		s.t.Fatalf("githubtest: unknown repository %s/%s", owner, name)
	}
	return rec
}

// SetRateLimit sets the core rate-limit budget. Each REST request but /rate_limit
// spends one; at zero requests answer 403 until reset, when the budget refills to limit.
func (s *Server) SetRateLimit(limit, remaining int, reset time.Time) {
	s.t.Helper()
	if limit < 0 || remaining < 0 || remaining > limit {
		s.t.Fatalf("githubtest: SetRateLimit(%d, %d): want 0 <= remaining <= limit", limit, remaining)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limit, s.remaining, s.reset = limit, remaining, reset
}

// FailNext makes the next n requests whose path starts with pathPrefix answer status
// with a GitHub-style JSON message. The path is relative to the API base for REST
// ("/users/alice/repos") and starts with "/git/" for git ("/git/alice/x.git").
func (s *Server) FailNext(pathPrefix string, status int, n int) {
	s.t.Helper()
	switch {
	case !strings.HasPrefix(pathPrefix, "/"):
		s.t.Fatalf("githubtest: FailNext(%q): the prefix must start with /", pathPrefix)
	case strings.HasPrefix(pathPrefix, strings.TrimSuffix(apiPrefix, "/")):
		s.t.Fatalf("githubtest: FailNext(%q): REST paths are relative to %s", pathPrefix, apiPrefix)
	case status < 100 || status > 599:
		s.t.Fatalf("githubtest: FailNext(%q): invalid status %d", pathPrefix, status)
	case n < 1:
		s.t.Fatalf("githubtest: FailNext(%q): n = %d, want >= 1", pathPrefix, n)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &fault{prefix: pathPrefix, kind: faultStatus, status: status, left: n})
}

// ExhaustRateLimitAt spends the rest of the rate-limit budget when the first REST
// request whose path starts with pathPrefix arrives: that request and every later
// one answer GitHub's primary rate-limit 403 until the reset. It models a budget
// that runs out at a chosen step, whatever the requests before it cost.
func (s *Server) ExhaustRateLimitAt(pathPrefix string) {
	s.t.Helper()
	if !strings.HasPrefix(pathPrefix, "/") {
		s.t.Fatalf("githubtest: ExhaustRateLimitAt(%q): the prefix must start with /", pathPrefix)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.exhaustAt = pathPrefix
}

// RequireToken makes every REST request without "Authorization: Bearer TOKEN" or
// "Authorization: token TOKEN" answer 401; "" removes the requirement.
func (s *Server) RequireToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.token = token
}

// Requests returns the requests received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// RequestCount returns how many requests received so far have a path starting with
// pathPrefix.
func (s *Server) RequestCount(pathPrefix string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.requests {
		if strings.HasPrefix(r.Path, pathPrefix) {
			n++
		}
	}
	return n
}

// newID returns an ID no user or repository has; the caller holds s.mu.
func (s *Server) newID() int64 {
	for s.usedIDs[s.nextID] {
		s.nextID++
	}
	id := s.nextID
	s.usedIDs[id] = true
	s.nextID++
	return id
}

// logRequest records r under path; the caller holds s.mu.
func (s *Server) logRequest(r *http.Request, path string) {
	s.requests = append(s.requests, Request{
		Method:        r.Method,
		Path:          path,
		RawQuery:      r.URL.RawQuery,
		Authorization: r.Header.Get("Authorization"),
		IfNoneMatch:   r.Header.Get("If-None-Match"),
	})
}

// takeFault consumes one pending fault matching path and returns a copy of it, or
// nil; the caller holds s.mu.
func (s *Server) takeFault(path string) *fault {
	for i, f := range s.faults {
		if strings.HasPrefix(path, f.prefix) {
			f.left--
			if f.left == 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
			}
			taken := *f
			return &taken
		}
	}
	return nil
}

// serveHTTP dispatches between git, the REST API and everything else.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	switch p := r.URL.Path; {
	case strings.HasPrefix(p, "/git/"):
		s.serveGit(w, r)
	case strings.HasPrefix(p, apiPrefix):
		s.serveAPI(w, r, "/"+strings.TrimPrefix(p, apiPrefix))
	default:
		// Not logged in Requests: "/users/x" here would be indistinguishable from the
		// API's "/users/x".
		s.t.Logf("githubtest: %s %s is outside the API base path %s", r.Method, p, apiPrefix)
		writeError(w, http.StatusNotFound, "Not Found", docsURL)
	}
}

// serveAPI answers a REST request whose path relative to the base is rel: logging,
// fault injection, authentication and the rate-limit budget come before routing.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, rel string) {
	s.mu.Lock()
	s.logRequest(r, rel)
	f := s.takeFault(rel)
	failed := f != nil
	authorized := s.token == "" || tokenMatches(r.Header.Get("Authorization"), s.token)
	limited := false
	if now := time.Now(); !now.Before(s.reset) {
		// The window has passed: GitHub starts a new one with a full budget.
		s.remaining, s.reset = s.limit, now.Add(time.Hour)
	}
	if s.exhaustAt != "" && strings.HasPrefix(rel, s.exhaustAt) {
		s.remaining, s.exhaustAt = 0, ""
	}
	if !failed && authorized && rel != "/rate_limit" {
		if s.remaining > 0 {
			s.remaining--
		} else {
			limited = true
		}
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	s.setRateHeaders(h)
	s.mu.Unlock()

	switch {
	case failed && f.kind == faultStatus:
		writeError(w, f.status, statusMessage(f.status), docsURL)
		return
	case failed:
		s.serveFault(w, r, f, func(w http.ResponseWriter) { s.routeAPI(w, r, rel) })
		return
	case !authorized:
		writeError(w, http.StatusUnauthorized, "Bad credentials", docsURL)
		return
	case limited:
		writeError(w, http.StatusForbidden, rateLimitMessage, "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting")
		return
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		writeError(w, http.StatusNotFound, "Not Found", docsURL)
		return
	}
	s.serveConditional(w, r, rel)
}

// setRateHeaders writes the rate-limit headers of the core budget; the caller
// holds s.mu.
func (s *Server) setRateHeaders(h http.Header) {
	h.Set("X-RateLimit-Limit", strconv.Itoa(s.limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(s.remaining))
	h.Set("X-RateLimit-Used", strconv.Itoa(s.limit-s.remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(s.reset.Unix(), 10))
	h.Set("X-RateLimit-Resource", "core")
}

// routeAPI answers a REST request that passed the checks of serveAPI.
func (s *Server) routeAPI(w http.ResponseWriter, r *http.Request, rel string) {
	seg := strings.Split(strings.Trim(rel, "/"), "/")
	switch {
	case len(seg) == 1 && seg[0] == "rate_limit":
		s.serveRateLimit(w)
	case len(seg) == 2 && seg[0] == "users":
		s.serveUser(w, seg[1])
	case len(seg) == 3 && seg[0] == "users" && seg[2] == "repos":
		s.serveRepoList(w, r, seg[1], false)
	case len(seg) == 3 && seg[0] == "orgs" && seg[2] == "repos":
		s.serveRepoList(w, r, seg[1], true)
	case len(seg) == 3 && seg[0] == "repos":
		s.serveRepo(w, r, seg[1], seg[2])
	case len(seg) == 4 && seg[0] == "repos" && seg[3] == "languages":
		s.serveLanguages(w, r, seg[1], seg[2])
	case len(seg) == 4 && seg[0] == "repos" && seg[3] == "commits":
		s.serveCommits(w, r, seg[1], seg[2])
	case len(seg) >= 5 && seg[0] == "repos" && seg[3] == "compare":
		// A branch may contain slashes: the rest of the path is BASE...HEAD.
		s.serveCompare(w, r, seg[1], seg[2], strings.Join(seg[4:], "/"))
	case len(seg) == 5 && seg[0] == "repos" && seg[3] == "stats" && (seg[4] == "contributors" || seg[4] == "commit_activity"):
		s.serveStats(w, r, seg[1], seg[2], seg[4])
	case len(seg) == 3 && seg[0] == "users" && seg[2] == "events",
		len(seg) == 4 && seg[0] == "users" && seg[2] == "events" && seg[3] == "public":
		s.serveEvents(w, r, seg[1])
	default:
		writeError(w, http.StatusNotFound, "Not Found", docsURL)
	}
}

// serveRateLimit answers GET /rate_limit in GitHub's shape.
func (s *Server) serveRateLimit(w http.ResponseWriter) {
	type rate struct {
		Limit     int    `json:"limit"`
		Used      int    `json:"used"`
		Remaining int    `json:"remaining"`
		Reset     int64  `json:"reset"`
		Resource  string `json:"resource"`
	}
	s.mu.Lock()
	core := rate{s.limit, s.limit - s.remaining, s.remaining, s.reset.Unix(), "core"}
	s.mu.Unlock()
	other := func(resource string, limit int, window time.Duration) rate {
		return rate{limit, 0, limit, time.Now().Add(window).Unix(), resource}
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"resources": map[string]rate{
			"core":                        core,
			"search":                      other("search", 10, time.Minute),
			"graphql":                     other("graphql", 0, time.Hour),
			"integration_manifest":        other("integration_manifest", 5000, time.Hour),
			"source_import":               other("source_import", 100, time.Minute),
			"code_scanning_upload":        other("code_scanning_upload", 500, time.Hour),
			"actions_runner_registration": other("actions_runner_registration", 10000, time.Hour),
			"scim":                        other("scim", 15000, time.Hour),
			"dependency_snapshots":        other("dependency_snapshots", 100, time.Minute),
			"code_search":                 other("code_search", 10, time.Minute),
		},
		"rate": core,
	})
}

// serveUser answers GET /users/{login}.
func (s *Server) serveUser(w http.ResponseWriter, login string) {
	s.mu.Lock()
	rec := s.users[strings.ToLower(login)]
	var body userJSON
	if rec != nil {
		body = s.userJSON(*rec)
	}
	s.mu.Unlock()
	if rec == nil {
		writeError(w, http.StatusNotFound, "Not Found", docsURL)
		return
	}
	writeJSON(w, http.StatusOK, body)
}

// serveRepoList answers GET /users/{login}/repos and, with org, GET /orgs/{org}/repos.
func (s *Server) serveRepoList(w http.ResponseWriter, r *http.Request, login string, org bool) {
	q := r.URL.Query()
	s.mu.Lock()
	owner := s.users[strings.ToLower(login)]
	if owner == nil || (org && owner.Type != "Organization") {
		s.mu.Unlock()
		writeError(w, http.StatusNotFound, "Not Found", docsURL)
		return
	}
	var recs []*repoRecord
	for _, rec := range s.repos {
		if rec.owner == owner.Login && !rec.repo.Private && listedByType(rec, q.Get("type"), org) {
			recs = append(recs, rec)
		}
	}

	sortKey := q.Get("sort")
	switch sortKey {
	case "pushed", "updated", "created", "full_name":
	default:
		sortKey = "full_name"
		if org {
			sortKey = "created"
		}
	}
	desc := sortKey != "full_name"
	switch q.Get("direction") {
	case "asc":
		desc = false
	case "desc":
		desc = true
	}
	sort.SliceStable(recs, func(i, j int) bool {
		a, b := recs[i], recs[j]
		var c int
		switch sortKey {
		case "pushed":
			c = a.repo.PushedAt.Compare(b.repo.PushedAt)
		case "updated":
			c = a.repo.UpdatedAt.Compare(b.repo.UpdatedAt)
		case "created":
			c = a.repo.CreatedAt.Compare(b.repo.CreatedAt)
		}
		if c == 0 {
			c = strings.Compare(strings.ToLower(a.repo.Name), strings.ToLower(b.repo.Name))
		}
		if c == 0 {
			c = int(a.id - b.id)
		}
		if desc {
			return c > 0
		}
		return c < 0
	})

	perPage := 30
	if n, err := strconv.Atoi(q.Get("per_page")); err == nil && n > 0 {
		perPage = min(n, 100)
	}
	page := 1
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 0 {
		page = n
	}
	last := (len(recs) + perPage - 1) / perPage
	lo := min((page-1)*perPage, len(recs))
	hi := min(lo+perPage, len(recs))
	body := make([]repoJSON, 0, hi-lo)
	for _, rec := range recs[lo:hi] {
		body = append(body, s.repoJSON(rec))
	}
	s.mu.Unlock()

	if link := s.linkHeader(r, page, last); link != "" {
		w.Header().Set("Link", link)
	}
	writeJSON(w, http.StatusOK, body)
}

// listedByType reports whether a public repository is listed for the "type" parameter;
// "member" lists nothing, as no one is a member of another account's repository here.
func listedByType(rec *repoRecord, typ string, org bool) bool {
	switch typ {
	case "member", "private", "internal":
		return false
	case "forks":
		return !org || rec.repo.Fork
	case "sources":
		return !org || !rec.repo.Fork
	default: // "", "owner", "all", "public"
		return true
	}
}

// linkHeader builds GitHub's Link header for page of last: prev, next, last, first,
// each an absolute URL keeping the request's query parameters in order.
func (s *Server) linkHeader(r *http.Request, page, last int) string {
	if last <= 1 && page <= 1 {
		return ""
	}
	var kept []string
	if r.URL.RawQuery != "" {
		for _, kv := range strings.Split(r.URL.RawQuery, "&") {
			if kv != "" && !strings.HasPrefix(kv, "page=") && kv != "page" {
				kept = append(kept, kv)
			}
		}
	}
	base := s.srv.URL + r.URL.EscapedPath()
	link := func(p int, rel string) string {
		return fmt.Sprintf(`<%s?%s>; rel="%s"`, base, strings.Join(append(kept[:len(kept):len(kept)], "page="+strconv.Itoa(p)), "&"), rel)
	}
	var links []string
	if page > 1 {
		links = append(links, link(page-1, "prev"))
	}
	if page < last {
		links = append(links, link(page+1, "next"), link(last, "last"))
	}
	if page > 1 {
		links = append(links, link(1, "first"))
	}
	return strings.Join(links, ", ")
}

// visibleRepo returns owner/name if r may see it: a private repository needs credentials.
func (s *Server) visibleRepo(r *http.Request, owner, name string) *repoRecord {
	rec := s.repos[repoKey(owner, name)]
	if rec == nil || (rec.repo.Private && r.Header.Get("Authorization") == "") {
		return nil
	}
	return rec
}

// serveRepo answers GET /repos/{owner}/{name} with the full repository object.
func (s *Server) serveRepo(w http.ResponseWriter, r *http.Request, owner, name string) {
	s.mu.Lock()
	rec := s.visibleRepo(r, owner, name)
	var body repoJSON
	if rec != nil {
		body = s.repoJSON(rec)
		network, subscribers := 0, 0
		body.NetworkCount, body.SubscribersCount = &network, &subscribers
		if rec.repo.Fork && rec.repo.Parent != "" {
			body.Parent, body.Source = s.upstreamJSON(rec)
		}
	}
	s.mu.Unlock()
	if rec == nil {
		writeError(w, http.StatusNotFound, "Not Found", docsURL)
		return
	}
	writeJSON(w, http.StatusOK, body)
}

// upstreamJSON returns the parent of a fork and the root of its fork chain; upstreams
// not added to the fake are synthesised from their names. The caller holds s.mu.
func (s *Server) upstreamJSON(rec *repoRecord) (parent, source *repoJSON) {
	seen := map[string]bool{repoKey(rec.owner, rec.repo.Name): true}
	cur := rec
	for cur.repo.Parent != "" && !seen[strings.ToLower(cur.repo.Parent)] {
		seen[strings.ToLower(cur.repo.Parent)] = true
		owner, name, _ := strings.Cut(cur.repo.Parent, "/")
		next := s.repos[repoKey(owner, name)]
		if next == nil {
			next = s.phantomRepo(owner, name)
		}
		j := s.repoJSON(next)
		if parent == nil {
			parent = &j
		}
		source = &j
		cur = next
	}
	return parent, source
}

// phantomRepo stands in for an upstream repository that the test did not add.
func (s *Server) phantomRepo(owner, name string) *repoRecord {
	return &repoRecord{
		repo: Repo{
			Name:          name,
			DefaultBranch: "main",
			CreatedAt:     defaultCreatedAt,
			PushedAt:      defaultCreatedAt,
			UpdatedAt:     defaultCreatedAt,
		},
		owner: owner,
		id:    int64(phantomID(owner + "/" + name)),
	}
}

// phantomID derives a stable ID from a name (FNV-1a, kept positive and out of the way
// of the sequential IDs).
func phantomID(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h>>1 | 1<<30
}

// serveLanguages answers GET /repos/{owner}/{name}/languages, largest language first
// like GitHub.
func (s *Server) serveLanguages(w http.ResponseWriter, r *http.Request, owner, name string) {
	s.mu.Lock()
	rec := s.visibleRepo(r, owner, name)
	var langs map[string]int
	if rec != nil {
		langs = rec.repo.Languages
		if langs == nil {
			langs = map[string]int{}
			if rec.repo.Language != "" {
				langs[rec.repo.Language] = 1000
			}
		}
		langs = maps.Clone(langs)
	}
	s.mu.Unlock()
	if rec == nil {
		writeError(w, http.StatusNotFound, "Not Found", docsURL)
		return
	}
	names := make([]string, 0, len(langs))
	for n := range langs {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if langs[names[i]] != langs[names[j]] {
			return langs[names[i]] > langs[names[j]]
		}
		return names[i] < names[j]
	})
	var b bytes.Buffer
	b.WriteByte('{')
	for i, n := range names {
		if i > 0 {
			b.WriteByte(',')
		}
		key, _ := json.Marshal(n)
		fmt.Fprintf(&b, "%s:%d", key, langs[n])
	}
	b.WriteByte('}')
	w.WriteHeader(http.StatusOK)
	w.Write(b.Bytes())
}

// ownerJSON is the "owner" object of a repository.
type ownerJSON struct {
	Login      string `json:"login"`
	ID         int64  `json:"id"`
	NodeID     string `json:"node_id"`
	AvatarURL  string `json:"avatar_url"`
	GravatarID string `json:"gravatar_id"`
	URL        string `json:"url"`
	HTMLURL    string `json:"html_url"`
	ReposURL   string `json:"repos_url"`
	Type       string `json:"type"`
	SiteAdmin  bool   `json:"site_admin"`
}

// userJSON is the object of GET /users/{login}.
type userJSON struct {
	ownerJSON
	Name            *string `json:"name"`
	Company         *string `json:"company"`
	Blog            string  `json:"blog"`
	Location        *string `json:"location"`
	Email           *string `json:"email"`
	Hireable        *bool   `json:"hireable"`
	Bio             *string `json:"bio"`
	TwitterUsername *string `json:"twitter_username"`
	PublicRepos     int     `json:"public_repos"`
	PublicGists     int     `json:"public_gists"`
	Followers       int     `json:"followers"`
	Following       int     `json:"following"`
	CreatedAt       string  `json:"created_at"`
	UpdatedAt       string  `json:"updated_at"`
}

// repoJSON is a repository object; the last four fields appear only in GET /repos/O/N.
type repoJSON struct {
	ID                       int64     `json:"id"`
	NodeID                   string    `json:"node_id"`
	Name                     string    `json:"name"`
	FullName                 string    `json:"full_name"`
	Private                  bool      `json:"private"`
	Owner                    ownerJSON `json:"owner"`
	HTMLURL                  string    `json:"html_url"`
	Description              *string   `json:"description"`
	Fork                     bool      `json:"fork"`
	URL                      string    `json:"url"`
	ForksURL                 string    `json:"forks_url"`
	LanguagesURL             string    `json:"languages_url"`
	CreatedAt                string    `json:"created_at"`
	UpdatedAt                string    `json:"updated_at"`
	PushedAt                 string    `json:"pushed_at"`
	GitURL                   string    `json:"git_url"`
	SSHURL                   string    `json:"ssh_url"`
	CloneURL                 string    `json:"clone_url"`
	SVNURL                   string    `json:"svn_url"`
	Homepage                 *string   `json:"homepage"`
	Size                     int       `json:"size"`
	StargazersCount          int       `json:"stargazers_count"`
	WatchersCount            int       `json:"watchers_count"`
	Language                 *string   `json:"language"`
	HasIssues                bool      `json:"has_issues"`
	HasProjects              bool      `json:"has_projects"`
	HasDownloads             bool      `json:"has_downloads"`
	HasWiki                  bool      `json:"has_wiki"`
	HasPages                 bool      `json:"has_pages"`
	HasDiscussions           bool      `json:"has_discussions"`
	ForksCount               int       `json:"forks_count"`
	MirrorURL                *string   `json:"mirror_url"`
	Archived                 bool      `json:"archived"`
	Disabled                 bool      `json:"disabled"`
	OpenIssuesCount          int       `json:"open_issues_count"`
	License                  *struct{} `json:"license"`
	AllowForking             bool      `json:"allow_forking"`
	IsTemplate               bool      `json:"is_template"`
	WebCommitSignoffRequired bool      `json:"web_commit_signoff_required"`
	Topics                   []string  `json:"topics"`
	Visibility               string    `json:"visibility"`
	Forks                    int       `json:"forks"`
	OpenIssues               int       `json:"open_issues"`
	Watchers                 int       `json:"watchers"`
	DefaultBranch            string    `json:"default_branch"`
	NetworkCount             *int      `json:"network_count,omitempty"`
	SubscribersCount         *int      `json:"subscribers_count,omitempty"`
	Parent                   *repoJSON `json:"parent,omitempty"`
	Source                   *repoJSON `json:"source,omitempty"`
}

// ownerJSONFor renders the account login, which may be one the test never added (the
// owner of a phantom upstream). The caller holds s.mu.
func (s *Server) ownerJSONFor(login string) ownerJSON {
	u := User{Login: login, Type: "User", ID: int64(phantomID(login))}
	if known := s.users[strings.ToLower(login)]; known != nil {
		u = *known
	}
	kind := "04:User"
	if u.Type == "Organization" {
		kind = "012:Organization"
	}
	return ownerJSON{
		Login:     u.Login,
		ID:        u.ID,
		NodeID:    nodeID(kind, u.ID),
		AvatarURL: fmt.Sprintf("%s/avatars/u/%d?v=4", s.srv.URL, u.ID),
		URL:       s.APIURL() + "users/" + u.Login,
		HTMLURL:   s.srv.URL + "/" + u.Login,
		ReposURL:  s.APIURL() + "users/" + u.Login + "/repos",
		Type:      u.Type,
	}
}

// userJSON renders u. The caller holds s.mu.
func (s *Server) userJSON(u User) userJSON {
	public := u.PublicRepos
	if public == 0 {
		for _, rec := range s.repos {
			if rec.owner == u.Login && !rec.repo.Private {
				public++
			}
		}
	}
	return userJSON{
		ownerJSON:   s.ownerJSONFor(u.Login),
		Name:        nullable(u.Name),
		Company:     nullable(u.Company),
		Blog:        u.Blog,
		Location:    nullable(u.Location),
		Email:       nullable(u.Email),
		Bio:         nullable(u.Bio),
		PublicRepos: public,
		CreatedAt:   timestamp(u.CreatedAt),
		UpdatedAt:   timestamp(u.CreatedAt),
	}
}

// repoJSON renders rec as a list item. The caller holds s.mu.
func (s *Server) repoJSON(rec *repoRecord) repoJSON {
	r := rec.repo
	full := rec.owner + "/" + r.Name
	api := s.APIURL() + "repos/" + full
	html := s.srv.URL + "/" + full
	host := strings.TrimPrefix(s.srv.URL, "http://")
	hostname, _, _ := strings.Cut(host, ":")
	visibility := "public"
	if r.Private {
		visibility = "private"
	}
	return repoJSON{
		ID:            rec.id,
		NodeID:        nodeID("010:Repository", rec.id),
		Name:          r.Name,
		FullName:      full,
		Private:       r.Private,
		Owner:         s.ownerJSONFor(rec.owner),
		HTMLURL:       html,
		Description:   nullable(r.Description),
		Fork:          r.Fork,
		URL:           api,
		ForksURL:      api + "/forks",
		LanguagesURL:  api + "/languages",
		CreatedAt:     timestamp(r.CreatedAt),
		UpdatedAt:     timestamp(r.UpdatedAt),
		PushedAt:      timestamp(r.PushedAt),
		GitURL:        "git://" + host + "/" + full + ".git",
		SSHURL:        "git@" + hostname + ":" + full + ".git",
		CloneURL:      cmp.Or(r.ServedCloneURL, s.CloneURL(rec.owner, r.Name)),
		SVNURL:        html,
		Size:          r.SizeKB,
		Language:      nullable(r.Language),
		HasIssues:     true,
		HasProjects:   true,
		HasDownloads:  true,
		HasWiki:       true,
		Archived:      r.Archived,
		AllowForking:  true,
		Topics:        []string{},
		Visibility:    visibility,
		DefaultBranch: r.DefaultBranch,
	}
}

// writeJSON writes v as the response body with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(body)
}

// writeError writes GitHub's error body.
func writeError(w http.ResponseWriter, status int, message, documentation string) {
	writeJSON(w, status, struct {
		Message          string `json:"message"`
		DocumentationURL string `json:"documentation_url,omitempty"`
	}{message, documentation})
}

// statusMessage is GitHub's message for an injected status.
func statusMessage(status int) string {
	switch {
	case status == http.StatusUnauthorized:
		return "Bad credentials"
	case status >= 500:
		return "Server Error"
	case http.StatusText(status) != "":
		return http.StatusText(status)
	default:
		return "Error"
	}
}

// tokenMatches reports whether an Authorization header carries token, as
// "Bearer TOKEN" or "token TOKEN".
func tokenMatches(header, token string) bool {
	scheme, value, ok := strings.Cut(header, " ")
	if !ok {
		return false
	}
	return (strings.EqualFold(scheme, "bearer") || strings.EqualFold(scheme, "token")) && strings.TrimSpace(value) == token
}

// repoKey indexes repositories case-insensitively, as GitHub resolves names.
func repoKey(owner, name string) string {
	return strings.ToLower(owner + "/" + name)
}

// treeEntries merges files, symlinks and the executable bit into git tree entries.
func treeEntries(files, symlinks map[string]string, executable []string) map[string]treeEntry {
	exec := map[string]bool{}
	for _, p := range executable {
		exec[p] = true
	}
	entries := make(map[string]treeEntry, len(files)+len(symlinks))
	for p, c := range files {
		mode := "100644"
		if exec[p] {
			mode = "100755"
		}
		entries[p] = treeEntry{mode: mode, content: c}
	}
	for p, target := range symlinks {
		entries[p] = treeEntry{mode: "120000", content: target}
	}
	return entries
}

// nodeID builds GitHub's legacy global node ID, base64 of "<kind><id>".
func nodeID(kind string, id int64) string {
	return base64.StdEncoding.EncodeToString([]byte(kind + strconv.FormatInt(id, 10)))
}

// nullable maps "" to JSON null.
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// timestamp formats t as GitHub does.
func timestamp(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05Z")
}
