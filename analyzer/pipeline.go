package analyzer

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-git/v5"
	"golang.org/x/sync/errgroup"

	"github.com/pyscout/pyscout/analyzer/brief"
	"github.com/pyscout/pyscout/analyzer/clone"
	"github.com/pyscout/pyscout/analyzer/github"
	"github.com/pyscout/pyscout/analyzer/history"
	"github.com/pyscout/pyscout/analyzer/option"
	"github.com/pyscout/pyscout/analyzer/practices"
	"github.com/pyscout/pyscout/analyzer/walk"
	"github.com/pyscout/pyscout/rules/libraries"
)

// Options configures a run.
type Options struct {
	// Jobs bounds how many repositories are cloned and analysed at once.
	Jobs int
	// MaxRepos caps the Python repositories analysed, most recently pushed first.
	MaxRepos int
	// MaxRepoMB skips repositories GitHub reports as larger.
	MaxRepoMB int
	// IncludeForks analyses forks too.
	IncludeForks bool
	// CacheDir holds the clones.
	CacheDir string
	// CloneLimits bounds each clone's waits (no data, in all, for the
	// cache lock); the clone stage's defaults when zero.
	CloneLimits clone.Limits
	// apiURL is the API the repositories were listed from, whose host
	// clone URLs may name; set by AnalyzeUser.
	apiURL string
	// Walk bounds the file walk.
	Walk walk.Options
	// Progress, if set, receives events; calls are serialised.
	Progress func(Event)
	// Now stamps the profile and ends the activity window; time.Now when nil.
	Now func() time.Time
	// NoHistory skips authorship and activity (no deepening fetches, no
	// events or attribution requests).
	NoHistory bool
	// HistoryDepth bounds the commits fetched behind each analysed commit.
	HistoryDepth int
	// MaxForkChecks bounds the forks compared with their upstream.
	MaxForkChecks int
	// IdentityLookups bounds the repositories whose commits GitHub is asked
	// to attribute to the candidate.
	IdentityLookups int
	// StatsRetry bounds the waits on GitHub's statistics.
	StatsRetry github.StatsRetry
	// Libraries maps imports to distributions and categories; the
	// built-in data when nil.
	Libraries *libraries.DB
	// ResultsCacheMB bounds the results cache under CacheDir (the facts
	// of files, snapshots and histories already computed);
	// DefaultResultsCacheMB when zero. NoResultsCache turns it off.
	ResultsCacheMB int
	NoResultsCache bool
	// results is the run's results cache, opened by AnalyzeUser and Inspect.
	results *resultsRun
	// history, set by AnalyzeUser when history is on, attributes each
	// repository's history to the candidate's known identities as soon
	// as its clone is deepened (see walkHistory).
	history *historyPlan
}

// Defaults for Options.
const (
	DefaultJobs            = 4
	DefaultMaxRepos        = 30
	DefaultMaxRepoMB       = 500
	DefaultHistoryDepth    = 1000
	DefaultMaxForkChecks   = 10
	DefaultIdentityLookups = 3
)

// Upper bounds of Options, each far beyond a real portfolio and low
// enough to catch a typo; the lower bound of each is 1. The command's
// flags keep to the same bounds (it maps the errors to its flags' names).
const (
	maxJobs            = 64
	maxReposBound      = 10_000
	maxRepoMBBound     = 1_000_000
	maxHistoryDepth    = 10_000_000
	maxForkChecksBound = 1_000
	maxIdentityLookups = 1_000
)

// ErrInvalidOption is matched by the errors of Options.Validate: a field
// out of range or missing, named by an *option.Error.
var ErrInvalidOption = option.ErrInvalid

