package clone

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer/github/githubtest"
)

var pushed = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)

func fake(t *testing.T) *githubtest.Server {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "o"})
	s.AddRepo("o", githubtest.Repo{Name: "r", Language: "Python", PushedAt: pushed,
		Files:    map[string]string{"a.py": "x = 1\n", "pkg/b.py": "y = 2\n"},
		Symlinks: map[string]string{"escape": "../../../../etc/passwd"}})
	s.AddRepo("o", githubtest.Repo{Name: "empty", PushedAt: pushed})
	s.AddRepo("o", githubtest.Repo{Name: "gone", PushedAt: pushed, CloneStatus: 404, Files: map[string]string{"x": ""}})
	return s
}

// opts are the Options for clone URLs served by the fake's API.
func opts(s *githubtest.Server, cache string) Options {
	return Options{CacheDir: cache, Policy: APIPolicy(s.APIURL())}
}

func readFile(t *testing.T, snap *Snapshot, path string) string {
	t.Helper()
	f, err := snap.Tree.File(path)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := f.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, _ := io.ReadAll(rc)
	return string(b)
}

func TestFetchCloneReuseAndUpdate(t *testing.T) {
	s := fake(t)
	cache := t.TempDir()
	url := s.CloneURL("o", "r")
	snap, err := Fetch(context.Background(), url, "", opts(s, cache))
	if err != nil {
		t.Fatal(err)
	}
	if snap.Commit != s.HeadSHA("o", "r") || snap.Branch != "main" || snap.Reused {
		t.Errorf("first fetch: commit %s branch %q reused %v", snap.Commit, snap.Branch, snap.Reused)
	}
	if got := readFile(t, snap, "pkg/b.py"); got != "y = 2\n" {
		t.Errorf("pkg/b.py = %q", got)
	}
	// Nothing is checked out: the bare clone holds no candidate file.
	for _, name := range []string{"a.py", "escape", "pkg"} {
		if _, err := os.Lstat(filepath.Join(snap.Dir, name)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s was materialised in the cache", name)
		}
	}
	if shallow, err := os.ReadFile(filepath.Join(snap.Dir, "shallow")); err != nil || !strings.Contains(string(shallow), snap.Commit) {
		t.Errorf("clone is not shallow: %q %v", shallow, err)
	}

	newSHA := s.CommitFiles("o", "r", map[string]string{"c.py": "z = 3\n"})
	snap2, err := Fetch(context.Background(), url, "main", opts(s, cache))
	if err != nil {
		t.Fatal(err)
	}
	if !snap2.Reused || snap2.Commit != newSHA || snap2.Dir != snap.Dir {
		t.Errorf("second fetch: reused %v commit %s (want %s) dir %s", snap2.Reused, snap2.Commit, newSHA, snap2.Dir)
	}
	if got := readFile(t, snap2, "c.py"); got != "z = 3\n" {
		t.Errorf("c.py = %q", got)
	}
	entries, _ := os.ReadDir(filepath.Dir(snap.Dir))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	base := filepath.Base(snap.Dir)
	if len(names) != 2 || names[0] != base || names[1] != base+".lock" {
		t.Errorf("cache dir holds %v, want the entry and its lock file (no temporary leftovers)", names)
	}
}

func TestFetchReplacesDamagedCache(t *testing.T) {
	s := fake(t)
	cache := t.TempDir()
	url := s.CloneURL("o", "r")
	snap, err := Fetch(context.Background(), url, "", opts(s, cache))
	if err != nil {
		t.Fatal(err)
	}
	// Lose the branch ref, as an interrupted or corrupted cache might.
	if err := os.WriteFile(filepath.Join(snap.Dir, "HEAD"), []byte("garbage\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	snap2, err := Fetch(context.Background(), url, "", opts(s, cache))
	if err != nil {
		t.Fatal("damaged cache was not replaced:", err)
	}
	if snap2.Commit != s.HeadSHA("o", "r") || snap2.Reused {
		t.Errorf("commit %s reused %v", snap2.Commit, snap2.Reused)
	}
}

func TestFetchErrors(t *testing.T) {
	s := fake(t)
	cache := t.TempDir()
	if _, err := Fetch(context.Background(), s.CloneURL("o", "empty"), "", opts(s, cache)); !errors.Is(err, ErrEmptyRepository) {
		t.Errorf("empty: %v", err)
	}
	if _, err := Fetch(context.Background(), s.CloneURL("o", "gone"), "", opts(s, cache)); !errors.Is(err, ErrUnreachable) {
		t.Errorf("gone: %v", err)
	}
	s.FailNext("/git/o/r.git", 503, 1)
	_, err := Fetch(context.Background(), s.CloneURL("o", "r"), "", opts(s, cache))
	if err == nil || !Transient(err) || !strings.Contains(err.Error(), "HTTP 503") {
		t.Errorf("503: %v (transient %v)", err, Transient(err))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Fetch(ctx, s.CloneURL("o", "r"), "", opts(s, cache)); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	var leftovers []string
	_ = filepath.WalkDir(cache, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), ".tmp-") {
			leftovers = append(leftovers, p)
		}
		return nil
	})
	if len(leftovers) > 0 {
		t.Errorf("failed clones left %v", leftovers)
	}
}

func TestCachePath(t *testing.T) {
	a, err := CachePath("/c", "https://github.com/Owner/Repo.git")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a, "/c/repos/github.com/Owner/Repo-") || !strings.HasSuffix(a, ".git") {
		t.Errorf("path %s", a)
	}
	b, _ := CachePath("/c", "https://github.com/Owner/Repo")
	if a == b {
		t.Error("different URLs share a cache entry")
	}
	evil, err := CachePath("/c", "https://h/../../etc/x")
	if err != nil || !strings.HasPrefix(evil, "/c/repos/") || strings.Contains(evil, "..") {
		t.Errorf("hostile URL maps to %s (%v)", evil, err)
	}
	withUser, _ := CachePath("/c", "https://user:secret@github.com/o/r.git")
	if strings.Contains(withUser, "secret") {
		t.Errorf("credentials in cache path %s", withUser)
	}
	if _, err := CachePath("/c", "not a url"); err == nil {
		t.Error("no error for a non-URL")
	}
}
