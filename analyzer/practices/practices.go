// Package practices judges a repository's engineering practices from
// evidence: its tests (found by pytest's and unittest's conventions and by
// the project's own pytest configuration), CI (GitHub Actions workflows
// parsed as YAML, other CI services by their files), tooling (linters,
// formatters, type checkers, pre-commit, coverage), packaging and
// documentation. ForCandidate folds many repositories into a candidate's
// summary.
//
// Everything here is a pure function of what the caller hands in: the
// repository's paths, the contents of the files Wants asked for, and the
// per-file Python facts. Bad input (malformed YAML, TOML or INI, files
// over the bounds) becomes a Warning naming the file and, when the parser
// says, the line; it never stops the analysis.
package practices

import (
	"path"
	"sort"
	"strings"

	"github.com/pyscout/pyscout/analyzer/configfile"
	"github.com/pyscout/pyscout/analyzer/python"
	"github.com/pyscout/pyscout/analyzer/walk"
)

// Evidence locates a practice: a file, and a line where one is meaningful
// (Line and EndLine 0 mean the file as a whole).
type Evidence = python.Evidence

// Bounds on the files read.
const (
	// MaxConfigBytes is the largest configuration or documentation file
	// read (pyproject.toml, setup.cfg, README...); larger ones are
	// reported in Warnings. Workflows have their own bound, MaxYAMLBytes.
	MaxConfigBytes = 1 << 20
	// MaxConfigFiles bounds the pyproject.toml, setup.cfg, tox.ini and
	// pytest.ini files read per repository, shallowest first.
	MaxConfigFiles = 32
	// MaxWorkflows bounds the GitHub Actions workflows parsed per
	// repository, in path order.
	MaxWorkflows = 32
	// MaxExamples bounds lists of example paths.
	MaxExamples = 10
)

// Warning is input the analysis could not use: a malformed or oversized
// file. The rest of the analysis goes on without it.
type Warning struct {
	// Path is the file's path.
	Path string `json:"path"`
	// Line is the line the parser named; 0 when it named none.
	Line int `json:"line,omitempty"`
	// Message says what was wrong.
	Message string `json:"message"`
}

// PythonFile is what the practices analysis needs of one analysed Python
// file; FromFileFacts makes one, so the caller can drop the rest.
type PythonFile struct {
	// Path is the file's path.
	Path string
	// Lines is its number of lines.
	Lines int
	// Functions counts its functions and methods, nested functions left
	// out.
	Functions int
	// Docstrings counts those of Functions that have a docstring.
	Docstrings int
	// Tests are its test facts.
	Tests *python.TestFacts
}

// FromFileFacts keeps what Analyze needs of one file's facts.
func FromFileFacts(ff *python.FileFacts) PythonFile {
	pf := PythonFile{Path: ff.Path, Lines: ff.Lines}
	for i := range ff.Functions {
		f := &ff.Functions[i]
		if f.Nested {
			continue
		}
		pf.Functions++
		if f.Docstring {
			pf.Docstrings++
		}
	}
	tf := ff.Tests
	pf.Tests = &tf
	return pf
}

// Repo is one repository as Analyze reads it.
type Repo struct {
	// Files are all the repository's paths, slash-separated and relative
	// to its root.
	Files []string
	// Contents holds the content of the files that Wants accepted. A path
	// absent here was not read (too large, unreadable).
	Contents map[string][]byte
	// Unread says, for files absent from Contents, why they were not read
	// ("Git LFS pointer (content not in the repository)"), when known.
	Unread map[string]string
	// Python are the analysed .py files; notebooks and .pyi stubs are
	// ignored.
	Python []PythonFile
	// Parsed holds Contents decoded, shared with the manifests so that
	// each file is decoded once; nil to decode Contents here.
	Parsed *configfile.Set
}