// Validate fills the zero fields of o with their defaults (the Default
// constants, the built-in libraries, time.Now, DefaultCacheDir) and checks
// the others against their bounds, nested options (Walk, CloneLimits,
// StatsRetry) included; an *option.Error such as "Jobs must be between 1
// and 64, not 65" or "Walk.MaxFiles ..." names each field out of range,
// and all of them match ErrInvalidOption. AnalyzeUser and Inspect call it
// first; a caller may call it earlier to fail before any work.
func (o *Options) Validate() error {
	err := errors.Join(
		option.Range("Jobs", &o.Jobs, DefaultJobs, 1, maxJobs),
		option.Range("MaxRepos", &o.MaxRepos, DefaultMaxRepos, 1, maxReposBound),
		option.Range("MaxRepoMB", &o.MaxRepoMB, DefaultMaxRepoMB, 1, maxRepoMBBound),
		option.Range("HistoryDepth", &o.HistoryDepth, DefaultHistoryDepth, 1, maxHistoryDepth),
		option.Range("MaxForkChecks", &o.MaxForkChecks, DefaultMaxForkChecks, 1, maxForkChecksBound),
		option.Range("IdentityLookups", &o.IdentityLookups, DefaultIdentityLookups, 1, maxIdentityLookups),
		option.Range("ResultsCacheMB", &o.ResultsCacheMB, DefaultResultsCacheMB, 1, MaxResultsCacheMB),
		option.In("CloneLimits", o.CloneLimits.Validate()),
		option.In("Walk", o.Walk.Validate()),
		option.In("StatsRetry", o.StatsRetry.Validate()),
	)
	if err != nil {
		return err
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Libraries == nil {
		o.Libraries = libraries.Default()
	}
	if o.CacheDir == "" {
		dir, err := DefaultCacheDir()
		if err != nil {
			return err
		}
		o.CacheDir = dir
	}
	return nil
}

// DefaultCacheDir is $XDG_CACHE_HOME/pyscout (or the platform's equivalent).
func DefaultCacheDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory (set XDG_CACHE_HOME or --cache-dir): %w", err)
	}
	return filepath.Join(base, "pyscout"), nil
}

// Stage names the step an Event reports on.
type Stage string

// Stages of the pipeline.
const (
	StageList    Stage = "list"
	StageSelect  Stage = "select"
	StageClone   Stage = "clone"
	StageAnalyse Stage = "analyse"
	StageHistory Stage = "history"
	StageDone    Stage = "done"
	StageSkip    Stage = "skip"
)

// Event reports progress: Done of Total repositories, and what happened to Repo.
type Event struct {
	Stage  Stage
	Repo   string
	Done   int
	Total  int
	Detail string
}

// AnalyzeUser analyses the public Python repositories of a GitHub account.
// Optional late steps (events, contributor statistics, identity
// attribution) that fail or hit the rate limit are recorded in the profile
// as unavailable, not returned. When repositories were found and none
// could be analysed, it returns the complete profile together with a
// *NothingAnalysedError, so that the caller can write the report and fail.
func AnalyzeUser(ctx context.Context, gh *github.Client, login string, opts Options) (*Profile, error) {
	if err := opts.Validate(); err != nil {
		return nil, fmt.Errorf("options: %w", err)
	}
	opts.apiURL = gh.APIURL()
	opts.results = openResults(&opts)
	// A run that fails still stores what it computed; a run that
	// succeeds has stored it already, to count it in the profile.
	defer opts.results.flush()
	now := opts.Now()
	emit := serialise(opts.Progress)
	acct, err := gh.Account(ctx, login)
	if err != nil {
		return nil, err
	}
	emit(Event{Stage: StageList, Repo: acct.Login})
	repos, err := gh.ListRepos(ctx, acct.Login)
	if err != nil {
		return nil, err
	}
	p := &Profile{
		Login:       acct.Login,
		AccountType: acct.Type,
		Name:        acct.Name,
		HTMLURL:     acct.HTMLURL,
		Source:      "github",
		Repos:       []RepoFacts{},
		Skipped:     []SkippedRepo{},
		Selection: &Selection{
			MaxRepos:     opts.MaxRepos,
			MaxRepoMB:    opts.MaxRepoMB,
			IncludeForks: opts.IncludeForks,
			PublicRepos:  len(repos),
		},
	}
	if acct.IsOrganization() {
		p.Notes = append(p.Notes, fmt.Sprintf("%s is a GitHub organisation, not a person: its public repositories were analysed, and their code may be written by many people.", acct.Login))
	}
	targets, err := selectRepos(ctx, gh, acct.Login, repos, opts, p)
	if err != nil {
		return nil, err
	}
	emit(Event{Stage: StageSelect, Total: workCount(targets)})
	var plan *historyPlan
	if !opts.NoHistory {
		plan = &historyPlan{ident: history.NewIdentity(acct.Login, acct.ID, acct.Email), hopts: history.Options{Now: now, Weeks: activityWeeks}}
		plan.readContributions(ctx, gh, acct.Login)
		ectx, cancelEarly := context.WithCancel(ctx)
		defer cancelEarly()
		plan.early = newEarlyAsks(ectx, gh, acct.Login, plan.ident, targets, opts)
		opts.history = plan
	}
	if err := runTargets(ctx, targets, opts, emit); err != nil {
		return nil, err
	}
	if plan != nil {
		if err := authorship(ctx, gh, acct, targets, opts, plan, p, emit); err != nil {
			return nil, err
		}
	}
	collect(targets, p)
	failed := nothingAnalysed(targets)
	var none *NothingAnalysedError
	if errors.As(failed, &none) {
		p.Notes = append(p.Notes, none.Note())
	} else if len(p.Repos) == 0 {
		p.Notes = append(p.Notes, "No public Python code was found to analyse. That is not evidence of a lack of skill: much professional work is private.")
	}
	if p.Totals.Files == 0 && p.Totals.Notebooks > 0 {
		p.Signals = append(p.Signals, history.Signal{Kind: "notebooks_only", Text: fmt.Sprintf(
			"All the Python found is in %d Jupyter notebooks: there is no module or package code to read.", p.Totals.Notebooks)})
	}
	if p.Activity != nil {
		p.Signals = append(p.Signals, p.Activity.Signals...)
	}
	usage := &APIUsage{Requests: gh.Requests(), NotModified: gh.NotModified(), Authenticated: gh.Authenticated()}
	if limit, remaining, reset, ok := gh.Rate(); ok {
		usage.RateLimit, usage.RateRemaining = limit, remaining
		if !reset.IsZero() {
			usage.RateReset = &reset
		}
	}
	p.API = usage
	p.Cache = &CacheUse{Results: opts.results.use()}
	p.GeneratedAt = opts.Now().UTC()
	return p, failed
}

