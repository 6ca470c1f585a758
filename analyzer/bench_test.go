package analyzer

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/pyscout/pyscout/analyzer/clone"
	"github.com/pyscout/pyscout/analyzer/github"
	"github.com/pyscout/pyscout/analyzer/github/githubtest"
)

// benchCandidate serves the directories named in PYSCOUT_BENCH_CORPUS
// (colon-separated) as one candidate's repositories on the fake GitHub.
func benchCandidate(b *testing.B) (*githubtest.Server, []string) {
	corpus := os.Getenv("PYSCOUT_BENCH_CORPUS")
	if corpus == "" {
		b.Skip("set PYSCOUT_BENCH_CORPUS=dir[:dir...] to benchmark a whole candidate")
	}
	s := githubtest.New(b)
	s.AddUser(githubtest.User{Login: "bench"})
	var names []string
	for i, dir := range strings.Split(corpus, ":") {
		files := map[string]string{}
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return err
			}
			if info, err := d.Info(); err != nil || info.Size() > 1<<20 {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			files[filepath.ToSlash(rel)] = string(data)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		name := filepath.Base(dir)
		s.AddRepo("bench", githubtest.Repo{Name: name, Language: "Python", Files: files,
			PushedAt: time.Date(2026, 1, 1, 0, 0, i, 0, time.UTC)})
		names = append(names, name)
	}
	return s, names
}

// clonesAtOnce runs clone for every name, DefaultJobs at a time (the
// pipeline's parallelism), and returns the time they took; a failure ends
// the benchmark.
func clonesAtOnce(b *testing.B, names []string, clone func(name string) error) time.Duration {
	b.Helper()
	g := new(errgroup.Group)
	g.SetLimit(DefaultJobs)
	start := time.Now()
	for _, name := range names {
		g.Go(func() error { return clone(name) })
	}
	if err := g.Wait(); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

// BenchmarkCandidateClonesOnly is the floor for a whole candidate: the
// same clones, with the same parallelism, and nothing else.
func BenchmarkCandidateClonesOnly(b *testing.B) {
	s, names := benchCandidate(b)
	for b.Loop() {
		cache := b.TempDir()
		clonesAtOnce(b, names, func(name string) error {
			_, err := clone.Fetch(context.Background(), s.CloneURL("bench", name), "", clone.Options{CacheDir: cache, Policy: clone.APIPolicy(s.APIURL())})
			return err
		})
	}
}

// BenchmarkCandidateAnalyse is the whole pipeline without history: the
// API, the clones, the walk and the Python analysis, overlapped.
func BenchmarkCandidateAnalyse(b *testing.B) {
	s, _ := benchCandidate(b)
	gh, err := github.NewClient(github.Options{APIURL: s.APIURL()})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := AnalyzeUser(context.Background(), gh, "bench", Options{CacheDir: b.TempDir(), NoHistory: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// benchPortfolio serves the git repositories named in PYSCOUT_BENCH_REPOS
// (colon-separated paths of local clones or bare mirrors) as the
// repositories of one candidate, "bench", with their whole histories. The
// most frequent author email of each repository is linked to the account,
// as GitHub links a verified email, but the account shows no email: the
// run learns the candidate's identities from GitHub's attribution, as it
// must for most real candidates.
func benchPortfolio(b *testing.B) (*githubtest.Server, []string) {
	b.Helper()
	list := os.Getenv("PYSCOUT_BENCH_REPOS")
	if list == "" {
		b.Skip("set PYSCOUT_BENCH_REPOS=repo[:repo...] (git repositories with history) to benchmark a whole candidate's history")
	}
	s := githubtest.New(b)
	s.AddUser(githubtest.User{Login: "bench"})
	var names []string
	linked := map[string]bool{}
	for _, dir := range strings.Split(list, ":") {
		name := benchRepoName(dir)
		// GitHub's pushed_at is the last push, never before the head
		// commit's date; the head commit's date stands for it.
		when, err := exec.Command("git", "-C", dir, "log", "-1", "--format=%cI", "HEAD").Output()
		if err != nil {
			b.Fatalf("git log %s: %v", dir, err)
		}
		pushed, err := time.Parse(time.RFC3339, strings.TrimSpace(string(when)))
		if err != nil {
			b.Fatalf("%s: head commit date: %v", dir, err)
		}
		s.AddRepo("bench", githubtest.Repo{Name: name, Language: "Python", GitSource: dir, PushedAt: pushed.UTC()})
		names = append(names, name)
		out, err := exec.Command("git", "-C", dir, "log", "-n", "2000", "--format=%ae", "HEAD").Output()
		if err != nil {
			b.Fatalf("git log %s: %v", dir, err)
		}
		top, most := "", 0
		counts := map[string]int{}
		for _, e := range strings.Fields(string(out)) {
			e = strings.ToLower(e)
			if counts[e]++; counts[e] > most && strings.Contains(e, "@") {
				top, most = e, counts[e]
			}
		}
		if top != "" && !linked[top] {
			linked[top] = true
			s.LinkEmail("bench", top)
		}
	}
	return s, names
}

// benchRepoName names a repository after its directory; a mirror's
// directory is OWNER+NAME/repo, named NAME.
func benchRepoName(dir string) string {
	dir = filepath.Clean(dir)
	name := strings.TrimSuffix(filepath.Base(dir), ".git")
	if name == "repo" {
		parent := filepath.Base(filepath.Dir(dir))
		if _, after, ok := strings.Cut(parent, "+"); ok {
			parent = after
		}
		name = parent
	}
	return name
}

// BenchmarkCandidateHistory is the whole default pipeline, history
// included, on repositories with real histories (PYSCOUT_BENCH_REPOS): the
// clones, the analysis, the deepening fetches, the history walks, the
// line counting and the identity lookups. Profile it with -cpuprofile.
func BenchmarkCandidateHistory(b *testing.B) {
	s, _ := benchPortfolio(b)
	gh, err := github.NewClient(github.Options{APIURL: s.APIURL()})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		// The repositories' clones, analyses and deepening fetches end
		// with their last done event; the history walks, the identity
		// lookups and the events come after it.
		var lastDone time.Time
		start := time.Now()
		p, err := AnalyzeUser(context.Background(), gh, "bench", Options{CacheDir: b.TempDir(), Progress: func(e Event) {
			if e.Stage == StageDone || e.Stage == StageSkip {
				lastDone = time.Now()
			}
		}})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(lastDone.Sub(start).Seconds(), "fetch+analyse-s")
		b.ReportMetric(time.Since(lastDone).Seconds(), "walks-s")
		commits, lines := 0, 0
		for _, r := range p.Repos {
			if r.History != nil {
				commits += r.History.Commits
				lines += r.History.LinesMeasuredCommits
			}
		}
		b.ReportMetric(float64(commits), "commits")
		b.ReportMetric(float64(lines), "diffed-commits")
	}
}

// BenchmarkCandidateHistoryClonesOnly is BenchmarkCandidateHistory's
// floor: full (whole-history) clones of the same repositories with go-git,
// four at a time.
func BenchmarkCandidateHistoryClonesOnly(b *testing.B) {
	s, names := benchPortfolio(b)
	for b.Loop() {
		cache := b.TempDir()
		clonesAtOnce(b, names, func(name string) error {
			_, err := clone.Fetch(context.Background(), s.CloneURL("bench", name), "", clone.Options{CacheDir: cache, Depth: 0x7fffffff, Policy: clone.APIPolicy(s.APIURL())})
			return err
		})
	}
}
