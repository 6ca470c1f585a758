package github

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer/github/githubtest"
)

// cacheServer is a fake GitHub with two users.
func cacheServer(t *testing.T) *githubtest.Server {
	t.Helper()
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice", Name: "Alice"})
	s.AddUser(githubtest.User{Login: "bob", Name: "Bob"})
	return s
}

func openCache(t *testing.T, dir string) *HTTPCache {
	t.Helper()
	c, err := OpenHTTPCache(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// remaining is the fake's core budget as its /rate_limit reports it (which
// costs nothing).
func remaining(t *testing.T, s *githubtest.Server) int {
	t.Helper()
	c := newTestClient(t, s, nil)
	_, _, err := c.gh.RateLimit.Get(guardCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	_, rem, _, ok := c.Rate()
	if !ok {
		t.Fatal("no rate headers on /rate_limit")
	}
	return rem
}

// A re-run with a cache holding stale answers asks with If-None-Match, gets
// 304 and spends no rate limit; the answer is the same as the first.
func TestHTTPCacheRevalidatesWithoutSpendingTheBudget(t *testing.T) {
	s := cacheServer(t)
	s.SetMaxAge(0)
	cache := openCache(t, t.TempDir())
	run := func() (*Client, *Account) {
		c := newTestClient(t, s, func(o *Options) { o.HTTPCache = cache })
		a, err := c.Account(guardCtx(t), "alice")
		if err != nil {
			t.Fatal(err)
		}
		return c, a
	}
	cold, first := run()
	before := remaining(t, s)
	warm, second := run()
	if got := remaining(t, s); got != before {
		t.Errorf("the warm run spent %d of the rate limit, want 0", before-got)
	}
	if *first != *second {
		t.Errorf("cached answer %+v, want %+v", second, first)
	}
	if cold.NotModified() != 0 || cold.Requests() != 1 {
		t.Errorf("cold run: %d requests, %d not modified; want 1, 0", cold.Requests(), cold.NotModified())
	}
	if warm.Requests() != 1 || warm.NotModified() != 1 {
		t.Errorf("warm run: %d requests, %d not modified; want 1, 1", warm.Requests(), warm.NotModified())
	}
	reqs := s.Requests()
	last := reqs[len(reqs)-2] // before remaining()'s /rate_limit
	if last.Path != "/users/alice" || last.IfNoneMatch == "" || last.Authorization == "" {
		t.Errorf("warm request %+v, want a conditional, authorised GET /users/alice", last)
	}
	// The rate seen through the 304 is the fake's, not the stored answer's.
	if _, rem, _, ok := warm.Rate(); !ok || rem != before {
		t.Errorf("warm client's rate: remaining %d (known %v), want %d", rem, ok, before)
	}
	// Near-miss: without the cache the same re-run spends one.
	c := newTestClient(t, s, nil)
	if _, err := c.Account(guardCtx(t), "alice"); err != nil {
		t.Fatal(err)
	}
	if got := remaining(t, s); got != before-1 {
		t.Errorf("uncached run: remaining %d, want %d", got, before-1)
	}
}

// Within GitHub's max-age an answer is served without a request.
func TestHTTPCacheServesFreshAnswersWithoutARequest(t *testing.T) {
	s := cacheServer(t)
	cache := openCache(t, t.TempDir())
	for range 2 {
		c := newTestClient(t, s, func(o *Options) { o.HTTPCache = cache })
		if _, err := c.Account(guardCtx(t), "alice"); err != nil {
			t.Fatal(err)
		}
	}
	if n := s.RequestCount("/users/alice"); n != 1 {
		t.Errorf("%d requests for a fresh answer, want 1", n)
	}
}

// The repository listing is revalidated even while fresh: a push moves
// pushed_at, which decides whether a cached clone is used without a fetch.
// Unchanged, it costs a 304 and no rate limit.
func TestHTTPCacheRevalidatesTheRepositoryListing(t *testing.T) {
	s := cacheServer(t)
	s.AddRepo("alice", githubtest.Repo{Name: "r", Language: "Python", Files: map[string]string{"a.py": "x = 1\n"}})
	cache := openCache(t, t.TempDir())
	list := func() (*Client, Repo) {
		c := newTestClient(t, s, func(o *Options) { o.HTTPCache = cache })
		repos, err := c.ListRepos(guardCtx(t), "alice")
		if err != nil || len(repos) != 1 {
			t.Fatalf("list: %v, %+v", repos, err)
		}
		return c, repos[0]
	}
	_, first := list()
	before := remaining(t, s)
	warm, same := list()
	if warm.Requests() != 1 || warm.NotModified() != 1 || !same.PushedAt.Equal(first.PushedAt) {
		t.Errorf("unchanged listing: %d requests, %d not modified; want 1, 1", warm.Requests(), warm.NotModified())
	}
	if got := remaining(t, s); got != before {
		t.Errorf("revalidation spent %d of the rate limit", before-got)
	}
	s.CommitFiles("alice", "r", map[string]string{"b.py": "y = 2\n"})
	_, pushed := list()
	if !pushed.PushedAt.After(first.PushedAt) {
		t.Errorf("pushed_at %v after a push, want later than %v: a fresh cached listing was served", pushed.PushedAt, first.PushedAt)
	}
	// Near-miss: another fresh answer (the account) is still served
	// without a request.
	c := newTestClient(t, s, func(o *Options) { o.HTTPCache = cache })
	for range 2 {
		if _, err := c.Account(guardCtx(t), "alice"); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	for _, r := range s.Requests() {
		if r.Path == "/users/alice" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d requests for the account, want 1", n)
	}
}

// An answer fetched with one token is never served to another, nor to an
// unauthenticated client, not even as the base of a conditional request;
// the token never reaches the disk.
func TestHTTPCacheKeepsTokensApart(t *testing.T) {
	s := cacheServer(t)
	dir := t.TempDir()
	cache := openCache(t, dir)
	const tokenA, tokenB = "ghp_tokenAAAAAAAAAAAAAAAAAAAAAAA", "ghp_tokenBBBBBBBBBBBBBBBBBBBBBBB"
	fetch := func(token string) {
		t.Helper()
		c := newTestClient(t, s, func(o *Options) { o.HTTPCache, o.Token = cache, token })
		if _, err := c.Account(guardCtx(t), "alice"); err != nil {
			t.Fatal(err)
		}
	}
	fetch(tokenA)
	fetch(tokenB)
	fetch("")
	reqs := s.Requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want one per token: %+v", len(reqs), reqs)
	}
	for i, want := range []string{"Bearer " + tokenA, "Bearer " + tokenB, ""} {
		if reqs[i].Authorization != want || reqs[i].IfNoneMatch != "" {
			t.Errorf("request %d: Authorization %q, If-None-Match %q; want %q and none", i, reqs[i].Authorization, reqs[i].IfNoneMatch, want)
		}
	}
	// Near-miss: the first token again is served from its own partition.
	fetch(tokenA)
	if n := len(s.Requests()); n != 3 {
		t.Errorf("token A's second fetch sent a request (%d in all)", n)
	}
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(path)
		for _, secret := range []string{tokenA, tokenB, "Bearer", "X-Varied-Authorization"} {
			if bytes.Contains(data, []byte(secret)) {
				t.Errorf("%s holds %q", path, secret)
			}
		}
		return nil
	})
	partitions, _ := os.ReadDir(dir)
	var names []string
	for _, p := range partitions {
		if p.IsDir() {
			names = append(names, p.Name())
		}
	}
	if len(names) != 3 {
		t.Errorf("partitions %v, want anonymous and one per token", names)
	}
}

// A damaged entry is dropped and the answer fetched again, unconditionally.
func TestHTTPCacheDropsDamagedEntries(t *testing.T) {
	for name, damage := range map[string]func([]byte) []byte{
		"flipped byte": func(b []byte) []byte { b[len(b)-3] ^= 0x20; return b },
		"cut short":    func(b []byte) []byte { return b[:len(b)/2] },
		"empty":        func([]byte) []byte { return nil },
		"other format": func(b []byte) []byte { return bytes.Replace(b, []byte("cache 1"), []byte("cache 9"), 1) },
	} {
		t.Run(name, func(t *testing.T) {
			s := cacheServer(t)
			s.SetMaxAge(0)
			dir := t.TempDir()
			cache := openCache(t, dir)
			get := func() *Account {
				c := newTestClient(t, s, func(o *Options) { o.HTTPCache = cache })
				a, err := c.Account(guardCtx(t), "alice")
				if err != nil {
					t.Fatal(err)
				}
				return a
			}
			first := get()
			entries := cacheEntries(t, dir)
			if len(entries) != 1 {
				t.Fatalf("entries %v, want 1", entries)
			}
			data, _ := os.ReadFile(entries[0])
			if err := os.WriteFile(entries[0], damage(data), 0o600); err != nil {
				t.Fatal(err)
			}
			if got := get(); *got != *first {
				t.Errorf("after damage: %+v, want %+v", got, first)
			}
			reqs := s.Requests()
			if last := reqs[len(reqs)-1]; last.IfNoneMatch != "" {
				t.Errorf("a damaged entry's ETag was sent: %+v", last)
			}
			// Near-miss: the entry fetched again is whole, and revalidates.
			get()
			reqs = s.Requests()
			if last := reqs[len(reqs)-1]; last.IfNoneMatch == "" || s.NotModified() != 1 {
				t.Errorf("the refetched entry was not revalidated: %+v, %d not modified", last, s.NotModified())
			}
		})
	}
}

// cacheEntries lists the entry files under dir (not the key, not temporaries).
func cacheEntries(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && d.Name() != keyFile && !strings.HasPrefix(d.Name(), ".tmp-") {
			out = append(out, path)
		}
		return err
	})
	return out
}

