// Package clone is the clone stage: it brings a shallow, single-branch,
// tagless copy of a repository into a bare repository in the cache with
// go-git, or updates the cached one with a fetch, and hands back the tree of
// the commit to analyse. Nothing is ever checked out: candidate files stay
// objects in the store, so no symlink or path trick in a hostile repository
// can touch the file system outside the cache.
package clone

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"

	"github.com/pyscout/pyscout/analyzer/option"
)

// ErrEmptyRepository reports a repository with no commits.
var ErrEmptyRepository = errors.New("empty repository (no commits)")

// ErrUnreachable reports a repository the server would not serve: missing,
// private, or behind authentication.
var ErrUnreachable = errors.New("repository not found or not public")

// errDamaged marks a cached clone that can no longer be read.
var errDamaged = errors.New("damaged cache entry")

// Options configures Fetch.
type Options struct {
	// CacheDir holds the bare repositories, one per URL.
	CacheDir string
	// Depth is the history depth fetched; 1 when zero.
	Depth int
	// KnownTip, when set, is the commit the caller knows the branch's tip
	// on the server still is (a fetch at this depth found it, and the
	// server reported no push since): a cached clone whose branch points
	// at it, with the commit and its tree readable, is used without
	// asking the server (Snapshot.Unchanged). Anything else is fetched.
	KnownTip string
	// Policy says which URLs may be fetched; the zero Policy allows
	// https://github.com only. It is checked inside Fetch and Deepen, so no
	// caller can forget it.
	Policy Policy
	// Limits bounds the waits; defaults when zero.
	Limits
}

// ErrInvalidOption is matched by the errors of Options.Validate and
// Limits.Validate.
var ErrInvalidOption = option.ErrInvalid

// Validate fills the zero fields of o with their defaults (Depth 1, the
// default Limits) and checks the others: CacheDir must be set, Depth lie
// between 1 and git's whole-history depth. An *option.Error (matching
// ErrInvalidOption) names the field. Fetch calls it.
func (o *Options) Validate() error {
	var errs []error
	if o.CacheDir == "" {
		errs = append(errs, &option.Error{Field: "CacheDir", Reason: "must name a directory, not be empty"})
	}
	errs = append(errs,
		option.Range("Depth", &o.Depth, 1, 1, infiniteDepth),
		option.In("Limits", o.Limits.Validate()))
	return errors.Join(errs...)
}

// Snapshot is the commit chosen for analysis and its tree.
type Snapshot struct {
	// Commit is the 40-hex SHA of the analysed commit.
	Commit string
	// Branch is the branch the commit was taken from.
	Branch string
	// Tree is the commit's root tree, read from the object store.
	Tree *object.Tree
	// CommitObject is the analysed commit.
	CommitObject *object.Commit
	// Dir is the bare repository in the cache.
	Dir string
	// Reused is true when an existing cached clone was updated by a fetch,
	// or used as it was (Unchanged).
	Reused bool
	// Unchanged is true when the cached clone was used without a fetch,
	// its branch at Options.KnownTip.
	Unchanged bool
	// Repository is the go-git handle on Dir.
	Repository *git.Repository

	// opts are the Fetch's, which Deepen keeps to: the same Policy and
	// Limits.
	opts Options
}

// Fetch clones rawURL (or updates its cached clone) and returns the tip of
// branch, or of the remote's default branch when branch is empty. It
// refuses a URL opts.Policy does not allow (ErrRefused), holds the cache
// entry's lock while it writes to it, and gives up on a transfer that
// stalls (ErrStalled) or outlasts its bound (ErrTimedOut).
func Fetch(ctx context.Context, rawURL, branch string, opts Options) (*Snapshot, error) {
	if err := opts.Validate(); err != nil {
		return nil, fmt.Errorf("clone: %w", err)
	}
	if err := opts.Policy.Check(rawURL); err != nil {
		return nil, fmt.Errorf("clone %s: %w", Redact(rawURL), err)
	}
	depth := opts.Depth
	dir, err := CachePath(opts.CacheDir, rawURL)
	if err != nil {
		return nil, err
	}
	unlock, err := lockEntry(ctx, dir, opts.LockWait)
	if err != nil {
		return nil, fmt.Errorf("clone %s: %w", Redact(rawURL), err)
	}
	defer unlock()
	removeStale(dir, time.Now())
	gctx, stop := guard(ctx, opts.Limits, opts.Policy)
	defer stop()
	snap, err := fetchLocked(gctx, dir, rawURL, branch, depth, opts.KnownTip)
	if err != nil {
		return nil, guardErr(ctx, gctx, err)
	}
	snap.opts = opts
	return snap, nil
}

