package githubtest

import (
	"bufio"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"
)

// faultKind is what a pending fault does to the request it meets.
type faultKind int

const (
	faultStatus faultKind = iota // FailNext
	faultRedirect
	faultSecondaryLimit
	faultStallHeaders
	faultStallBody
	faultTruncateShort
	faultTruncateReset
	faultTruncateUnframed
)

// Stall is where StallNext stops an answer.
type Stall int

const (
	// StallBeforeHeaders accepts the request and never answers.
	StallBeforeHeaders Stall = iota + 1
	// StallMidBody sends the headers (with the full Content-Length) and half of the
	// body, then nothing more.
	StallMidBody
)

// Truncation is how TruncateNext cuts an answer short.
type Truncation int

const (
	// TruncateShort declares the whole body's Content-Length, sends half of it and
	// closes the connection: the client reads an unexpected EOF.
	TruncateShort Truncation = iota + 1
	// TruncateReset sends the headers and half of the body, then resets the TCP
	// connection.
	TruncateReset
	// TruncateUnframed sends half of the body with no Content-Length and closes the
	// connection, so HTTP sees a complete body whose JSON is cut off.
	TruncateUnframed
)

// SecondaryLimit is the answer SecondaryLimitNext gives: GitHub's secondary rate limit
// body with its status and headers.
type SecondaryLimit struct {
	// Status is 403 or 429; 0 means 403.
	Status int
	// RetryAfter is the Retry-After header, in seconds or as an HTTP date; "" sends none.
	RetryAfter string
	// Reset, when set, sends X-RateLimit-Remaining: 0 and X-RateLimit-Reset: Reset, as
	// GitHub does for some secondary limits.
	Reset time.Time
}

// secondaryLimitMessage and secondaryLimitDocs are GitHub's body for a secondary limit.
const (
	secondaryLimitMessage = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID."
	secondaryLimitDocs    = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"
)

// RedirectNext makes the next n requests whose path starts with pathPrefix answer
// status (301, 302, 307 or 308) with Location: location, as GitHub answers 301 for a
// renamed repository. location is absolute, and may point at another server.
func (s *Server) RedirectNext(pathPrefix string, status int, location string, n int) {
	s.t.Helper()
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
	default:
		s.t.Fatalf("githubtest: RedirectNext(%q): status %d, want 301, 302, 307 or 308", pathPrefix, status)
	}
	if !strings.HasPrefix(location, "http://") && !strings.HasPrefix(location, "https://") {
		s.t.Fatalf("githubtest: RedirectNext(%q): location %q is not an absolute http(s) URL", pathPrefix, location)
	}
	s.addFault(pathPrefix, n, &fault{kind: faultRedirect, status: status, location: location})
}

// SecondaryLimitNext makes the next n requests whose path starts with pathPrefix
// answer GitHub's secondary rate limit as l describes. They spend none of the budget.
func (s *Server) SecondaryLimitNext(pathPrefix string, l SecondaryLimit, n int) {
	s.t.Helper()
	switch l.Status {
	case 0:
		l.Status = http.StatusForbidden
	case http.StatusForbidden, http.StatusTooManyRequests:
	default:
		s.t.Fatalf("githubtest: SecondaryLimitNext(%q): status %d, want 403 or 429", pathPrefix, l.Status)
	}
	s.addFault(pathPrefix, n, &fault{kind: faultSecondaryLimit, status: l.Status, limit: l})
}

// StallNext makes the next n requests whose path starts with pathPrefix stall where
// says, until the client gives up or the test ends.
func (s *Server) StallNext(pathPrefix string, where Stall, n int) {
	s.t.Helper()
	kinds := map[Stall]faultKind{StallBeforeHeaders: faultStallHeaders, StallMidBody: faultStallBody}
	kind, ok := kinds[where]
	if !ok {
		s.t.Fatalf("githubtest: StallNext(%q): unknown Stall %d", pathPrefix, where)
	}
	s.addFault(pathPrefix, n, &fault{kind: kind})
}

