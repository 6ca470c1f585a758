package analyzer

import (
	"context"
	"io/fs"
	"os"
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

// BenchmarkCandidateClonesOnly is the floor for a whole candidate: the
// same clones, with the same parallelism, and nothing else.
func BenchmarkCandidateClonesOnly(b *testing.B) {
	s, names := benchCandidate(b)
	for b.Loop() {
		cache := b.TempDir()
		g := new(errgroup.Group)
		g.SetLimit(DefaultJobs)
		for _, name := range names {
			g.Go(func() error {
				_, err := clone.Fetch(context.Background(), s.CloneURL("bench", name), "", clone.Options{CacheDir: cache, Policy: clone.APIPolicy(s.APIURL())})
				return err
			})
		}
		if err := g.Wait(); err != nil {
			b.Fatal(err)
		}
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
