package github

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// BudgetOptions configures a Budget.
type BudgetOptions struct {
	// Wait makes a request that meets a spent budget sleep until GitHub's
	// reset and go on, instead of failing at once with a *RateLimitError.
	Wait bool
	// OnWait, if set, is called once for each reset the clients wait for,
	// with the time they wake, so that a command can say "waiting until
	// 14:05 UTC". It is called from the goroutine that waits first and
	// must not block.
	OnWait func(until time.Time)
	// Now is the clock; time.Now when nil. Tests pass a fake one.
	Now func() time.Time
	// Sleep waits d or until ctx ends, returning ctx's error then; a timer
	// when nil. Tests pass one that returns at once.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Budget is one GitHub rate budget, a token's (or, without a token, the
// address's), shared by every Client that spends it: the candidates of a
// batch, one Client each. It learns the remaining requests and the reset
// time from the X-RateLimit-* headers of every answer its clients receive,
// lowers the concurrency a scheduler asks for (Slots, Acquire) as the
// budget falls, makes a secondary limit met by one client pause them all,
// and, when the budget is spent, fails each request at once with a
// *RateLimitError or, with Wait, sleeps until the reset and goes on. Its
// methods are safe for concurrent use.
type Budget struct {
	opts   BudgetOptions
	pauses pauseBoard

	mu        sync.Mutex
	changed   chan struct{} // closed and replaced when a slot may have opened
	known     bool          // an answer has told the state of the current window
	limit     int
	remaining int
	reset     time.Time
	active    int // slots held through Acquire
	// authenticated: a client with a token spends the budget (it shapes
	// the advice of a *RateLimitError).
	authenticated bool
	announced     time.Time // the reset OnWait was last called for
	waitedOut     time.Time // the latest reset waited for: answers from its window are late
}

// NewBudget returns a Budget that knows nothing yet: until the first answer
// it allows every request and the full concurrency.
func NewBudget(opts BudgetOptions) *Budget {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Sleep == nil {
		opts.Sleep = sleep
	}
	return &Budget{opts: opts, changed: make(chan struct{})}
}

// Remaining returns the requests left in the current window as GitHub last
// reported them, or -1 before any answer (or after a reset the budget
// waited for, until the next answer).
func (b *Budget) Remaining() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.known {
		return -1
	}
	return b.remaining
}

// Limit returns the requests a window allows (5,000 an hour with a token),
// or 0 before any answer.
func (b *Budget) Limit() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.known {
		return 0
	}
	return b.limit
}

// Reset returns when the current window ends and the budget refills, or the
// zero time before any answer.
func (b *Budget) Reset() time.Time {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.known {
		return time.Time{}
	}
	return b.reset
}

// Slots returns how many candidates a scheduler allowing most at once should
// run now: most while the budget is unknown or its window has passed, 0 while
// it is spent, and otherwise most scaled by the share of the window's budget
// that remains, rounded up, so at least 1 while any request is left (with
// most 8 and a limit of 5,000: 8 above 4,375 remaining, 4 at 2,500, 1 below
// 625).
func (b *Budget) Slots(most int) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.slotsLocked(most)
}

func (b *Budget) slotsLocked(most int) int {
	most = max(most, 1)
	if !b.known || !b.opts.Now().Before(b.reset) || b.limit <= 0 {
		return most
	}
	if b.remaining <= 0 {
		return 0
	}
	n := (most*b.remaining + b.limit - 1) / b.limit
	return min(max(n, 1), most)
}

// Acquire takes one of Slots(most) slots for a unit of work (a candidate),
// waiting while all are held; release gives it back and may be called more
// than once. While the budget is spent it returns a *RateLimitError or, with
// Wait, sleeps until the reset first. It returns ctx's error when ctx ends.
func (b *Budget) Acquire(ctx context.Context, most int) (release func(), err error) {
	for {
		if err := b.admit(ctx); err != nil {
			return nil, err
		}
		b.mu.Lock()
		if b.exhaustedLocked() {
			b.mu.Unlock()
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			continue // spent while we looked: admit waits or fails
		}
		if b.active < b.slotsLocked(most) {
			b.active++
			b.mu.Unlock()
			var once sync.Once
			return func() { once.Do(b.release) }, nil
		}
		changed := b.changed
		b.mu.Unlock()
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-changed:
		}
	}
}

