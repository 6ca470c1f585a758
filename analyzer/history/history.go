package history

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/pyscout/pyscout/analyzer/count"
	"github.com/pyscout/pyscout/analyzer/option"
)

// Options bounds the walk of one repository's history.
type Options struct {
	// Now ends the activity window; time.Now when zero.
	Now time.Time
	// Weeks is the length of the activity series; 52 when zero.
	Weeks int
	// MaxCommits bounds the commits walked, newest first; 5000 when zero.
	MaxCommits int
	// MaxDiffCommits bounds the commits whose added lines are counted,
	// newest first; 400 when zero.
	MaxDiffCommits int
	// DiffBudget bounds the time spent counting lines; 20 s when zero.
	DiffBudget time.Duration
	// MaxDiffBlobBytes bounds the size of a file version whose lines are
	// counted; a change to a larger file is named but not diffed.
	// DefaultMaxDiffBlobBytes when zero.
	MaxDiffBlobBytes int64
	// MaxCommitDiffBytes bounds the file versions read to count one
	// commit's lines, summed; a commit over it is not diffed at all.
	// DefaultMaxCommitDiffBytes when zero.
	MaxCommitDiffBytes int64
}

// Defaults for the bounds on the memory of line counting. A diff holds
// both versions of a file and go-git's line table for them, several times
// the file's size, so the bounds keep the peak to tens of MB whatever the
// history holds.
const (
	// DefaultMaxDiffBlobBytes matches the walk's bound on a Python file:
	// larger files (data, generated code, notebooks with outputs) are not
	// the candidate's typing.
	DefaultMaxDiffBlobBytes = 1 << 20
	// DefaultMaxCommitDiffBytes is sixteen of the largest files diffed.
	DefaultMaxCommitDiffBytes = 16 << 20
)

// ErrInvalidOption is matched by the errors of Options.Validate.
var ErrInvalidOption = option.ErrInvalid

// Validate fills the zero fields of o with their defaults and checks the
// others: Weeks at most ten years of weeks, MaxCommits at most ten million
// (more than the largest public histories), MaxDiffCommits at most a
// million, DiffBudget at most an hour, a diffed file at most 1 GiB and a
// diffed commit at most 16 GiB. An *option.Error (matching
// ErrInvalidOption) names a field out of range. Analyze calls it.
func (o *Options) Validate() error {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	return errors.Join(
		option.Range("Weeks", &o.Weeks, 52, 1, 520),
		option.Range("MaxCommits", &o.MaxCommits, 5000, 1, 10_000_000),
		option.Range("MaxDiffCommits", &o.MaxDiffCommits, 400, 1, 1_000_000),
		option.Range("DiffBudget", &o.DiffBudget, 20*time.Second, 1, time.Hour),
		option.Range("MaxDiffBlobBytes", &o.MaxDiffBlobBytes, DefaultMaxDiffBlobBytes, 1, 1<<30),
		option.Range("MaxCommitDiffBytes", &o.MaxCommitDiffBytes, DefaultMaxCommitDiffBytes, 1, 1<<34),
	)
}

// Window is the span of an activity series: Weeks whole weeks starting on
// the Monday From (UTC), the last one holding To.
type Window struct {
	From  time.Time `json:"from"`
	To    time.Time `json:"to"`
	Weeks int       `json:"weeks"`
}

// NewWindow is the window of weeks weeks ending with the week of now.
func NewWindow(now time.Time, weeks int) Window {
	now = now.UTC()
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	monday := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	return Window{From: monday.AddDate(0, 0, -7*(weeks-1)), To: now, Weeks: weeks}
}

// Week returns the index of t in the window, or -1 outside it.
func (w Window) Week(t time.Time) int {
	t = t.UTC()
	if t.Before(w.From) || t.After(w.To) {
		return -1
	}
	i := int(t.Sub(w.From) / (7 * 24 * time.Hour))
	if i >= w.Weeks {
		return -1
	}
	return i
}

