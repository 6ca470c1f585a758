package batch

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/github"
	"github.com/pyscout/pyscout/report"
)

// writeFile is a plain writer for these tests; the command's atomic one
// is tested with the command.
func writeFile(_ context.Context, path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return write(f)
}

// fakeClock is a clock whose sleeps move it on at once.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	slept []time.Duration
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(_ context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.slept = append(c.slept, d)
	c.now = c.now.Add(d)
	return nil
}

func shortlistOf(logins ...string) *Shortlist {
	s := &Shortlist{}
	for i, l := range logins {
		s.Candidates = append(s.Candidates, Candidate{Login: l, Line: i + 1})
	}
	return s
}

// limitedOnce analyses everyone, except that the first call for limited
// meets the rate limit, which resets at reset.
func limitedOnce(limited string, reset time.Time, calls map[string]int, mu *sync.Mutex) AnalyzeFunc {
	return func(_ context.Context, login string, _ func(analyzer.Event)) (*report.Report, error) {
		mu.Lock()
		calls[login]++
		n := calls[login]
		mu.Unlock()
		if login == limited && n == 1 {
			return nil, &github.RateLimitError{Limit: 5000, Reset: reset, Authenticated: true}
		}
		return &report.Report{Profile: &analyzer.Profile{Login: login}}, nil
	}
}

func TestWaitSleepsUntilTheResetAndGoesOn(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 11, 29, 20, 0, 0, 0, time.UTC)}
	reset := clock.now.Add(17 * time.Minute)
	calls := map[string]int{}
	var mu sync.Mutex
	var events []Event
	res, err := Run(context.Background(), shortlistOf("ann", "ben", "cat"), Options{
		OutDir: t.TempDir(), Jobs: 1, Wait: true, WriteFile: writeFile, Now: clock.Now, Sleep: clock.Sleep,
		Analyze:  limitedOnce("ben", reset, calls, &mu),
		Progress: func(e Event) { events = append(events, e) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Analysed != 3 || calls["ben"] != 2 || calls["cat"] != 1 {
		t.Errorf("analysed %d, calls %v", res.Analysed, calls)
	}
	// It slept once, until a second after the reset (GitHub's reset is
	// in whole seconds), and said so.
	if len(clock.slept) != 1 || clock.slept[0] != 17*time.Minute+time.Second {
		t.Errorf("slept %v", clock.slept)
	}
	waited := false
	for _, e := range events {
		if e.Kind == EventWaiting && e.Until.Equal(reset.Add(time.Second)) {
			waited = true
		}
	}
	if !waited {
		t.Error("no waiting event with the reset time")
	}
}

func TestRateLimitStopsCleanly(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 11, 29, 20, 0, 0, 0, time.UTC)}
	reset := clock.now.Add(17 * time.Minute)
	calls := map[string]int{}
	var mu sync.Mutex
	dir := t.TempDir()
	res, err := Run(context.Background(), shortlistOf("ann", "ben", "cat"), Options{
		OutDir: dir, Jobs: 1, WriteFile: writeFile, Now: clock.Now, Sleep: clock.Sleep,
		Analyze: limitedOnce("ben", reset, calls, &mu),
	})
	var inc *IncompleteError
	if !errors.As(err, &inc) || inc.RateLimit == nil || inc.Pending != 2 || !inc.Reset.Equal(reset) {
		t.Fatalf("err = %v", err)
	}
	if calls["cat"] != 0 || len(clock.slept) != 0 {
		t.Errorf("went on after the limit: calls %v, slept %v", calls, clock.slept)
	}
	if res.Rows[1].Status != report.BatchPending || res.Rows[2].Status != report.BatchPending || res.Index == "" {
		t.Errorf("rows %+v, index %q", res.Rows, res.Index)
	}
	if _, err := os.Stat(filepath.Join(dir, "ann.json")); err != nil {
		t.Error(err)
	}
}

func TestPanicIsOneCandidatesFailure(t *testing.T) {
	res, err := Run(context.Background(), shortlistOf("ann", "ben"), Options{
		OutDir: t.TempDir(), Jobs: 2, WriteFile: writeFile,
		Analyze: func(_ context.Context, login string, _ func(analyzer.Event)) (*report.Report, error) {
			if login == "ann" {
				panic("hostile repository")
			}
			return &report.Report{Profile: &analyzer.Profile{Login: login}}, nil
		},
	})
	var inc *IncompleteError
	if !errors.As(err, &inc) || inc.Failed != 1 {
		t.Fatalf("err = %v", err)
	}
	if res.Rows[0].Status != report.BatchFailed || res.Rows[0].Reason != "internal error: hostile repository" || res.Rows[1].Status != report.BatchAnalysed {
		t.Errorf("rows %+v", res.Rows)
	}
}
