package practices

import (
	"reflect"
	"testing"
)

func TestForCandidate(t *testing.T) {
	entries := []RepoEntry{
		{Name: "shop", Practices: Analyze(buildRepo(t, thoroughRepo))},
		{Name: "calc", Practices: Analyze(buildRepo(t, unittestRepo))},
		{Name: "skipped", Practices: nil},
		{Name: "app", Practices: Analyze(buildRepo(t, emptyTestsRepo))},
		{Name: "script", Practices: Analyze(buildRepo(t, noTestsRepo))},
	}
	set := func(repos ...string) RepoSet {
		if repos == nil {
			repos = []string{}
		}
		return RepoSet{Count: len(repos), Repos: repos}
	}
	want := CandidatePractices{
		Repos:         4,
		WithTests:     set("shop", "calc", "app"),
		WithCI:        set("shop", "app"),
		WithTestsInCI: set("shop"),
		WithLint:      set("shop", "calc"),
		WithTypeCheck: set("shop"),
		WithPreCommit: set("shop"),
		WithPackaging: set("shop", "calc"),
		WithPyproject: set("shop"),
		WithReadme:    set("shop", "calc", "app"),
		WithLicense:   set("shop"),
		WithDocs:      set("shop"),
		// 6 + 3 + 3 tests; 7 + 4 + 0 assertions; 0 + 0 + 3 asserting nothing.
		Tests: 12, Assertions: 11, AssertionsPerTest: 0.92, AssertsNothing: 3, AssertsNothingShare: 0.25,
		TestLines: 52 + 24 + 15, CodeLines: 27 + 9 + 2 + 3, TestToCodeRatio: 2.22,
		Frameworks: []Usage{{Name: "pytest", Repos: []string{"shop", "app"}}, {Name: "unittest", Repos: []string{"calc"}}},
		Mocking:    []Usage{{Name: "pytest_mock", Repos: []string{"shop"}}, {Name: "unittest_mock", Repos: []string{"calc"}}},
		Tools: []Usage{{Name: "coverage", Repos: []string{"shop"}}, {Name: "flake8", Repos: []string{"calc"}},
			{Name: "mypy", Repos: []string{"shop"}}, {Name: "pre-commit", Repos: []string{"shop"}}, {Name: "ruff", Repos: []string{"shop"}}},
		CISystems:      []Usage{{Name: CIGitHubActions, Repos: []string{"shop"}}, {Name: CITravis, Repos: []string{"app"}}},
		PythonVersions: []string{"3.11", "3.12", "3.13"},
		Docstrings:     DocstringCoverage{Functions: 7, Documented: 2, Ratio: 0.286},
	}
	got := ForCandidate(entries)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("summary\n got %+v\nwant %+v", got, want)
	}
	if empty := ForCandidate(nil); empty.Repos != 0 || empty.WithTests.Repos == nil || empty.PythonVersions == nil {
		t.Errorf("empty summary %+v", empty)
	}
}

func TestSortVersions(t *testing.T) {
	vs := []string{"3.10", "pypy3.9", "3.9", "3.x", "3", "3.13-dev", "2.7"}
	sortVersions(vs)
	if want := []string{"2.7", "3", "3.9", "3.10", "3.13-dev", "3.x", "pypy3.9"}; !reflect.DeepEqual(vs, want) {
		t.Errorf("got %v", vs)
	}
}