// fetchLocked is Fetch under the entry's lock.
func fetchLocked(ctx context.Context, dir, rawURL, branch string, depth int, knownTip string) (*Snapshot, error) {
	if repo, err := git.PlainOpen(dir); err == nil {
		if snap := unchanged(repo, branch, knownTip); snap != nil {
			snap.Dir = dir
			return snap, nil
		}
		snap, err := update(ctx, repo, rawURL, branch, depth)
		if err == nil {
			snap.Dir = dir
			snap.Reused = true
			return snap, nil
		}
		if !errors.Is(err, errDamaged) {
			return nil, err
		}
		// A damaged cache entry (an interrupted run, a disk fault) is
		// replaced by a fresh clone rather than reported.
		if rmErr := os.RemoveAll(dir); rmErr != nil {
			return nil, fmt.Errorf("clone %s: replace damaged cache %s: %w", Redact(rawURL), dir, rmErr)
		}
	}
	return fresh(ctx, dir, rawURL, branch, depth)
}

// fresh clones into a temporary sibling and renames it into place, so that
// an interrupted clone never leaves a half-written cache entry.
func fresh(ctx context.Context, dir, rawURL, branch string, depth int) (*Snapshot, error) {
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, fmt.Errorf("clone %s: %w", Redact(rawURL), err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), tempPrefix(dir))
	if err != nil {
		return nil, fmt.Errorf("clone %s: %w", Redact(rawURL), err)
	}
	defer os.RemoveAll(tmp)
	co := &git.CloneOptions{
		URL:          rawURL,
		SingleBranch: true,
		Depth:        depth,
		Tags:         git.NoTags,
		NoCheckout:   true,
	}
	if branch != "" {
		co.ReferenceName = plumbing.NewBranchReferenceName(branch)
	}
	repo, err := git.PlainCloneContext(ctx, tmp, true, co)
	if err != nil {
		return nil, classify(rawURL, err)
	}
	if branch == "" {
		head, err := repo.Head()
		if err != nil {
			return nil, fmt.Errorf("clone %s: %w", Redact(rawURL), err)
		}
		branch = head.Name().Short()
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, statErr := os.Stat(dir); statErr != nil {
			return nil, fmt.Errorf("clone %s: %w", Redact(rawURL), err)
		}
		// Someone else filled the entry meanwhile: use theirs.
	}
	repo, err = git.PlainOpen(dir)
	if err != nil {
		return nil, fmt.Errorf("clone %s: open cache: %w", Redact(rawURL), err)
	}
	snap, err := snapshot(repo, branch)
	if err != nil {
		return nil, fmt.Errorf("clone %s: %w", Redact(rawURL), err)
	}
	snap.Dir = dir
	return snap, nil
}

// unchanged is the cached clone at branch, used without a fetch, if the
// branch points at tip (Options.KnownTip) with its commit and tree
// readable, and nil otherwise (no tip known, no branch named, another
// tip, an unreadable commit): then the clone is updated as usual.
func unchanged(repo *git.Repository, branch, tip string) *Snapshot {
	if tip == "" || branch == "" {
		return nil
	}
	snap, err := snapshot(repo, branch)
	if err != nil || snap.Commit != tip {
		return nil
	}
	if err := setHead(repo, branch); err != nil {
		return nil
	}
	snap.Reused, snap.Unchanged = true, true
	return snap
}

// setHead points HEAD at branch, the one the snapshot is taken from.
func setHead(repo *git.Repository, branch string) error {
	return repo.Storer.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, plumbing.NewBranchReferenceName(branch)))
}

// update fetches the branch's new tip into an existing bare clone.
func update(ctx context.Context, repo *git.Repository, rawURL, branch string, depth int) (*Snapshot, error) {
	if branch == "" {
		head, err := repo.Reference(plumbing.HEAD, false)
		if err != nil || head.Type() != plumbing.SymbolicReference {
			return nil, fmt.Errorf("clone %s: cached HEAD unreadable: %w", Redact(rawURL), errDamaged)
		}
		branch = head.Target().Short()
	}
	ref := plumbing.NewBranchReferenceName(branch)
	err := refresh(ctx, repo, rawURL, ref, depth)
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		var cerr = classify(rawURL, err)
		if errors.Is(cerr, ErrUnreachable) || errors.Is(cerr, ErrEmptyRepository) || ctx.Err() != nil || isNetwork(err) {
			return nil, cerr
		}
		return nil, fmt.Errorf("%w: %w", errDamaged, cerr)
	}
	if err := setHead(repo, branch); err != nil {
		return nil, fmt.Errorf("clone %s: %w: %w", Redact(rawURL), errDamaged, err)
	}
	snap, err := snapshot(repo, branch)
	if err != nil {
		return nil, fmt.Errorf("clone %s: %w: %w", Redact(rawURL), errDamaged, err)
	}
	return snap, nil
}

