package analyzer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pyscout/pyscout/analyzer/clone"
	"github.com/pyscout/pyscout/analyzer/history"
	"github.com/pyscout/pyscout/analyzer/python"
	"github.com/pyscout/pyscout/analyzer/resultcache"
	"github.com/pyscout/pyscout/analyzer/walk"
)

// resultsVersion is bumped by hand whenever the meaning of cached facts
// changes without their Go types changing (a detector counts differently,
// a default bound moves). Changes of the types themselves need no bump:
// the fingerprint of the cached types is part of every key.
const resultsVersion = 2

// DefaultResultsCacheMB bounds the results cache when Options leave it zero.
const DefaultResultsCacheMB = 1024

// MaxResultsCacheMB is the upper bound of Options.ResultsCacheMB (1 TB).
const MaxResultsCacheMB = 1_000_000

// ResultsDir is the subdirectory of the cache directory holding results.
const ResultsDir = "results"

// versions are the analyser versions of each kind of entry: the hand
// constant and the fingerprint of the cached Go types. Computed once; an
// uncacheable type is a programming error that disables the kind (and
// fails TestResultsVersionsCoverEveryKind with versionErrs).
var versions, versionErrs = func() (func() map[string]string, map[string]error) {
	errs := map[string]error{}
	return sync.OnceValue(func() map[string]string {
		out := map[string]string{}
		add := func(kind string, carried map[string]bool, t reflect.Type) {
			fp, err := resultcache.Fingerprint(carried, t)
			if err != nil {
				errs[kind] = err
				return
			}
			out[kind] = strconv.Itoa(resultsVersion) + "." + fp
		}
		add(kindFile, python.CachedFileCarries, reflect.TypeFor[python.CachedFile]())
		add(kindHistory, history.CachedCarries, reflect.TypeFor[history.Cached]())
		add(kindDeepen, nil, reflect.TypeFor[bool]())
		add(kindTip, nil, reflect.TypeFor[string]())
		return out
	}), errs
}()

// Kinds of entries.
const (
	kindFile    = "file"
	kindHistory = "history"
	kindDeepen  = "deepen"
	kindTip     = "tip"
)

// resultsRun is the results cache of one run and what it saved.
type resultsRun struct {
	cache *resultcache.Cache
	// Counters of the work done and saved; see ResultsCacheUse.
	filesParsed, fileHits, historyHits, historyMisses, commitsWalked, deepens, deepensSkipped, fetchesSkipped atomic.Int64
}

// openResults opens the results cache the options ask for. A cache that
// cannot be opened (a read-only disk) leaves the run uncached, which the
// profile says; it is no reason to fail the analysis.
func openResults(opts *Options) *resultsRun {
	r := &resultsRun{}
	if opts.NoResultsCache {
		return r
	}
	c, err := resultcache.Open(filepath.Join(opts.CacheDir, ResultsDir), int64(opts.ResultsCacheMB)<<20)
	if err == nil {
		r.cache = c
	}
	return r
}

// get and put are the cache's, for a kind whose version is known.
func (r *resultsRun) key(kind string, parts ...string) (resultcache.Key, bool) {
	if r == nil || r.cache == nil {
		return resultcache.Key{}, false
	}
	v, ok := versions()[kind]
	if !ok {
		return resultcache.Key{}, false
	}
	return resultcache.NewKey(kind, append([]string{v}, parts...)...), true
}

// minCachedFileBytes is the smallest file whose facts are cached: every
// file is, so that a re-run with nothing new parses nothing. Whole
// snapshots are not cached: their facts hold the repository's role
// classifier and the brief's per-file summaries, which an entry cannot
// carry; the files' facts feed both again on a hit.
const minCachedFileBytes = 0

// maxCachedFileBytes is the largest file whose facts are cached one by
// one: the facts of a pathological file (80,000 imports) encode to tens of
// MB, which costs more time and memory than the cache saves; such a file
// is parsed again on every run.
const maxCachedFileBytes = 256 << 10

// fileKey keys a file's facts by its path (facts carry it) and the
// SHA-256 of its content, whether it comes from a git tree or a directory:
// a checkout and a clone of one repository share entries, and no key
// trusts SHA-1.
func (r *resultsRun) fileKey(f walk.File) (resultcache.Key, bool) {
	if r == nil || r.cache == nil || len(f.Data) < minCachedFileBytes || len(f.Data) > maxCachedFileBytes {
		return resultcache.Key{}, false
	}
	sum := sha256.Sum256(f.Data)
	return r.key(kindFile, string(f.Kind), f.Path, hex.EncodeToString(sum[:]), strconv.FormatInt(walk.DefaultMaxFileBytes, 10))
}

