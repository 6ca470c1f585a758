package github

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/pyscout/pyscout/analyzer/option"
)

// RetryPolicy bounds how transient failures (5xx answers, network errors,
// answers cut short and secondary rate limits) are retried: Attempts tries in
// all, waiting BaseDelay, 2*BaseDelay, ... up to MaxDelay between them.
type RetryPolicy struct {
	Attempts  int
	BaseDelay time.Duration
	MaxDelay  time.Duration
	// MaxLimitWait bounds the time one request sleeps for secondary rate
	// limits (Retry-After and the like), retries included; a limit that asks
	// for longer fails at once with a *SecondaryLimitError that says when to
	// retry. 0 means 60 s; negative means never wait.
	MaxLimitWait time.Duration
}

// DefaultMaxLimitWait is RetryPolicy.MaxLimitWait when unset.
const DefaultMaxLimitWait = 60 * time.Second

// Bounds of the options: far beyond any sensible setting, near enough to
// catch a unit mistaken for another (hours for seconds).
const (
	maxAttempts    = 100
	maxRetryDelay  = 24 * time.Hour
	maxRequestWait = time.Hour
	maxCallTotal   = 24 * time.Hour
	maxBodyBound   = 1 << 30
)

// Validate fills the zero fields of p with their defaults (4 attempts,
// 500 ms, 8 s, DefaultMaxLimitWait) and checks the others; a negative
// MaxLimitWait (never wait) is kept. An *option.Error (matching
// ErrInvalidOption) names a field out of range.
func (p *RetryPolicy) Validate() error {
	var errs []error
	errs = append(errs,
		option.Range("Attempts", &p.Attempts, 4, 1, maxAttempts),
		option.Range("BaseDelay", &p.BaseDelay, 500*time.Millisecond, 1, maxRetryDelay),
		option.Range("MaxDelay", &p.MaxDelay, 8*time.Second, 1, maxRetryDelay))
	if p.MaxLimitWait >= 0 {
		errs = append(errs, option.Range("MaxLimitWait", &p.MaxLimitWait, DefaultMaxLimitWait, 1, maxRetryDelay))
	}
	return errors.Join(errs...)
}

func (p RetryPolicy) delay(attempt int) time.Duration {
	d := p.BaseDelay << attempt
	if d > p.MaxDelay || d <= 0 {
		d = p.MaxDelay
	}
	return d
}

// Timeouts bound every request, so that an endpoint that stops answering
// costs a bounded time. With the defaults an API that never answers costs
// at most Total (two minutes), retries included.
type Timeouts struct {
	// Connect bounds opening the TCP connection (default 10 s). It applies to
	// the client's own transport, not to an Options.Transport.
	Connect time.Duration
	// TLSHandshake bounds the TLS handshake (default 10 s); like Connect it
	// applies to the client's own transport only.
	TLSHandshake time.Duration
	// ResponseHeader bounds one attempt from its start to the answer's
	// status line and headers (default 30 s).
	ResponseHeader time.Duration
	// BodyIdle is how long the body of an answer may stop sending bytes
	// (default 30 s).
	BodyIdle time.Duration
	// Total bounds one API call in all: every attempt, the waits between them
	// and reading the answer (default 2 minutes).
	Total time.Duration
}

// Validate fills the zero fields of t with their defaults and checks that
// each is positive and at most an hour (Total a day); an *option.Error
// (matching ErrInvalidOption) names a field out of range.
func (t *Timeouts) Validate() error {
	return errors.Join(
		option.Range("Connect", &t.Connect, 10*time.Second, 1, maxRequestWait),
		option.Range("TLSHandshake", &t.TLSHandshake, 10*time.Second, 1, maxRequestWait),
		option.Range("ResponseHeader", &t.ResponseHeader, 30*time.Second, 1, maxRequestWait),
		option.Range("BodyIdle", &t.BodyIdle, 30*time.Second, 1, maxRequestWait),
		option.Range("Total", &t.Total, 2*time.Minute, 1, maxCallTotal),
	)
}

// DefaultMaxBodyBytes bounds an API answer read into memory.
const DefaultMaxBodyBytes = 32 << 20