// RepoHistory is what one repository's history says about the candidate.
// Every commit figure covers the commits walked (see Complete) and every
// weekly figure the Window.
type RepoHistory struct {
	Window Window `json:"window"`
	// Commits is how many commits were walked, bots' included.
	Commits int `json:"commits"`
	// BotCommits are the walked commits authored by bots (GitHub App
	// accounts such as dependabot[bot], renovate, pre-commit-ci,
	// github-actions): they are neither the candidate's nor anyone
	// else's, so every share leaves them out.
	BotCommits int `json:"bot_commits,omitempty"`
	// Complete is true when the walk reached the root commit(s): the clone
	// held the whole history and no bound stopped the walk.
	Complete bool `json:"complete"`
	// TheirCommits are the walked commits authored by the candidate.
	TheirCommits int `json:"their_commits"`
	// CommitShare is TheirCommits / (Commits - BotCommits).
	CommitShare float64 `json:"commit_share"`
	// LinesAdded and TheirLinesAdded count lines added by the commits whose
	// diffs were measured (LinesMeasuredCommits of them), leaving out the
	// files and commits skipped for size (SkippedLargeDiffs,
	// SkippedLargeCommits). LinesAdded includes BotLinesAdded, the lines
	// of bots' commits; LineShare is TheirLinesAdded / (LinesAdded -
	// BotLinesAdded).
	LinesAdded           int     `json:"lines_added"`
	BotLinesAdded        int     `json:"bot_lines_added,omitempty"`
	TheirLinesAdded      int     `json:"their_lines_added"`
	LineShare            float64 `json:"line_share"`
	LinesMeasuredCommits int     `json:"lines_measured_commits"`
	// SkippedLargeDiffs counts file changes, in measured commits, whose
	// lines were not counted because a version of the file is larger than
	// the bound (1 MiB): their commits count the other files' lines.
	SkippedLargeDiffs int `json:"skipped_large_diffs,omitempty"`
	// SkippedLargeCommits counts commits whose lines were not counted at
	// all because the files they change add up to more than the bound
	// (16 MiB); they are not among LinesMeasuredCommits. The files they
	// changed still date the libraries.
	SkippedLargeCommits int `json:"skipped_large_commits,omitempty"`
	// MostlyTheirs says whether the candidate added most of the measured
	// lines that people added; absent when nothing could be measured.
	MostlyTheirs *bool `json:"mostly_theirs,omitempty"`
	// FirstCommit and LastCommit are the candidate's earliest and latest
	// author dates among the walked commits. Where the history is not
	// Complete, FirstCommit is a bound: their first commit may be older.
	FirstCommit *time.Time `json:"first_commit,omitempty"`
	LastCommit  *time.Time `json:"last_commit,omitempty"`
	// Weekly counts the candidate's commits per week of Window, oldest first.
	Weekly []int `json:"weekly"`
	// RecentCommits is the sum of Weekly.
	RecentCommits int `json:"recent_commits"`
	// MatchedBy counts the candidate's commits by how they were recognised.
	MatchedBy map[MatchKind]int `json:"matched_by,omitempty"`
	// OtherAuthors counts distinct people who authored commits and are
	// not the candidate; bots are not counted.
	OtherAuthors int `json:"other_authors"`
	// BadDates counts commits dated before 1990 or in the future: they are
	// left out of dates and weeks.
	BadDates int `json:"bad_dates,omitempty"`
	// NoEmail counts commits whose author has no usable email.
	NoEmail int `json:"no_email,omitempty"`
	// Root is the repository's first commit when the walk reached it.
	Root *RootCommit `json:"root,omitempty"`
	// Signals are observations worth a question, never verdicts.
	Signals []Signal `json:"signals,omitempty"`

	// fileDates holds, for each file changed by a commit whose changes were
	// listed, the earliest and latest author dates of those commits;
	// allMeasured is true when every commit of a complete history was
	// listed.
	fileDates   map[string]dateSpan
	allMeasured bool
	// fileLines are the lines added per path (see FileLines).
	fileLines map[string]fileAdded
	// stable is the span of now over which these figures hold, and
	// budgetCut is set when line counting ran out of time: both for the
	// results cache (cache.go).
	stable    NowSpan
	budgetCut bool
}

// dateSpan is the earliest and latest of some dates.
type dateSpan struct{ first, last time.Time }

func (s *dateSpan) add(t time.Time) {
	if s.first.IsZero() || t.Before(s.first) {
		s.first = t
	}
	if s.last.IsZero() || t.After(s.last) {
		s.last = t
	}
}

