package clone

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-git/go-git/v5/plumbing/transport/client"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"

	"github.com/pyscout/pyscout/analyzer/option"
)

// ErrStalled reports a transfer that received no data for the progress
// timeout.
var ErrStalled = errors.New("clone stalled")

// ErrTimedOut reports a fetch that outlasted its total bound.
var ErrTimedOut = errors.New("clone timed out")

// Limits bounds the waits of one Fetch or Deepen.
type Limits struct {
	// ProgressTimeout fails a transfer that receives no byte for this
	// long (waiting for the answer's headers included);
	// DefaultProgressTimeout when zero. It applies to http(s) transfers,
	// the only ones an API answer may name.
	ProgressTimeout time.Duration
	// Timeout bounds a whole Fetch or Deepen, however steady its progress;
	// DefaultTimeout when zero.
	Timeout time.Duration
	// LockWait bounds the wait for another run that holds the same cache
	// entry; DefaultLockWait when zero.
	LockWait time.Duration
}

// Defaults for Limits.
const (
	DefaultProgressTimeout = 60 * time.Second
	DefaultTimeout         = 15 * time.Minute
	DefaultLockWait        = 5 * time.Minute
)

// maxWait bounds every duration of Limits: a day is far beyond any clone
// and catches a unit mistaken for another.
const maxWait = 24 * time.Hour

// Validate fills the zero fields of l with their defaults and checks that
// each is positive and at most a day; an *option.Error (matching
// ErrInvalidOption) names a field out of range.
func (l *Limits) Validate() error {
	return errors.Join(
		option.Range("ProgressTimeout", &l.ProgressTimeout, DefaultProgressTimeout, 1, maxWait),
		option.Range("Timeout", &l.Timeout, DefaultTimeout, 1, maxWait),
		option.Range("LockWait", &l.LockWait, DefaultLockWait, 1, maxWait),
	)
}

// go-git picks a transport per scheme from a process-wide table, with no
// way to pass an HTTP client per call; so the clone stage installs its own
// http(s) transport once. It measures progress for the watchdog of the
// request's context and re-checks every redirect against the Policy of
// that context: the first URL was checked, and a redirect must not lead
// elsewhere.
func init() {
	c := githttp.NewClient(&http.Client{
		Transport:     &watchedTransport{next: http.DefaultTransport},
		CheckRedirect: checkRedirect,
	})
	client.InstallProtocol("https", c)
	client.InstallProtocol("http", c)
}

type watchKey struct{}

// watch is the state of one Fetch or Deepen, reached from its requests
// through their context.
type watch struct {
	policy  Policy
	waiting atomic.Int64 // requests waiting for an answer, reads waiting for bytes
	last    atomic.Int64 // UnixNano of the last byte or start of a wait
}

func (w *watch) touch() { w.last.Store(time.Now().UnixNano()) }

// wait brackets a blocking call that waits for the server: the clock
// runs only while one is under way, so local work between reads (go-git
// indexing a pack) is never taken for a stall.
func (w *watch) wait() func() {
	w.touch()
	w.waiting.Add(1)
	return func() { w.waiting.Add(-1) }
}

// idle is how long the transfer has waited for the server and received
// nothing; zero when nothing waits.
func (w *watch) idle() time.Duration {
	if w.waiting.Load() == 0 {
		return 0
	}
	return time.Since(time.Unix(0, w.last.Load()))
}

// guard returns a context bounded by l.Timeout that a watchdog cancels
// when an open transfer receives nothing for l.ProgressTimeout, and the
// function that stops the watchdog. The context's cause says which.
func guard(ctx context.Context, l Limits, policy Policy) (context.Context, func()) {
	ctx, cancelTotal := context.WithTimeoutCause(ctx, l.Timeout,
		&limitError{sentinel: ErrTimedOut, text: "clone timed out after " + seconds(l.Timeout)})
	ctx, cancel := context.WithCancelCause(ctx)
	w := &watch{policy: policy}
	w.touch()
	ctx = context.WithValue(ctx, watchKey{}, w)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(max(l.ProgressTimeout/10, time.Millisecond))
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-tick.C:
				if w.idle() >= l.ProgressTimeout {
					cancel(&limitError{sentinel: ErrStalled, text: "clone stalled: no data for " + seconds(l.ProgressTimeout)})
					return
				}
			}
		}
	})
	return ctx, func() {
		close(done)
		wg.Wait()
		cancel(nil)
		cancelTotal()
	}
}

// guardErr replaces err by the guard's own cause when the guard, and not
// the caller, ended ctx.
func guardErr(parent, ctx context.Context, err error) error {
	if err == nil || parent.Err() != nil || ctx.Err() == nil {
		return err
	}
	if cause := context.Cause(ctx); errors.Is(cause, ErrStalled) || errors.Is(cause, ErrTimedOut) {
		return fmt.Errorf("%w (%w)", cause, err)
	}
	return err
}

// seconds renders a wait the way reasons show it: "60 s", "250 ms".
func seconds(d time.Duration) string {
	switch {
	case d >= time.Minute && d%time.Minute == 0:
		return fmt.Sprintf("%d min", d/time.Minute)
	case d >= time.Second && d%time.Second == 0:
		return fmt.Sprintf("%d s", d/time.Second)
	case d < time.Second:
		return fmt.Sprintf("%d ms", d/time.Millisecond)
	}
	return d.Round(100 * time.Millisecond).String()
}

// watchedTransport reports request starts and answer bytes to the watch
// of the request's context.
type watchedTransport struct {
	next http.RoundTripper
}

func (t *watchedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	w, _ := req.Context().Value(watchKey{}).(*watch)
	if w == nil {
		return t.next.RoundTrip(req)
	}
	done := w.wait()
	resp, err := t.next.RoundTrip(req)
	done()
	if err != nil {
		return resp, err
	}
	w.touch()
	resp.Body = &watchedBody{ReadCloser: resp.Body, w: w}
	return resp, nil
}

// watchedBody reports each read of an answer to the watch.
type watchedBody struct {
	io.ReadCloser
	w *watch
}

func (b *watchedBody) Read(p []byte) (int, error) {
	done := b.w.wait()
	n, err := b.ReadCloser.Read(p)
	done()
	if n > 0 {
		b.w.touch()
	}
	return n, err
}

// checkRedirect holds every redirect to the Policy that allowed the first
// URL. go-git's own checks (no downgrade to http, credentials stripped
// across origins) run as well.
func checkRedirect(req *http.Request, via []*http.Request) error {
	w, _ := req.Context().Value(watchKey{}).(*watch)
	if w == nil {
		return errors.New("clone: redirect outside a guarded fetch")
	}
	if err := w.policy.Check(req.URL.String()); err != nil {
		return fmt.Errorf("redirect: %w", err)
	}
	return nil
}
