package clone

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// hangGuard fails a test that would otherwise block forever.
func hangGuard(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestFetchStallFailsAndLeavesNothing(t *testing.T) {
	for _, tt := range []struct {
		name  string
		after int // bytes of the pack answer sent before the stall
	}{
		{"mid-pack", 120},
		{"before the headers", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := fake(t)
			cache := t.TempDir()
			o := opts(s, cache)
			o.ProgressTimeout = 300 * time.Millisecond
			s.StallPackAfter("/git/o/r.git", tt.after, 1)
			ctx := hangGuard(t)
			_, err := Fetch(ctx, s.CloneURL("o", "r"), "", o)
			if !errors.Is(err, ErrStalled) || ctx.Err() != nil {
				t.Fatalf("stalled clone: %v", err)
			}
			if got, want := Summary(err), "clone stalled: no data for 300 ms"; got != want {
				t.Errorf("summary %q, want %q", got, want)
			}
			if Transient(err) {
				t.Error("a stall is retried: each retry would wait the whole timeout again")
			}
			if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(mustCachePath(t, cache, s.CloneURL("o", "r"))), ".tmp-*")); len(leftovers) > 0 {
				t.Errorf("stalled clone left %v", leftovers)
			}
			// Near-miss: the same limits let a clone that does not stall through.
			snap, err := Fetch(ctx, s.CloneURL("o", "r"), "", o)
			if err != nil || snap.Commit != s.HeadSHA("o", "r") {
				t.Fatalf("clone after the stall: %v", err)
			}
		})
	}
}

func TestFetchTotalTimeout(t *testing.T) {
	s := fake(t)
	o := opts(s, t.TempDir())
	o.Timeout = 300 * time.Millisecond
	s.StallPackAfter("/git/o/r.git", 120, 1)
	ctx := hangGuard(t)
	_, err := Fetch(ctx, s.CloneURL("o", "r"), "", o)
	if !errors.Is(err, ErrTimedOut) || errors.Is(err, ErrStalled) {
		t.Fatalf("clone past its bound: %v", err)
	}
	if got, want := Summary(err), "clone timed out after 300 ms"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
}

func TestCallerCancelIsNotAStall(t *testing.T) {
	s := fake(t)
	o := opts(s, t.TempDir())
	s.StallPackAfter("/git/o/r.git", 120, 1)
	ctx, cancel := context.WithCancel(hangGuard(t))
	go func() { time.Sleep(200 * time.Millisecond); cancel() }()
	_, err := Fetch(ctx, s.CloneURL("o", "r"), "", o)
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrStalled) || errors.Is(err, ErrTimedOut) {
		t.Fatalf("cancelled clone: %v", err)
	}
}

func TestDeepenStalls(t *testing.T) {
	s := fake(t)
	for i := range 3 {
		s.CommitFiles("o", "r", map[string]string{"c.py": strings.Repeat("x", i+1)})
	}
	o := opts(s, t.TempDir())
	// Long enough that the healthy fetches around the stall never trip it on
	// a loaded runner (300 ms did, under -race), short enough to wait for.
	o.ProgressTimeout = 3 * time.Second
	ctx := hangGuard(t)
	snap, err := Fetch(ctx, s.CloneURL("o", "r"), "", o)
	if err != nil {
		t.Fatal(err)
	}
	s.StallPackAfter("/git/o/r.git", 120, 1)
	if err := Deepen(ctx, snap, s.CloneURL("o", "r"), 0); !errors.Is(err, ErrStalled) {
		t.Fatalf("stalled deepen: %v", err)
	}
	// Near-miss: the next deepen, which does not stall, brings the history.
	if err := Deepen(ctx, snap, s.CloneURL("o", "r"), 0); err != nil {
		t.Fatalf("deepen: %v", err)
	}
	if _, err := snap.Repository.CommitObject(snap.CommitObject.ParentHashes[0]); err != nil {
		t.Errorf("history not fetched: %v", err)
	}
}

func mustCachePath(t *testing.T, cache, url string) string {
	t.Helper()
	p, err := CachePath(cache, url)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestWatchCountsOnlyWaits: time spent between reads (go-git's own work on
// what it received) is not a stall; the same time spent waiting for the
// server is.
func TestWatchCountsOnlyWaits(t *testing.T) {
	parent := hangGuard(t)
	ctx, stop := guard(parent, Limits{ProgressTimeout: 100 * time.Millisecond, Timeout: time.Minute}, Policy{})
	defer stop()
	w := ctx.Value(watchKey{}).(*watch)
	done := w.wait()
	w.touch() // bytes arrived
	done()
	time.Sleep(400 * time.Millisecond) // local work
	if ctx.Err() != nil {
		t.Fatalf("local work taken for a stall: %v", context.Cause(ctx))
	}
	defer w.wait()() // waiting for the server, which sends nothing
	select {
	case <-ctx.Done():
		if !errors.Is(context.Cause(ctx), ErrStalled) {
			t.Errorf("cause %v", context.Cause(ctx))
		}
	case <-parent.Done():
		t.Fatal("a wait with no data was never taken for a stall")
	}
}