// RepoPractices is one repository's engineering practices, with evidence.
type RepoPractices struct {
	// Tests are the test files and what they hold.
	Tests Tests `json:"tests"`
	// CI is continuous integration: services, GitHub Actions jobs, tox
	// and nox.
	CI CI `json:"ci"`
	// Tools are the linters, formatters, type checkers, pre-commit and
	// coverage, by name, each with where it is configured or run.
	Tools []Tool `json:"tools"`
	// PreCommit is the root .pre-commit-config.yaml and its hooks; nil
	// when there is none.
	PreCommit *PreCommit `json:"pre_commit,omitempty"`
	// Packaging is how the project is built and laid out.
	Packaging Packaging `json:"packaging"`
	// Documentation is the README, licence, docs site, changelog,
	// contributing guide and docstring coverage.
	Documentation Documentation `json:"documentation"`
	// Warnings are the files the analysis could not use, in path order.
	Warnings []Warning `json:"warnings,omitempty"`
}

// Wants reports whether Analyze needs the content of the file at p (a
// slash-separated path relative to the repository root). The walker should
// read these under MaxConfigBytes, whether or not it considers them
// vendored: .github/workflows is on go-enry's vendor list.
func Wants(p string) bool {
	dir, base := path.Split(p)
	dir = strings.TrimSuffix(dir, "/")
	switch base {
	case "pyproject.toml", "setup.cfg", "tox.ini", "pytest.ini", ".pytest.ini":
		return true
	}
	if dir == ".github/workflows" {
		return isYAMLName(base)
	}
	if dir != "" {
		return false
	}
	switch base {
	case ".pre-commit-config.yaml", ".pre-commit-config.yml", "tox.toml",
		// Task runners' definitions, followed from CI steps.
		"Makefile", "makefile", "GNUmakefile", "noxfile.py", "hatch.toml":
		return true
	}
	return readmeFormat(base) != "" || licenseName(base)
}

func isYAMLName(base string) bool {
	return strings.HasSuffix(base, ".yml") || strings.HasSuffix(base, ".yaml")
}

// Analyze judges one repository's practices. Paths under vendored
// directories (walk.IsVendored) are ignored.
func Analyze(r Repo) *RepoPractices {
	a := newAnalysis(r)
	a.configs()
	rp := &RepoPractices{Tools: []Tool{}}
	// CI first: whether a unittest suite is also a pytest one depends on
	// whether CI runs pytest.
	rp.CI = a.ci()
	rp.Tests = a.tests()
	rp.PreCommit = a.preCommit()
	rp.Tools = a.tools(rp)
	rp.Packaging = a.packaging()
	rp.Documentation = a.documentation()
	sort.SliceStable(a.warnings, func(i, j int) bool {
		x, y := a.warnings[i], a.warnings[j]
		if x.Path != y.Path {
			return x.Path < y.Path
		}
		return x.Line < y.Line
	})
	rp.Warnings = a.warnings
	return rp
}

// analysis holds one repository's input and what is parsed from it once.
type analysis struct {
	files    []string
	has      map[string]bool
	contents map[string][]byte
	unread   map[string]string
	python   []PythonFile
	warnings []Warning
	parsed   *configfile.Set // contents, each decoded once

	pyprojects map[string]*tomlDoc  // path -> decoded pyproject.toml
	inis       map[string]*iniFile  // path -> setup.cfg, tox.ini, pytest.ini
	configList []string             // the config files read, shallowest first
	pytest     []PytestConfig       // pytest configuration, in configList order
	testCfgs   []testConfig         // what the pytest configuration changes in discovery
	ciRuns     map[string][]ToolRun // tool -> runs in workflows
	toxTOML    *tomlDoc             // tox.toml, once tox() has read it
	runners    *taskRunners         // what tox, nox, make and hatch runs run
}