func (b *Budget) release() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.active--
	b.broadcastLocked()
}

// broadcastLocked wakes every Acquire waiting for a slot.
func (b *Budget) broadcastLocked() {
	close(b.changed)
	b.changed = make(chan struct{})
}

func (b *Budget) exhaustedLocked() bool {
	return b.known && b.remaining <= 0 && b.opts.Now().Before(b.reset)
}

// admit lets a request (or a unit of work) through, or, while the budget is
// spent, fails with a *RateLimitError or, with Wait, sleeps until the reset.
func (b *Budget) admit(ctx context.Context) error {
	for {
		b.mu.Lock()
		if !b.exhaustedLocked() {
			b.mu.Unlock()
			return nil
		}
		limit, reset, authenticated := b.limit, b.reset, b.authenticated
		announce := b.opts.Wait && b.opts.OnWait != nil && !b.announced.Equal(reset)
		if announce {
			b.announced = reset
		}
		wait := reset.Sub(b.opts.Now())
		b.mu.Unlock()
		if !b.opts.Wait {
			return &RateLimitError{Limit: limit, Reset: reset, Authenticated: authenticated}
		}
		if announce {
			b.opts.OnWait(reset)
		}
		if err := b.opts.Sleep(ctx, wait); err != nil {
			return err
		}
		b.mu.Lock()
		if b.known && b.reset.Equal(reset) {
			// The window we waited out is over; the next answer tells the
			// new one. (A fake clock need not have moved.)
			b.known = false
			b.broadcastLocked()
		}
		if reset.After(b.waitedOut) {
			b.waitedOut = reset
		}
		b.mu.Unlock()
	}
}

// observe learns the budget from the rate-limit headers of an answer. An
// answer about another resource (search, graphql) is ignored; of two answers
// in one window the lower count wins, since answers to concurrent requests
// arrive in any order; a later reset starts a new window.
func (b *Budget) observe(h http.Header) {
	if res := h.Get("X-RateLimit-Resource"); res != "" && res != "core" {
		return
	}
	limit, err1 := strconv.Atoi(strings.TrimSpace(h.Get("X-RateLimit-Limit")))
	remaining, err2 := strconv.Atoi(strings.TrimSpace(h.Get("X-RateLimit-Remaining")))
	reset, ok := parseReset(h)
	if err1 != nil || err2 != nil || !ok || limit <= 0 || remaining < 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if !reset.After(b.waitedOut) {
		return // a late answer from a window already waited out
	}
	switch {
	case !b.known || reset.After(b.reset):
		b.known, b.limit, b.remaining, b.reset = true, limit, remaining, reset
	case reset.Equal(b.reset):
		b.limit, b.remaining = limit, min(b.remaining, remaining)
	default:
		return // an answer from a window already over
	}
	b.broadcastLocked()
}

// join records a client that spends the budget.
func (b *Budget) join(authenticated bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.authenticated = b.authenticated || authenticated
}

// state returns what the budget knows, for Client.Rate.
func (b *Budget) state() (limit, remaining int, reset time.Time, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.limit, b.remaining, b.reset, b.known
}

// maxLimitRounds bounds how often one request waits for a reset and meets
// the limit again (a clock far from GitHub's), so that it cannot loop.
const maxLimitRounds = 3

// budgetTransport holds every request of a client to its Budget: no request
// leaves while the budget is spent, and with Wait one that met the primary
// limit is sent again after the reset.
type budgetTransport struct {
	next   http.RoundTripper
	budget *Budget
}

func (t *budgetTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	for round := 1; ; round++ {
		if err := t.budget.admit(req.Context()); err != nil {
			return nil, err
		}
		resp, err := t.next.RoundTrip(req)
		if err != nil || !t.budget.opts.Wait || round == maxLimitRounds || !primaryLimit(resp) || req.Body != nil {
			return resp, err
		}
		// The retry transport below read the body into memory.
		resp.Body.Close()
	}
}

// primaryLimit reports GitHub's answer for a spent primary budget; the
// retry transport below has already turned secondary limits into errors.
func primaryLimit(resp *http.Response) bool {
	return (resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusTooManyRequests) &&
		resp.Header.Get("X-RateLimit-Remaining") == "0"
}
