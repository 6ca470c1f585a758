package analyzer

import (
	"context"
	"testing"

	"github.com/pyscout/pyscout/analyzer/github"
)

// BenchmarkCandidateCold is the whole pipeline with history and a fresh
// cache each iteration: clones, parses and history walks all done.
func BenchmarkCandidateCold(b *testing.B) {
	s, _ := benchCandidate(b)
	gh, err := github.NewClient(github.Options{APIURL: s.APIURL()})
	if err != nil {
		b.Fatal(err)
	}
	var last *Profile
	for b.Loop() {
		if last, err = AnalyzeUser(context.Background(), gh, "bench", Options{CacheDir: b.TempDir()}); err != nil {
			b.Fatal(err)
		}
	}
	reportCacheUse(b, last)
}

// BenchmarkCandidateWarm re-runs the same candidate on a cache one run
// has filled: the clones are fetched (nothing new), the facts read back.
func BenchmarkCandidateWarm(b *testing.B) {
	s, _ := benchCandidate(b)
	gh, err := github.NewClient(github.Options{APIURL: s.APIURL()})
	if err != nil {
		b.Fatal(err)
	}
	cache := b.TempDir()
	if _, err := AnalyzeUser(context.Background(), gh, "bench", Options{CacheDir: cache}); err != nil {
		b.Fatal(err)
	}
	var last *Profile
	for b.Loop() {
		if last, err = AnalyzeUser(context.Background(), gh, "bench", Options{CacheDir: cache}); err != nil {
			b.Fatal(err)
		}
	}
	reportCacheUse(b, last)
}

// reportCacheUse reports the last run's parses and commit walks, so that
// a warm run is seen to do none.
func reportCacheUse(b *testing.B, p *Profile) {
	if p == nil || p.Cache == nil || p.Cache.Results == nil {
		return
	}
	r := p.Cache.Results
	b.ReportMetric(float64(r.FilesParsed), "files_parsed")
	b.ReportMetric(float64(r.CommitsWalked), "commits_walked")
	b.ReportMetric(float64(r.Store.BytesRead+r.Store.BytesWritten), "cache_bytes")
}