// maxTouchedFiles bounds the paths kept per commit (a vendoring commit can
// change thousands).
const maxTouchedFiles = 2000

// FileDates returns the author dates of the earliest and latest measured
// commits that changed any of files, and whether those dates cover the
// whole history (the changes of every commit of a complete history
// listed; a commit too large to diff still lists its files). Dates before
// 1990 or in the future are passed over.
//
// It costs one lookup per file: the dates are indexed by file once, when
// the history is measured, so dating every library of a repository is
// linear in the files importing them.
func (h *RepoHistory) FileDates(files map[string]bool) (first, last *time.Time, complete bool) {
	if h == nil {
		return nil, nil, false
	}
	var span dateSpan
	for f := range files {
		if s, ok := h.fileDates[f]; ok {
			span.add(s.first)
			span.add(s.last)
		}
	}
	if span.first.IsZero() {
		return nil, nil, h.allMeasured
	}
	return &span.first, &span.last, h.allMeasured
}

// RootCommit describes the first commit of a complete history.
type RootCommit struct {
	Commit     string  `json:"commit"`
	Theirs     bool    `json:"theirs"`
	LinesAdded int     `json:"lines_added"`
	LineShare  float64 `json:"line_share"`
}

// Signal is an observation about authorship or activity worth asking about.
type Signal struct {
	// Kind is a stable identifier: large_initial_commit, none_theirs,
	// notebooks_only, inactive.
	Kind string `json:"kind"`
	// Text says it in plain words.
	Text string `json:"text"`
}

var (
	earliest = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	// ErrNoCommits reports a repository without commits.
	ErrNoCommits = errors.New("no commits")
)

// Analyze walks the history reachable from head in repo and attributes
// each commit with id, after mapping identities through mm (may be nil).
// It is ReadLog then Attribute; a caller that attributes the same history
// again (after learning identities) keeps the Log and attributes it, with
// no second walk.
func Analyze(ctx context.Context, repo *git.Repository, head plumbing.Hash, id *Identity, mm *Mailmap, opts Options) (*RepoHistory, error) {
	l, err := ReadLog(ctx, repo, head, opts)
	if err != nil {
		return nil, err
	}
	return l.Attribute(id, mm), nil
}

// Log is one walk of a repository's history and its measured lines,
// before any commit is attributed: the part of the history's facts that
// does not depend on who the candidate is.
type Log struct {
	opts     Options
	window   Window
	commits  []logCommit
	complete bool
	// fileDates and allMeasured are RepoHistory's, the same for any
	// attribution; read only once made.
	fileDates   map[string]dateSpan
	allMeasured bool
	// tooLarge counts the listed commits too large to diff.
	tooLarge int
	// budgetCut is set when line counting ran out of its time budget.
	budgetCut bool
}

// logCommit is what the walk keeps of one commit.
type logCommit struct {
	hash                    plumbing.Hash
	authorName, authorEmail string
	authorDate              time.Time
	root                    bool
	// measured is set when the commit's lines were counted (a listed
	// commit that was not too large); st holds them.
	measured bool
	st       commitStats
}

// ReadLog walks the history reachable from head in repo, newest first, and
// counts the lines of the commits the bounds of opts allow. The object
// store is read through one handle that keeps its pack files open for the
// whole walk (go-git's default opens and closes a pack file for every
// object read, which cost more than the rest of the walk).
func ReadLog(ctx context.Context, repo *git.Repository, head plumbing.Hash, opts Options) (*Log, error) {
	return ReadLogListed(ctx, repo, head, opts, nil)
}

// ReadLogListed is ReadLog, and calls listed (unless nil) with the log
// once its commits are listed, before their lines are counted: the log's
// Attribute then gives every figure but the lines (who wrote how many
// commits, and when), which a caller may act on while the lines are
// counted. listed runs on ReadLog's goroutine; the log it is given must
// not be used after it returns.
func ReadLogListed(ctx context.Context, repo *git.Repository, head plumbing.Hash, opts Options, listed func(*Log)) (*Log, error) {
	if err := opts.Validate(); err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	repo, done := keepOpen(repo)
	defer done()
	commits, boundary, truncated, err := walkCommits(ctx, repo, head, opts.MaxCommits)
	if err != nil {
		return nil, err
	}
	if len(commits) == 0 {
		return nil, ErrNoCommits
	}
	l := &Log{opts: opts, window: NewWindow(opts.Now, opts.Weeks), complete: !truncated && len(boundary) == 0}
	l.commits = make([]logCommit, len(commits))
	for i, c := range commits {
		l.commits[i] = logCommit{hash: c.Hash, authorName: c.Author.Name, authorEmail: c.Author.Email, authorDate: c.Author.When, root: c.NumParents() == 0}
	}
	if listed != nil {
		listed(l)
	}
	l.measureLines(ctx, repo, commits, boundary)
	return l, nil
}

