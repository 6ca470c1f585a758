package history

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
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
}

// ErrInvalidOption is matched by the errors of Options.Validate.
var ErrInvalidOption = option.ErrInvalid

// Validate fills the zero fields of o with their defaults and checks the
// others: Weeks at most ten years of weeks, MaxCommits at most ten million
// (more than the largest public histories), MaxDiffCommits at most a
// million, DiffBudget at most an hour. An *option.Error (matching
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
	// Commits is how many commits were walked.
	Commits int `json:"commits"`
	// Complete is true when the walk reached the root commit(s): the clone
	// held the whole history and no bound stopped the walk.
	Complete bool `json:"complete"`
	// TheirCommits are the walked commits authored by the candidate.
	TheirCommits int `json:"their_commits"`
	// CommitShare is TheirCommits / Commits.
	CommitShare float64 `json:"commit_share"`
	// LinesAdded and TheirLinesAdded count lines added by the commits whose
	// diffs were measured (LinesMeasuredCommits of them).
	LinesAdded           int     `json:"lines_added"`
	TheirLinesAdded      int     `json:"their_lines_added"`
	LineShare            float64 `json:"line_share"`
	LinesMeasuredCommits int     `json:"lines_measured_commits"`
	// MostlyTheirs says whether the candidate added most of the measured
	// lines; absent when nothing could be measured.
	MostlyTheirs *bool `json:"mostly_theirs,omitempty"`
	// FirstCommit and LastCommit are the candidate's earliest and latest
	// author dates among the walked commits.
	FirstCommit *time.Time `json:"first_commit,omitempty"`
	LastCommit  *time.Time `json:"last_commit,omitempty"`
	// Weekly counts the candidate's commits per week of Window, oldest first.
	Weekly []int `json:"weekly"`
	// RecentCommits is the sum of Weekly.
	RecentCommits int `json:"recent_commits"`
	// MatchedBy counts the candidate's commits by how they were recognised.
	MatchedBy map[MatchKind]int `json:"matched_by,omitempty"`
	// OtherAuthors counts distinct authors who are not the candidate.
	OtherAuthors int `json:"other_authors"`
	// BadDates counts commits dated before 1990 or in the future: they are
	// left out of dates and weeks.
	BadDates int `json:"bad_dates,omitempty"`
	// NoEmail counts commits whose author has no email.
	NoEmail int `json:"no_email,omitempty"`
	// Root is the repository's first commit when the walk reached it.
	Root *RootCommit `json:"root,omitempty"`
	// Signals are observations worth a question, never verdicts.
	Signals []Signal `json:"signals,omitempty"`

	// touched records, for each commit whose diff was measured, its author
	// date and the files it changed; allMeasured is true when every commit
	// of a complete history was measured.
	touched     []touch
	allMeasured bool
}

// touch is one measured commit: when, and which files it changed.
type touch struct {
	when  time.Time
	files []string
}

// maxTouchedFiles bounds the paths kept per commit (a vendoring commit can
// change thousands).
const maxTouchedFiles = 2000

