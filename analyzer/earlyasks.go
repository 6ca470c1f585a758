package analyzer

import (
	"context"
	"sync"

	"github.com/pyscout/pyscout/analyzer/github"
	"github.com/pyscout/pyscout/analyzer/history"
)

// earlyAsks makes the requests of authorship that depend on who wrote each
// repository's commits but not on their lines, as soon as every
// repository's commits are listed (history.ReadLogListed): the identity
// lookups (which repositories are asked depends on the commits no known
// identity matched) and the contributor statistics (asked where the
// clone's history is cut short). The largest repository's lines are
// usually the last work of a run; these round trips, one after another
// once it was done, now run while it is counted. The requests are the
// ones authorship made after every walk (no more), and authorship takes
// their answers only if the repositories it would ask are the ones asked
// here (a repository whose analysis failed after its commits were listed
// changes that: it then asks again, as before).
type earlyAsks struct {
	ctx   context.Context
	gh    *github.Client
	login string
	// ident is the plan's identity, which the walks still read: the
	// lookups add to a copy of it (learnt).
	ident      *history.Identity
	lookups    int
	statsRetry github.StatsRetry
	targets    []target

	mu      sync.Mutex
	pending map[*target]bool
	listed  map[*target]*history.RepoHistory
	done    chan struct{}

	// What the asks found, set before done is closed.
	order   []lookupCandidate
	learnt  *history.Identity
	learned bool
	report  IdentityReport
	err     error
	stats   map[*target]statsAnswer
}

// statsAnswer is one repository's contributor statistics, or why not.
type statsAnswer struct {
	share *github.ContributorShare
	err   error
}

// newEarlyAsks waits for every target of targets that is not skipped to
// report its listed commits (listed), then asks.
func newEarlyAsks(ctx context.Context, gh *github.Client, login string, ident *history.Identity, targets []target, opts Options) *earlyAsks {
	e := &earlyAsks{ctx: ctx, gh: gh, login: login, ident: ident, lookups: opts.IdentityLookups, statsRetry: opts.StatsRetry, targets: targets,
		pending: map[*target]bool{}, listed: map[*target]*history.RepoHistory{}, done: make(chan struct{})}
	for i := range targets {
		if targets[i].skip == "" {
			e.pending[&targets[i]] = true
		}
	}
	if len(e.pending) == 0 {
		go e.ask()
	}
	return e
}

// reportListed records t's history as attributed once its commits were listed
// (nil when t has none: it failed, or has no history to walk). Only a
// target's first report counts; the last one starts the asks.
func (e *earlyAsks) reportListed(t *target, h *history.RepoHistory) {
	if e == nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.pending[t] {
		return
	}
	delete(e.pending, t)
	if h != nil {
		e.listed[t] = h
	}
	if len(e.pending) == 0 {
		go e.ask()
	}
}

// ask makes the lookups and the statistics requests, in the targets'
// order, as authorship would on the same histories.
func (e *earlyAsks) ask() {
	defer close(e.done)
	var entries []attributed
	for i := range e.targets {
		t := &e.targets[i]
		if h := e.listed[t]; h != nil {
			entries = append(entries, attributed{t, h})
		}
	}
	stats := statsTargets(entries, e.lookups)
	e.stats = make(map[*target]statsAnswer, len(stats))
	var mu sync.Mutex
	var asked sync.WaitGroup
	for _, t := range stats {
		asked.Go(func() {
			share, err := e.gh.Contributors(e.ctx, t.owner, t.facts.Name, e.login, e.statsRetry)
			mu.Lock()
			e.stats[t] = statsAnswer{share, err}
			mu.Unlock()
		})
	}
	e.order = lookupOrder(entries)
	e.learnt = e.ident.Clone()
	e.learned, e.err = learnIdentities(e.ctx, e.gh, e.login, e.learnt, e.order, e.lookups, &e.report)
	asked.Wait()
}

// wait returns once the asks are done (every target reported), or the
// context ends.
func (e *earlyAsks) wait(ctx context.Context) bool {
	select {
	case <-e.done:
		return true
	case <-ctx.Done():
		return false
	}
}
