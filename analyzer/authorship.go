package analyzer

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/pyscout/pyscout/analyzer/clone"
	"github.com/pyscout/pyscout/analyzer/github"
	"github.com/pyscout/pyscout/analyzer/history"
	"github.com/pyscout/pyscout/report/words"
)

// firstDeepen is the history fetched behind an analysed commit older than
// the activity window: enough for most repositories' whole history and for
// the shares of commits and lines. A repository whose analysed commit is
// inside the window is deepened to Options.HistoryDepth.
const firstDeepen = 100

// activityWeeks is the length of the activity series.
const activityWeeks = 52

// deepenHistory fetches history behind the analysed commit, in one fetch
// of the depth needed: none when the clone already holds the whole
// history (a single root commit, or a cached clone deepened before),
// firstDeepen commits when the
// analysed commit is older than the activity window (no commit behind it
// can be in the window), otherwise opts.HistoryDepth. Deepening in steps
// (100, then more where the 100th commit was still inside the window)
// cost a round trip and a walk of the clone per step.
func deepenHistory(ctx context.Context, t *target, opts Options) error {
	windowStart := history.NewWindow(opts.Now(), activityWeeks).From
	head := t.snap.CommitObject
	depth := opts.HistoryDepth
	if head.Committer.When.Before(windowStart) {
		depth = min(firstDeepen, opts.HistoryDepth)
	}
	if depth <= t.clonedDepth {
		// The clone was made this deep (cloneDepth): no walk of it is
		// needed to know there is nothing to fetch.
		return history.PruneShallow(t.snap.Repository)
	}
	// A cached clone deepened by an earlier run may hold it all already.
	complete, _, err := history.Reach(ctx, t.snap.Repository, head.Hash, opts.HistoryDepth)
	if err != nil || complete {
		return err
	}
	if t.deepCloneFailed {
		// A clone at this depth just failed: the history stands on
		// the analysis clone.
		t.deepenFailed = true
		return nil
	}
	if err := clone.Deepen(ctx, t.snap, t.cloneURL, depth); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		// The analysis stands on the history already fetched, which
		// the report marks as incomplete.
		t.deepenFailed = true
		return nil
	}
	return history.PruneShallow(t.snap.Repository)
}

// historyPlan is what each repository's history is attributed to as soon
// as its clone is deepened: the candidate's identities known before any
// lookup (their login's noreply addresses and public email), and the
// bounds of the walk.
type historyPlan struct {
	ident *history.Identity
	hopts history.Options
	// contributions is the public events feed, read while the
	// repositories are cloned (it depends on none of them).
	contributions chan contributionsRead
	// early makes authorship's requests once every repository's commits
	// are listed.
	early *earlyAsks
}

// contributionsRead is what contributions returned.
type contributionsRead struct {
	contrib    *Contributions
	eventDates []time.Time
	err        error
}

// readContributions reads the public events feed in the background; the
// answer arrives on plan.contributions.
func (plan *historyPlan) readContributions(ctx context.Context, gh *github.Client, login string) {
	plan.contributions = make(chan contributionsRead, 1)
	go func() {
		c, dates, err := contributions(ctx, gh, login)
		plan.contributions <- contributionsRead{contrib: c, eventDates: dates, err: err}
	}()
}

// walkHistory walks the history of t's deepened clone and attributes it to
// the identities known so far, in t's own goroutine: the walks of the
// repositories run beside the other repositories' clones and parses
// instead of one after another once all are analysed. Attributing again
// after identity lookups reads no object (authorship). A history the
// results cache holds for these identities walks nothing.
func walkHistory(ctx context.Context, t *target, opts Options, mm *history.Mailmap) error {
	w := &walked{t: t, mm: mm}
	plan := opts.history
	listed := func(h *history.RepoHistory) { plan.early.reportListed(t, h) }
	if err := w.analyse(ctx, opts, plan.ident, plan.hopts, listed); err != nil {
		return err
	}
	t.walked = w
	// A history from the results cache was not listed: it is known now.
	plan.early.reportListed(t, w.result)
	return nil
}