// pythonLanguage reports GitHub language names that mean Python code.
func pythonLanguage(lang string) bool {
	return lang == "Python" || lang == "Jupyter Notebook"
}

// target is one repository or directory to analyse.
type target struct {
	facts    RepoFacts
	owner    string
	cloneURL string // empty for a local directory
	dir      string // local directory, when cloneURL is empty
	// ahead lists a fork's commits beyond its upstream; only the files
	// they changed are analysed.
	ahead []string
	// skip, when set, files the target under Skipped without work.
	skip string
	// importFiles maps third-party modules to the files importing them.
	importFiles map[string]map[string]bool
	// code is the brief's summary of the files.
	code *brief.Code
	snap *clone.Snapshot
	// walked is the repository's history, walked and attributed to the
	// identities known before any lookup (walkHistory).
	walked *walked
	// edge is shallowKey's answer once the clone is final (edgeKnown),
	// read before the history walk and the parse run side by side on
	// the clone.
	edge      string
	edgeKnown bool
	// clonedDepth is the depth the clone was fetched at (cloneDepth, or 1
	// after a deep clone failed: deepCloneFailed).
	clonedDepth     int
	deepCloneFailed bool
	// deepenFailed is set when a deepening fetch failed and the history
	// stands on what was fetched before.
	deepenFailed bool
	err          error
	ok           bool

	// userTyped marks a clone URL the user typed (inspect), which may
	// name any host and the git, ssh and file schemes; one from an API
	// answer may not.
	userTyped bool
}

// workCount is how many targets will be cloned and analysed: the progress
// total, which the ones skipped at selection do not count in.
func workCount(targets []target) int {
	n := 0
	for i := range targets {
		if targets[i].skip == "" {
			n++
		}
	}
	return n
}

