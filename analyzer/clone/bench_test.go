package clone

import (
	"context"
	"crypto"
	"crypto/sha1"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing/hash"
	"github.com/pjbgf/sha1cd"
	"golang.org/x/sync/errgroup"

	"github.com/pyscout/pyscout/analyzer/github/githubtest"
	"github.com/pyscout/pyscout/analyzer/internal/cputime"
)

// benchJobs is the pipeline's default parallelism: four clones at a time.
const benchJobs = 4

// benchHistoryDepth is the pipeline's default --history-depth.
const benchHistoryDepth = 1000

// countingProxy stands between go-git and the fake, counting the bytes of
// the answers (the packs and ref advertisements the client reads).
type countingProxy struct {
	srv   *httptest.Server
	bytes atomic.Int64
}

func newCountingProxy(tb testing.TB, target string) *countingProxy {
	u, err := url.Parse(target)
	if err != nil {
		tb.Fatal(err)
	}
	p := &countingProxy{}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.ModifyResponse = func(r *http.Response) error {
		r.Body = &countingBody{ReadCloser: r.Body, n: &p.bytes}
		return nil
	}
	p.srv = httptest.NewServer(rp)
	tb.Cleanup(p.srv.Close)
	return p
}

type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	return n, err
}

// benchRepos serves the git repositories named in PYSCOUT_BENCH_REPOS
// (colon-separated, as for the analyzer's benchmarks) on the fake, behind
// a counting proxy, and returns their clone URLs through the proxy.
func benchRepos(b *testing.B) (*githubtest.Server, *countingProxy, []string) {
	b.Helper()
	list := os.Getenv("PYSCOUT_BENCH_REPOS")
	if list == "" {
		b.Skip("set PYSCOUT_BENCH_REPOS=repo[:repo...] (git repositories with history) to benchmark clones and deepening")
	}
	s := githubtest.New(b)
	s.AddUser(githubtest.User{Login: "bench"})
	p := newCountingProxy(b, s.URL())
	var urls []string
	for i, dir := range strings.Split(list, ":") {
		name := filepath.Base(filepath.Clean(dir))
		if name == "repo" {
			name = filepath.Base(filepath.Dir(filepath.Clean(dir)))
		}
		name = strings.NewReplacer("+", "-", ".git", "").Replace(name)
		s.AddRepo("bench", githubtest.Repo{Name: name, Language: "Python", GitSource: dir,
			PushedAt: time.Date(2026, 1, 1, 0, 0, i, 0, time.UTC)})
		urls = append(urls, strings.Replace(s.CloneURL("bench", name), s.URL(), p.srv.URL, 1))
	}
	return s, p, urls
}

// runBench runs one(ctx, url, opts) for every repository, benchJobs at a
// time, into a new cache per iteration, and reports the CPU seconds of the
// client (this process, the fake's in-process HTTP included) and of the
// server (git http-backend and upload-pack), the bytes read and the git
// requests per iteration.
func runBench(b *testing.B, one func(ctx context.Context, url string, o Options) error) {
	s, proxy, urls := benchRepos(b)
	policy := APIPolicy(proxy.srv.URL + "/api/v3")
	self0, child0 := cputimeUsed(b)
	bytes0, req0 := proxy.bytes.Load(), s.RequestCount("/git/")
	n := 0
	for b.Loop() {
		n++
		cache := b.TempDir()
		g, ctx := errgroup.WithContext(context.Background())
		g.SetLimit(benchJobs)
		for _, u := range urls {
			g.Go(func() error { return one(ctx, u, Options{CacheDir: cache, Policy: policy}) })
		}
		if err := g.Wait(); err != nil {
			b.Fatal(err)
		}
	}
	self1, child1 := cputimeUsed(b)
	b.ReportMetric((self1-self0).Seconds()/float64(n), "cpu-s/op")
	b.ReportMetric((child1-child0).Seconds()/float64(n), "server-cpu-s/op")
	b.ReportMetric(float64(proxy.bytes.Load()-bytes0)/float64(n), "read-B/op")
	b.ReportMetric(float64(s.RequestCount("/git/")-req0)/float64(n), "git-requests/op")
}

