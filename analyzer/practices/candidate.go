package practices

import (
	"slices"
	"sort"

	"github.com/pyscout/pyscout/analyzer/count"
	"github.com/pyscout/pyscout/analyzer/python"
)

// RepoEntry is one repository's practices, named, for ForCandidate.
type RepoEntry struct {
	// Name is the repository's name as the report shows it.
	Name string
	// Practices are its practices; entries with nil are skipped.
	Practices *RepoPractices
}

// RepoSet is a set of repositories with some practice.
type RepoSet struct {
	// Count is the number of repositories.
	Count int `json:"count"`
	// Repos are their names, in the order given to ForCandidate.
	Repos []string `json:"repos"`
}

func (s *RepoSet) add(name string) {
	s.Count++
	s.Repos = append(s.Repos, name)
}

// Usage is one framework, library, tool or service and the repositories
// using it.
type Usage struct {
	// Name is the framework, library, tool or service.
	Name string `json:"name"`
	// Repos are the repositories using it, in the order given to
	// ForCandidate.
	Repos []string `json:"repos"`
}

// CandidatePractices summarises a candidate's practices over their
// repositories. Ratios are rounded and 0 when there is nothing to divide.
type CandidatePractices struct {
	// Repos is the number of repositories summarised.
	Repos int `json:"repos"`
	// WithTests are the repositories with at least one test.
	WithTests RepoSet `json:"with_tests"`
	// WithCI are the repositories with a CI service configured.
	WithCI RepoSet `json:"with_ci"`
	// WithTestsInCI are the repositories whose GitHub Actions run tests.
	WithTestsInCI RepoSet `json:"with_tests_in_ci"`
	// WithLint are the repositories with a linter or formatter (ruff,
	// black, flake8, pylint, isort...) configured or run.
	WithLint RepoSet `json:"with_lint"`
	// WithTypeCheck are the repositories with mypy, pyright or pytype
	// configured or run.
	WithTypeCheck RepoSet `json:"with_type_check"`
	// WithPreCommit are the repositories with a pre-commit configuration.
	WithPreCommit RepoSet `json:"with_pre_commit"`
	// WithPackaging are the repositories packaged with pyproject.toml,
	// setup.py or setup.cfg.
	WithPackaging RepoSet `json:"with_packaging"`
	// WithPyproject are the repositories packaged with pyproject.toml.
	WithPyproject RepoSet `json:"with_pyproject"`
	// WithReadme are the repositories with a root README.
	WithReadme RepoSet `json:"with_readme"`
	// WithLicense are the repositories with a root licence file.
	WithLicense RepoSet `json:"with_license"`
	// WithDocs are the repositories with a documentation site or folder.
	WithDocs RepoSet `json:"with_docs"`
	// Tests is the number of tests over all repositories.
	Tests int `json:"tests"`
	// Assertions is the number of assertions in those tests.
	Assertions int `json:"assertions"`
	// AssertionsPerTest is Assertions / Tests, two decimals.
	AssertionsPerTest float64 `json:"assertions_per_test"`
	// AssertsNothing is the number of tests that assert nothing.
	AssertsNothing int `json:"asserts_nothing"`
	// AssertsNothingShare is AssertsNothing / Tests, three decimals.
	AssertsNothingShare float64 `json:"asserts_nothing_share"`
	// TestLines is the number of lines of test files.
	TestLines int `json:"test_lines"`
	// CodeLines is the number of lines of the other .py files.
	CodeLines int `json:"code_lines"`
	// TestToCodeRatio is TestLines / CodeLines, two decimals.
	TestToCodeRatio float64 `json:"test_to_code_ratio"`
	// Frameworks are the test frameworks used, most repositories first.
	Frameworks []Usage `json:"frameworks"`
	// Mocking are the mocking libraries used in tests (the JSON names of
	// python.Mocking's fields), most repositories first.
	Mocking []Usage `json:"mocking"`
	// Tools are the tools configured or run, most repositories first.
	Tools []Usage `json:"tools"`
	// CISystems are the CI services configured, most repositories first.
	CISystems []Usage `json:"ci_systems"`
	// PythonVersions are the Python versions tested in CI over all
	// repositories, numerically sorted.
	PythonVersions []string `json:"python_versions"`
	// Docstrings sums the docstring coverage of the code outside tests.
	Docstrings DocstringCoverage `json:"docstrings"`
}

