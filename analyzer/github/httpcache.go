package github

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gohugoio/httpcache"
)

// DefaultHTTPCacheBytes bounds the HTTP cache on disk when OpenHTTPCache is
// given 0: far more than the answers of hundreds of candidates (a page of
// 100 repositories is about 600 KB).
const DefaultHTTPCacheBytes = 128 << 20

// maxHTTPCacheBytes bounds the bound, to catch a unit mistaken for another.
const maxHTTPCacheBytes = 1 << 40

// keyFile holds the secret that names the partitions; entryMagic starts
// every entry, whose second line is its checksum.
const (
	keyFile    = "key"
	entryMagic = "pyscout-http-cache 1\n"
)

// ErrCacheSymlink reports a cache directory that is a symbolic link, which
// pyscout refuses: it would write (and clean) wherever the link points.
var ErrCacheSymlink = errors.New("cache directory is a symbolic link")

// HTTPCache keeps GitHub API answers on disk, with their ETag and
// Last-Modified, so that a re-run asks GitHub with conditional requests and
// an unchanged answer costs a 304, which GitHub does not count against the
// rate limit of an authenticated client. The caching rules (freshness from
// Cache-Control and Date, validators, Vary) are github.com/gohugoio/httpcache's;
// this type is its store: one directory per token (named by a keyed hash of
// the token, "anonymous" without one) so that an answer fetched with one
// token is never served to another, entries written atomically and checked
// against a checksum when read (a damaged entry is dropped and fetched
// again), and the total size bounded by evicting the least recently used.
// Two processes may share one directory. It is safe for concurrent use.
type HTTPCache struct {
	dir      string
	maxBytes int64
	secret   []byte

	mu   sync.Mutex
	size int64 // bytes of entries on disk as last counted; -1: not counted
}

// OpenHTTPCache opens (making it when missing) the HTTP cache in dir,
// bounded to maxBytes (DefaultHTTPCacheBytes when 0). dir must not be a
// symbolic link.
func OpenHTTPCache(dir string, maxBytes int64) (*HTTPCache, error) {
	if maxBytes == 0 {
		maxBytes = DefaultHTTPCacheBytes
	}
	if maxBytes < 0 || maxBytes > maxHTTPCacheBytes {
		return nil, fmt.Errorf("http cache: size bound %d out of range", maxBytes)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("http cache: %w", err)
	}
	if info, err := os.Lstat(dir); err != nil {
		return nil, fmt.Errorf("http cache: %w", err)
	} else if info.Mode()&fs.ModeSymlink != 0 {
		return nil, fmt.Errorf("http cache %s: %w", dir, ErrCacheSymlink)
	}
	secret, err := loadSecret(filepath.Join(dir, keyFile))
	if err != nil {
		return nil, fmt.Errorf("http cache: %w", err)
	}
	return &HTTPCache{dir: dir, maxBytes: maxBytes, secret: secret, size: -1}, nil
}

// loadSecret reads the partition secret, making it when missing or damaged.
// A new one is written beside the path and linked into place, so that a
// concurrent run reads either none or a whole one, and the first wins.
func loadSecret(path string) ([]byte, error) {
	for range 3 {
		data, err := os.ReadFile(path)
		if err == nil {
			if secret, err := hex.DecodeString(strings.TrimSpace(string(data))); err == nil && len(secret) == 32 {
				return secret, nil
			}
			// Damaged: its partitions become unreachable, and eviction
			// removes them in time.
			if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, err
			}
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		secret := make([]byte, 32)
		rand.Read(secret)
		tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-key-")
		if err != nil {
			return nil, err
		}
		_, werr := tmp.WriteString(hex.EncodeToString(secret) + "\n")
		cerr := tmp.Close()
		if werr == nil && cerr == nil {
			werr = os.Link(tmp.Name(), path)
		}
		os.Remove(tmp.Name())
		if werr == nil {
			return secret, nil
		}
		if cerr != nil {
			return nil, cerr
		}
		if !errors.Is(werr, fs.ErrExist) {
			return nil, werr
		}
		// Another run linked its key first: read that one.
	}
	return nil, errors.New("cannot settle the cache key")
}