// analyse attributes w's history to ident, walking it first where neither
// an earlier walk nor the results cache has it. Only a cancelled context
// is an error: a history that cannot be read leaves w.result nil, and the
// repository is reported without one.
//
// listed, unless nil, is given the history as attributed once its commits
// are listed, before their lines are counted (when it is walked here).
func (w *walked) analyse(ctx context.Context, opts Options, ident *history.Identity, hopts history.Options, listed func(*history.RepoHistory)) error {
	h, err := opts.results.analyseHistory(w, ident, hopts, func() (*history.RepoHistory, error) {
		if w.log == nil {
			var onList func(*history.Log)
			if listed != nil {
				onList = func(l *history.Log) { listed(l.Attribute(ident, w.mm)) }
			}
			l, err := history.ReadLogListed(ctx, w.t.snap.Repository, plumbing.NewHash(w.t.facts.Commit), hopts, onList)
			if err != nil {
				return nil, err
			}
			w.log = l
		}
		return w.log.Attribute(ident, w.mm), nil
	})
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		w.result = nil
		return nil
	}
	w.result = h
	return nil
}

// authorship attributes the analysed repositories' commits to the
// candidate, learning identities GitHub links to the login where the
// profile's do not match, and sums the candidate's activity. Each
// repository's history was walked and attributed to plan's identities
// in its own goroutine (walkHistory).
func authorship(ctx context.Context, gh *github.Client, acct *github.Account, targets []target, opts Options, plan *historyPlan, p *Profile, emit func(Event)) error {
	ident, hopts, now := plan.ident, plan.hopts, plan.hopts.Now
	report := &IdentityReport{Login: acct.Login}

	var repos []*walked
	for i := range targets {
		t := &targets[i]
		if !t.ok || t.snap == nil {
			continue
		}
		w := t.walked
		if w == nil {
			// Not walked in its goroutine (no owner, say): walked here.
			w = &walked{t: t, mm: readMailmap(t)}
			if err := w.analyse(ctx, opts, ident, hopts, nil); err != nil {
				return err
			}
		}
		repos = append(repos, w)
	}

	var entries []attributed
	for _, w := range repos {
		if w.result != nil {
			entries = append(entries, attributed{w.t, w.result})
		}
	}
	// The requests below were made while the last lines were counted
	// (earlyAsks), on the same repositories unless one failed since.
	early := plan.early
	if early != nil && (!early.wait(ctx) || early.err != nil || !slices.Equal(early.order, lookupOrder(entries))) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		early = nil
	}

	// Learn identities the profile does not show, always: ask GitHub to
	// attribute the commits of the repositories with the most commits by
	// people not yet recognised as the candidate, a bounded number of
	// times, and stop once a lookup teaches nothing new.
	var learned bool
	if early != nil {
		ident, learned = early.learnt, early.learned
		plan.ident = ident
		report.Lookups, report.LookupResults, report.Unavailable = early.report.Lookups, early.report.LookupResults, early.report.Unavailable
	} else {
		var err error
		learned, err = learnIdentities(ctx, gh, acct.Login, ident, lookupOrder(entries), opts.IdentityLookups, report)
		if err != nil {
			return err
		}
	}
	if learned {
		for _, w := range repos {
			if err := w.analyse(ctx, opts, ident, hopts, nil); err != nil {
				return err
			}
		}
	}

	// Where the clone's history was cut short, GitHub's contributor
	// statistics give the whole-history share, at one request each, for
	// at most opts.IdentityLookups repositories. GitHub computes them on
	// demand (an answer can take several polls), so they are asked at
	// once (or were, by earlyAsks), while the libraries are dated.
	type statsAsk struct {
		t     *target
		share *github.ContributorShare
		err   error
	}
	var asks []*statsAsk
	var asked sync.WaitGroup
	for _, t := range statsTargets(entries, opts.IdentityLookups) {
		a := &statsAsk{t: t}
		asks = append(asks, a)
		if early != nil {
			if got, ok := early.stats[t]; ok {
				a.share, a.err = got.share, got.err
				continue
			}
		}
		asked.Go(func() {
			a.share, a.err = gh.Contributors(ctx, t.owner, t.facts.Name, acct.Login, opts.StatsRetry)
		})
	}
	var results []*history.RepoHistory
	for _, w := range repos {
		w.t.facts.History = w.result
		if w.result == nil {
			continue
		}
		emit(Event{Stage: StageHistory, Repo: w.t.facts.Name, Detail: datingDetail})
		if err := dateLibraries(ctx, w.t, w.result); err != nil {
			asked.Wait()
			return err
		}
		if note := largeDiffNote(w.t.facts.Name, w.result); note != "" {
			p.Notes = append(p.Notes, note)
		}
		results = append(results, w.result)
	}
	asked.Wait()
	for _, a := range asks {
		switch {
		case a.err == nil:
			a.t.facts.AllTime = &ContributorShare{Commits: a.share.Commits, TheirCommits: a.share.TheirCommits, Additions: a.share.Additions, TheirAdditions: a.share.TheirAdds}
		case ctx.Err() != nil:
			return ctx.Err()
		default:
			a.t.facts.AllTime = &ContributorShare{Unavailable: a.err.Error()}
		}
	}
	report.Emails = ident.Emails()
	p.Identity = report

	got := <-plan.contributions
	if got.err != nil {
		return got.err
	}
	p.Contributions = got.contrib
	activity := history.CandidateActivity(history.NewWindow(now, activityWeeks), results, got.eventDates)
	p.Activity = &activity
	return nil
}