// TruncateNext makes the next n requests whose path starts with pathPrefix get their
// real answer cut short as how says.
func (s *Server) TruncateNext(pathPrefix string, how Truncation, n int) {
	s.t.Helper()
	kinds := map[Truncation]faultKind{TruncateShort: faultTruncateShort, TruncateReset: faultTruncateReset, TruncateUnframed: faultTruncateUnframed}
	kind, ok := kinds[how]
	if !ok {
		s.t.Fatalf("githubtest: TruncateNext(%q): unknown Truncation %d", pathPrefix, how)
	}
	s.addFault(pathPrefix, n, &fault{kind: kind})
}

// addFault checks the prefix and count as FailNext does and queues f.
func (s *Server) addFault(pathPrefix string, n int, f *fault) {
	s.t.Helper()
	switch {
	case !strings.HasPrefix(pathPrefix, "/"):
		s.t.Fatalf("githubtest: fault on %q: the prefix must start with /", pathPrefix)
	case strings.HasPrefix(pathPrefix, strings.TrimSuffix(apiPrefix, "/")):
		s.t.Fatalf("githubtest: fault on %q: REST paths are relative to %s", pathPrefix, apiPrefix)
	case n < 1:
		s.t.Fatalf("githubtest: fault on %q: n = %d, want >= 1", pathPrefix, n)
	}
	f.prefix, f.left = pathPrefix, n
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, f)
}

// serveFault answers r as the fault f says; content writes the answer the request
// would have had, for the faults that cut it short. Status faults are the caller's.
func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, f *fault, content func(http.ResponseWriter)) {
	h := w.Header()
	switch f.kind {
	case faultRedirect:
		h.Set("Location", f.location)
		writeJSON(w, f.status, struct {
			Message          string `json:"message"`
			URL              string `json:"url"`
			DocumentationURL string `json:"documentation_url"`
		}{http.StatusText(f.status), f.location, docsURL})
		return
	case faultSecondaryLimit:
		if f.limit.RetryAfter != "" {
			h.Set("Retry-After", f.limit.RetryAfter)
		}
		if !f.limit.Reset.IsZero() {
			h.Set("X-RateLimit-Remaining", "0")
			h.Set("X-RateLimit-Reset", strconv.FormatInt(f.limit.Reset.Unix(), 10))
		}
		writeError(w, f.status, secondaryLimitMessage, secondaryLimitDocs)
		return
	case faultStallHeaders:
		s.hang(r)
		return
	}

	rec := httptest.NewRecorder()
	maps.Copy(rec.Header(), h)
	content(rec)
	body := rec.Body.Bytes()
	half := body[:len(body)/2]
	maps.Copy(h, rec.Header())
	switch f.kind {
	case faultStallBody, faultTruncateShort:
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.Code)
		w.Write(half)
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		if f.kind == faultStallBody {
			s.hang(r)
		}
		// Returning short of Content-Length makes net/http close the connection.
	case faultTruncateReset, faultTruncateUnframed:
		h.Del("Content-Length")
		if f.kind == faultTruncateReset {
			h.Set("Content-Length", strconv.Itoa(len(body)))
		} else {
			h.Set("Connection", "close")
		}
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			s.t.Errorf("githubtest: %s %s: hijack: %v", r.Method, r.URL.Path, err)
			return
		}
		defer conn.Close()
		writeRaw(buf, rec.Code, h, half)
		if tcp, ok := conn.(*net.TCPConn); ok && f.kind == faultTruncateReset {
			tcp.SetLinger(0) // Close sends RST, not FIN
		}
	}
}

// writeRaw writes an HTTP/1.1 answer by hand, for answers net/http would not send.
func writeRaw(buf *bufio.ReadWriter, code int, h http.Header, body []byte) {
	fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\n", code, http.StatusText(code))
	h.Write(buf)
	buf.WriteString("\r\n")
	buf.Write(body)
	buf.Flush()
}

// hang blocks until the client goes away or the server closes.
func (s *Server) hang(r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-s.closing:
	}
}