// runTargets clones and analyses targets with bounded parallelism.
func runTargets(ctx context.Context, targets []target, opts Options, emit func(Event)) error {
	// Leftovers of a run killed mid-clone go first (file times are real
	// times, whatever opts.Now says).
	clone.SweepStale(opts.CacheDir, time.Now())
	pool, err := newParsePool(0)
	if err != nil {
		return err
	}
	defer pool.close()
	pool.results = opts.results
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(opts.Jobs)
	var mu sync.Mutex
	done := 0
	for _, i := range largestFirst(targets) {
		t := &targets[i]
		if t.skip != "" {
			continue
		}
		g.Go(func() error {
			if opts.history != nil {
				// A target whose history was not listed says so when
				// it ends, so that the early asks do not wait for it.
				defer opts.history.early.reportListed(t, nil)
			}
			err := analyseTarget(gctx, t, opts, pool, emit)
			if err != nil && gctx.Err() != nil {
				return gctx.Err()
			}
			t.err = err
			t.ok = err == nil
			mu.Lock()
			done++
			ev := Event{Stage: StageDone, Repo: t.facts.Name, Done: done, Total: workCount(targets)}
			if err != nil {
				ev.Stage, ev.Detail = StageSkip, reasonFor(err)
			}
			mu.Unlock()
			emit(ev)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return ctx.Err()
}

// largestFirst is the order in which targets start: the largest first (by
// GitHub's size, the clone's bytes), in their own order among equals.
// With a few clones in flight, the run lasts as long as its longest chain
// of work; a large repository started last would be that chain alone,
// cloning, parsing and walking its history while the others are done.
// The report keeps the targets' own order.
func largestFirst(targets []target) []int {
	order := make([]int, len(targets))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return targets[order[a]].facts.SizeKB > targets[order[b]].facts.SizeKB
	})
	return order
}

// collect files the targets into p, in the targets' order.
func collect(targets []target, p *Profile) {
	defer func() {
		p.Libraries = candidateLibraries(p.Repos)
		p.Code = sumCode(p.Repos)
		p.Functions = rankFunctions(p.Repos)
		entries := make([]practices.RepoEntry, 0, len(p.Repos))
		for i := range p.Repos {
			entries = append(entries, practices.RepoEntry{Name: p.Repos[i].Name, Practices: p.Repos[i].Practices})
		}
		sum := practices.ForCandidate(entries)
		p.Practices = &sum
		p.Briefs = briefsFor(targets)
	}()
	for i := range targets {
		t := &targets[i]
		if t.skip != "" {
			p.Skipped = append(p.Skipped, SkippedRepo{Name: t.facts.Name, Reason: t.skip, URL: t.facts.URL, Fork: t.facts.Fork, Archived: t.facts.Archived})
			continue
		}
		if t.ok {
			for lang, n := range t.facts.Walk.Languages {
				if p.Languages == nil {
					p.Languages = map[string]int64{}
				}
				p.Languages[lang] += n
			}
			p.Repos = append(p.Repos, t.facts)
			p.Totals.add(&t.facts.Python)
			continue
		}
		p.Skipped = append(p.Skipped, SkippedRepo{
			Name: t.facts.Name, Reason: reasonFor(t.err), Detail: detailFor(t.err),
			URL: t.facts.URL, Fork: t.facts.Fork, Archived: t.facts.Archived,
		})
	}
}

// cloneAttempts bounds retries of a clone that failed for a transient reason.
const cloneAttempts = 3

func analyseTarget(ctx context.Context, t *target, opts Options, pool *parsePool, emit func(Event)) error {
	var src walk.Source
	if t.cloneURL != "" {
		emit(Event{Stage: StageClone, Repo: t.facts.Name})
		snap, err := cloneTarget(ctx, t, opts)
		if err != nil {
			return err
		}
		t.snap = snap
		t.facts.Commit = snap.Commit
		t.facts.Branch = snap.Branch
	} else {
		src = walk.Dir{Root: t.dir}
	}
	walkOpts := opts.Walk
	if t.ahead != nil {
		// A fork is analysed for the files its owner's commits changed.
		if err := clone.Deepen(ctx, t.snap, t.cloneURL, len(t.ahead)+1); err != nil {
			return err
		}
		only, err := history.FilesChanged(ctx, t.snap.Repository, t.ahead)
		if err != nil {
			return err
		}
		walkOpts.Only = only
	}
	emit(Event{Stage: StageAnalyse, Repo: t.facts.Name})
	withHistory := t.snap != nil && !opts.NoHistory && t.owner != ""
	var walkDone chan error
	var wctx context.Context
	cancelWalk := func() {}
	if withHistory {
		// The deepening fetch writes to the clone the parse reads, so it
		// goes first; it rarely fetches, since the clone was made as deep
		// as the history needs (cloneDepth).
		if err := opts.results.deepen(ctx, t, opts); err != nil {
			return err
		}
		if opts.history != nil {
			// The history walk reads the clone through its own handle
			// on the object store (history.ReadLog), so it runs beside
			// the parse. The mailmap is read here, through the
			// snapshot's handle, which the parse uses.
			mm := readMailmap(t)
			edge, err := shallowKey(t)
			if err != nil {
				return fmt.Errorf("history of %s: %w", t.facts.Name, err)
			}
			t.edge, t.edgeKnown = edge, true
			wctx, cancelWalk = context.WithCancel(ctx)
			walkDone = make(chan error, 1)
			go func() { walkDone <- walkHistory(wctx, t, opts, mm) }()
		}
	}
	defer cancelWalk()
	if t.snap != nil {
		// The parse reads every file of the tree: through a handle that
		// keeps the pack files open (go-git's default opens one per
		// object read), or the snapshot's own if that cannot be made.
		tree := t.snap.Tree
		repo, done := history.KeepOpen(t.snap.Repository)
		defer done()
		if kept, err := repo.TreeObject(tree.Hash); err == nil {
			tree = kept
		}
		src = walk.GitTree{Tree: tree}
	}
	sf, err := analyseSource(ctx, src, walkOpts, pool, opts.Libraries)
	if walkDone != nil {
		if err != nil {
			cancelWalk()
		} else {
			emit(Event{Stage: StageHistory, Repo: t.facts.Name})
		}
		if werr := <-walkDone; werr != nil && err == nil {
			return werr
		}
	}
	if err != nil {
		return fmt.Errorf("analyse %s: %w", t.facts.Name, err)
	}
	t.facts.Python = sf.python
	t.facts.Walk = sf.walk
	t.facts.Practices = sf.practices
	t.facts.Dependencies = sf.dependencies
	t.facts.Roles = sf.roles
	stampRoles(&t.facts, sf.role)
	t.importFiles = sf.importFiles
	t.code = sf.code
	return nil
}

// cloneTarget clones t as deep as its analysis needs (cloneDepth),
// retrying transient failures. A deep clone that fails for another reason
// (a history too large to fetch within the time limits, say) is tried
// again at depth 1, the analysis clone: the code is analysed whatever
// happens to its history, which then stands on that one commit (the
// deepening step does not try the failed fetch a second time; the report
// marks the history as cut short).
func cloneTarget(ctx context.Context, t *target, opts Options) (*clone.Snapshot, error) {
	copts := clone.Options{CacheDir: opts.CacheDir, Policy: clone.APIPolicy(opts.apiURL), Limits: opts.CloneLimits, Depth: cloneDepth(t, opts)}
	if t.userTyped {
		copts.Policy = clone.Policy{UserTyped: true}
	}
	for {
		copts.KnownTip = opts.results.knownTip(t, copts.Depth)
		snap, tries, err := fetchWithRetries(ctx, t, copts)
		if err == nil {
			t.clonedDepth = copts.Depth
			opts.results.fetched(t, copts.Depth, snap)
			return snap, nil
		}
		if copts.Depth <= 1 || ctx.Err() != nil || errors.Is(err, clone.ErrUnreachable) || errors.Is(err, clone.ErrEmptyRepository) || errors.Is(err, clone.ErrRefused) || errors.Is(err, clone.ErrBusy) {
			return nil, &triedError{err: err, tries: tries}
		}
		copts.Depth = 1
		t.deepCloneFailed = true
	}
}

// fetchWithRetries is clone.Fetch, tried again after a transient failure.
func fetchWithRetries(ctx context.Context, t *target, copts clone.Options) (*clone.Snapshot, int, error) {
	var snap *clone.Snapshot
	var err error
	tries := 0
	for attempt := 0; attempt < cloneAttempts; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return nil, tries, ctx.Err()
			case <-time.After(time.Duration(attempt) * time.Second):
			}
		}
		tries++
		snap, err = clone.Fetch(ctx, t.cloneURL, t.facts.Branch, copts)
		if !clone.Transient(err) {
			break
		}
	}
	return snap, tries, err
}

