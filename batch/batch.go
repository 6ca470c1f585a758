package batch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/github"
	"github.com/pyscout/pyscout/analyzer/option"
	"github.com/pyscout/pyscout/report"
)

// AnalyzeFunc analyses one candidate the way `pyscout analyze` does (the
// pipeline, then the rules) and returns the report to write. As with
// analyze, a *analyzer.NothingAnalysedError may come with a report.
type AnalyzeFunc func(ctx context.Context, login string, progress func(analyzer.Event)) (*report.Report, error)

// WriteFunc writes a file atomically: write fills a temporary file that
// replaces path only when complete.
type WriteFunc func(ctx context.Context, path string, write func(io.Writer) error) error

// Budget is the GitHub rate budget every candidate of the batch draws
// from. *github.Client satisfies it with the figures of its latest
// answer; a budget shared by several clients may too.
type Budget interface {
	// Rate returns the window's size and the requests left in it, and
	// when it resets; ok is false while nothing is known.
	Rate() (limit, remaining int, reset time.Time, ok bool)
}

// Options configures a batch run.
type Options struct {
	// OutDir receives the reports, index.html, summary.csv and the state.
	OutDir string
	// Jobs bounds the candidates analysed at once (each candidate's
	// clones keep their own bound).
	Jobs int
	// MaxAge is how long a candidate's analysis counts as done: a re-run
	// skips those done within it (DefaultMaxAge when zero).
	MaxAge time.Duration
	// Force analyses every candidate again.
	Force bool
	// Shard is the share of the list to analyse; the zero Shard is all.
	Shard Shard
	// Wait sleeps until the rate limit resets instead of stopping.
	Wait bool
	// Budget, when set, lowers the candidates started at once as the
	// remaining budget falls.
	Budget Budget
	// Settings fingerprints the options that shape a report: a
	// candidate done with other settings is analysed again.
	Settings string
	// Stack is the team's stack, shown on the index.
	Stack []string
	// ToolVersion stamps the index and the state.
	ToolVersion string
	// Analyze and WriteFile do the work; both are required.
	Analyze   AnalyzeFunc
	WriteFile WriteFunc
	// Progress, if set, receives events, one at a time.
	Progress func(Event)
	// Now and Sleep are the clock; time.Now and a context-aware sleep
	// when nil.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// Defaults and bounds of Options.
const (
	DefaultJobs   = 2
	maxJobs       = 64
	DefaultMaxAge = 7 * 24 * time.Hour
	// stateEvery bounds how often the state is rewritten while the batch
	// runs (it is always written at the end): a list of thousands would
	// otherwise rewrite a large file after every candidate.
	stateEvery = time.Second
)

// Validate fills defaults and checks the options.
func (o *Options) Validate() error {
	if err := option.Range("Jobs", &o.Jobs, DefaultJobs, 1, maxJobs); err != nil {
		return err
	}
	if o.MaxAge < 0 {
		return &option.Error{Field: "MaxAge", Reason: fmt.Sprintf("must not be negative, not %s", o.MaxAge)}
	}
	if o.MaxAge == 0 {
		o.MaxAge = DefaultMaxAge
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = sleep
	}
	if o.Progress == nil {
		o.Progress = func(Event) {}
	}
	// Candidates run at once and each reports its steps: the callback
	// sees one event at a time.
	var mu sync.Mutex
	progress := o.Progress
	o.Progress = func(e Event) {
		mu.Lock()
		defer mu.Unlock()
		progress(e)
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// EventKind says what an Event reports.
type EventKind string

// Kinds of Event.
const (
	// EventPlan: Total candidates to analyse, Done already done (resumed).
	EventPlan EventKind = "plan"
	// EventStart: Login's analysis starts.
	EventStart EventKind = "start"
	// EventPipeline: a step of Login's analysis (Pipeline).
	EventPipeline EventKind = "pipeline"
	// EventDone and EventFailed: Login finished (Reason says why it failed).
	EventDone   EventKind = "done"
	EventFailed EventKind = "failed"
	// EventWaiting: the rate limit ran out; the batch sleeps until Until.
	EventWaiting EventKind = "waiting"
	// EventStopping: the rate limit ran out; no candidate is started
	// any more (Reason says why, Until when it resets).
	EventStopping EventKind = "stopping"
)

// Event reports the batch's progress.
type Event struct {
	Kind     EventKind
	Login    string
	Pipeline analyzer.Event
	// Done of Total candidates of this run have finished.
	Done, Total int
	Reason      string
	Until       time.Time
}

// Result is what a run did.
type Result struct {
	// Rows are the shard's candidates in list order, as the index shows them.
	Rows []report.BatchRow
	// Analysed, Failed and Pending count Rows by outcome; Resumed counts
	// the analysed ones taken from an earlier run.
	Analysed, Failed, Pending, Resumed int
	// Index is the path of index.html; empty when it was not written
	// (an interrupt).
	Index string
}

// IncompleteError reports a batch that wrote everything but did not
// analyse every candidate: some failed, or the rate limit stopped it.
type IncompleteError struct {
	Failed, Pending int
	// RateLimit is set when the rate limit stopped the batch.
	RateLimit error
	// Reset is when the budget is back, when known.
	Reset time.Time
}

func (e *IncompleteError) Error() string {
	var parts []string
	if e.Failed > 0 {
		parts = append(parts, fmt.Sprintf("%d %s could not be analysed (see summary.csv)", e.Failed, candidates(e.Failed)))
	}
	if e.Pending > 0 {
		msg := fmt.Sprintf("%d %s left", e.Pending, candidates(e.Pending))
		if e.RateLimit != nil {
			msg = "the GitHub rate limit ran out with " + msg
			if !e.Reset.IsZero() {
				msg += fmt.Sprintf("; it resets at %s", e.Reset.UTC().Format("15:04 MST"))
			}
			msg += "; run the same command again to resume (or add --wait)"
		}
		parts = append(parts, msg)
	}
	return strings.Join(parts, "; ")
}

func candidates(n int) string {
	if n == 1 {
		return "candidate"
	}
	return "candidates"
}

// InterruptedError reports a batch stopped by its context; the state
// written keeps every candidate finished, so the same command resumes.
type InterruptedError struct {
	Done, Left int
	State      string
	Err        error
}

func (e *InterruptedError) Error() string {
	return fmt.Sprintf("%d done, %d left (kept in %s); run the same command to resume", e.Done, e.Left, e.State)
}

// Unwrap returns the context's error.
func (e *InterruptedError) Unwrap() error { return e.Err }

// outcome is one candidate's finished run, sent to the dispatcher.
type outcome struct {
	c       Candidate
	entry   *Entry // nil when not finished (limited or interrupted)
	limited error
	reset   time.Time
}

// runner is one batch run; the dispatcher goroutine owns its state.
type runner struct {
	opts      Options
	st        *State
	lastWrite time.Time
}

// Run analyses the candidates of list in opts.Shard that are not done
// yet, writes their reports, the state, index.html and summary.csv in
// opts.OutDir, and returns what it did. It returns an *IncompleteError
// when a candidate failed or the rate limit stopped the batch (after
// everything was written) and an *InterruptedError when ctx ended.
func Run(ctx context.Context, list *Shortlist, opts Options) (*Result, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if opts.OutDir == "" || opts.Analyze == nil || opts.WriteFile == nil {
		return nil, errors.New("batch: OutDir, Analyze and WriteFile must be set")
	}
	st, err := LoadState(opts.OutDir)
	if err != nil {
		return nil, err
	}
	st.Version, st.ToolVersion, st.Shard, st.Stack = StateVersion, opts.ToolVersion, opts.Shard.String(), opts.Stack
	st.Shortlist = list.Candidates
	r := &runner{opts: opts, st: st}
	mine := opts.Shard.Select(list.Candidates)
	var todo []Candidate
	resumed := 0
	for _, c := range mine {
		if r.fresh(c) {
			resumed++
			continue
		}
		todo = append(todo, c)
	}
	opts.Progress(Event{Kind: EventPlan, Total: len(todo), Done: resumed})
	stop, runErr := r.dispatch(ctx, todo)
	if runErr != nil && ctx.Err() == nil {
		return nil, runErr
	}
	limit, reset := stop.limit, stop.reset

	res := &Result{Resumed: resumed}
	for _, c := range mine {
		row := r.row(c, limit)
		switch row.Status {
		case report.BatchAnalysed:
			res.Analysed++
		case report.BatchFailed:
			res.Failed++
		default:
			res.Pending++
		}
		res.Rows = append(res.Rows, row)
	}
	// The state is kept even when ctx ended: it is what a re-run resumes from.
	if err := r.writeState(context.WithoutCancel(ctx)); err != nil {
		return nil, err
	}
	if runErr != nil {
		return res, &InterruptedError{Done: res.Analysed + res.Failed, Left: res.Pending, State: filepath.Join(opts.OutDir, StateFile), Err: runErr}
	}
	b := &report.Batch{Rows: res.Rows, Stack: opts.Stack, Generated: opts.Now(), ToolVersion: opts.ToolVersion}
	if res.Index, err = writeIndex(ctx, opts.OutDir, b, opts.WriteFile); err != nil {
		return nil, err
	}
	if res.Failed > 0 || res.Pending > 0 {
		return res, &IncompleteError{Failed: res.Failed, Pending: res.Pending, RateLimit: limit, Reset: reset}
	}
	return res, nil
}

// fresh reports whether c was analysed recently enough, with the same
// settings, and its reports are still there: then it is not analysed again.
func (r *runner) fresh(c Candidate) bool {
	e := r.st.Candidates[c.Key()]
	if r.opts.Force || e == nil || e.Outcome != report.BatchAnalysed || e.Settings != r.opts.Settings {
		return false
	}
	if age := r.opts.Now().Sub(e.At); age < 0 || age > r.opts.MaxAge {
		return false
	}
	for _, ext := range reportExts {
		if _, err := os.Stat(filepath.Join(r.opts.OutDir, report.ReportFile(e.Row.Login, ext))); err != nil {
			return false
		}
	}
	return true
}

// row is c's line in the index: its entry when it has one, else pending.
func (r *runner) row(c Candidate, limit error) report.BatchRow {
	row := report.BatchRow{Login: c.Login, Status: report.BatchPending, Reason: "not analysed yet"}
	if limit != nil {
		row.Reason = "not analysed yet: the rate limit ran out"
	}
	if e := r.st.Candidates[c.Key()]; e != nil {
		row = e.Row
	}
	row.Name, row.Role, row.Notes = c.Name, c.Role, c.Notes
	return row
}

// allowed is how many candidates may run at once with the budget left:
// all of Jobs while over a quarter of the window is left, half of them
// down to a tenth, then one at a time, so that the last requests go to
// finishing candidates rather than starting many that cannot finish.
func allowed(jobs int, b Budget) int {
	if b == nil {
		return jobs
	}
	limit, remaining, _, ok := b.Rate()
	switch {
	case !ok || limit <= 0:
		return jobs
	case remaining*10 <= limit:
		return 1
	case remaining*4 <= limit:
		return max(1, jobs/2)
	}
	return jobs
}

// limitStop is the rate limit that stopped a batch, and when it resets.
type limitStop struct {
	limit error
	reset time.Time
}

// dispatch runs todo with bounded concurrency and records each outcome.
// It returns the rate limit that stopped it, if one did, and ctx's error
// when ctx ended or the state could not be written.
func (r *runner) dispatch(ctx context.Context, todo []Candidate) (limitStop, error) {
	results := make(chan outcome)
	active, done := 0, 0
	total := len(todo)
	var stop limitStop
	var failure error
	var pauseUntil time.Time
	stopped := func() bool { return stop.limit != nil || failure != nil || ctx.Err() != nil }
	queue := todo
	for {
		for len(queue) > 0 && !stopped() && active < allowed(r.opts.Jobs, r.opts.Budget) && !r.opts.Now().Before(pauseUntil) {
			c := queue[0]
			queue = queue[1:]
			active++
			r.opts.Progress(Event{Kind: EventStart, Login: c.Login, Done: done, Total: total})
			started := done // the goroutine must not read done, which this one changes
			go func() { results <- r.analyse(ctx, c, started, total) }()
		}
		if active == 0 {
			if len(queue) == 0 || stopped() {
				break
			}
			// Waiting for the reset with nothing in flight.
			if err := r.opts.Sleep(ctx, pauseUntil.Sub(r.opts.Now())); err != nil {
				break
			}
			continue
		}
		o := <-results
		active--
		switch {
		case o.entry != nil:
			done++
			r.st.Candidates[o.c.Key()] = o.entry
			kind := EventDone
			if o.entry.Outcome != report.BatchAnalysed {
				kind = EventFailed
			}
			r.opts.Progress(Event{Kind: kind, Login: o.c.Login, Reason: o.entry.Reason, Done: done, Total: total})
			if err := r.maybeWriteState(ctx); err != nil && failure == nil {
				// A state that cannot be written loses the resume: stop.
				failure = err
			}
		case o.limited != nil && r.opts.Wait && ctx.Err() == nil:
			queue = append([]Candidate{o.c}, queue...)
			// GitHub's reset is in whole seconds: a second's slack makes
			// sure the window has turned.
			until := o.reset.Add(time.Second)
			if o.reset.IsZero() {
				until = r.opts.Now().Add(time.Minute)
			} else if !until.After(r.opts.Now()) {
				until = r.opts.Now().Add(5 * time.Second)
			}
			if until.After(pauseUntil) {
				pauseUntil = until
				r.opts.Progress(Event{Kind: EventWaiting, Login: o.c.Login, Reason: o.limited.Error(), Until: until})
			}
		case o.limited != nil:
			if stop.limit == nil {
				stop = limitStop{o.limited, o.reset}
				r.opts.Progress(Event{Kind: EventStopping, Login: o.c.Login, Reason: o.limited.Error(), Until: o.reset})
			}
		}
	}
	if failure != nil {
		return stop, failure
	}
	return stop, ctx.Err()
}

func (r *runner) maybeWriteState(ctx context.Context) error {
	if r.opts.Now().Sub(r.lastWrite) < stateEvery {
		return nil
	}
	return r.writeState(context.WithoutCancel(ctx))
}

func (r *runner) writeState(ctx context.Context) error {
	r.lastWrite = r.opts.Now()
	return r.opts.WriteFile(ctx, filepath.Join(r.opts.OutDir, StateFile), r.st.encode)
}

// reportExts are the report files written per candidate, in order.
var reportExts = []string{"html", "md", "json"}

// renderers maps each of reportExts to its renderer.
var renderers = map[string]report.Renderer{"html": report.HTML{}, "md": report.Markdown{}, "json": report.JSON{}}

// analyse runs one candidate. A rate limit or the end of ctx leaves the
// candidate unfinished; any other failure, a panic included, is recorded
// with its reason so that the others go on.
func (r *runner) analyse(ctx context.Context, c Candidate, done, total int) (o outcome) {
	o.c = c
	fail := func(reason string, reports bool, row report.BatchRow) {
		row.Login = cmpOr(row.Login, c.Login)
		row.Status, row.Reason, row.Reports = report.BatchFailed, reason, reports
		o.entry = &Entry{Login: c.Login, Outcome: report.BatchFailed, At: r.opts.Now().UTC(), Reason: reason, Repos: []RepoCommit{}, Row: row, Settings: r.opts.Settings}
	}
	defer func() {
		if p := recover(); p != nil {
			o.limited = nil
			fail(oneLine(fmt.Sprintf("internal error: %v", p)), false, report.BatchRow{})
		}
	}()
	progress := func(e analyzer.Event) {
		r.opts.Progress(Event{Kind: EventPipeline, Login: c.Login, Pipeline: e, Done: done, Total: total})
	}
	doc, err := r.opts.Analyze(ctx, c.Login, progress)
	var none *analyzer.NothingAnalysedError
	if err != nil && !errors.As(err, &none) {
		if limited, reset := rateLimited(err); limited {
			o.limited, o.reset = err, reset
			if b := r.opts.Budget; b != nil {
				if _, _, br, ok := b.Rate(); ok && br.After(o.reset) {
					o.reset = br
				}
			}
			return o
		}
		if ctx.Err() != nil {
			return o
		}
		reason := oneLine(err.Error())
		if errors.Is(err, github.ErrNotFound) {
			reason = fmt.Sprintf("no GitHub user %q", c.Login)
		}
		fail(reason, false, report.BatchRow{})
		return o
	}
	if doc == nil || doc.Profile == nil {
		fail("the analysis returned no report", false, report.BatchRow{})
		return o
	}
	if c.Name != "" || c.Role != "" || c.Notes != "" {
		doc.Shortlist = &report.ShortlistEntry{Name: c.Name, Role: c.Role, Notes: c.Notes}
	}
	login := cmpOr(doc.Profile.Login, c.Login)
	for _, ext := range reportExts {
		rd := renderers[ext]
		path := filepath.Join(r.opts.OutDir, report.ReportFile(login, ext))
		if err := r.opts.WriteFile(ctx, path, func(w io.Writer) error { return rd.Render(w, doc) }); err != nil {
			if ctx.Err() != nil {
				return o
			}
			fail(oneLine("writing the report: "+err.Error()), false, report.BatchRow{})
			return o
		}
	}
	row := RowFacts(doc)
	row.Login = login
	if none != nil {
		fail(oneLine(none.Error()), true, row)
		o.entry.Repos = repoCommits(doc.Profile)
		return o
	}
	row.Status, row.Reports = report.BatchAnalysed, true
	o.entry = &Entry{Login: login, Outcome: report.BatchAnalysed, At: r.opts.Now().UTC(), Repos: repoCommits(doc.Profile), Row: row, Settings: r.opts.Settings}
	return o
}

// rateLimited recognises GitHub's primary and secondary rate limits and
// says when to try again.
func rateLimited(err error) (bool, time.Time) {
	var rl *github.RateLimitError
	if errors.As(err, &rl) {
		return true, rl.Reset
	}
	var sl *github.SecondaryLimitError
	if errors.As(err, &sl) {
		return true, sl.RetryAt
	}
	return false, time.Time{}
}

func repoCommits(p *analyzer.Profile) []RepoCommit {
	out := make([]RepoCommit, 0, len(p.Repos))
	for i := range p.Repos {
		out = append(out, RepoCommit{Name: p.Repos[i].FullName, Commit: p.Repos[i].Commit})
	}
	return out
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// oneLine keeps a reason on one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Files of a batch's output directory.
const (
	IndexFile   = "index.html"
	SummaryFile = "summary.csv"
)

// writeIndex writes index.html and summary.csv and returns the index's path.
func writeIndex(ctx context.Context, dir string, b *report.Batch, write WriteFunc) (string, error) {
	if err := write(ctx, filepath.Join(dir, SummaryFile), func(w io.Writer) error { return report.BatchCSV{}.Render(w, b) }); err != nil {
		return "", err
	}
	index := filepath.Join(dir, IndexFile)
	if err := write(ctx, index, func(w io.Writer) error { return report.BatchIndex{}.Render(w, b) }); err != nil {
		return "", err
	}
	return index, nil
}