// NetworkError is a request that got no usable answer: no connection, no
// headers in time, a body that stalled or was cut short. Its message is in
// words; Unwrap gives the raw cause for a verbose log.
type NetworkError struct {
	// Host is the API host, as host[:port].
	Host string
	// Reason says what went wrong, e.g. "no answer within 30s".
	Reason string
	// Attempts is how many tries were made.
	Attempts int
	// Timeout reports that a bound on time ran out.
	Timeout bool
	// Err is the underlying error.
	Err error
}

func (e *NetworkError) Error() string {
	msg := e.Host + ": " + e.Reason
	if e.Attempts > 1 {
		msg += " (after " + strconv.Itoa(e.Attempts) + " tries)"
	}
	return msg
}

// Unwrap returns the raw cause.
func (e *NetworkError) Unwrap() error { return e.Err }

// ErrAnswerTooLarge reports an API answer over the body bound.
var ErrAnswerTooLarge = errors.New("answer too large")

// Causes of an attempt's cancellation, told apart with context.Cause.
var (
	errNoHeaders   = errors.New("no response headers in time")
	errBodyStalled = errors.New("response body stalled")
	errTotalBudget = errors.New("request time budget spent")
)

// limitPause is a secondary rate limit that holds for every request until
// until, so that concurrent requests wait instead of hammering GitHub.
type limitPause struct {
	until  time.Time
	status int
	stated bool
}

// retryTransport retries idempotent requests on 5xx answers, network errors,
// truncated bodies and secondary rate limits, and enforces the header, idle
// body and total timeouts. It reads every answer's body (bounded) itself, so
// that an answer cut short fails inside the retry loop, not later in a JSON
// decoder.
type retryTransport struct {
	next     http.RoundTripper
	policy   RetryPolicy
	timeouts Timeouts
	maxBody  int64
	host     string
	// pauses holds the secondary limit in force: the client's own, or a
	// Budget's, which every client sharing it honours.
	pauses *pauseBoard
}

// pauseBoard is the secondary rate limit in force, shared by the requests
// (and, through a Budget, the clients) that must all wait it out.
type pauseBoard struct {
	mu    sync.Mutex
	pause *limitPause
}

// newRetryTransport takes policy, timeouts and maxBody as Options.Validate
// left them; host names the API in messages; pauses is shared with the
// Budget, if any (nil: the transport's own).
func newRetryTransport(next http.RoundTripper, policy RetryPolicy, timeouts Timeouts, maxBody int64, host string, pauses *pauseBoard) *retryTransport {
	if pauses == nil {
		pauses = &pauseBoard{}
	}
	return &retryTransport{next: next, policy: policy, timeouts: timeouts, maxBody: maxBody, host: host, pauses: pauses}
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	parent := req.Context()
	ctx, cancel := context.WithTimeoutCause(parent, t.timeouts.Total, errTotalBudget)
	defer cancel()
	idempotent := req.Method == http.MethodGet || req.Method == http.MethodHead
	var slept time.Duration // on rate limits
	for attempt := 0; ; attempt++ {
		last := !idempotent || attempt == t.policy.Attempts-1
		if err := t.waitPause(ctx, &slept); err != nil {
			return nil, t.stopErr(parent, ctx, err, attempt)
		}
		resp, body, err := t.attempt(ctx, req)
		if err != nil {
			var ne *NetworkError
			if parent.Err() != nil {
				return nil, parent.Err()
			}
			if errors.As(err, &ne) {
				ne.Attempts = attempt + 1
				if context.Cause(ctx) == errTotalBudget {
					ne.Reason, ne.Timeout = "gave up after "+t.timeouts.Total.String()+" in all", true
					return nil, ne
				}
			}
			if last || !retryableErr(err) {
				return nil, err
			}
			if err := sleep(ctx, t.policy.delay(attempt)); err != nil {
				return nil, t.stopErr(parent, ctx, err, attempt+1)
			}
			continue
		}
		if lim := secondaryLimit(resp, body); lim != nil {
			now := time.Now()
			t.setPause(limitPause{until: now.Add(lim.wait), status: resp.StatusCode, stated: lim.stated})
			wait := lim.wait + jitter(lim.wait)
			sle := &SecondaryLimitError{Status: resp.StatusCode, RetryAfter: lim.wait, RetryAt: now.Add(lim.wait), Stated: lim.stated, Waited: slept}
			if last || !t.fits(ctx, slept, lim.wait) {
				return nil, sle
			}
			if err := sleep(ctx, wait); err != nil {
				return nil, t.stopErr(parent, ctx, err, attempt+1)
			}
			slept += wait
			continue
		}
		if retryableStatus(resp.StatusCode) && !last {
			if err := sleep(ctx, t.policy.delay(attempt)); err != nil {
				return nil, t.stopErr(parent, ctx, err, attempt+1)
			}
			continue
		}
		return resp, nil
	}
}