// walked is an analysed repository and what its history says.
type walked struct {
	t      *target
	mm     *history.Mailmap
	log    *history.Log
	result *history.RepoHistory
}

// Outcomes of an identity lookup.
const (
	// LookupLearned: GitHub attributed identities not known before.
	LookupLearned = "learned"
	// LookupNothingNew: every identity GitHub attributed was known; the
	// lookups stop there.
	LookupNothingNew = "nothing_new"
	// LookupFailed: the request failed; the next repository is asked.
	LookupFailed = "failed"
	// LookupRateLimited: the rate limit ended the lookups.
	LookupRateLimited = "rate_limited"
)

// IdentityLookup is one request asking GitHub which commits of a
// repository are the candidate's, and what it taught.
type IdentityLookup struct {
	Repo string `json:"repo"`
	// Unmatched is the commits by people in the walked history that no
	// known identity matched before the lookup: why it was asked.
	Unmatched int `json:"unmatched_commits"`
	// Outcome is learned, nothing_new, failed or rate_limited.
	Outcome string `json:"outcome"`
	// Signatures counts the distinct author name and email pairs GitHub
	// attributed to the candidate (of the repository's 100 newest
	// commits by them).
	Signatures int `json:"signatures"`
	// NewEmails and NewNames are the identities it taught.
	NewEmails []string `json:"new_emails,omitempty"`
	NewNames  []string `json:"new_names,omitempty"`
	// Error says why the request failed.
	Error string `json:"error,omitempty"`
}

// attributed is a repository and its history as attributed.
type attributed struct {
	t *target
	h *history.RepoHistory
}

// lookupCandidate is a repository an identity lookup may ask about, and
// the commits by people no known identity matched.
type lookupCandidate struct {
	t         *target
	unmatched int
}

