package github

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer/github/githubtest"
)

// budgetClient is a client of s spending b.
func budgetClient(t *testing.T, s *githubtest.Server, b *Budget, mod func(*Options)) *Client {
	t.Helper()
	return newTestClient(t, s, func(o *Options) {
		o.Budget = b
		if mod != nil {
			mod(o)
		}
	})
}

// Several clients on one budget: it learns the lowest count any answer
// reported, and the concurrency it offers falls with it.
func TestBudgetSharedByClients(t *testing.T) {
	s := cacheServer(t)
	reset := time.Now().Add(30 * time.Minute).Truncate(time.Second)
	s.SetRateLimit(5000, 2501, reset)
	b := NewBudget(BudgetOptions{})
	if b.Remaining() != -1 || b.Slots(8) != 8 {
		t.Fatalf("a new budget: remaining %d, slots %d; want -1 (unknown), 8", b.Remaining(), b.Slots(8))
	}
	var wg sync.WaitGroup
	clients := make([]*Client, 3)
	for i := range clients {
		clients[i] = budgetClient(t, s, b, nil)
		wg.Go(func() {
			if _, err := clients[i].Account(guardCtx(t), "alice"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if got := b.Remaining(); got != 2498 {
		t.Errorf("Remaining() = %d after 3 requests from 2501, want 2498", got)
	}
	if !b.Reset().Equal(reset) || b.Limit() != 5000 {
		t.Errorf("Reset() = %v, Limit() = %d; want %v, 5000", b.Reset(), b.Limit(), reset)
	}
	if got := b.Slots(8); got != 4 {
		t.Errorf("Slots(8) at 2498 of 5000 = %d, want 4", got)
	}
	for _, c := range clients {
		if _, rem, _, _ := c.Rate(); rem != 2498 {
			t.Errorf("a client's Rate() says %d remaining, want the budget's 2498", rem)
		}
	}
	s.SetRateLimit(5000, 10, reset)
	if _, err := clients[0].Account(guardCtx(t), "bob"); err != nil {
		t.Fatal(err)
	}
	if got := b.Slots(8); got != 1 {
		t.Errorf("Slots(8) at 9 of 5000 = %d, want 1", got)
	}
}

// Answers arriving out of order, about other resources or from a window
// already over do not raise the count.
func TestBudgetObserve(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	b := NewBudget(BudgetOptions{Now: func() time.Time { return now }})
	h := func(remaining int, reset time.Time, resource string) http.Header {
		return http.Header{
			"X-Ratelimit-Limit":     {"5000"},
			"X-Ratelimit-Remaining": {strconv.Itoa(remaining)},
			"X-Ratelimit-Reset":     {strconv.FormatInt(reset.Unix(), 10)},
			"X-Ratelimit-Resource":  {resource},
		}
	}
	r1, r2 := now.Add(time.Hour), now.Add(2*time.Hour)
	b.observe(h(100, r1, "core"))
	b.observe(h(120, r1, "core")) // an earlier request's answer, late
	b.observe(h(7, r1, "search"))
	b.observe(h(1, r1, "")) // older GitHub Enterprise: no resource header
	if got := b.Remaining(); got != 1 {
		t.Errorf("Remaining() = %d, want 1", got)
	}
	b.observe(h(4999, r2, "core"))
	b.observe(h(0, r1, "core")) // the old window
	if got := b.Remaining(); got != 4999 {
		t.Errorf("after a new window: Remaining() = %d, want 4999", got)
	}
	b.observe(http.Header{"X-Ratelimit-Remaining": {"junk"}})
	if got := b.Remaining(); got != 4999 {
		t.Errorf("a malformed header changed the count to %d", got)
	}
}

// Without Wait, a spent budget fails every client at once, without a
// request; a client that met the limit says when it resets.
func TestBudgetExhaustedFailsEveryClient(t *testing.T) {
	s := cacheServer(t)
	b := NewBudget(BudgetOptions{})
	a, c := budgetClient(t, s, b, nil), budgetClient(t, s, b, nil)
	if _, err := a.Account(guardCtx(t), "alice"); err != nil {
		t.Fatal(err)
	}
	s.ExhaustRateLimitAt("/users/bob")
	var rle *RateLimitError
	if _, err := a.Account(guardCtx(t), "bob"); !errors.As(err, &rle) {
		t.Fatalf("bob: %v, want *RateLimitError", err)
	}
	sent := len(s.Requests())
	_, err := c.Account(guardCtx(t), "alice")
	if !errors.As(err, &rle) || rle.Reset.IsZero() || !rle.Authenticated {
		t.Fatalf("another client: %v, want *RateLimitError with the reset", err)
	}
	checkMessage(t, err)
	if n := len(s.Requests()); n != sent {
		t.Errorf("the other client sent %d requests on a spent budget", n-sent)
	}
	if b.Slots(4) != 0 {
		t.Errorf("Slots(4) on a spent budget = %d, want 0", b.Slots(4))
	}
	if _, err := b.Acquire(guardCtx(t), 4); !errors.As(err, &rle) {
		t.Errorf("Acquire on a spent budget: %v, want *RateLimitError", err)
	}
	// Near-miss: a client with a budget of its own still asks GitHub.
	own := newTestClient(t, s, nil)
	own.Account(guardCtx(t), "alice")
	if n := len(s.Requests()); n != sent+1 {
		t.Errorf("a client outside the budget sent %d requests, want 1", n-sent)
	}
}

// With Wait, a client that meets the limit sleeps until the reset (on a
// fake clock), says when once, and goes on.
func TestBudgetWaitsUntilReset(t *testing.T) {
	s := cacheServer(t)
	now := time.Now()
	var mu sync.Mutex
	var woke []time.Time
	var slept []time.Duration
	b := NewBudget(BudgetOptions{
		Wait:   true,
		OnWait: func(until time.Time) { mu.Lock(); woke = append(woke, until); mu.Unlock() },
		Now:    func() time.Time { return now },
		Sleep: func(ctx context.Context, d time.Duration) error {
			mu.Lock()
			slept = append(slept, d)
			mu.Unlock()
			// The hour passes: GitHub refills the budget.
			s.SetRateLimit(5000, 5000, now.Add(2*time.Hour))
			return nil
		},
	})
	reset := now.Add(time.Hour).Truncate(time.Second)
	s.SetRateLimit(5000, 5000, reset)
	s.ExhaustRateLimitAt("/users/bob")
	a, c := budgetClient(t, s, b, nil), budgetClient(t, s, b, nil)
	got, err := a.Account(guardCtx(t), "bob")
	if err != nil || got.Login != "bob" {
		t.Fatalf("bob after the wait: %v, %v", got, err)
	}
	if len(woke) != 1 || !woke[0].Equal(reset) || len(slept) != 1 || slept[0] != reset.Sub(now) {
		t.Errorf("OnWait %v, slept %v; want one wait until %v", woke, slept, reset)
	}
	if n := s.RequestCount("/users/bob"); n != 2 {
		t.Errorf("%d requests for bob, want the refused one and one after the reset", n)
	}
	// Near-miss: the next request on the refilled budget does not wait.
	if _, err := c.Account(guardCtx(t), "alice"); err != nil {
		t.Fatal(err)
	}
	if len(slept) != 1 {
		t.Errorf("slept %v, want no second wait", slept)
	}
}

// A wait for the reset ends with the caller's context.
func TestBudgetWaitIsCancellable(t *testing.T) {
	s := cacheServer(t)
	ctx, cancel := context.WithCancel(guardCtx(t))
	b := NewBudget(BudgetOptions{
		Wait:   true,
		OnWait: func(time.Time) { cancel() },
		Sleep: func(ctx context.Context, d time.Duration) error {
			<-ctx.Done()
			return ctx.Err()
		},
	})
	s.ExhaustRateLimitAt("/users/alice")
	c := budgetClient(t, s, b, nil)
	if _, err := c.Account(ctx, "alice"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled wait: %v, want context.Canceled", err)
	}
}

// A secondary limit met by one client pauses every client of the budget.
func TestBudgetSharesSecondaryLimits(t *testing.T) {
	s := cacheServer(t)
	b := NewBudget(BudgetOptions{})
	noWait := func(o *Options) { o.Retry.MaxLimitWait = -1 }
	a, c := budgetClient(t, s, b, noWait), budgetClient(t, s, b, noWait)
	s.SecondaryLimitNext("/users/alice", githubtest.SecondaryLimit{RetryAfter: "600"}, 1)
	var sle *SecondaryLimitError
	if _, err := a.Account(guardCtx(t), "alice"); !errors.As(err, &sle) {
		t.Fatalf("alice: %v, want *SecondaryLimitError", err)
	}
	sent := len(s.Requests())
	if _, err := c.Account(guardCtx(t), "bob"); !errors.As(err, &sle) {
		t.Fatalf("the other client: %v, want *SecondaryLimitError", err)
	}
	if n := len(s.Requests()); n != sent {
		t.Errorf("the other client sent %d requests during the pause", n-sent)
	}
	// Near-miss: a client outside the budget is not paused.
	if _, err := newTestClient(t, s, noWait).Account(guardCtx(t), "bob"); err != nil {
		t.Errorf("a client outside the budget: %v", err)
	}
}

// Acquire hands out at most Slots(most) slots; a released slot is taken
// again.
func TestBudgetAcquire(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	b := NewBudget(BudgetOptions{Now: func() time.Time { return now }})
	b.observe(http.Header{
		"X-Ratelimit-Limit":     {"5000"},
		"X-Ratelimit-Remaining": {"1000"},
		"X-Ratelimit-Reset":     {strconv.FormatInt(now.Add(time.Hour).Unix(), 10)},
	})
	ctx := guardCtx(t)
	release, err := b.Acquire(ctx, 4) // Slots(4) = 1
	if err != nil {
		t.Fatal(err)
	}
	done, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := b.Acquire(done, 4); !errors.Is(err, context.Canceled) {
		t.Errorf("a second slot of 1: %v, want to wait (and be cancelled)", err)
	}
	got := make(chan error, 1)
	go func() {
		r, err := b.Acquire(ctx, 4)
		if r != nil {
			r()
		}
		got <- err
	}()
	release()
	release() // twice is harmless
	if err := <-got; err != nil {
		t.Errorf("after release: %v", err)
	}
	// Near-miss: with a fuller budget two slots are free at once.
	b.observe(http.Header{
		"X-Ratelimit-Limit":     {"5000"},
		"X-Ratelimit-Remaining": {"5000"},
		"X-Ratelimit-Reset":     {strconv.FormatInt(now.Add(2*time.Hour).Unix(), 10)},
	})
	r1, err1 := b.Acquire(done, 4)
	r2, err2 := b.Acquire(done, 4)
	if err1 != nil || err2 != nil {
		t.Errorf("two slots of 4: %v, %v", err1, err2)
	} else {
		r1()
		r2()
	}
}

// After a wait for the reset, a late answer from the old window does not
// make the budget spent again.
func TestBudgetIgnoresLateAnswersAfterAWait(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	waits := 0
	b := NewBudget(BudgetOptions{Wait: true, Now: func() time.Time { return now },
		Sleep: func(context.Context, time.Duration) error { waits++; return nil }})
	spent := http.Header{
		"X-Ratelimit-Limit":     {"5000"},
		"X-Ratelimit-Remaining": {"0"},
		"X-Ratelimit-Reset":     {strconv.FormatInt(now.Add(time.Hour).Unix(), 10)},
	}
	b.observe(spent)
	if err := b.admit(guardCtx(t)); err != nil || waits != 1 {
		t.Fatalf("admit: %v after %d waits, want one wait", err, waits)
	}
	b.observe(spent) // an answer sent before the reset, arriving after
	if err := b.admit(guardCtx(t)); err != nil || waits != 1 {
		t.Errorf("a late answer made the budget wait again (%d waits, %v)", waits, err)
	}
	if b.Remaining() != -1 || b.Slots(4) != 4 {
		t.Errorf("after the wait: remaining %d, slots %d; want unknown, 4", b.Remaining(), b.Slots(4))
	}
}