// FileDates returns the author dates of the earliest and latest measured
// commits that changed any of files, and whether those dates cover the
// whole history (every commit of a complete history measured). Dates
// before 1990 or in the future are passed over.
func (h *RepoHistory) FileDates(files map[string]bool) (first, last *time.Time, complete bool) {
	if h == nil {
		return nil, nil, false
	}
	for _, t := range h.touched {
		for _, f := range t.files {
			if !files[f] {
				continue
			}
			when := t.when
			if first == nil || when.Before(*first) {
				first = &when
			}
			if last == nil || when.After(*last) {
				last = &when
			}
			break
		}
	}
	return first, last, h.allMeasured
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
func Analyze(ctx context.Context, repo *git.Repository, head plumbing.Hash, id *Identity, mm *Mailmap, opts Options) (*RepoHistory, error) {
	if err := opts.Validate(); err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	win := NewWindow(opts.Now, opts.Weeks)
	h := &RepoHistory{Window: win, Weekly: make([]int, win.Weeks), MatchedBy: map[MatchKind]int{}}

	commits, boundary, truncated, err := walkCommits(ctx, repo, head, opts.MaxCommits)
	if err != nil {
		return nil, err
	}
	if len(commits) == 0 {
		return nil, ErrNoCommits
	}
	h.Complete = !truncated && len(boundary) == 0

	future := opts.Now.Add(24 * time.Hour)
	others := map[string]bool{}
	theirs := make(map[plumbing.Hash]bool, len(commits))
	for _, c := range commits {
		h.Commits++
		name, email := c.Author.Name, c.Author.Email
		mappedName, mappedEmail, mapped := mm.Resolve(name, email)
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
		theirs[c.Hash] = true
		h.TheirCommits++
		h.MatchedBy[kind]++
		when := c.Author.When
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
	h.CommitShare = count.Ratio(h.TheirCommits, h.Commits, shareDecimals)

	measureLines(ctx, h, commits, boundary, theirs, opts)
	h.Signals = repoSignals(h)
	if len(h.MatchedBy) == 0 {
		h.MatchedBy = nil
	}
	return h, nil
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
	queue := []*object.Commit{start}
	for len(queue) > 0 {
		if err := ctx.Err(); err != nil {
			return nil, nil, false, err
		}
		// Take the newest queued commit, so a bound keeps the recent ones.
		newest := 0
		for i := range queue {
			if queue[i].Committer.When.After(queue[newest].Committer.When) {
				newest = i
			}
		}
		c := queue[newest]
		queue = append(queue[:newest], queue[newest+1:]...)
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
			queue = append(queue, pc)
		}
	}
	return out, boundary, false, nil
}

// measureLines counts added lines per commit, newest first, within the
// commit and time bounds. Merge commits are left out: their lines are the
// merged commits'. Boundary commits are left out: their parents are not
// in the clone, so their diff is unknown.
func measureLines(ctx context.Context, h *RepoHistory, commits []*object.Commit, boundary, theirs map[plumbing.Hash]bool, opts Options) {
	ctx, cancel := context.WithTimeout(ctx, opts.DiffBudget)
	defer cancel()
	var rootLines int
	var root *object.Commit
	eligible := 0
	future := opts.Now.Add(24 * time.Hour)
	for _, c := range commits {
		if c.NumParents() > 1 || boundary[c.Hash] {
			continue
		}
		eligible++
		if h.LinesMeasuredCommits >= opts.MaxDiffCommits || ctx.Err() != nil {
			continue
		}
		stats, err := c.StatsContext(ctx)
		if err != nil {
			continue
		}
		added := 0
		t := touch{when: c.Author.When.UTC()}
		for _, fs := range stats {
			added += fs.Addition
			if len(t.files) < maxTouchedFiles {
				t.files = append(t.files, fs.Name)
			}
		}
		if !t.when.Before(earliest) && !t.when.After(future) {
			h.touched = append(h.touched, t)
		}
		h.LinesMeasuredCommits++
		h.LinesAdded += added
		if theirs[c.Hash] {
			h.TheirLinesAdded += added
		}
		if c.NumParents() == 0 {
			root, rootLines = c, added
		}
	}
	h.allMeasured = h.Complete && h.LinesMeasuredCommits == eligible
	h.LineShare = count.Ratio(h.TheirLinesAdded, h.LinesAdded, shareDecimals)
	if h.LinesAdded > 0 {
		mostly := h.TheirLinesAdded*2 > h.LinesAdded
		h.MostlyTheirs = &mostly
	}
	if root != nil && h.Complete {
		h.Root = &RootCommit{Commit: root.Hash.String(), Theirs: theirs[root.Hash], LinesAdded: rootLines, LineShare: count.Ratio(rootLines, h.LinesAdded, shareDecimals)}
	}
}

// Thresholds for the large-initial-commit signal.
const (
	largeInitialShare = 0.8
	largeInitialLines = 500
)

func repoSignals(h *RepoHistory) []Signal {
	var out []Signal
	if h.Commits > 0 && h.TheirCommits == 0 {
		out = append(out, Signal{Kind: "none_theirs", Text: fmt.Sprintf(
			"None of the %d commits walked match the candidate's known identities: the history is someone else's, or they committed under an identity GitHub does not link to them.", h.Commits)})
	}
	if h.Root != nil && h.Root.LineShare >= largeInitialShare && h.Root.LinesAdded >= largeInitialLines && h.Commits > 1 {
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
