package githubtest

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
)

// defaultMaxAge is the max-age GitHub's REST API gives its answers, in seconds.
const defaultMaxAge = 60

// SetMaxAge sets the max-age of Cache-Control on 200 answers (default 60, as
// GitHub answers "private, max-age=60"); 0 makes every stored answer stale at
// once, so that a client's cache must revalidate it with a conditional request.
func (s *Server) SetMaxAge(seconds int) {
	s.t.Helper()
	if seconds < 0 {
		s.t.Fatalf("githubtest: SetMaxAge(%d): want >= 0", seconds)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maxAge = seconds
}

// NotModified returns how many 304 Not Modified answers the fake has sent.
func (s *Server) NotModified() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.notModified
}

// serveConditional routes a REST request that passed serveAPI's checks and
// answers it as GitHub does: a 200 answer carries a weak ETag of its body,
// Cache-Control: private, max-age=N and Vary; a request whose If-None-Match
// names that ETag gets 304 Not Modified with no body. A 304 to a request that
// carried credentials gives back the unit serveAPI spent, since GitHub does
// not count such answers against the primary rate limit; an unauthenticated
// 304 still costs one.
func (s *Server) serveConditional(w http.ResponseWriter, r *http.Request, rel string) {
	rec := httptest.NewRecorder()
	s.routeAPI(rec, r, rel)
	h := w.Header()
	maps.Copy(h, rec.Header())
	body := rec.Body.Bytes()
	if rec.Code != http.StatusOK || r.Method != http.MethodGet {
		w.WriteHeader(rec.Code)
		w.Write(body)
		return
	}
	sum := sha256.Sum256(body)
	etag := `W/"` + hex.EncodeToString(sum[:16]) + `"`
	s.mu.Lock()
	maxAge := s.maxAge
	s.mu.Unlock()
	h.Set("ETag", etag)
	h.Set("Cache-Control", "private, max-age="+strconv.Itoa(maxAge))
	h.Set("Vary", "Accept, Authorization, Cookie, X-GitHub-OTP")
	if !etagListMatches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusOK)
		w.Write(body)
		return
	}
	s.mu.Lock()
	s.notModified++
	if r.Header.Get("Authorization") != "" && rel != "/rate_limit" && s.remaining < s.limit {
		s.remaining++
	}
	s.setRateHeaders(h)
	s.mu.Unlock()
	h.Del("Content-Length")
	h.Del("Content-Type")
	w.WriteHeader(http.StatusNotModified)
}

// etagListMatches reports whether an If-None-Match value names etag, by the
// weak comparison RFC 9110 prescribes for If-None-Match ("*" matches any).
func etagListMatches(header, etag string) bool {
	want := strings.TrimPrefix(etag, "W/")
	for tag := range strings.SplitSeq(header, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || (tag != "" && strings.TrimPrefix(tag, "W/") == want) {
			return true
		}
	}
	return false
}