// maxUpdateDepth bounds the depth refresh fetches to reach a cached tip,
// and so the walk that counts the generations held (a commit read each):
// a branch that moved by fewer commits, as most do between two runs, costs
// its new objects only. It stays well within the 100 commits go-git
// offers the server as "have" in a later deepening fetch, which then still
// covers the history behind the edge this fetch records.
const maxUpdateDepth = 20

// refresh fetches the new tip of ref into a cached clone. The server
// sends the whole tree of every commit at the edge of a shallow fetch,
// however much of it the client holds: refreshed at depth 1, a clone one
// commit behind received its whole tree again (193 KB for
// python-socketio) where a fetch that reaches the cached tip receives
// the new commit's objects alone (1.1 KB). So refresh asks for the
// branch's tip first and, when it is new, fetches one generation more
// than the clone holds behind its cached tip, counted up to
// maxUpdateDepth (or depth, if that is more): a branch that moved fewer commits than the cache holds
// costs its new objects; a rewritten one brings no more generations than
// the cache held. An unchanged branch costs that one request, as before;
// a moved one a request more. On the six repositories of
// BenchmarkCloneRefresh, one new commit each: 15 KB read instead of 454 KB,
// and less CPU on both sides (docs/clone.md).
func refresh(ctx context.Context, repo *git.Repository, rawURL string, ref plumbing.ReferenceName, depth int) error {
	if local, err := repo.Reference(ref, true); err == nil {
		tip, err := remoteTip(ctx, rawURL, ref)
		if err != nil {
			return err
		}
		if tip == local.Hash() {
			return git.NoErrAlreadyUpToDate
		}
		// A tip the clone holds already needs no objects: go-git only
		// moves the ref, at the caller's depth. One the server does not
		// advertise is the fetch's to report.
		if _, err := repo.CommitObject(tip); err != nil && !tip.IsZero() {
			depth = max(depth, heldDepth(repo, local.Hash(), maxUpdateDepth)+1)
		}
	}
	spec := config.RefSpec(fmt.Sprintf("+%s:%s", ref, ref))
	return repo.FetchContext(ctx, &git.FetchOptions{
		RemoteName: "origin",
		RemoteURL:  rawURL,
		RefSpecs:   []config.RefSpec{spec},
		Depth:      depth,
		Tags:       git.NoTags,
		Force:      true,
	})
}

// remoteTip is the commit the server advertises for ref, or the zero hash
// when it advertises none (the fetch then reports the missing branch).
func remoteTip(ctx context.Context, rawURL string, ref plumbing.ReferenceName) (plumbing.Hash, error) {
	remote := git.NewRemote(nil, &config.RemoteConfig{Name: "origin", URLs: []string{rawURL}})
	refs, err := remote.ListContext(ctx, &git.ListOptions{})
	if err != nil {
		return plumbing.ZeroHash, err
	}
	for _, r := range refs {
		if r.Name() == ref && r.Type() == plumbing.HashReference {
			return r.Hash(), nil
		}
	}
	return plumbing.ZeroHash, nil
}

// heldDepth is how many generations of history the clone holds behind
// commit tip, counted up to limit: 0 when tip is missing, 1 for a tip
// whose parents are missing (a shallow clone's).
func heldDepth(repo *git.Repository, tip plumbing.Hash, limit int) int {
	// A wide history (many merges) is bounded by the commits read too.
	budget := 4 * limit
	depth := 0
	level := []plumbing.Hash{tip}
	seen := map[plumbing.Hash]bool{tip: true}
	for len(level) > 0 && depth < limit {
		var next []plumbing.Hash
		present := false
		for _, h := range level {
			if budget == 0 {
				return depth
			}
			budget--
			c, err := repo.CommitObject(h)
			if err != nil {
				continue // beyond the shallow edge
			}
			present = true
			for _, p := range c.ParentHashes {
				if !seen[p] {
					seen[p] = true
					next = append(next, p)
				}
			}
		}
		if !present {
			break
		}
		depth++
		level = next
	}
	return depth
}

func snapshot(repo *git.Repository, branch string) (*Snapshot, error) {
	ref, err := repo.Reference(plumbing.NewBranchReferenceName(branch), true)
	if err != nil {
		return nil, fmt.Errorf("branch %q: %w", branch, err)
	}
	commit, err := repo.CommitObject(ref.Hash())
	if err != nil {
		return nil, fmt.Errorf("commit %s: %w", ref.Hash(), err)
	}
	tree, err := commit.Tree()
	if err != nil {
		return nil, fmt.Errorf("tree of %s: %w", ref.Hash(), err)
	}
	return &Snapshot{
		Commit:       ref.Hash().String(),
		Branch:       branch,
		Tree:         tree,
		CommitObject: commit,
		Repository:   repo,
	}, nil
}

