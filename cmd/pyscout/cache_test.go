package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gofrs/flock"

	"github.com/pyscout/pyscout/analyzer/github/githubtest"
	"github.com/pyscout/pyscout/internal/fileid"
)

// fakeRemaining reads the fake's core budget from /rate_limit, which costs
// nothing.
func fakeRemaining(t *testing.T, s *githubtest.Server) int {
	t.Helper()
	resp, err := http.Get(s.APIURL() + "rate_limit")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Rate struct {
			Remaining int `json:"remaining"`
		} `json:"rate"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return body.Rate.Remaining
}

// apiUsage is the api object of a JSON report.
type apiUsage struct {
	Requests    int `json:"requests"`
	NotModified int `json:"not_modified"`
}

func analyzeAPIUsage(t *testing.T, s *githubtest.Server, cache string, extra ...string) apiUsage {
	t.Helper()
	args := append([]string{"analyze", "alice", "--api-url", s.APIURL(), "--cache-dir", cache, "--format", "json", "-q"}, extra...)
	res := runCLI(t, map[string]string{"GH_TOKEN": "ghp_cacheTestToken0123456789"}, args...)
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	var r struct {
		API apiUsage `json:"api"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &r); err != nil {
		t.Fatal(err)
	}
	return r.API
}

// A warm re-run revalidates every answer: all its requests are answered
// 304 and it spends none of the rate limit. This is the figure of
// docs/caching.md (go test ./cmd/pyscout -run TestWarmRerunSpendsNoRateLimit -v).
func TestWarmRerunSpendsNoRateLimit(t *testing.T) {
	s := portfolio(t)
	s.SetMaxAge(0) // every stored answer stale: the re-run must revalidate
	cache := t.TempDir()
	start := fakeRemaining(t, s)
	cold := analyzeAPIUsage(t, s, cache)
	afterCold := fakeRemaining(t, s)
	warm := analyzeAPIUsage(t, s, cache)
	afterWarm := fakeRemaining(t, s)
	t.Logf("cold run: %d requests, %d answered 304, %d of the rate limit spent", cold.Requests, cold.NotModified, start-afterCold)
	t.Logf("warm run: %d requests, %d answered 304, %d of the rate limit spent", warm.Requests, warm.NotModified, afterCold-afterWarm)
	if afterWarm != afterCold || warm.Requests != warm.NotModified || warm.Requests == 0 {
		t.Errorf("warm run: %+v, spent %d; want every request answered 304 and nothing spent", warm, afterCold-afterWarm)
	}
	if cold.NotModified != 0 || start-afterCold != cold.Requests {
		t.Errorf("cold run: %+v, spent %d; want every request spent", cold, start-afterCold)
	}
	// Near-miss: --no-http-cache spends as a cold run does, unconditionally.
	before := len(s.Requests())
	off := analyzeAPIUsage(t, s, cache, "--no-http-cache")
	if spent := afterWarm - fakeRemaining(t, s); spent != off.Requests || off.NotModified != 0 {
		t.Errorf("--no-http-cache: %+v, spent %d; want every request spent", off, spent)
	}
	for _, r := range s.Requests()[before:] {
		if r.IfNoneMatch != "" {
			t.Errorf("--no-http-cache sent a conditional request: %+v", r)
		}
	}
}