// fileFacts returns the cached facts of f, if any.
func (r *resultsRun) fileFacts(f walk.File) (*python.FileFacts, bool) {
	k, ok := r.fileKey(f)
	if !ok {
		return nil, false
	}
	var c python.CachedFile
	if !r.cache.Get(k, &c) || c.Facts == nil {
		return nil, false
	}
	r.fileHits.Add(1)
	return c.Restore(), true
}

// parsed records a file parsed, and caches its facts. Errors are not
// cached: a timeout depends on the machine's load.
func (r *resultsRun) parsed(f walk.File, ff *python.FileFacts, err error) {
	if r == nil {
		return
	}
	r.filesParsed.Add(1)
	if err != nil || ff == nil {
		return
	}
	if k, ok := r.fileKey(f); ok {
		_ = r.cache.Put(k, python.CacheFile(ff))
	}
}

// optionsKey renders the exported, non-function fields of an options
// struct, so that a bound added later is keyed without another edit.
func optionsKey(v any) string {
	rv := reflect.ValueOf(v)
	var b strings.Builder
	for i := range rv.NumField() {
		f := rv.Type().Field(i)
		if !f.IsExported() || f.Type.Kind() == reflect.Func {
			continue
		}
		fmt.Fprintf(&b, "%s=%v;", f.Name, rv.Field(i).Interface())
	}
	return b.String()
}

// shallowKey names where t's clone's history is cut (history.ShallowEdge:
// the commits whose parents are missing), sorted: a key part that a
// clone update rewriting stale shallow entries does not change.
func shallowKey(t *target) (string, error) {
	if t.edgeKnown {
		return t.edge, nil
	}
	hashes, err := history.ShallowEdge(t.snap.Repository)
	if err != nil {
		return "", err
	}
	s := make([]string, len(hashes))
	for i, h := range hashes {
		s[i] = h.String()
	}
	sort.Strings(s)
	return strings.Join(s, ","), nil
}

// deepenKey keys a clone state in which deepenHistory has nothing to do:
// the commit, the shallow edge, the depth and the window's start.
func (r *resultsRun) deepenKey(t *target, opts Options) (resultcache.Key, bool) {
	if t.snap == nil || t.snap.CommitObject == nil {
		return resultcache.Key{}, false
	}
	shallow, err := shallowKey(t)
	if err != nil {
		return resultcache.Key{}, false
	}
	from := history.NewWindow(opts.Now(), activityWeeks).From
	return r.key(kindDeepen, t.snap.CommitObject.Hash.String(), shallow, strconv.Itoa(opts.HistoryDepth), from.Format(time.RFC3339))
}

// deepen is deepenHistory, skipped where an earlier run left the clone in
// a state it has nothing to add to.
func (r *resultsRun) deepen(ctx context.Context, t *target, opts Options) error {
	if r == nil {
		return deepenHistory(ctx, t, opts)
	}
	if k, ok := r.deepenKey(t, opts); ok {
		var settled bool
		if r.cache.Get(k, &settled) && settled {
			r.deepensSkipped.Add(1)
			return nil
		}
	}
	r.deepens.Add(1)
	t.deepenFailed = false
	if err := deepenHistory(ctx, t, opts); err != nil {
		return err
	}
	// A deepening that failed may succeed next time: the state it left
	// is not settled.
	if k, ok := r.deepenKey(t, opts); ok && !t.deepenFailed {
		_ = r.cache.Put(k, true)
	}
	return nil
}

// tipKey keys what a fetch found: the clone URL, the branch, GitHub's
// pushed_at when the repositories were listed before it, and the depth
// fetched. GitHub moves pushed_at on every push to the repository, so
// while it stays the same, no fetch can bring anything new. A push
// between the listing and the fetch leaves the fetch's newer tip under
// the older pushed_at, which the next run does not match: it fetches.
func (r *resultsRun) tipKey(t *target, depth int) (resultcache.Key, bool) {
	if t.cloneURL == "" || t.facts.Branch == "" || t.facts.PushedAt == nil || t.facts.PushedAt.IsZero() {
		return resultcache.Key{}, false
	}
	return r.key(kindTip, t.cloneURL, t.facts.Branch, t.facts.PushedAt.UTC().Format(time.RFC3339Nano), strconv.Itoa(depth))
}

// knownTip is the branch tip an earlier fetch of t at depth found while
// GitHub reported the same last push, or "".
func (r *resultsRun) knownTip(t *target, depth int) string {
	k, ok := r.tipKey(t, depth)
	if !ok {
		return ""
	}
	var tip string
	if !r.cache.Get(k, &tip) {
		return ""
	}
	return tip
}