// Attribute is what the walked history says about the candidate known by
// id, after mapping identities through mm (may be nil). It reads no
// object: attributing again after learning identities costs a pass over
// the walked commits.
func (l *Log) Attribute(id *Identity, mm *Mailmap) *RepoHistory {
	opts, win := l.opts, l.window
	h := &RepoHistory{Window: win, Weekly: make([]int, win.Weeks), MatchedBy: map[MatchKind]int{},
		Complete: l.complete, SkippedLargeCommits: l.tooLarge, fileDates: l.fileDates, allMeasured: l.allMeasured,
		stable: stableSpan(l.authorDates(), opts.Now), budgetCut: l.budgetCut}
	future := opts.Now.Add(24 * time.Hour)
	others := map[string]bool{}
	theirs := make(map[plumbing.Hash]bool, len(l.commits))
	bots := map[plumbing.Hash]bool{}
	for i := range l.commits {
		c := &l.commits[i]
		h.Commits++
		name, email := c.authorName, c.authorEmail
		mappedName, mappedEmail, mapped := mm.Resolve(name, email)
		// A bot is a bot under any mapping; checked first so that no
		// identity learned by mistake makes its commits the candidate's.
		if IsBot(name, email) || IsBot(mappedName, mappedEmail) {
			h.BotCommits++
			bots[c.hash] = true
			continue
		}
		kind, ok := id.Match(mappedName, mappedEmail)
		if !ok && mapped {
			kind, ok = id.Match(name, email)
		} else if ok && mapped {
			if _, direct := id.Match(name, email); !direct {
				kind = MatchMailmap
			}
		}
		if normEmail(email) == "" {
			h.NoEmail++
		}
		if !ok {
			others[normEmail(mappedEmail)+"\x00"+normName(mappedName)] = true
			continue
		}
		theirs[c.hash] = true
		h.TheirCommits++
		h.MatchedBy[kind]++
		when := c.authorDate
		if when.Before(earliest) || when.After(future) {
			h.BadDates++
			continue
		}
		when = when.UTC()
		if h.FirstCommit == nil || when.Before(*h.FirstCommit) {
			t := when
			h.FirstCommit = &t
		}
		if h.LastCommit == nil || when.After(*h.LastCommit) {
			t := when
			h.LastCommit = &t
		}
		if w := win.Week(when); w >= 0 {
			h.Weekly[w]++
			h.RecentCommits++
		}
	}
	h.OtherAuthors = len(others)
	h.CommitShare = count.Ratio(h.TheirCommits, h.Commits-h.BotCommits, shareDecimals)

	var root *logCommit
	for i := range l.commits {
		c := &l.commits[i]
		if !c.measured {
			continue
		}
		h.addLines(c.st, theirs[c.hash], bots[c.hash])
		if c.root {
			root = c
		}
	}
	people := h.LinesAdded - h.BotLinesAdded
	h.LineShare = count.Ratio(h.TheirLinesAdded, people, shareDecimals)
	if people > 0 {
		mostly := h.TheirLinesAdded*2 > people
		h.MostlyTheirs = &mostly
	}
	if root != nil && h.Complete {
		// A bot's root commit (a repository made from a template by an
		// action) is measured against every line, its own among them.
		of := people
		if bots[root.hash] {
			of = h.LinesAdded
		}
		h.Root = &RootCommit{Commit: root.hash.String(), Theirs: theirs[root.hash], LinesAdded: root.st.added, LineShare: count.Ratio(root.st.added, of, shareDecimals)}
	}
	h.Signals = repoSignals(h)
	if len(h.MatchedBy) == 0 {
		h.MatchedBy = nil
	}
	return h
}

