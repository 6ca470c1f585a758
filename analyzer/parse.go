package analyzer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sort"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/pyscout/pyscout/analyzer/brief"
	"github.com/pyscout/pyscout/analyzer/configfile"
	"github.com/pyscout/pyscout/analyzer/count"
	"github.com/pyscout/pyscout/analyzer/deps"
	"github.com/pyscout/pyscout/analyzer/manifest"
	"github.com/pyscout/pyscout/analyzer/practices"
	"github.com/pyscout/pyscout/analyzer/python"
	"github.com/pyscout/pyscout/analyzer/roles"
	"github.com/pyscout/pyscout/analyzer/walk"
	"github.com/pyscout/pyscout/rules/libraries"
)

// parsePool lends Python analyzers (each owns a tree-sitter parser, whose
// memory is in C) to whichever repository has a file to parse. Its size
// bounds the parsing across all repositories at once, so clones go on
// downloading while others parse, and the cores stay busy.
type parsePool struct {
	free chan *python.Analyzer
	all  []*python.Analyzer
	// results, when set, holds the facts of files parsed before.
	results *resultsRun
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
func (p *parsePool) analyse(ctx context.Context, f walk.File) (ff *python.FileFacts, err error) {
	if ff, ok := p.results.fileFacts(f); ok {
		return ff, nil
	}
	defer func() { p.results.parsed(f, ff, err) }()
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
func analyseSource(ctx context.Context, src walk.Source, walkOpts walk.Options, pool *parsePool, db *libraries.DB) (*sourceFacts, error) {
	// The layout (every path) comes first: import classification needs
	// the repository's own modules before any file is summarised.
	var paths []string
	packaging := map[string][]byte{}
	listOpts := walkOpts
	err := src.Walk(ctx, func(e walk.Entry) error {
		if listOpts.Only != nil && !listOpts.Only[e.Path] {
			return nil
		}
		if !e.Symlink && !e.Submodule && !e.InvalidPath && len(paths) < walk.DefaultMaxFiles {
			paths = append(paths, e.Path)
			readPackaging(e, packaging)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The packaging files read now are decoded once: the import roots,
	// the declared names and, after the walk, the manifests and practices
	// share their decoded forms.
	configs := configfile.NewSet(packaging)
	classifier := roles.New(roleLayout(configs, paths))
	fileRoles := map[string]roles.Role{}
	roleCounts := map[string]int{}
	layout := python.RepoLayout{Files: paths, Packaging: packaging, Configs: configs, Libraries: db, Declared: declaredNames(configs)}
	agg := python.NewRepoAggregator(layout)
	resolver := python.NewImportResolver(layout)
	// role gives any path of the snapshot its role: the analysed files
	// the role they were classified with (read under mu while the files
	// are parsed), the others by their path.
	role := func(p string) roles.Role {
		if r, ok := fileRoles[p]; ok {
			return r
		}
		return classifier.PathRole(p)
	}
	briefs := brief.NewCollector(role)
	importFiles := map[string]map[string]bool{}
	walkOpts.ReadAlso = wantsContent
	contents := map[string][]byte{}
	var contentBytes int
	// Files wanted and not read are listed with the reason, never dropped
	// in silence. Only the walking goroutine writes these.
	var skippedManifests []manifest.Skipped
	unreadConfigs := map[string]string{}
	noteUnread := func(p string, describe func(what string) string) {
		if manifest.IsManifest(p) && !walk.IsVendored(p) && len(skippedManifests) < manifest.MaxSkipped {
			skippedManifests = append(skippedManifests, manifest.Skipped{Path: p, Reason: describe("manifests")})
		}
		if practices.Wants(p) && len(unreadConfigs) < maxContentFiles {
			unreadConfigs[p] = describe("configuration files")
		}
	}
	walkOpts.OnUnread = func(u walk.UnreadFile) { noteUnread(u.Path, u.Describe) }
	// keep holds a wanted file's content for the manifests and practices,
	// within the repository's budget.
	keep := func(f walk.File) {
		if f.Data == nil || !wantsContent(f.Path) {
			return
		}
		if len(contents) >= maxContentFiles || contentBytes+len(f.Data) > maxContentBytes {
			noteUnread(f.Path, func(string) string { return contentBudgetReason })
			return
		}
		contents[f.Path] = f.Data
		contentBytes += len(f.Data)
	}
	var pyFiles []practices.PythonFile

	var facts PythonFacts
	var mu sync.Mutex
	files := make(chan walk.File, 2*pool.size())
	g, gctx := errgroup.WithContext(ctx)
	var stats walk.Stats
	g.Go(func() error {
		defer close(files)
		var err error
		stats, err = walk.Walk(gctx, src, walkOpts, func(f walk.File) error {
			// setup.py is Python to the Python analysis and a manifest to
			// the manifest parser: it goes to both, and is parsed twice.
			// The Python analysis flattens its tree in C and frees it;
			// the manifest reader evaluates go-tree-sitter nodes. Sharing
			// one tree would tie manifest to python's internals for about
			// 4 ms per setup.py (BenchmarkParseSetupPy in manifest).
			// noxfile.py is also read by the practices, from its syntax tree.
			if f.Kind == walk.KindOther || manifest.IsManifest(f.Path) || f.Path == "noxfile.py" {
				keep(f)
			}
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
				var role roles.Role
				if err == nil {
					role = classifier.Role(f.Path, roleContent(ff, f.Data))
					// The file's evidence carries its role into the
					// summaries, which split their counts by it.
					stampRoles(ff, func(string) roles.Role { return role })
				} else {
					role = classifier.PathRole(f.Path)
				}
				mu.Lock()
				fileRoles[f.Path] = role
				roleCounts[string(role)]++
				if f.Kind == walk.KindNotebook {
					facts.Notebooks++
				} else {
					facts.Files++
					facts.Bytes += f.Size
					facts.Lines += count.Lines(f.Data)
				}
				if err != nil {
					if facts.Unanalysed == nil {
						facts.Unanalysed = map[string]int{}
					}
					facts.Unanalysed[unanalysedReason(err)]++
				} else {
					if f.Kind == walk.KindPython {
						pyFiles = append(pyFiles, practices.FromFileFacts(ff))
					}
					origins := make([]python.ImportOrigin, len(ff.Imports))
					for i, imp := range ff.Imports {
						origin, _ := resolver.Classify(ff.Path, imp)
						origins[i] = origin
						if origin == python.OriginThirdParty && imp.Module != "" {
							if importFiles[imp.Module] == nil {
								importFiles[imp.Module] = map[string]bool{}
							}
							importFiles[imp.Module][ff.Path] = true
						}
					}
					agg.Add(ff)
					briefs.Add(ff, origins)
				}
				mu.Unlock()
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	// Each step below is linear in the repository's files and imports, but
	// on a hostile repository each can take a while: a cancelled run stops
	// between them.
	rf := agg.Facts()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	facts.CodeFacts = rf.CodeFacts
	facts.NotebookCode = rf.Notebooks
	// Files are parsed in parallel: sort so that the practices see the
	// same input whatever order the parsers finished in.
	sort.Slice(pyFiles, func(i, j int) bool { return pyFiles[i].Path < pyFiles[j].Path })
	allConfigs := configs.With(contents)
	prac, declared := readConfigs(allConfigs, practices.Repo{Files: paths, Unread: unreadConfigs, Python: pyFiles}, skippedManifests)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var nbLibs []python.ImportedLibrary
	if facts.NotebookCode != nil {
		nbLibs = facts.NotebookCode.Libraries
	}
	dependencies := deps.Join(db, declared, facts.Libraries, nbLibs)
	if len(roleCounts) == 0 {
		roleCounts = nil
	}
	code := briefs.Finish(paths, contents, brief.ReadPackaging(allConfigs))
	return &sourceFacts{python: facts, walk: stats, practices: prac, dependencies: dependencies, importFiles: importFiles,
		role: role, roles: roleCounts, code: code}, nil
}

// readConfigs hands one repository's configuration files, each decoded
// once in set, to the practices and the manifests: pyproject.toml,
// setup.cfg and tox.ini are read by both from the same decoded form. The
// manifests see only the files named as manifests outside vendored
// directories.
func readConfigs(set *configfile.Set, repo practices.Repo, skipped []manifest.Skipped) (*practices.RepoPractices, *manifest.Repo) {
	repo.Contents, repo.Parsed = set.Files(), set
	prac := practices.Analyze(repo)
	manifests := set.Only(func(p string) bool { return manifest.IsManifest(p) && !walk.IsVendored(p) })
	return prac, manifest.ParseSet(manifests, skipped...)
}

// Bounds on the packaging files and manifests read for import roots and
// declared names before the walk proper (which reads them again for the
// manifests and practices).
const (
	maxPackagingFiles = 64
	maxPackagingBytes = 256 << 10
)

// readPackaging keeps a manifest's or setup.cfg's content for the import
// roots and the distributions it names; a file over the bounds, vendored or unreadable
// names none (the manifests and practices report it when they want it).
func readPackaging(e walk.Entry, into map[string][]byte) {
	if !(python.IsPackagingFile(e.Path) || manifest.IsManifest(e.Path) || isRunnerConfig(e.Path)) || walk.IsVendored(e.Path) || e.Open == nil ||
		len(into) >= maxPackagingFiles || e.Size > maxPackagingBytes {
		return
	}
	rc, err := e.Open()
	if err != nil {
		return
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxPackagingBytes+1))
	if err != nil || len(data) > maxPackagingBytes {
		return
	}
	into[e.Path] = data
}

// declaredNames are the distributions the manifests in configs declare:
// import classification takes a declared name for a library. The manifests
// are read again after the walk, with the files the walk could not read
// listed, from the same decoded TOML and INI forms; this early read only
// names distributions.
func declaredNames(configs *configfile.Set) []string {
	var out []string
	for _, d := range manifest.ParseSet(configs.Only(func(p string) bool { return manifest.IsManifest(p) && !walk.IsVendored(p) })).Dependencies {
		if !d.Local {
			out = append(out, d.Name)
		}
	}
	return out
}

// sourceFacts is everything learned from one snapshot's files.
type sourceFacts struct {
	python       PythonFacts
	walk         walk.Stats
	practices    *practices.RepoPractices
	dependencies *deps.Report
	// importFiles names, for each third-party module imported, the files
	// importing it: the history dates each library by them.
	importFiles map[string]map[string]bool
	// role gives any path of the snapshot its role: the analysed files
	// the role they were classified with, the others by their path.
	role func(path string) roles.Role
	// roles counts the Python files and notebooks by role.
	roles map[string]int
	// code is what the project brief needs of the files.
	code *brief.Code
}

// Bounds on the configuration files kept for the practices analysis.
const (
	maxContentFiles = 256
	maxContentBytes = 8 << 20
)

// contentBudgetReason says why a wanted file read within its own limit was
// still not kept.
var contentBudgetReason = fmt.Sprintf("not kept: the repository's manifests and configuration files are over %d files or %d MiB in all",
	maxContentFiles, maxContentBytes>>20)

// wantsContent names the non-Python files whose content the analyses need.
func wantsContent(path string) bool {
	return practices.Wants(path) || manifest.IsManifest(path)
}

// candidateLibraries sums the repositories' libraries into the
// candidate's: each with its distribution, category, whether it is
// declared, and where.
func candidateLibraries(repos []RepoFacts) []deps.CandidateLibrary {
	var reports []deps.RepoReport
	for i := range repos {
		if repos[i].Dependencies != nil {
			reports = append(reports, deps.RepoReport{Repo: repos[i].Name, Report: repos[i].Dependencies})
		}
	}
	out := deps.Candidate(reports)
	if out == nil {
		out = []deps.CandidateLibrary{}
	}
	return out
}
