package python

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// loadCorpus reads the benchmark's Python files: the test corpus, or every
// .py file under the directory PYSCOUT_BENCH_PY names (checkouts of a
// candidate's repositories, say; resultcache's benchmarks read the same
// variable).
func loadCorpus(b *testing.B) (srcs [][]byte, paths []string, total int64) {
	b.Helper()
	var files []string
	if dir := os.Getenv("PYSCOUT_BENCH_PY"); dir == "" {
		files = corpusFiles(b)
	} else {
		err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == ".git" {
				return filepath.SkipDir
			}
			if d.Type().IsRegular() && strings.HasSuffix(p, ".py") {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	for _, p := range files {
		src, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		srcs = append(srcs, src)
		paths = append(paths, p)
		total += int64(len(src))
	}
	return srcs, paths, total
}

// BenchmarkAnalyzeFile analyses every corpus file once per iteration with
// one Analyzer; MB/s is source bytes analysed per second on one core.
func BenchmarkAnalyzeFile(b *testing.B) {
	srcs, paths, total := loadCorpus(b)
	a, err := NewAnalyzer(Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	b.SetBytes(total)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j, src := range srcs {
			if _, err := a.AnalyzeFile(paths[j], src); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkParseOnly is BenchmarkAnalyzeFile without the analysis: the
// tree-sitter parse and the flattening of its tree, the floor of a file's
// cost.
func BenchmarkParseOnly(b *testing.B) {
	srcs, _, total := loadCorpus(b)
	c, err := newCST()
	if err != nil {
		b.Fatal(err)
	}
	defer c.close()
	b.SetBytes(total)
	for b.Loop() {
		for _, src := range srcs {
			if _, err := c.parse(src, 0); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkAnalyzeFileParallel is BenchmarkAnalyzeFile with one Analyzer
// per CPU, as the pipeline's worker pool runs it.
func BenchmarkAnalyzeFileParallel(b *testing.B) {
	srcs, paths, total := loadCorpus(b)
	workers := runtime.GOMAXPROCS(0)
	analyzers := make([]*Analyzer, workers)
	for i := range analyzers {
		a, err := NewAnalyzer(Options{})
		if err != nil {
			b.Fatal(err)
		}
		defer a.Close()
		analyzers[i] = a
	}
	b.SetBytes(total)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var wg sync.WaitGroup
		next := make(chan int, len(srcs))
		for j := range srcs {
			next <- j
		}
		close(next)
		for _, a := range analyzers {
			wg.Add(1)
			go func(a *Analyzer) {
				defer wg.Done()
				for j := range next {
					if _, err := a.AnalyzeFile(paths[j], srcs[j]); err != nil {
						b.Error(err)
					}
				}
			}(a)
		}
		wg.Wait()
	}
}

// BenchmarkAggregateRepo sums the corpus's file facts into repository
// and test summaries, as the pipeline does per repository; the facts are
// computed once, outside the timer. MB/s is source bytes summarised per
// second.
func BenchmarkAggregateRepo(b *testing.B) {
	srcs, paths, total := loadCorpus(b)
	a, err := NewAnalyzer(Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	files := make([]*FileFacts, len(srcs))
	for j, src := range srcs {
		if files[j], err = a.AnalyzeFile(paths[j], src); err != nil {
			b.Fatal(err)
		}
	}
	layout := RepoLayout{Files: paths}
	b.SetBytes(total)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		AggregateRepo(files, layout)
		SumTests(files, nil)
	}
}