// Dir returns the cache's directory.
func (c *HTTPCache) Dir() string { return c.dir }

// partition returns the store for the answers of one API origin and token.
func (c *HTTPCache) partition(origin, token string) *cacheStore {
	name := "anonymous"
	if token != "" {
		mac := hmac.New(sha256.New, c.secret)
		mac.Write([]byte(origin + "\n" + token))
		name = "token-" + hex.EncodeToString(mac.Sum(nil)[:16])
	}
	return &cacheStore{cache: c, dir: filepath.Join(c.dir, name)}
}

// cacheStore is one partition, the httpcache.Cache of one client.
type cacheStore struct {
	cache *HTTPCache
	dir   string
}

// path is where the entry for key lives: its SHA-256 in hex, under a
// directory of its first two digits.
func (s *cacheStore) path(key string) string {
	sum := sha256.Sum256([]byte(key))
	name := hex.EncodeToString(sum[:])
	return filepath.Join(s.dir, name[:2], name)
}

// checksum binds an entry's payload to its key, so that a file that is
// damaged, cut short or misplaced is never served.
func checksum(key string, payload []byte) string {
	h := sha256.New()
	h.Write([]byte(key))
	h.Write([]byte{0})
	h.Write(payload)
	return hex.EncodeToString(h.Sum(nil))
}

// Get returns the stored answer for key; a damaged entry is removed and
// reported missing.
func (s *cacheStore) Get(key string) ([]byte, bool) {
	if key == "" {
		return nil, false
	}
	path := s.path(key)
	f, err := os.Open(path)
	if err != nil {
		return nil, false
	}
	data, err := io.ReadAll(io.LimitReader(f, s.cache.maxBytes+1))
	f.Close()
	if err != nil {
		return nil, false
	}
	payload, ok := bytes.CutPrefix(data, []byte(entryMagic))
	var sum []byte
	if ok {
		sum, payload, ok = bytes.Cut(payload, []byte("\n"))
	}
	if !ok || string(sum) != checksum(key, payload) {
		os.Remove(path)
		return nil, false
	}
	now := time.Now()
	os.Chtimes(path, now, now) // for eviction, least recently used first
	return payload, true
}

// Set stores an answer: written beside its place and renamed into it, so
// that a reader sees the old entry or the new one, never half of one.
// Errors are ignored: a cache that cannot write costs requests only.
func (s *cacheStore) Set(key string, payload []byte) {
	if key == "" {
		return
	}
	entry := append([]byte(entryMagic+checksum(key, payload)+"\n"), payload...)
	if int64(len(entry)) > s.cache.maxBytes/4 {
		return // one answer may not crowd out the rest
	}
	path := s.path(key)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-")
	if err != nil {
		return
	}
	_, werr := tmp.Write(entry)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), path) != nil {
		os.Remove(tmp.Name())
		return
	}
	s.cache.grew(int64(len(entry)))
}

// Delete keeps the entry. httpcache deletes an entry whenever a
// revalidation fails (a network error, a 5xx, the rate limit), which would
// cost the next run its validators and so a full request each; a stale
// entry is never served without a revalidation, so keeping it is safe. An
// entry goes when a newer answer replaces it, when it is damaged, or when
// it is evicted.
func (s *cacheStore) Delete(string) {}

// grew accounts for n bytes written and evicts when over the bound.
func (c *HTTPCache) grew(n int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.size >= 0 {
		c.size += n
		if c.size <= c.maxBytes {
			return
		}
	}
	c.size = c.evict(time.Now())
}

// staleTemp is the age past which a temporary file is a killed run's
// leftover, not a write in progress.
const staleTemp = 10 * time.Minute