// stopErr is the error of a wait cut short: the caller's cancellation as
// is, the total budget as a NetworkError, a secondary limit as itself.
func (t *retryTransport) stopErr(parent, ctx context.Context, err error, attempts int) error {
	if parent.Err() != nil {
		return parent.Err()
	}
	if context.Cause(ctx) == errTotalBudget {
		return &NetworkError{Host: t.host, Reason: "gave up after " + t.timeouts.Total.String() + " in all", Attempts: attempts, Timeout: true, Err: err}
	}
	return err
}

// fits reports whether a wait of d stays within the rate-limit sleep bound
// and the request's total budget.
func (t *retryTransport) fits(ctx context.Context, slept, d time.Duration) bool {
	if slept+d > t.policy.MaxLimitWait {
		return false
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
		return false
	}
	return true
}

func (t *retryTransport) setPause(p limitPause) {
	b := t.pauses
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.pause == nil || p.until.After(b.pause.until) {
		b.pause = &p
	}
}

// waitPause sleeps out a secondary limit another request met, or fails
// without a request when the limit lasts longer than the bounds allow.
func (t *retryTransport) waitPause(ctx context.Context, slept *time.Duration) error {
	t.pauses.mu.Lock()
	p := t.pauses.pause
	t.pauses.mu.Unlock()
	if p == nil {
		return nil
	}
	d := time.Until(p.until)
	if d <= 0 {
		return nil
	}
	if !t.fits(ctx, *slept, d) {
		return &SecondaryLimitError{Status: p.status, RetryAfter: d, RetryAt: p.until, Stated: p.stated, Waited: *slept}
	}
	d += jitter(d)
	if err := sleep(ctx, d); err != nil {
		return err
	}
	*slept += d
	return nil
}

