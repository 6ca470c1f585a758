package analyzer

import (
	"context"
	"errors"
	"runtime"
	"sort"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/pyscout/pyscout/analyzer/python"
	"github.com/pyscout/pyscout/analyzer/walk"
)

// parsePool lends Python analyzers (each owns a tree-sitter parser, whose
// memory is in C) to whichever repository has a file to parse. Its size
// bounds the parsing across all repositories at once, so clones go on
// downloading while others parse, and the cores stay busy.
type parsePool struct {
	free chan *python.Analyzer
	all  []*python.Analyzer
}

func newParsePool(n int) (*parsePool, error) {
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	p := &parsePool{free: make(chan *python.Analyzer, n)}
	for i := 0; i < n; i++ {
		a, err := python.NewAnalyzer(python.Options{MaxFileBytes: walk.DefaultMaxFileBytes})
		if err != nil {
			p.close()
			return nil, err
		}
		p.all = append(p.all, a)
		p.free <- a
	}
	return p, nil
}

func (p *parsePool) size() int { return len(p.all) }

func (p *parsePool) close() {
	for _, a := range p.all {
		a.Close()
	}
	p.all = nil
}

// analyse parses one file with a borrowed analyzer.
func (p *parsePool) analyse(ctx context.Context, f walk.File) (*python.FileFacts, error) {
	var a *python.Analyzer
	select {
	case a = <-p.free:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { p.free <- a }()
	if f.Kind == walk.KindNotebook {
		return a.AnalyzeNotebook(f.Path, f.Data)
	}
	return a.AnalyzeFile(f.Path, f.Data)
}

// unanalysedReason names why a kept file yielded no facts.
func unanalysedReason(err error) string {
	switch {
	case errors.Is(err, python.ErrTimeout):
		return "parse_timeout"
	case errors.Is(err, python.ErrTooLarge):
		return "too_large"
	case errors.Is(err, python.ErrNotebook):
		return "invalid_notebook"
	}
	return "analysis_error"
}

// analyseSource walks one snapshot and parses its Python files and
// notebooks on the pool. Memory stays bounded by the pool, not the
// repository: files stream through a small channel and each file's facts
// are folded into the repository's as soon as they are made.
func analyseSource(ctx context.Context, src walk.Source, walkOpts walk.Options, pool *parsePool) (PythonFacts, walk.Stats, error) {
	// The layout (every path) comes first: import classification needs
	// the repository's own modules before any file is summarised.
	var paths []string
	listOpts := walkOpts
	err := src.Walk(ctx, func(e walk.Entry) error {
		if listOpts.Only != nil && !listOpts.Only[e.Path] {
			return nil
		}
		if !e.Symlink && !e.Submodule && !e.InvalidPath && len(paths) < walk.DefaultMaxFiles {
			paths = append(paths, e.Path)
		}
		return nil
	})
	if err != nil {
		return PythonFacts{}, walk.Stats{}, err
	}
	agg := python.NewRepoAggregator(python.RepoLayout{Files: paths})

	var facts PythonFacts
	var mu sync.Mutex
	files := make(chan walk.File, 2*pool.size())
	g, gctx := errgroup.WithContext(ctx)
	var stats walk.Stats
	g.Go(func() error {
		defer close(files)
		var err error
		stats, err = walk.Walk(gctx, src, walkOpts, func(f walk.File) error {
			if f.Kind == walk.KindOther {
				return nil
			}
			select {
			case files <- f:
				return nil
			case <-gctx.Done():
				return gctx.Err()
			}
		})
		return err
	})
	for i := 0; i < pool.size(); i++ {
		g.Go(func() error {
			for f := range files {
				ff, err := pool.analyse(gctx, f)
				if gctx.Err() != nil {
					return gctx.Err()
				}
				mu.Lock()
				if f.Kind == walk.KindNotebook {
					facts.Notebooks++
				} else {
					facts.Files++
					facts.Bytes += f.Size
					facts.Lines += countLines(f.Data)
				}
				if err != nil {
					if facts.Unanalysed == nil {
						facts.Unanalysed = map[string]int{}
					}
					facts.Unanalysed[unanalysedReason(err)]++
				} else {
					agg.Add(ff)
				}
				mu.Unlock()
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return PythonFacts{}, walk.Stats{}, err
	}
	rf := agg.Facts()
	facts.CodeFacts = rf.CodeFacts
	facts.NotebookCode = rf.Notebooks
	return facts, stats, nil
}

// libraryUses sums the repositories' third-party imports into the
// candidate's, most widely used first.
func libraryUses(repos []RepoFacts) []LibraryUse {
	byName := map[string]*LibraryUse{}
	add := func(repo string, libs []python.Library) {
		for _, l := range libs {
			u := byName[l.Import]
			if u == nil {
				u = &LibraryUse{Import: l.Import}
				byName[l.Import] = u
			}
			u.Files += l.Files
			if n := len(u.Repos); n == 0 || u.Repos[n-1] != repo {
				u.Repos = append(u.Repos, repo)
			}
		}
	}
	for i := range repos {
		r := &repos[i]
		add(r.Name, r.Python.Libraries)
		if r.Python.NotebookCode != nil {
			add(r.Name, r.Python.NotebookCode.Libraries)
		}
	}
	out := make([]LibraryUse, 0, len(byName))
	for _, u := range byName {
		out = append(out, *u)
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i].Repos) != len(out[j].Repos) {
			return len(out[i].Repos) > len(out[j].Repos)
		}
		if out[i].Files != out[j].Files {
			return out[i].Files > out[j].Files
		}
		return out[i].Import < out[j].Import
	})
	return out
}
