package analyzer

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer/clone"
	"github.com/pyscout/pyscout/analyzer/github"
	"github.com/pyscout/pyscout/analyzer/github/githubtest"
)

// cloneStageUser is a fake account whose repositories are named by
// the keys of served: each is served with that clone_url ("" for the
// fake's own).
func cloneStageUser(t *testing.T, served map[string]string) (*githubtest.Server, *github.Client) {
	t.Helper()
	s := githubtest.New(t)
	return s, cloneStageRepos(t, s, served)
}

// cloneStageRepos adds the account cora to s, with served's repositories,
// and returns a client of s: for a test whose clone URLs name s's host.
func cloneStageRepos(t *testing.T, s *githubtest.Server, served map[string]string) *github.Client {
	t.Helper()
	s.AddUser(githubtest.User{Login: "cora"})
	for name, url := range served {
		s.AddRepo("cora", githubtest.Repo{Name: name, Language: "Python", ServedCloneURL: url,
			Files: map[string]string{"a.py": "import requests\n"}})
	}
	gh, err := github.NewClient(github.Options{APIURL: s.APIURL()})
	if err != nil {
		t.Fatal(err)
	}
	return gh
}

func skippedByName(p *Profile) map[string]SkippedRepo {
	out := map[string]SkippedRepo{}
	for _, sk := range p.Skipped {
		out[sk.Name] = sk
	}
	return out
}

func TestAnalyzeRefusesHostileCloneURLs(t *testing.T) {
	// A real repository on the local disk, which a file:// URL would clone.
	donor, _ := cloneStageUser(t, map[string]string{"donor": ""})
	local, err := clone.Fetch(context.Background(), donor.CloneURL("cora", "donor"), "",
		clone.Options{CacheDir: t.TempDir(), Policy: clone.APIPolicy(donor.APIURL())})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"file":     "clone URL refused: file:// is not allowed from an API answer",
		"ssh":      "clone URL refused: ssh:// is not allowed from an API answer",
		"git":      "clone URL refused: git:// is not allowed from an API answer",
		"path":     "clone URL refused: a local path is not allowed from an API answer",
		"scp":      "clone URL refused: an scp-like SSH address (user@host:path) is not allowed from an API answer",
		"other":    "clone URL refused: the host other.invalid is neither the API's host nor github.com",
		"userinfo": "clone URL refused: credentials in the URL are not allowed from an API answer",
	}
	s := githubtest.New(t)
	host := strings.TrimPrefix(s.URL(), "http://")
	served := map[string]string{
		"ok":       "", // near-miss: the API host's own clone URL
		"file":     "file://localhost" + local.Dir,
		"ssh":      "ssh://git@" + host + "/cora/ok.git",
		"git":      "git://" + host + "/cora/ok.git",
		"path":     local.Dir,
		"scp":      "git@" + host + ":cora/ok.git",
		"other":    "https://other.invalid/cora/ok.git",
		"userinfo": "http://x-access-token:secret@" + host + "/git/cora/ok.git",
	}
	gh := cloneStageRepos(t, s, served)
	p, err := AnalyzeUser(context.Background(), gh, "cora", Options{CacheDir: t.TempDir(), NoHistory: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Repos) != 1 || p.Repos[0].Name != "ok" || p.Repos[0].Python.Files != 1 {
		t.Errorf("analysed %+v, want only ok", p.Repos)
	}
	skipped := skippedByName(p)
	for name, reason := range want {
		if got := skipped[name].Reason; got != reason {
			t.Errorf("%s: reason %q, want %q", name, got, reason)
		}
		if strings.Contains(skipped[name].Detail, "secret") {
			t.Errorf("%s: detail shows the URL's password: %q", name, skipped[name].Detail)
		}
	}
	for _, r := range s.Requests() {
		if strings.HasPrefix(r.Path, "/git/") && !strings.HasPrefix(r.Path, "/git/cora/ok.git/") {
			t.Errorf("git request %s for a refused URL", r.Path)
		}
	}
}

func TestAnalyzeKeepsFinishedReposWhenOneStalls(t *testing.T) {
	s, gh := cloneStageUser(t, map[string]string{"a": "", "b": "", "stuck": ""})
	s.StallPackAfter("/git/cora/stuck.git", 120, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second) // hang guard
	defer cancel()
	p, err := AnalyzeUser(ctx, gh, "cora", Options{CacheDir: t.TempDir(), NoHistory: true,
		// The healthy clones beside the stall must never trip it, even on a loaded runner.
		CloneLimits: clone.Limits{ProgressTimeout: 3 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Repos) != 2 {
		t.Errorf("%d repositories analysed, want the 2 that did not stall", len(p.Repos))
	}
	stuck := skippedByName(p)["stuck"]
	if stuck.Reason != "clone stalled: no data for 3 s" {
		t.Errorf("reason %q", stuck.Reason)
	}
	if !strings.Contains(stuck.Detail, "clone stalled") || stuck.Detail == stuck.Reason {
		t.Errorf("detail %q should hold the full error", stuck.Detail)
	}
}

func TestSkippedReasonIsShortAndTheErrorGoesToDetail(t *testing.T) {
	s, gh := cloneStageUser(t, map[string]string{"ok": "", "broken": ""})
	s.FailNext("/git/cora/broken.git", 500, 3)
	var events []Event
	p, err := AnalyzeUser(context.Background(), gh, "cora", Options{CacheDir: t.TempDir(), NoHistory: true,
		Progress: func(e Event) { events = append(events, e) }})
	if err != nil {
		t.Fatal(err)
	}
	broken := skippedByName(p)["broken"]
	if want := "clone failed: server error (HTTP 500) after 3 tries"; broken.Reason != want {
		t.Errorf("reason %q, want %q", broken.Reason, want)
	}
	if !strings.Contains(broken.Detail, "500") || strings.Contains(broken.Detail, "\n") {
		t.Errorf("detail %q", broken.Detail)
	}
	for _, e := range events {
		if e.Stage == StageSkip && e.Detail != broken.Reason {
			t.Errorf("progress shows %q, want the short reason", e.Detail)
		}
	}
	if len(p.Repos) != 1 {
		t.Errorf("%d analysed, want 1", len(p.Repos))
	}
}

func TestInspectKeepsUserTypedURLs(t *testing.T) {
	// Near-miss of the API's policy: a URL the user typed may name any
	// host (here the fake, which is no API of this run) over http.
	s, _ := cloneStageUser(t, map[string]string{"r": ""})
	p, err := Inspect(context.Background(), []string{s.CloneURL("cora", "r")}, Options{CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Repos) != 1 || len(p.Skipped) != 0 {
		t.Errorf("repos %d, skipped %+v", len(p.Repos), p.Skipped)
	}
}

func TestReasonForIsOneBoundedLine(t *testing.T) {
	long := errors.New("analyse x: first line\n\tsecond line " + strings.Repeat("y", 500))
	r := reasonFor(long)
	if strings.ContainsAny(r, "\n\t") || len([]rune(r)) > maxReason || !strings.HasPrefix(r, "analyse x: first line") {
		t.Errorf("reason %q", r)
	}
	d := detailFor(long)
	if strings.ContainsAny(d, "\n\t") || !strings.Contains(d, "second line") {
		t.Errorf("detail %q", d)
	}
	if d := detailFor(&clone.RefusedError{Why: "file:// is not allowed"}); d != "" {
		t.Errorf("detail %q repeats the reason", d)
	}
}