func classify(rawURL string, err error) error {
	switch {
	case errors.Is(err, transport.ErrEmptyRemoteRepository):
		return ErrEmptyRepository
	case errors.Is(err, transport.ErrRepositoryNotFound),
		errors.Is(err, transport.ErrAuthenticationRequired),
		errors.Is(err, transport.ErrAuthorizationFailed):
		return ErrUnreachable
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	if status := httpStatus(err); status != 0 {
		return fmt.Errorf("clone failed: the git server answered HTTP %d: %w", status, err)
	}
	return fmt.Errorf("clone failed: %w", err)
}

// isNetwork reports a failure to reach the server or a fault of the
// server, which says nothing about the cached copy.
func isNetwork(err error) bool {
	var netErr net.Error
	var urlErr *url.Error
	return errors.As(err, &netErr) || errors.As(err, &urlErr) || httpStatus(err) != 0
}

// httpStatus digs the HTTP status out of a go-git transport error (its
// UnexpectedError wrapper has no Unwrap), or returns 0.
func httpStatus(err error) int {
	var httpErr *githttp.Err
	if errors.As(err, &httpErr) && httpErr.Response != nil {
		return httpErr.Response.StatusCode
	}
	var unexpected *plumbing.UnexpectedError
	if errors.As(err, &unexpected) && errors.As(unexpected.Err, &httpErr) && httpErr.Response != nil {
		return httpErr.Response.StatusCode
	}
	return 0
}

// Transient reports an error worth retrying: the network or a 5xx answer.
func Transient(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	if status := httpStatus(err); status != 0 {
		return status >= 500
	}
	var netErr net.Error
	return errors.As(err, &netErr)
}

// Redact removes any user information from a URL before it is shown.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.User == nil {
		return rawURL
	}
	u.User = nil
	return u.String()
}

var unsafeSegment = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// CachePath maps a clone URL to its directory under cacheDir: readable
// (host/owner/name) and collision-free (a short hash of the whole URL).
func CachePath(cacheDir, rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("clone: not a git URL: %q", Redact(rawURL))
	}
	var parts []string
	for _, seg := range append([]string{u.Host}, strings.Split(u.Path, "/")...) {
		seg = strings.TrimSuffix(seg, ".git")
		seg = unsafeSegment.ReplaceAllString(seg, "_")
		seg = strings.Trim(seg, ".")
		if seg == "" {
			continue
		}
		if len(seg) > 64 {
			seg = seg[:64]
		}
		parts = append(parts, seg)
	}
	if len(parts) > 6 {
		parts = parts[len(parts)-6:]
	}
	sum := sha256.Sum256([]byte(Redact(rawURL)))
	name := strings.Join(parts, "/") + "-" + hex.EncodeToString(sum[:4]) + ".git"
	return filepath.Join(cacheDir, "repos", filepath.FromSlash(name)), nil
}

// infiniteDepth is git's own "whole history" depth (--unshallow).
const infiniteDepth = 0x7fffffff

// Deepen fetches more history into a snapshot's clone: up to depth commits
// behind the analysed commit (0 means the whole history). The analysed
// commit stays the same; only its ancestors arrive. It keeps to the
// Policy and Limits of the Fetch that made snap, under the entry's lock.
func Deepen(ctx context.Context, snap *Snapshot, rawURL string, depth int) error {
	if err := snap.opts.Policy.Check(rawURL); err != nil {
		return fmt.Errorf("deepen %s: %w", Redact(rawURL), err)
	}
	limits := snap.opts.Limits
	if err := limits.Validate(); err != nil {
		return fmt.Errorf("deepen: %w", err)
	}
	if depth <= 0 {
		depth = infiniteDepth
	}
	if snap.Dir != "" {
		unlock, err := lockEntry(ctx, snap.Dir, limits.LockWait)
		if err != nil {
			return fmt.Errorf("deepen %s: %w", Redact(rawURL), err)
		}
		defer unlock()
	}
	gctx, stop := guard(ctx, limits, snap.opts.Policy)
	defer stop()
	ref := plumbing.NewBranchReferenceName(snap.Branch)
	err := snap.Repository.FetchContext(gctx, &git.FetchOptions{
		RemoteName: "origin",
		RemoteURL:  rawURL,
		RefSpecs:   []config.RefSpec{config.RefSpec(fmt.Sprintf("+%s:%s", ref, ref))},
		Depth:      depth,
		Tags:       git.NoTags,
		Force:      true,
	})
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		return guardErr(ctx, gctx, classify(rawURL, err))
	}
	return nil
}