// Errors, 404s and answers without a validator are not stored.
func TestHTTPCacheStoresOnlyValidatedSuccesses(t *testing.T) {
	s := cacheServer(t)
	dir := t.TempDir()
	cache := openCache(t, dir)
	for range 2 {
		c := newTestClient(t, s, func(o *Options) { o.HTTPCache = cache })
		if _, err := c.Account(guardCtx(t), "ghost"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("ghost: %v, want ErrNotFound", err)
		}
	}
	if n := s.RequestCount("/users/ghost"); n != 2 {
		t.Errorf("%d requests for a 404 asked twice, want 2", n)
	}
	if e := cacheEntries(t, dir); len(e) != 0 {
		t.Errorf("a 404 was stored: %v", e)
	}
}

// The cache stays within its bound, evicting the least recently used.
func TestHTTPCacheIsBounded(t *testing.T) {
	dir := t.TempDir()
	const bound = 16 << 10
	cache, err := OpenHTTPCache(dir, bound)
	if err != nil {
		t.Fatal(err)
	}
	store := cache.partition("https://example:443", "t")
	payload := bytes.Repeat([]byte("x"), 1000)
	for i := range 100 {
		store.Set("k"+strconv.Itoa(i), payload)
	}
	var total int64
	for _, p := range cacheEntries(t, dir) {
		info, _ := os.Stat(p)
		total += info.Size()
	}
	if total > bound {
		t.Errorf("cache holds %d bytes, bound %d", total, bound)
	}
	// Near-miss: the newest entry survives eviction.
	if got, ok := store.Get("k99"); !ok || !bytes.Equal(got, payload) {
		t.Error("the newest entry was evicted")
	}
	// An entry larger than a quarter of the bound is not stored at all.
	store.Set("huge", bytes.Repeat([]byte("y"), bound/2))
	if _, ok := store.Get("huge"); ok {
		t.Error("an entry of half the bound was stored")
	}
}