// addLines counts one measured commit's lines: the lines its file changes
// added (st), by the candidate (theirs), by a bot, or by someone else.
func (h *RepoHistory) addLines(st commitStats, theirs, bot bool) {
	h.SkippedLargeDiffs += st.skipped
	h.LinesMeasuredCommits++
	h.LinesAdded += st.added
	if theirs {
		h.TheirLinesAdded += st.added
	}
	if bot {
		h.BotLinesAdded += st.added
	}
	h.addFileLines(st.perFile, theirs, bot)
}

// walkCommits lists the commits reachable from head, newest first by
// committer date, up to max of them. The boundary holds the commits whose
// parents are not in the clone (a shallow clone's edge): the history is
// cut there. The clone's shallow file is not trusted for this, since
// go-git leaves stale entries in it after a deepening fetch.
func walkCommits(ctx context.Context, repo *git.Repository, head plumbing.Hash, max int) (out []*object.Commit, boundary map[plumbing.Hash]bool, truncated bool, err error) {
	start, err := repo.CommitObject(head)
	if err != nil {
		return nil, nil, false, fmt.Errorf("history: %w", err)
	}
	boundary = map[plumbing.Hash]bool{}
	seen := map[plumbing.Hash]bool{head: true}
	// Take the newest queued commit first, so a bound keeps the recent
	// ones; a heap keeps that n·log n on histories with many branches.
	queue := &commitQueue{}
	queue.push(start)
	for queue.Len() > 0 {
		if err := ctx.Err(); err != nil {
			return nil, nil, false, err
		}
		c := heap.Pop(queue).(queued).c
		if len(out) >= max {
			return out, boundary, true, nil
		}
		out = append(out, c)
		for _, p := range c.ParentHashes {
			if seen[p] {
				continue
			}
			pc, err := repo.CommitObject(p)
			if err != nil {
				boundary[c.Hash] = true
				continue
			}
			seen[p] = true
			queue.push(pc)
		}
	}
	return out, boundary, false, nil
}

// queued is a commit waiting in the walk, with its arrival order.
type queued struct {
	c   *object.Commit
	seq int
}

// commitQueue is a heap of commits, newest committer date first; of
// commits with one date, the first queued comes first.
type commitQueue struct {
	items []queued
	seq   int
}

func (q *commitQueue) push(c *object.Commit) {
	heap.Push(q, queued{c: c, seq: q.seq})
	q.seq++
}

func (q *commitQueue) Len() int { return len(q.items) }
func (q *commitQueue) Less(i, j int) bool {
	a, b := q.items[i], q.items[j]
	if !a.c.Committer.When.Equal(b.c.Committer.When) {
		return a.c.Committer.When.After(b.c.Committer.When)
	}
	return a.seq < b.seq
}
func (q *commitQueue) Swap(i, j int) { q.items[i], q.items[j] = q.items[j], q.items[i] }

// Push and Pop are heap.Interface's; use push and heap.Pop.
func (q *commitQueue) Push(x any) { q.items = append(q.items, x.(queued)) }

// Pop removes the last item, for heap.Pop.
func (q *commitQueue) Pop() any {
	n := len(q.items)
	x := q.items[n-1]
	q.items[n-1] = queued{}
	q.items = q.items[:n-1]
	return x
}

