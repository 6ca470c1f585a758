package clone

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"
)

// ErrBusy reports a cache entry another run held for longer than
// Limits.LockWait.
var ErrBusy = errors.New("cache entry busy")

// StaleAfter is the age past which a temporary clone directory left by a
// killed run is removed. Temporary directories are only made under the
// entry's lock, so the age is a second safeguard, for a pyscout older than
// the lock.
const StaleAfter = 10 * time.Minute

// lockRetry is how often a busy lock is tried again.
const lockRetry = 50 * time.Millisecond

// lockEntry takes the exclusive lock of the cache entry dir: an flock on
// dir+".lock" beside it, held by every fetch that writes to the entry (a
// clone, an update, a replacement, a deepening), so that two runs on one
// cache never write it at once nor take the other's half-written state
// for damage. The lock dies with the process, so a killed run leaves none.
func lockEntry(ctx context.Context, dir string, wait time.Duration) (func(), error) {
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, fmt.Errorf("cache lock: %w", err)
	}
	lock := flock.New(dir + ".lock")
	wctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	ok, err := lock.TryLockContext(wctx, lockRetry)
	if ok {
		return func() { _ = lock.Unlock() }, nil
	}
	_ = lock.Close()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return nil, fmt.Errorf("cache lock %s: %w", dir+".lock", err)
	}
	return nil, &limitError{sentinel: ErrBusy, text: "clone skipped: cache entry busy (another pyscout run held it for " + seconds(wait) + ")"}
}

// tempPrefix starts the name of the temporary directories fresh clones
// into, beside the entry dir.
func tempPrefix(dir string) string { return ".tmp-" + filepath.Base(dir) + "-" }

// removeStale removes the temporary directories of the entry dir older
// than StaleAfter, left by a run killed mid-clone. The caller holds the
// entry's lock, so none of them is in use by a current run.
func removeStale(dir string, now time.Time) {
	entries, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		return
	}
	prefix := tempPrefix(dir)
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		info, err := e.Info()
		if err != nil || now.Sub(info.ModTime()) < StaleAfter {
			continue
		}
		// Best effort: a leftover that cannot be removed costs disk only.
		_ = os.RemoveAll(filepath.Join(filepath.Dir(dir), e.Name()))
	}
}

// SweepStale removes, under each entry's lock, the temporary clone
// directories older than StaleAfter anywhere in the cache, so that a run
// killed mid-clone leaves nothing behind for long, even for an entry no
// later run fetches. An entry another run holds is left alone. Errors are
// ignored: a leftover costs disk only.
func SweepStale(cacheDir string, now time.Time) {
	root := filepath.Join(cacheDir, "repos")
	// Entries sit at repos/HOST/OWNER/NAME-HASH.git: the walk stops there.
	hosts, _ := os.ReadDir(root)
	for _, h := range hosts {
		if !h.IsDir() {
			continue
		}
		owners, _ := os.ReadDir(filepath.Join(root, h.Name()))
		for _, o := range owners {
			if !o.IsDir() {
				continue
			}
			sweepOwner(filepath.Join(root, h.Name(), o.Name()), now)
		}
	}
}

// sweepOwner removes the stale temporary clones in one owner's directory.
func sweepOwner(parent string, now time.Time) {
	names, _ := os.ReadDir(parent)
	entries := map[string]bool{}
	for _, e := range names {
		name := e.Name()
		if !e.IsDir() || !strings.HasPrefix(name, ".tmp-") {
			continue
		}
		// .tmp-NAME-HASH.git-RANDOM names the entry NAME-HASH.git.
		cut := strings.LastIndexByte(name, '-')
		if cut <= len(".tmp-") {
			continue
		}
		entries[filepath.Join(parent, name[len(".tmp-"):cut])] = true
	}
	for dir := range entries {
		lock := flock.New(dir + ".lock")
		ok, err := lock.TryLock()
		if err != nil || !ok {
			_ = lock.Close()
			continue
		}
		removeStale(dir, now)
		_ = lock.Unlock()
	}
}

// CleanResult is what RemoveAll did to the clones of a cache.
type CleanResult struct {
	// Removed counts the clones removed.
	Removed int
	// Busy counts the clones kept because another run held their lock.
	Busy int
}

// RemoveAll removes every clone in the cache, each under its entry's lock
// taken without waiting: a clone another run is writing is kept and
// counted in Busy. The lock files stay (a few bytes each): removing one
// that another run is waiting on would let two runs write one entry. A
// symbolic link in the tree is removed as a link, never followed.
func RemoveAll(cacheDir string) (CleanResult, error) {
	var res CleanResult
	var errs []error
	root := filepath.Join(cacheDir, "repos")
	// Entries are the directories named *.git, at whatever depth CachePath
	// put them (HOST/OWNER/NAME-HASH.git, or deeper for a URL with a
	// longer path); WalkDir never follows a symbolic link.
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == root && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			errs = append(errs, err)
			return nil
		}
		if !d.IsDir() || path == root {
			return nil
		}
		name := d.Name()
		if strings.HasPrefix(name, ".tmp-") {
			return fs.SkipDir // goes with its entry, under its lock
		}
		if !strings.HasSuffix(name, ".git") {
			return nil
		}
		lock := flock.New(path + ".lock")
		ok, err := lock.TryLock()
		if err != nil || !ok {
			_ = lock.Close()
			res.Busy++
			return fs.SkipDir
		}
		if err := removeEntry(path); err != nil {
			errs = append(errs, err)
		} else {
			res.Removed++
		}
		_ = lock.Unlock()
		return fs.SkipDir
	})
	if err != nil {
		errs = append(errs, err)
	}
	return res, errors.Join(errs...)
}

// removeEntry removes a clone and its temporary directories; the caller
// holds its lock.
func removeEntry(dir string) error {
	parent, prefix := filepath.Dir(dir), tempPrefix(dir)
	names, _ := os.ReadDir(parent)
	for _, e := range names {
		if strings.HasPrefix(e.Name(), prefix) {
			if err := os.RemoveAll(filepath.Join(parent, e.Name())); err != nil {
				return fmt.Errorf("clean clones: %w", err)
			}
		}
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("clean clones: %w", err)
	}
	return nil
}