// Lint and type-checking tools, for the candidate's summary.
var (
	lintTools = map[string]bool{"ruff": true, "black": true, "flake8": true, "pylint": true, "isort": true,
		"pycodestyle": true, "pyflakes": true, "pydocstyle": true}
	typeTools = map[string]bool{"mypy": true, "pyright": true, "pytype": true, "pyre": true}
)

// ForCandidate folds repositories' practices into the candidate's summary.
func ForCandidate(repos []RepoEntry) CandidatePractices {
	out := CandidatePractices{PythonVersions: []string{}}
	for _, s := range []*RepoSet{&out.WithTests, &out.WithCI, &out.WithTestsInCI, &out.WithLint,
		&out.WithTypeCheck, &out.WithPreCommit, &out.WithPackaging, &out.WithPyproject, &out.WithReadme,
		&out.WithLicense, &out.WithDocs} {
		s.Repos = []string{}
	}
	frameworks, mocking, tools, systems := usages{}, usages{}, usages{}, usages{}
	versions := map[string]bool{}
	for _, e := range repos {
		rp := e.Practices
		if rp == nil {
			continue
		}
		out.Repos++
		t := &rp.Tests
		if t.Tests > 0 {
			out.WithTests.add(e.Name)
		}
		out.Tests += t.Tests
		out.Assertions += t.Assertions.Count
		out.AssertsNothing += t.AssertsNothing.Count
		out.TestLines += t.Lines
		out.CodeLines += t.CodeLines
		for _, fw := range t.Frameworks {
			frameworks.add(fw.Name, e.Name)
		}
		for i, tally := range t.Mocking.Tallies() {
			if tally.Count > 0 {
				mocking.add(python.MockLibraries[i], e.Name)
			}
		}
		if len(rp.CI.Systems) > 0 {
			out.WithCI.add(e.Name)
		}
		if rp.CI.TestJobs > 0 {
			out.WithTestsInCI.add(e.Name)
		}
		for _, s := range rp.CI.Systems {
			systems.add(s.Name, e.Name)
		}
		for _, v := range rp.CI.PythonVersions {
			versions[v] = true
		}
		lint, typed := false, false
		for _, tool := range rp.Tools {
			tools.add(tool.Name, e.Name)
			lint = lint || lintTools[tool.Name]
			typed = typed || typeTools[tool.Name]
		}
		if lint {
			out.WithLint.add(e.Name)
		}
		if typed {
			out.WithTypeCheck.add(e.Name)
		}
		if rp.PreCommit != nil {
			out.WithPreCommit.add(e.Name)
		}
		if rp.Packaging.Style != "none" && rp.Packaging.Style != "" {
			out.WithPackaging.add(e.Name)
		}
		if rp.Packaging.Style == "pyproject" {
			out.WithPyproject.add(e.Name)
		}
		d := &rp.Documentation
		if d.Readme != nil {
			out.WithReadme.add(e.Name)
		}
		if d.License != nil {
			out.WithLicense.add(e.Name)
		}
		if d.Docs != nil {
			out.WithDocs.add(e.Name)
		}
		out.Docstrings.Functions += d.Docstrings.Functions
		out.Docstrings.Documented += d.Docstrings.Documented
	}
	out.AssertionsPerTest = count.Ratio(out.Assertions, out.Tests, 2)
	out.AssertsNothingShare = count.Ratio(out.AssertsNothing, out.Tests, 3)
	out.TestToCodeRatio = count.Ratio(out.TestLines, out.CodeLines, 2)
	out.Docstrings.Ratio = count.Ratio(out.Docstrings.Documented, out.Docstrings.Functions, 3)
	out.Frameworks = frameworks.sorted()
	out.Mocking = mocking.sorted()
	out.Tools = tools.sorted()
	out.CISystems = systems.sorted()
	for v := range versions {
		out.PythonVersions = append(out.PythonVersions, v)
	}
	sortVersions(out.PythonVersions)
	return out
}

// usages collects, per name, the repositories using it.
type usages map[string][]string

func (u usages) add(name, repo string) {
	if !slices.Contains(u[name], repo) {
		u[name] = append(u[name], repo)
	}
}

// sorted lists the usages, most repositories first, then by name.
func (u usages) sorted() []Usage {
	out := make([]Usage, 0, len(u))
	for name, repos := range u {
		out = append(out, Usage{Name: name, Repos: repos})
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i].Repos) != len(out[j].Repos) {
			return len(out[i].Repos) > len(out[j].Repos)
		}
		return out[i].Name < out[j].Name
	})
	return out
}