// lookupOrder is the order in which learnIdentities asks about the
// repositories of entries: those with the most commits by people that no
// known identity matched first (ties in the order of entries, the
// targets' order, most recently pushed first). A repository whose commits
// are all recognised (or bots') can teach nothing and is left out, as is
// one without an owner on GitHub.
func lookupOrder(entries []attributed) []lookupCandidate {
	var order []lookupCandidate
	for _, e := range entries {
		if e.h == nil || e.t.owner == "" {
			continue
		}
		if n := e.h.Commits - e.h.BotCommits - e.h.TheirCommits; n > 0 {
			order = append(order, lookupCandidate{e.t, n})
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i].unmatched > order[j].unmatched })
	return order
}

// statsTargets are the repositories whose contributor statistics are
// asked: those whose clone's history is cut short, at most budget, in
// the order of entries.
func statsTargets(entries []attributed, budget int) []*target {
	var out []*target
	for _, e := range entries {
		if len(out) >= budget {
			break
		}
		if e.h != nil && !e.h.Complete && e.t.owner != "" {
			out = append(out, e.t)
		}
	}
	return out
}

// learnIdentities asks GitHub to attribute the commits of at most budget
// repositories of order (lookupOrder), adding what it attributes to
// ident. Every lookup is recorded in report. It says whether any identity
// was learned, so that the histories are attributed again.
func learnIdentities(ctx context.Context, gh *github.Client, login string, ident *history.Identity, order []lookupCandidate, budget int, report *IdentityReport) (bool, error) {
	learned := false
	for _, c := range order {
		if len(report.LookupResults) >= budget {
			break
		}
		full := c.t.owner + "/" + c.t.facts.Name
		look := IdentityLookup{Repo: full, Unmatched: c.unmatched}
		report.Lookups = append(report.Lookups, full)
		sigs, err := gh.AttributedSignatures(ctx, c.t.owner, c.t.facts.Name, login)
		if err != nil {
			if ctx.Err() != nil {
				return false, ctx.Err()
			}
			look.Error = err.Error()
			// Attribution is optional: a rate limit ends the lookups and
			// the report says so; the analysis already done stands.
			var rle *github.RateLimitError
			if errors.As(err, &rle) {
				look.Outcome = LookupRateLimited
				report.LookupResults = append(report.LookupResults, look)
				report.Unavailable = err.Error()
				break
			}
			look.Outcome = LookupFailed
			report.LookupResults = append(report.LookupResults, look)
			continue
		}
		look.Signatures = len(sigs)
		for _, s := range sigs {
			if ident.AddEmail(s.Email, history.MatchAttributedEmail) {
				look.NewEmails = append(look.NewEmails, history.NormEmail(s.Email))
			}
			if ident.AddName(s.Name) {
				look.NewNames = append(look.NewNames, strings.Join(strings.Fields(s.Name), " "))
			}
		}
		look.Outcome = LookupNothingNew
		if len(look.NewEmails)+len(look.NewNames) > 0 {
			look.Outcome = LookupLearned
			learned = true
		}
		report.LookupResults = append(report.LookupResults, look)
		if look.Outcome == LookupNothingNew {
			// The identities stopped growing: further repositories are
			// most likely attributed to the same ones.
			break
		}
	}
	return learned, nil
}

// largeDiffNote says which line counts of a repository leave out changes
// too large to diff, if any.
func largeDiffNote(repo string, h *history.RepoHistory) string {
	var parts []string
	if n := h.SkippedLargeDiffs; n > 0 {
		parts = append(parts, fmt.Sprintf("%s over %d MiB", words.Plural(n, "file change"), history.DefaultMaxDiffBlobBytes>>20))
	}
	if n := h.SkippedLargeCommits; n > 0 {
		parts = append(parts, fmt.Sprintf("%s changing over %d MiB of files", words.Plural(n, "commit"), history.DefaultMaxCommitDiffBytes>>20))
	}
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf("%s: the lines added leave out %s (not diffed, to bound memory).", repo, strings.Join(parts, " and "))
}

// maxMailmapBytes bounds the .mailmap read from a hostile repository.
const maxMailmapBytes = 256 << 10