// measureLines counts added lines per commit, newest first, within the
// commit and time bounds. Merge commits are left out: their lines are the
// merged commits'. Boundary commits are left out: their parents are not
// in the clone, so their diff is unknown. Every listed commit's changed
// files are indexed by file for FileDates. commits are l.commits' objects,
// in the same order.
//
// The commits to diff are counted in parallel (countCommits), then taken in
// order as one walk newest first would take them: the first
// MaxDiffCommits that could be diffed, and, when the time budget ran out,
// only the unbroken run of newest commits counted before it did.
func (l *Log) measureLines(ctx context.Context, repo *git.Repository, commits []*object.Commit, boundary map[plumbing.Hash]bool) {
	opts := l.opts
	ctx, cancel := context.WithTimeout(ctx, opts.DiffBudget)
	defer cancel()
	l.fileDates = map[string]dateSpan{}
	byHash := make(map[plumbing.Hash]*object.Commit, len(commits))
	for _, c := range commits {
		byHash[c.Hash] = c
	}
	var eligible []int
	for i, c := range commits {
		if c.NumParents() > 1 || boundary[c.Hash] {
			continue
		}
		eligible = append(eligible, i)
	}
	first := eligible[:min(len(eligible), opts.MaxDiffCommits)]
	counted := countCommits(ctx, repo, byHash, commits, first, opts)
	// A commit that could not be diffed (a missing object) leaves its
	// place to the next eligible one, counted here.
	var lc *lineCounter
	listed := 0
	for k, i := range eligible {
		if listed >= opts.MaxDiffCommits || ctx.Err() != nil {
			break
		}
		c := commits[i]
		var r lineResult
		if k < len(counted) {
			r = counted[k]
		} else {
			if lc == nil {
				lc = newLineCounter(repo)
				lc.commits = byHash
			}
			r.st, r.err = lc.commitLines(ctx, c, opts)
			r.done = true
		}
		if !r.done || r.err != nil {
			if !r.done || ctx.Err() != nil {
				break
			}
			continue
		}
		st := r.st
		listed++
		l.dateFiles(st.files, c.Author.When)
		if st.tooLarge {
			l.tooLarge++
			continue
		}
		st.files = nil // dated above; the attribution needs the counts only
		l.commits[i].measured = true
		l.commits[i].st = st
	}
	l.allMeasured = l.complete && listed == len(eligible)
	l.budgetCut = ctx.Err() != nil
}

// dateFiles adds when, a listed commit's author date, to the dates of
// the files it changed (the first maxTouchedFiles of them), unless the date
// is implausible (before 1990 or after tomorrow).
func (l *Log) dateFiles(files []string, when time.Time) {
	when = when.UTC()
	if when.Before(earliest) || when.After(l.opts.Now.Add(24*time.Hour)) {
		return
	}
	for i, f := range files {
		if i >= maxTouchedFiles {
			break
		}
		span := l.fileDates[f]
		span.add(when)
		l.fileDates[f] = span
	}
}

// lineResult is one commit's count: done is set once it was tried.
type lineResult struct {
	st   commitStats
	err  error
	done bool
}

// Parallel line counting: a history of at least 2 × minWalkChunk commits
// to diff is cut into runs of consecutive commits, one per worker (at
// most maxWalkWorkers, and no more than GOMAXPROCS). Each worker reads
// the clone through its own handle and keeps its own caches: consecutive
// commits share most file versions, so each run reads nearly what one
// walk would. On two cores, the largest repository's walk is the last
// work of a run, and it took one core while the other sat idle.
const (
	minWalkChunk   = 32
	maxWalkWorkers = 4
)

// workerObjectCache bounds the object cache of each worker's store handle
// but the first (which is the walk's, go-git's default 96 MiB): the
// workers' line counters keep the file versions they read themselves
// (blobCache), so the object cache serves mostly the bases of deltas.
const workerObjectCache = 16 * cache.MiByte

// walkWorkers is the most workers a walk may use; a test sets it.
var walkWorkers = func() int { return min(runtime.GOMAXPROCS(0), maxWalkWorkers) }

// countCommits counts the lines of commits[i] for each i of which, in
// parallel where the commits are many, and returns the results in the
// order of which. A worker stops at the first commit the context cut.
func countCommits(ctx context.Context, repo *git.Repository, byHash map[plumbing.Hash]*object.Commit, commits []*object.Commit, which []int, opts Options) []lineResult {
	res := make([]lineResult, len(which))
	workers := min(walkWorkers(), len(which)/minWalkChunk)
	run := func(r *git.Repository, from, to int) {
		lc := newLineCounter(r)
		lc.commits = byHash
		for k := from; k < to; k++ {
			st, err := lc.commitLines(ctx, commits[which[k]], opts)
			res[k] = lineResult{st: st, err: err, done: true}
			if err != nil && ctx.Err() != nil {
				return
			}
		}
	}
	// go-git's store handles are not safe for concurrent use: each
	// worker but the first reads through its own, and there are only as
	// many workers as handles (none but repo's own for a store in
	// memory).
	handles := []*git.Repository{repo}
	for len(handles) < workers {
		r, done, ok := ownHandle(repo, workerObjectCache)
		if !ok {
			break
		}
		defer done()
		handles = append(handles, r)
	}
	if len(handles) < 2 {
		run(repo, 0, len(which))
		return res
	}
	var wg sync.WaitGroup
	per := (len(which) + len(handles) - 1) / len(handles)
	for w, r := range handles {
		from, to := w*per, min((w+1)*per, len(which))
		wg.Go(func() { run(r, from, to) })
	}
	wg.Wait()
	return res
}