// BenchmarkCloneDeepen is the clone stage of a default run: a shallow
// clone of each repository, then one deepening fetch to the default
// history depth, four repositories at a time. Profile it with -cpuprofile.
// The sha1cd case is go-git's default hash, which the clone stage
// replaces (hash.go): the two, run together, show what the choice saves
// under the same load.
func BenchmarkCloneDeepen(b *testing.B) {
	deepen := func(ctx context.Context, u string, o Options) error {
		snap, err := Fetch(ctx, u, "", o)
		if err != nil {
			return err
		}
		return Deepen(ctx, snap, u, benchHistoryDepth)
	}
	b.Run("hash=crypto-sha1", func(b *testing.B) { runBench(b, deepen) })
	b.Run("hash=sha1cd", func(b *testing.B) {
		// The table is process-wide and unlocked: swapped only while no
		// clone runs, and put back before the next benchmark.
		if err := hash.RegisterHash(crypto.SHA1, sha1cd.New); err != nil {
			b.Fatal(err)
		}
		defer func() { _ = hash.RegisterHash(crypto.SHA1, sha1.New) }()
		runBench(b, deepen)
	})
}

// BenchmarkCloneShallow is the clone stage of a --no-history run.
func BenchmarkCloneShallow(b *testing.B) {
	runBench(b, func(ctx context.Context, u string, o Options) error {
		_, err := Fetch(ctx, u, "", o)
		return err
	})
}

// BenchmarkCloneFull is one clone of each repository's whole history, the
// floor a shallow clone and a deepening fetch are measured against.
func BenchmarkCloneFull(b *testing.B) {
	runBench(b, func(ctx context.Context, u string, o Options) error {
		o.Depth = infiniteDepth
		_, err := Fetch(ctx, u, "", o)
		return err
	})
}

// BenchmarkCloneAtHistoryDepth fetches the default history depth in the
// first clone: what a default run would cost without the shallow clone
// that lets the analysis start before the history has arrived.
func BenchmarkCloneAtHistoryDepth(b *testing.B) {
	runBench(b, func(ctx context.Context, u string, o Options) error {
		o.Depth = benchHistoryDepth
		_, err := Fetch(ctx, u, "", o)
		return err
	})
}

// BenchmarkCloneRefresh is a re-run a week later: each repository's
// cached clone, deepened to the default history depth, has one new commit
// to fetch. Only the fetches are measured; the pushes are not.
func BenchmarkCloneRefresh(b *testing.B) {
	s, proxy, urls := benchRepos(b)
	o := Options{CacheDir: b.TempDir(), Policy: APIPolicy(proxy.srv.URL + "/api/v3")}
	fetchAll := func(deepen bool) {
		g, ctx := errgroup.WithContext(context.Background())
		g.SetLimit(benchJobs)
		for _, u := range urls {
			g.Go(func() error {
				snap, err := Fetch(ctx, u, "", o)
				if err != nil || !deepen {
					return err
				}
				return Deepen(ctx, snap, u, benchHistoryDepth)
			})
		}
		if err := g.Wait(); err != nil {
			b.Fatal(err)
		}
	}
	fetchAll(true)
	var self, child time.Duration
	var bytes int64
	var requests, n int
	for b.Loop() {
		b.StopTimer()
		n++
		for _, u := range urls {
			name := strings.TrimSuffix(u[strings.LastIndex(u, "/")+1:], ".git")
			s.CommitFiles("bench", name, map[string]string{fmt.Sprintf("bench_%d.py", n): "x = 1\n"})
		}
		self0, child0 := cputimeUsed(b)
		bytes0, req0 := proxy.bytes.Load(), s.RequestCount("/git/")
		b.StartTimer()
		fetchAll(false)
		self1, child1 := cputimeUsed(b)
		self, child = self+self1-self0, child+child1-child0
		bytes += proxy.bytes.Load() - bytes0
		requests += s.RequestCount("/git/") - req0
	}
	b.ReportMetric(self.Seconds()/float64(n), "cpu-s/op")
	b.ReportMetric(child.Seconds()/float64(n), "server-cpu-s/op")
	b.ReportMetric(float64(bytes)/float64(n), "read-B/op")
	b.ReportMetric(float64(requests)/float64(n), "git-requests/op")
}

// cputimeUsed is the CPU time this process and its waited-for children
// (the fake's git http-backend and git-upload-pack, the server side of
// every clone) have used.
func cputimeUsed(tb testing.TB) (self, children time.Duration) {
	self, children, err := cputime.Used()
	if err != nil {
		tb.Fatal(err)
	}
	return self, children
}