// readMailmap reads .mailmap at the analysed commit, if there is one.
func readMailmap(t *target) *history.Mailmap {
	f, err := t.snap.Tree.File(".mailmap")
	if err != nil || f.Size > maxMailmapBytes || !f.Mode.IsFile() {
		return nil
	}
	content, err := f.Contents()
	if err != nil {
		return nil
	}
	return history.ParseMailmap([]byte(content))
}

// contributionWindowDays is how far back GitHub's public events go.
const contributionWindowDays = 90

// contributions reads the public events feed for work on repositories the
// candidate does not own; it also returns every event's date as activity.
func contributions(ctx context.Context, gh *github.Client, login string) (*Contributions, []time.Time, error) {
	c := &Contributions{WindowDays: contributionWindowDays, Items: []ContributionItem{}}
	events, err := gh.PublicEvents(ctx, login)
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		// The feed is optional: a failure or a rate limit is recorded
		// and the report is written without it.
		c.Unavailable = err.Error()
	}
	var dates []time.Time
	for _, e := range events {
		dates = append(dates, e.CreatedAt)
		owner, _, _ := strings.Cut(e.Repo, "/")
		if strings.EqualFold(owner, login) {
			continue
		}
		item := ContributionItem{Repo: e.Repo, Number: e.Number, Title: e.Title, URL: e.URL, Date: e.CreatedAt.UTC()}
		switch {
		case e.Type == "PullRequestEvent" && e.Action == "opened":
			c.PullRequestsOpened++
			item.Kind, item.State = "pull_request", "opened"
		case e.Type == "PullRequestEvent" && e.Action == "closed" && e.Merged:
			c.PullRequestsMerged++
			item.Kind, item.State = "pull_request", "merged"
		case e.Type == "PullRequestReviewEvent":
			c.Reviews++
			item.Kind, item.State = "review", e.ReviewState
		case e.Type == "IssuesEvent" && e.Action == "opened":
			c.IssuesOpened++
			item.Kind, item.State = "issue", "opened"
		case e.Type == "IssueCommentEvent":
			c.IssueComments++
			item.Kind, item.State = "issue_comment", e.Action
		default:
			continue
		}
		c.Items = append(c.Items, item)
	}
	return c, dates, nil
}

// datingDetail is the detail of the history event sent as a repository's
// libraries are dated.
const datingDetail = "dating libraries"

// dateLibraries dates each library of a repository by the measured commits
// that changed the files importing it. A module belongs to every library
// whose import is the module or a dotted prefix of it; the libraries are
// indexed by import once, so the work is linear in the (module, file)
// pairs, whatever the number of libraries.
func dateLibraries(ctx context.Context, t *target, h *history.RepoHistory) error {
	if t.facts.Dependencies == nil || len(t.importFiles) == 0 {
		return nil
	}
	libs := t.facts.Dependencies.Libraries
	byImport := make(map[string][]int, len(libs))
	maxDots := 0
	for i := range libs {
		byImport[libs[i].Import] = append(byImport[libs[i].Import], i)
		maxDots = max(maxDots, strings.Count(libs[i].Import, "."))
	}
	files := make([]map[string]bool, len(libs))
	n := 0
	for module, paths := range t.importFiles {
		if n++; n%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		// The prefixes of module with at most maxDots dots: no library
		// import is longer, so a module of thousands of components costs
		// no more than a short one.
		for end, dots := 0, 0; end <= len(module) && dots <= maxDots; end++ {
			if end < len(module) && module[end] != '.' {
				continue
			}
			for _, i := range byImport[module[:end]] {
				if files[i] == nil {
					files[i] = map[string]bool{}
				}
				for p := range paths {
					files[i][p] = true
				}
			}
			dots++
		}
	}
	for i := range libs {
		if i%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if len(files[i]) > 0 {
			libs[i].FirstCommit, libs[i].LastCommit, libs[i].WholeHistory = h.FileDates(files[i])
		}
	}
	return nil
}