// fetched records the tip a clone of t at depth found, or counts a fetch
// the known tip saved.
func (r *resultsRun) fetched(t *target, depth int, snap *clone.Snapshot) {
	if snap.Unchanged {
		r.fetchesSkipped.Add(1)
		return
	}
	if k, ok := r.tipKey(t, depth); ok {
		_ = r.cache.Put(k, snap.Commit)
	}
}

// historyKey keys a history: the commit, the clone's shallow edge, the
// identity, the mailmap (read from the commit's tree, so keyed by it), the
// options but now, and the window's start; the entry itself says for
// which nows its figures hold.
func (r *resultsRun) historyKey(w *walked, ident *history.Identity, hopts history.Options) (resultcache.Key, bool) {
	shallow, err := shallowKey(w.t)
	if err != nil {
		return resultcache.Key{}, false
	}
	// The defaults Analyze would fill are keyed too: a default that
	// changes makes new keys.
	now := hopts.Now
	if err := hopts.Validate(); err != nil {
		return resultcache.Key{}, false
	}
	hopts.Now = time.Time{}
	from := history.NewWindow(now, hopts.Weeks).From
	return r.key(kindHistory, w.t.facts.Commit, shallow, ident.Key(), optionsKey(hopts), from.Format(time.RFC3339))
}

// analyseHistory is a history attributed to ident behind the results
// cache: compute walks (or re-attributes) it on a miss.
func (r *resultsRun) analyseHistory(w *walked, ident *history.Identity, hopts history.Options, compute func() (*history.RepoHistory, error)) (*history.RepoHistory, error) {
	if r == nil {
		return compute()
	}
	k, ok := r.historyKey(w, ident, hopts)
	if ok {
		var c history.Cached
		if r.cache.Get(k, &c) {
			if h, fresh := c.Restore(hopts.Now); fresh {
				r.historyHits.Add(1)
				return h, nil
			}
		}
	}
	r.historyMisses.Add(1)
	walkedBefore := w.log != nil
	h, err := compute()
	if err != nil {
		return nil, err
	}
	if !walkedBefore {
		r.commitsWalked.Add(int64(h.Commits))
	}
	if c, cacheable := h.ToCache(); ok && cacheable {
		_ = r.cache.Put(k, c)
	}
	return h, nil
}

// ResultsCacheUse is what the results cache saved a run, and the work the
// run still did: a re-run with nothing new parses no file and walks no
// commit.
type ResultsCacheUse struct {
	// Enabled is false with --no-results-cache, or when the cache
	// directory could not be opened.
	Enabled bool `json:"enabled"`
	// FilesParsed counts Python files and notebooks parsed; FileHits
	// those whose facts came from the cache.
	FilesParsed int64 `json:"files_parsed"`
	FileHits    int64 `json:"file_hits"`
	// HistoryHits and HistoryMisses count histories attributed from the
	// cache or by walking commits; CommitsWalked sums the commits walked.
	HistoryHits   int64 `json:"history_hits"`
	HistoryMisses int64 `json:"history_misses"`
	CommitsWalked int64 `json:"commits_walked"`
	// Deepens counts the clones whose history was measured for deepening;
	// DeepensSkipped those an earlier run had left settled.
	Deepens        int64 `json:"deepens"`
	DeepensSkipped int64 `json:"deepens_skipped"`
	// FetchesSkipped counts the cached clones used without a fetch: GitHub
	// reported no push to the repository since the fetch that left them.
	FetchesSkipped int64 `json:"fetches_skipped"`
	// Store is the cache's own count of reads, writes and bytes.
	Store resultcache.Stats `json:"store"`
}

// flush stores the entries the run has left waiting in memory.
func (r *resultsRun) flush() {
	if r != nil {
		// A cache that cannot be written costs the next run its
		// recomputation; the store's counters say so.
		_ = r.cache.Flush()
	}
}

// use reports the run's use of the cache, after storing what waits.
func (r *resultsRun) use() *ResultsCacheUse {
	if r == nil {
		return &ResultsCacheUse{}
	}
	r.flush()
	return &ResultsCacheUse{
		Enabled:     r.cache != nil,
		FilesParsed: r.filesParsed.Load(), FileHits: r.fileHits.Load(),
		HistoryHits: r.historyHits.Load(), HistoryMisses: r.historyMisses.Load(), CommitsWalked: r.commitsWalked.Load(),
		Deepens: r.deepens.Load(), DeepensSkipped: r.deepensSkipped.Load(), FetchesSkipped: r.fetchesSkipped.Load(),
		Store: r.cache.Stats(),
	}
}
