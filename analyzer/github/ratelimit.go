package github

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RateLimitError reports that the primary API budget is spent until Reset.
type RateLimitError struct {
	Limit         int
	Reset         time.Time
	Authenticated bool
}

func (e *RateLimitError) Error() string {
	msg := "GitHub API rate limit exhausted"
	if e.Limit > 0 {
		msg += fmt.Sprintf(" (%d requests an hour)", e.Limit)
	}
	if !e.Reset.IsZero() {
		msg += fmt.Sprintf("; it resets at %s (%s)", clock(e.Reset), untilText(e.Reset))
	}
	if !e.Authenticated {
		return msg + "; set GH_TOKEN or GITHUB_TOKEN (or log in with `gh auth login`) for 5,000 requests an hour"
	}
	// A token already has the higher budget: only time or another budget helps.
	if !e.Reset.IsZero() {
		return msg + "; wait until " + clock(e.Reset) + ", or use another account's token"
	}
	return msg + "; wait for the hourly reset, or use another account's token"
}

// SecondaryLimitError reports a secondary rate limit (GitHub's guard against
// bursts, or a 429 Too Many Requests) that lasted longer than the client
// waits. RetryAt says when to try again.
type SecondaryLimitError struct {
	// Status is the HTTP status of the answer, 403 or 429.
	Status int
	// RetryAfter is how long GitHub asked to wait, from its answer.
	RetryAfter time.Duration
	// RetryAt is the earliest time to try again.
	RetryAt time.Time
	// Stated reports whether GitHub said when (Retry-After or a reset
	// time); if not, RetryAt is a minute after the answer, as GitHub advises.
	Stated bool
	// Waited is how long the client already slept on this request.
	Waited time.Duration
}

func (e *SecondaryLimitError) Error() string {
	var msg string
	if e.Stated {
		msg = fmt.Sprintf("GitHub's secondary rate limit (HTTP %d): retry after %s (%s)", e.Status, clockSeconds(e.RetryAt), untilText(e.RetryAt))
	} else {
		msg = fmt.Sprintf("GitHub answered %d %s without saying when to retry; wait at least a minute, until after %s", e.Status, http.StatusText(e.Status), clockSeconds(e.RetryAt))
	}
	if e.Waited > 0 {
		msg += fmt.Sprintf("; already waited %s", e.Waited.Round(time.Second))
	}
	return msg
}

// defaultLimitWait is GitHub's advice for a secondary limit that does not
// say how long it lasts: at least a minute.
const defaultLimitWait = time.Minute

// limitWait is how long a secondary limit asks to wait.
type limitWait struct {
	wait   time.Duration
	stated bool
}

// secondaryLimit recognises a secondary rate limit answer and how long it
// lasts, following GitHub's documented order: Retry-After, then
// X-RateLimit-Reset when X-RateLimit-Remaining is 0, else a minute. A 403
// or 429 with X-RateLimit-Remaining 0 and no sign of a secondary limit is
// the primary limit, left to the caller; so is a 403 that is no limit at all.
func secondaryLimit(resp *http.Response, body []byte) *limitWait {
	if resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusTooManyRequests {
		return nil
	}
	var msg struct {
		Message          string `json:"message"`
		DocumentationURL string `json:"documentation_url"`
	}
	_ = json.Unmarshal(body, &msg) // a body that is not GitHub's says nothing
	secondary := strings.Contains(strings.ToLower(msg.Message), "secondary rate limit") ||
		strings.Contains(msg.DocumentationURL, "secondary-rate-limits") ||
		strings.HasSuffix(msg.DocumentationURL, "#abuse-rate-limits")
	h := resp.Header
	retryAfter, hasRetryAfter := parseRetryAfter(h.Get("Retry-After"), time.Now())
	exhausted := h.Get("X-RateLimit-Remaining") == "0"
	switch {
	case hasRetryAfter:
		return &limitWait{wait: retryAfter, stated: true}
	case secondary && exhausted:
		if reset, ok := parseReset(h); ok {
			return &limitWait{wait: max(time.Until(reset), 0), stated: true}
		}
		return &limitWait{wait: defaultLimitWait}
	case secondary:
		return &limitWait{wait: defaultLimitWait}
	case exhausted:
		return nil // the primary limit
	case resp.StatusCode == http.StatusTooManyRequests:
		return &limitWait{wait: defaultLimitWait}
	}
	return nil
}

// parseRetryAfter reads Retry-After as seconds or as an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil && n >= 0 {
		if n > 24*3600 {
			n = 24 * 3600 // absurd values stay finite
		}
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// parseReset reads X-RateLimit-Reset (Unix seconds).
func parseReset(h http.Header) (time.Time, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(h.Get("X-RateLimit-Reset")), 10, 64)
	if err != nil || n <= 0 {
		return time.Time{}, false
	}
	return time.Unix(n, 0), true
}

// clock formats a time of day for a message, in UTC.
func clock(t time.Time) string { return t.UTC().Format("15:04 MST") }

// clockSeconds is clock with seconds, for waits of seconds or minutes.
func clockSeconds(t time.Time) string { return t.UTC().Format("15:04:05 MST") }

// untilText says how far off t is, in words.
func untilText(t time.Time) string {
	d := time.Until(t)
	switch {
	case d < time.Minute:
		return "in less than a minute"
	case d < time.Hour:
		return fmt.Sprintf("in about %d min", int(d.Round(time.Minute)/time.Minute))
	default:
		return fmt.Sprintf("in about %s", d.Round(time.Minute))
	}
}

// sizeText formats a byte bound, e.g. "32 MiB".
func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return strconv.FormatInt(n>>20, 10) + " MiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