// attempt sends req once under the header timeout and reads the whole body
// under the idle timeout and the size bound.
func (t *retryTransport) attempt(ctx context.Context, req *http.Request) (*http.Response, []byte, error) {
	actx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	timer := time.AfterFunc(t.timeouts.ResponseHeader, func() { cancel(errNoHeaders) })
	resp, err := t.next.RoundTrip(req.WithContext(actx))
	timer.Stop()
	if err != nil {
		return nil, nil, t.describe(actx, err, false)
	}
	body, err := readIdle(resp.Body, t.maxBody, t.timeouts.BodyIdle, cancel)
	resp.Body.Close()
	if err != nil {
		if errors.Is(err, ErrAnswerTooLarge) {
			return nil, nil, &NetworkError{Host: t.host, Reason: "answer larger than " + sizeText(t.maxBody), Err: err}
		}
		return nil, nil, t.describe(actx, err, true)
	}
	if resp.StatusCode/100 == 2 && len(body) > 0 && isJSON(resp.Header) && !json.Valid(body) {
		// Complete by HTTP's framing (a close-delimited body) but not by
		// JSON's: the connection closed early.
		return nil, nil, &NetworkError{Host: t.host, Reason: "the answer was cut short (incomplete JSON)", Err: io.ErrUnexpectedEOF}
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	return resp, body, nil
}

// readIdle reads r to the end, at most limit bytes, cancelling the attempt
// when no byte arrives for idle.
func readIdle(r io.Reader, limit int64, idle time.Duration, cancel context.CancelCauseFunc) ([]byte, error) {
	timer := time.AfterFunc(idle, func() { cancel(errBodyStalled) })
	defer timer.Stop()
	var buf bytes.Buffer
	chunk := make([]byte, 32<<10)
	for {
		n, err := r.Read(chunk)
		if n > 0 {
			timer.Reset(idle)
			if int64(buf.Len()+n) > limit {
				return nil, ErrAnswerTooLarge
			}
			buf.Write(chunk[:n])
		}
		if err == io.EOF {
			return buf.Bytes(), nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// describe turns a transport error into a NetworkError in words.
func (t *retryTransport) describe(actx context.Context, err error, inBody bool) error {
	ne := &NetworkError{Host: t.host, Err: err}
	var op *net.OpError
	var dns *net.DNSError
	var cert *tls.CertificateVerificationError
	var timeout interface{ Timeout() bool }
	switch cause := context.Cause(actx); {
	case cause == errNoHeaders:
		ne.Reason, ne.Timeout = "no answer within "+t.timeouts.ResponseHeader.String(), true
	case cause == errBodyStalled:
		ne.Reason, ne.Timeout = "the answer stalled: no data for "+t.timeouts.BodyIdle.String(), true
	case cause == errTotalBudget:
		ne.Reason, ne.Timeout = "gave up after "+t.timeouts.Total.String()+" in all", true
	case actx.Err() != nil:
		return cause // the caller's own cancellation
	case errors.As(err, &dns):
		ne.Reason = "cannot resolve the host name"
	case errors.As(err, &cert):
		ne.Reason = "the TLS certificate is not trusted"
	case errors.As(err, &op) && op.Op == "dial" && op.Timeout():
		ne.Reason, ne.Timeout = "could not connect within "+t.timeouts.Connect.String(), true
	case errors.Is(err, syscall.ECONNREFUSED):
		ne.Reason = "connection refused"
	case errors.As(err, &op) && op.Op == "dial":
		ne.Reason = "could not connect: " + lastPart(err.Error())
	case strings.Contains(err.Error(), "TLS handshake timeout"):
		// net/http's handshake timeout error is unexported.
		ne.Reason, ne.Timeout = "the TLS handshake took longer than "+t.timeouts.TLSHandshake.String(), true
	case errors.Is(err, syscall.ECONNRESET):
		ne.Reason = "the connection was reset"
		if inBody {
			ne.Reason += " in the middle of the answer"
		}
	case inBody && (errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)):
		ne.Reason = "the answer was cut short"
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		ne.Reason = "the server closed the connection without answering"
	case errors.As(err, &timeout) && timeout.Timeout():
		ne.Reason, ne.Timeout = "timed out", true
	default:
		ne.Reason = "network error: " + lastPart(err.Error())
	}
	return ne
}

// lastPart keeps the end of a Go network error ("read tcp a->b: read:
// connection reset by peer" -> "connection reset by peer"), which names the
// failure without the addresses and operations around it.
func lastPart(s string) string {
	if i := strings.LastIndex(s, ": "); i >= 0 {
		return s[i+2:]
	}
	return s
}

func retryableErr(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var ne *NetworkError
	if errors.As(err, &ne) {
		var dns *net.DNSError
		var cert *tls.CertificateVerificationError
		switch {
		case errors.Is(ne.Err, ErrAnswerTooLarge), errors.As(ne.Err, &cert):
			return false
		case errors.As(ne.Err, &dns):
			return dns.IsTemporary || dns.IsTimeout
		}
	}
	return true
}

func retryableStatus(code int) bool {
	switch code {
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

func isJSON(h http.Header) bool {
	mt, _, err := mime.ParseMediaType(h.Get("Content-Type"))
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// jitter spreads the retries of concurrent requests: up to a tenth of d,
// at most 5 s, always after the time GitHub asked for.
func jitter(d time.Duration) time.Duration {
	j := min(d/10, 5*time.Second)
	if j <= 0 {
		return 0
	}
	return rand.N(j)
}