// evict removes the least recently used entries until the cache holds at
// most nine tenths of its bound (so that eviction is not run on every
// write), and temporary files left by killed runs; it returns the bytes
// left. Another process may evict at the same time: a file already gone
// is simply skipped.
func (c *HTTPCache) evict(now time.Time) int64 {
	type entry struct {
		path string
		size int64
		used time.Time
	}
	var entries []entry
	var total int64
	filepath.WalkDir(c.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() || path == filepath.Join(c.dir, keyFile) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".tmp-") {
			if now.Sub(info.ModTime()) > staleTemp {
				os.Remove(path)
			}
			return nil
		}
		entries = append(entries, entry{path, info.Size(), info.ModTime()})
		total += info.Size()
		return nil
	})
	if total <= c.maxBytes {
		return total
	}
	slices.SortFunc(entries, func(a, b entry) int { return a.used.Compare(b.used) })
	for _, e := range entries {
		if total <= c.maxBytes/10*9 {
			break
		}
		if err := os.Remove(e.path); err == nil || errors.Is(err, fs.ErrNotExist) {
			total -= e.size
		}
	}
	return total
}

// cacheKey caches GET requests only, whole (no Range), by URL; the Accept
// header joins the key through Vary.
func cacheKey(req *http.Request) string {
	if req.Method != http.MethodGet || req.Header.Get("Range") != "" {
		return ""
	}
	return req.URL.String()
}

// privateHeaders are answer headers about the token itself, never stored.
var privateHeaders = []string{"X-Oauth-Scopes", "X-Accepted-Oauth-Scopes", "Github-Authentication-Token-Expiration", "X-Oauth-Client-Id", "Set-Cookie"}

// shouldCache stores complete 200 answers that carry a validator, the only
// ones a later request can revalidate for free; errors, 202s (statistics
// being computed) and redirects are never stored.
func shouldCache(_ *http.Request, resp *http.Response, _ string) bool {
	if resp.StatusCode != http.StatusOK || (resp.Header.Get("ETag") == "" && resp.Header.Get("Last-Modified") == "") {
		return false
	}
	for _, h := range privateHeaders {
		resp.Header.Del(h)
	}
	return true
}

// newCacheTransport puts the cache in front of next, which adds the
// token: the cache never sees the Authorization header, so no entry can hold
// it, and the partition keeps tokens apart.
func newCacheTransport(next http.RoundTripper, store *cacheStore) http.RoundTripper {
	return &httpcache.Transport{
		Transport:           next,
		Cache:               store,
		MarkCachedResponses: true, // go-github then ignores a stored answer's rate headers
		CacheKey:            cacheKey,
		ShouldCache:         shouldCache,
	}
}

// frontTransport is the outermost layer when a cache or a shared budget is
// in use. It reads each answer to its end before handing it on: the cache
// stores an answer only when its body is read to EOF, and go-github's JSON
// decoder stops at the closing brace. With a shared budget it also hides the
// rate headers of answers that are no errors from go-github, whose own
// check before each request would otherwise fail a request the budget is
// about to wait for.
type frontTransport struct {
	next     http.RoundTripper
	hideRate bool
	maxBody  int64
}

func (t *frontTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	// The retry transport below bounded the body to maxBody already; the
	// limit here only keeps this layer honest on its own.
	body, err := io.ReadAll(io.LimitReader(resp.Body, t.maxBody+1))
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if t.hideRate && resp.StatusCode < 400 {
		for _, h := range []string{"X-Ratelimit-Limit", "X-Ratelimit-Remaining", "X-Ratelimit-Reset", "X-Ratelimit-Used"} {
			resp.Header.Del(h)
		}
	}
	return resp, nil
}

// countingTransport counts requests sent and those answered 304 Not
// Modified, and feeds every answer's rate headers to the budget, so that a
// run can report its API cost. It sits below the cache: an answer served
// from the cache without a request is not counted.
type countingTransport struct {
	next        http.RoundTripper
	n           *atomic.Int64
	notModified *atomic.Int64
	budget      *Budget
}

func (t *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t.n.Add(1)
	resp, err := t.next.RoundTrip(req)
	if err == nil {
		if resp.StatusCode == http.StatusNotModified {
			t.notModified.Add(1)
		}
		t.budget.observe(resp.Header)
	}
	return resp, err
}