// cloneDepth is the depth of t's first clone: 1 without history (and for
// a fork, whose own commits are fetched by count, and a URL the user
// typed, which has no history step), otherwise the depth the history step
// would deepen to, so that one fetch brings it: firstDeepen commits when
// GitHub's last push to the repository is older than the activity window
// (no commit behind it can be in the window), opts.HistoryDepth
// otherwise. One fetch of the whole depth costs the server one pack and
// pyscout one round trip and one index, where a depth-1 clone and a
// deepening fetch cost two of each, and the deepening had to wait for
// the parse.
func cloneDepth(t *target, opts Options) int {
	if opts.NoHistory || t.owner == "" || t.ahead != nil || t.userTyped {
		return 1
	}
	windowStart := history.NewWindow(opts.Now(), activityWeeks).From
	if t.facts.PushedAt != nil && t.facts.PushedAt.Before(windowStart) {
		return min(firstDeepen, opts.HistoryDepth)
	}
	return opts.HistoryDepth
}

// Inspect analyses local directories and git URLs without the GitHub API.
// A target that cannot be read is listed in Skipped; the others go on.
func Inspect(ctx context.Context, targetArgs []string, opts Options) (*Profile, error) {
	if err := opts.Validate(); err != nil {
		return nil, fmt.Errorf("options: %w", err)
	}
	opts.results = openResults(&opts)
	defer opts.results.flush()
	emit := serialise(opts.Progress)
	p := &Profile{Source: "inspect", Repos: []RepoFacts{}, Skipped: []SkippedRepo{}}
	var targets []target
	for _, arg := range targetArgs {
		t, err := inspectTarget(arg)
		if err != nil {
			p.Skipped = append(p.Skipped, SkippedRepo{Name: arg, Reason: err.Error()})
			continue
		}
		targets = append(targets, t)
	}
	emit(Event{Stage: StageSelect, Total: workCount(targets)})
	if err := runTargets(ctx, targets, opts, emit); err != nil {
		return nil, err
	}
	collect(targets, p)
	if len(p.Repos) == 0 && len(p.Skipped) == 0 {
		p.Notes = append(p.Notes, "Nothing to inspect.")
	}
	p.Cache = &CacheUse{Results: opts.results.use()}
	p.GeneratedAt = opts.Now().UTC()
	return p, nil
}