// cache info lists each cache; clean removes them, all or by --only, and
// nothing outside the cache directory.
func TestCacheInfoAndClean(t *testing.T) {
	s := portfolio(t)
	cache := filepath.Join(t.TempDir(), "cache")
	analyzeAPIUsage(t, s, cache, "--no-history")
	outside := t.TempDir()
	keep := filepath.Join(outside, "keep.txt")
	if err := os.WriteFile(keep, []byte("not the cache's"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Another tool's results directory, linked in where the run made its
	// own: clean removes the link only.
	if err := os.RemoveAll(filepath.Join(cache, "results")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(cache, "results")); err != nil {
		t.Fatal(err)
	}

	res := runCLI(t, nil, "cache", "info", "--cache-dir", cache)
	if res.code != 0 {
		t.Fatalf("info: exit %d: %s", res.code, res.stderr)
	}
	for _, want := range []string{"cache directory: " + cache, "http", "repos", "total"} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("info lacks %q:\n%s", want, res.stdout)
		}
	}
	rows := map[string][]string{}
	for _, line := range strings.Split(res.stdout, "\n") {
		if f := strings.Fields(line); len(f) == 4 {
			rows[f[0]] = f[1:]
		}
	}
	if r := rows["repos"]; r == nil || r[0] == "0" {
		t.Errorf("repos row %v, want the clones counted", r)
	}
	if r := rows["http"]; r == nil || r[0] == "0" {
		t.Errorf("http row %v, want the API answers counted", r)
	}

	res = runCLI(t, nil, "cache", "clean", "--cache-dir", cache, "--only", "http")
	if res.code != 0 || !strings.Contains(res.stdout, "http: removed") {
		t.Fatalf("clean --only http: exit %d: %s%s", res.code, res.stdout, res.stderr)
	}
	if _, err := os.Stat(filepath.Join(cache, "http")); !os.IsNotExist(err) {
		t.Errorf("http/ survived clean --only http: %v", err)
	}
	if _, err := os.Stat(filepath.Join(cache, "repos")); err != nil {
		t.Errorf("repos/ went with clean --only http: %v", err)
	}

	// A clone another run holds is kept, and the rest go.
	var entry string
	filepath.WalkDir(filepath.Join(cache, "repos"), func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() && strings.HasSuffix(p, ".git") && entry == "" {
			entry = p
			return filepath.SkipDir
		}
		return nil
	})
	if entry == "" {
		t.Fatal("no clone in the cache")
	}
	lock := flock.New(entry + ".lock")
	if ok, err := lock.TryLock(); !ok || err != nil {
		t.Fatalf("lock: %v %v", ok, err)
	}
	res = runCLI(t, nil, "cache", "clean", "--cache-dir", cache)
	lock.Unlock()
	if res.code != 0 || !strings.Contains(res.stdout, "kept 1 clone in use") {
		t.Errorf("clean with a busy clone: exit %d: %s%s", res.code, res.stdout, res.stderr)
	}
	if _, err := os.Stat(entry); err != nil {
		t.Errorf("the busy clone was removed: %v", err)
	}
	if _, err := os.Lstat(filepath.Join(cache, "results")); !os.IsNotExist(err) {
		t.Errorf("the results link survived: %v", err)
	}
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("clean removed a file outside the cache: %v", err)
	}
	// Near-miss: unlocked, the clone goes.
	res = runCLI(t, nil, "cache", "clean", "--cache-dir", cache, "--only", "repos")
	if _, err := os.Stat(entry); res.code != 0 || !os.IsNotExist(err) {
		t.Errorf("clean after unlock: exit %d, clone %v: %s%s", res.code, err, res.stdout, res.stderr)
	}
}

// A symlinked cache directory, an unknown cache name and arguments are
// refused with a usage error, and nothing is removed.
func TestCacheCleanRefuses(t *testing.T) {
	real := t.TempDir()
	if err := os.MkdirAll(filepath.Join(real, "http", "anonymous"), 0o700); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "cache")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"cache", "clean", "--cache-dir", link},
		{"cache", "info", "--cache-dir", link},
		{"cache", "clean", "--cache-dir", real, "--only", "home"},
		{"cache", "clean", "--cache-dir", real, "extra"},
	} {
		res := runCLI(t, nil, args...)
		if res.code != exitUsage || strings.Count(strings.TrimSpace(res.stderr), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line", args, res.code, res.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(real, "http", "anonymous")); err != nil {
		t.Errorf("a refused clean removed something: %v", err)
	}
	// Near-miss: a cache directory that does not exist is nothing to clean.
	res := runCLI(t, nil, "cache", "clean", "--cache-dir", filepath.Join(real, "none"))
	if res.code != 0 || !strings.Contains(res.stdout, "nothing to clean") {
		t.Errorf("clean of a missing dir: exit %d: %s%s", res.code, res.stdout, res.stderr)
	}
}

// A file with several names (a bundle of the results cache) is an entry
// per name and its bytes count once; separate files of the same size
// count each (the near miss).
func TestMeasureCacheCountsLinkedBytesOnce(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "results")
	if err := os.MkdirAll(filepath.Join(dir, "a"), 0o755); err != nil {
		t.Fatal(err)
	}
	bundle := filepath.Join(dir, "a", "k1")
	if err := os.WriteFile(bundle, make([]byte, 1000), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"k2", "k3"} {
		if err := os.Link(bundle, filepath.Join(dir, "a", name)); err != nil {
			t.Skipf("no hard links here: %v", err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "k4"), make([]byte, 1000), 0o644); err != nil {
		t.Fatal(err)
	}
	u := measureCache(dir)
	want := int64(2000)
	if !fileid.Supported {
		want = 4000
	}
	if u.entries != 4 || u.bytes != want {
		t.Fatalf("measured %d entries of %d bytes, want 4 of %d", u.entries, u.bytes, want)
	}
}