// Thresholds for the large-initial-commit signal.
const (
	largeInitialShare = 0.8
	largeInitialLines = 500
)

func repoSignals(h *RepoHistory) []Signal {
	var out []Signal
	if people := h.Commits - h.BotCommits; people > 0 && h.TheirCommits == 0 {
		walked := fmt.Sprintf("%d commits walked", people)
		if h.BotCommits > 0 {
			walked = fmt.Sprintf("%d commits by people walked (%d more by bots)", people, h.BotCommits)
		}
		out = append(out, Signal{Kind: "none_theirs", Text: fmt.Sprintf(
			"None of the %s match the candidate's known identities: the history is someone else's, or they committed under an identity GitHub does not link to them.", walked)})
	}
	if h.Root != nil && h.Root.LineShare >= largeInitialShare && h.Root.LinesAdded >= largeInitialLines && h.Commits-h.BotCommits > 1 {
		out = append(out, Signal{Kind: "large_initial_commit", Text: fmt.Sprintf(
			"The first commit added %d lines, %.0f%% of all lines added: the code may have been written elsewhere or imported in one go.", h.Root.LinesAdded, 100*h.Root.LineShare)})
	}
	return out
}

// shareDecimals is how finely the shares of commits and lines are given.
const shareDecimals = 3

// Activity sums repositories' weekly series into the candidate's.
type Activity struct {
	Window Window `json:"window"`
	// Weekly counts the candidate's commits per week, oldest first.
	Weekly []int `json:"weekly"`
	// Commits is the candidate's commits in the window: the sum of Weekly.
	Commits int `json:"commits"`
	// ActiveWeeks counts weeks with at least one commit.
	ActiveWeeks int `json:"active_weeks"`
	// LongestStreak is the longest run of consecutive active weeks.
	LongestStreak int `json:"longest_streak_weeks"`
	// LastActivity is the latest dated sign of work: a commit or a public event.
	LastActivity *time.Time `json:"last_activity,omitempty"`
	// Signals are observations worth a question.
	Signals []Signal `json:"signals,omitempty"`
}

// inactiveAfter is how long without activity makes the "inactive" signal.
const inactiveAfter = 180 * 24 * time.Hour

// CandidateActivity merges repositories' weekly series and the dates of
// public events into the candidate's activity.
func CandidateActivity(win Window, repos []*RepoHistory, eventDates []time.Time) Activity {
	a := Activity{Window: win, Weekly: make([]int, win.Weeks)}
	consider := func(t time.Time) {
		if a.LastActivity == nil || t.After(*a.LastActivity) {
			tt := t.UTC()
			a.LastActivity = &tt
		}
	}
	for _, h := range repos {
		if h == nil {
			continue
		}
		for i := range h.Weekly {
			if i < len(a.Weekly) {
				a.Weekly[i] += h.Weekly[i]
			}
		}
		if h.LastCommit != nil {
			consider(*h.LastCommit)
		}
	}
	for _, t := range eventDates {
		if !t.Before(earliest) && !t.After(win.To.Add(24*time.Hour)) {
			consider(t)
		}
	}
	run := 0
	for _, n := range a.Weekly {
		a.Commits += n
		if n > 0 {
			a.ActiveWeeks++
			run++
			a.LongestStreak = max(a.LongestStreak, run)
		} else {
			run = 0
		}
	}
	switch {
	case a.LastActivity == nil:
		a.Signals = append(a.Signals, Signal{Kind: "inactive", Text: "No dated public activity by the candidate was found."})
	case win.To.Sub(*a.LastActivity) > inactiveAfter:
		a.Signals = append(a.Signals, Signal{Kind: "inactive", Text: fmt.Sprintf(
			"The most recent public activity found is from %s, over six months ago; recent work may be private.", a.LastActivity.Format("January 2006"))})
	}
	return a
}