// IsRemote reports whether an inspect argument names a git URL.
func IsRemote(arg string) bool {
	u, err := url.Parse(arg)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "http", "https", "git", "ssh", "file":
		return u.Host != "" || u.Scheme == "file"
	}
	return false
}

func inspectTarget(arg string) (target, error) {
	if IsRemote(arg) {
		u, _ := url.Parse(arg)
		name := strings.TrimSuffix(filepath.Base(strings.TrimSuffix(u.Path, "/")), ".git")
		if name == "" || name == "." || name == "/" {
			name = u.Host
		}
		return target{facts: RepoFacts{Name: name, Location: clone.Redact(arg)}, cloneURL: arg, userTyped: true}, nil
	}
	abs, err := filepath.Abs(arg)
	if err != nil {
		return target{}, err
	}
	info, err := os.Stat(abs)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return target{}, fmt.Errorf("no such directory or git URL: %s", arg)
		}
		return target{}, err
	}
	if !info.IsDir() {
		return target{}, fmt.Errorf("not a directory: %s", arg)
	}
	t := target{facts: RepoFacts{Name: filepath.Base(abs), Location: abs}, dir: abs}
	if repo, err := git.PlainOpen(abs); err == nil {
		if head, err := repo.Head(); err == nil {
			t.facts.Commit = head.Hash().String()
			if head.Name().IsBranch() {
				t.facts.Branch = head.Name().Short()
			}
		}
	}
	return t, nil
}

// serialise makes a progress callback safe to call from many goroutines.
func serialise(fn func(Event)) func(Event) {
	if fn == nil {
		return func(Event) {}
	}
	var mu sync.Mutex
	return func(e Event) {
		mu.Lock()
		defer mu.Unlock()
		fn(e)
	}
}

func escapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}