func newAnalysis(r Repo) *analysis {
	a := &analysis{
		files:      make([]string, 0, len(r.Files)),
		has:        make(map[string]bool, len(r.Files)),
		contents:   r.Contents,
		unread:     r.Unread,
		parsed:     r.Parsed,
		pyprojects: map[string]*tomlDoc{},
		inis:       map[string]*iniFile{},
		ciRuns:     map[string][]ToolRun{},
	}
	if a.parsed == nil {
		a.parsed = configfile.NewSet(r.Contents)
	}
	for _, f := range r.Files {
		// Someone else's configuration (a committed virtualenv, a vendored
		// library) says nothing of the candidate's practices. go-enry
		// counts .github/ and Jenkinsfile as vendored; they are not.
		if walk.IsVendored(f) && !strings.HasPrefix(f, ".github/") && ciSystem(f) == "" {
			continue
		}
		a.files = append(a.files, f)
	}
	sort.Strings(a.files)
	for _, f := range a.files {
		a.has[f] = true
	}
	for _, pf := range r.Python {
		if strings.HasSuffix(pf.Path, ".py") && !walk.IsVendored(pf.Path) {
			a.python = append(a.python, pf)
		}
	}
	sort.Slice(a.python, func(i, j int) bool { return a.python[i].Path < a.python[j].Path })
	return a
}

func (a *analysis) warn(p string, line int, msg string) {
	a.warnings = append(a.warnings, Warning{Path: p, Line: line, Message: msg})
}

// content returns a wanted file's content, or nil with a warning when the
// file exists but was not read or is over the bound.
func (a *analysis) content(p string, limit int) []byte {
	data, ok := a.contents[p]
	switch {
	case !ok:
		if reason := a.unread[p]; reason != "" && a.has[p] {
			a.warn(p, 0, "not read: "+reason)
		} else if a.has[p] {
			a.warn(p, 0, "not read (too large or unreadable)")
		}
		return nil
	case len(data) > limit:
		a.warn(p, 0, "over the size bound: not parsed")
		return nil
	}
	return data
}

// fileEvidence is evidence for a whole file.
func fileEvidence(p string) Evidence { return Evidence{Path: p} }

// lineEvidence is evidence for one line of a file (the whole file when
// line is 0).
func lineEvidence(p string, line int) Evidence {
	return Evidence{Path: p, Line: line, EndLine: line}
}

// depth is the number of directories above p.
func depth(p string) int { return strings.Count(p, "/") }

// byDepth sorts paths shallowest first, then by path.
func byDepth(paths []string) {
	sort.SliceStable(paths, func(i, j int) bool {
		if di, dj := depth(paths[i]), depth(paths[j]); di != dj {
			return di < dj
		}
		return paths[i] < paths[j]
	})
}

// configs parses the pyproject.toml, setup.cfg, tox.ini and pytest.ini
// files, shallowest first and at most MaxConfigFiles.
func (a *analysis) configs() {
	var list []string
	for _, f := range a.files {
		switch path.Base(f) {
		case "pyproject.toml", "setup.cfg", "tox.ini", "pytest.ini", ".pytest.ini":
			list = append(list, f)
		}
	}
	byDepth(list)
	if len(list) > MaxConfigFiles {
		for _, f := range list[MaxConfigFiles:] {
			a.warn(f, 0, "beyond the first 32 configuration files: not read")
		}
		list = list[:MaxConfigFiles]
	}
	a.configList = list
	for _, f := range list {
		data := a.content(f, MaxConfigBytes)
		if data == nil {
			continue
		}
		if path.Base(f) == "pyproject.toml" {
			doc, err := a.toml(f)
			if err != nil {
				line, msg := 0, err.Error()
				if te, ok := err.(*tomlError); ok {
					line, msg = te.Line, te.Msg
				}
				a.warn(f, line, "malformed TOML: "+msg)
				continue
			}
			a.pyprojects[f] = doc
			continue
		}
		ini, problems := a.ini(f)
		if len(problems) > 0 {
			a.warn(f, problems[0].line, "malformed INI: "+problems[0].msg)
		}
		a.inis[f] = &ini
	}
	a.pytestConfigs()
}

// rootFile returns the root file among names, in their order of
// preference, or "".
func (a *analysis) rootFile(names ...string) string {
	for _, n := range names {
		if a.has[n] {
			return n
		}
	}
	return ""
}