// Two processes on one directory (two HTTPCache values) agree on the key,
// and readers never see half an entry while writers replace it.
func TestHTTPCacheSharedByTwoProcesses(t *testing.T) {
	dir := t.TempDir()
	var caches [2]*HTTPCache
	var wg sync.WaitGroup
	for i := range caches {
		wg.Go(func() {
			c, err := OpenHTTPCache(dir, 0)
			if err != nil {
				t.Error(err)
				return
			}
			caches[i] = c
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	a, b := caches[0].partition("o", "tok"), caches[1].partition("o", "tok")
	if a.dir != b.dir {
		t.Fatalf("two opens named the token's partition %s and %s", a.dir, b.dir)
	}
	payloads := [][]byte{bytes.Repeat([]byte("a"), 50000), bytes.Repeat([]byte("b"), 70000)}
	for w, store := range []*cacheStore{a, b} {
		wg.Go(func() {
			for range 50 {
				store.Set("k", payloads[w])
			}
		})
		wg.Go(func() {
			for range 200 {
				if got, ok := store.Get("k"); ok && !bytes.Equal(got, payloads[0]) && !bytes.Equal(got, payloads[1]) {
					t.Error("read a mixed or partial entry")
					return
				}
			}
		})
	}
	wg.Wait()
}

// A cache directory that is a symbolic link is refused.
func TestHTTPCacheRefusesASymlinkedDirectory(t *testing.T) {
	real := t.TempDir()
	link := filepath.Join(t.TempDir(), "http")
	if err := os.Symlink(real, link); err != nil {
		t.Skip(err)
	}
	if _, err := OpenHTTPCache(link, 0); !errors.Is(err, ErrCacheSymlink) {
		t.Errorf("OpenHTTPCache(symlink) = %v, want ErrCacheSymlink", err)
	}
	// Near-miss: a real directory opens.
	if _, err := OpenHTTPCache(filepath.Join(real, "sub"), 0); err != nil {
		t.Error(err)
	}
}

// A revalidation that meets the rate limit keeps the entry: after the
// reset, the next run still asks conditionally and spends nothing.
func TestHTTPCacheKeepsEntriesThroughFailures(t *testing.T) {
	s := cacheServer(t)
	s.SetMaxAge(0)
	cache := openCache(t, t.TempDir())
	get := func() error {
		c := newTestClient(t, s, func(o *Options) { o.HTTPCache = cache })
		_, err := c.Account(guardCtx(t), "alice")
		return err
	}
	if err := get(); err != nil {
		t.Fatal(err)
	}
	s.ExhaustRateLimitAt("/users/alice")
	var rle *RateLimitError
	if err := get(); !errors.As(err, &rle) {
		t.Fatalf("on a spent budget: %v, want *RateLimitError", err)
	}
	s.SetRateLimit(5000, 5000, time.Now().Add(time.Hour))
	if err := get(); err != nil {
		t.Fatal(err)
	}
	reqs := s.Requests()
	if last := reqs[len(reqs)-1]; last.IfNoneMatch == "" || s.NotModified() != 1 {
		t.Errorf("after the reset: %+v, %d answered 304; want a conditional request answered 304", last, s.NotModified())
	}
}
