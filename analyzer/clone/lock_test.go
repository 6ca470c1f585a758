package clone

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/gofrs/flock"
)

// TestConcurrentFetchesShareOneEntry runs several fetches of one repository
// into one cache at once, a few rounds with a new commit between them (so
// that the later rounds update the entry in place): every fetch succeeds
// and sees the same commit, and each can read its files.
func TestConcurrentFetchesShareOneEntry(t *testing.T) {
	s := fake(t)
	cache := t.TempDir()
	url := s.CloneURL("o", "r")
	const fetchers, rounds = 6, 3
	ctx := hangGuard(t)
	for round := range rounds {
		if round > 0 {
			s.CommitFiles("o", "r", map[string]string{"c.py": fmt.Sprintf("z = %d\n", round)})
		}
		want := s.HeadSHA("o", "r")
		var wg sync.WaitGroup
		errs := make([]error, fetchers)
		for i := range fetchers {
			wg.Go(func() {
				snap, err := Fetch(ctx, url, "", opts(s, cache))
				if err != nil {
					errs[i] = err
					return
				}
				if snap.Commit != want {
					errs[i] = fmt.Errorf("commit %s, want %s", snap.Commit, want)
					return
				}
				if _, err := snap.Tree.File("pkg/b.py"); err != nil {
					errs[i] = fmt.Errorf("read pkg/b.py: %w", err)
					return
				}
				// What the history stage does next: deepen, then walk
				// every commit, while the others update the entry.
				if err := Deepen(ctx, snap, url, 0); err != nil {
					errs[i] = fmt.Errorf("deepen: %w", err)
					return
				}
				iter, err := snap.Repository.Log(&git.LogOptions{From: snap.CommitObject.Hash})
				if err != nil {
					errs[i] = fmt.Errorf("log: %w", err)
					return
				}
				n := 0
				err = iter.ForEach(func(c *object.Commit) error {
					n++
					_, err := c.Tree()
					return err
				})
				if err != nil || n != round+1 {
					errs[i] = fmt.Errorf("history: %d commits, want %d: %v", n, round+1, err)
				}
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("round %d, fetcher %d: %v", round, i, err)
			}
		}
	}
}

func TestFetchWaitsBoundedForABusyEntry(t *testing.T) {
	s := fake(t)
	cache := t.TempDir()
	url := s.CloneURL("o", "r")
	dir := mustCachePath(t, cache, url)
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		t.Fatal(err)
	}
	other := flock.New(dir + ".lock") // another run, holding the entry
	if err := other.Lock(); err != nil {
		t.Fatal(err)
	}
	o := opts(s, cache)
	o.LockWait = 200 * time.Millisecond
	_, err := Fetch(hangGuard(t), url, "", o)
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("busy entry: %v", err)
	}
	if got, want := Summary(err), "clone skipped: cache entry busy (another pyscout run held it for 200 ms)"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	// Near-miss: once the other run lets go, the fetch goes through.
	if err := other.Unlock(); err != nil {
		t.Fatal(err)
	}
	if _, err := Fetch(hangGuard(t), url, "", o); err != nil {
		t.Fatalf("after the other run: %v", err)
	}
}

func TestFetchRemovesStaleTemporaryClones(t *testing.T) {
	s := fake(t)
	cache := t.TempDir()
	url := s.CloneURL("o", "r")
	dir := mustCachePath(t, cache, url)
	parent := filepath.Dir(dir)
	old := filepath.Join(parent, tempPrefix(dir)+"killed")
	recent := filepath.Join(parent, tempPrefix(dir)+"recent")
	otherEntry := filepath.Join(parent, ".tmp-other-00000000.git-killed")
	for _, d := range []string{old, recent, otherEntry} {
		if err := os.MkdirAll(filepath.Join(d, "objects"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	long := time.Now().Add(-2 * StaleAfter)
	for _, d := range []string{old, otherEntry} {
		if err := os.Chtimes(d, long, long); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Fetch(hangGuard(t), url, "", opts(s, cache)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(old); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale temporary clone kept: %v", err)
	}
	// Near-misses: a recent one may belong to a run of a pyscout without
	// the lock, and another entry's is that entry's business.
	for _, d := range []string{recent, otherEntry} {
		if _, err := os.Stat(d); err != nil {
			t.Errorf("%s removed: %v", filepath.Base(d), err)
		}
	}
}

func TestSweepStaleAtStart(t *testing.T) {
	cache := t.TempDir()
	parent := filepath.Join(cache, "repos", "github.com", "o")
	entry := filepath.Join(parent, "r-0123abcd.git")
	old := filepath.Join(parent, tempPrefix(entry)+"123456")
	recent := filepath.Join(parent, tempPrefix(entry)+"654321")
	busyEntry := filepath.Join(parent, "busy-0123abcd.git")
	busyOld := filepath.Join(parent, tempPrefix(busyEntry)+"111111")
	for _, d := range []string{old, recent, busyOld} {
		if err := os.MkdirAll(filepath.Join(d, "objects"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	long := time.Now().Add(-2 * StaleAfter)
	for _, d := range []string{old, busyOld} {
		if err := os.Chtimes(d, long, long); err != nil {
			t.Fatal(err)
		}
	}
	// Another run holds the busy entry: its leftovers wait for that run.
	unlock, err := lockEntry(hangGuard(t), busyEntry, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	SweepStale(cache, time.Now())
	if _, err := os.Stat(old); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale temporary clone kept: %v", err)
	}
	for _, d := range []string{recent, busyOld} {
		if _, err := os.Stat(d); err != nil {
			t.Errorf("%s removed: %v", filepath.Base(d), err)
		}
	}
	// A cache that does not exist yet is no error.
	SweepStale(filepath.Join(cache, "none"), time.Now())
}
