// Package roles says which part a file plays in a repository: the
// project's own source, its tests, examples, benchmarks, notebooks,
// documentation, or scaffolding a framework generated and nobody changed.
// A claim about the candidate's code weighs differently in each, so every
// piece of evidence carries its file's role and questions prefer source.
//
// The rules are in docs/roles.md. This package imports nothing from the
// rest of the analyzer, so that any stage can classify a path.
package roles

import (
	"path"
	"strings"
)

// Role is the part a file plays in its repository.
type Role string

// The roles, in the order reports list them.
const (
	// Source is the project's own code: what it ships or runs.
	Source Role = "source"
	// Test is code a test runner collects, and its helpers (conftest.py,
	// files under a tests directory).
	Test Role = "test"
	// Example is code that shows how to use the project: examples, demos,
	// tutorials, samples.
	Example Role = "example"
	// Benchmark is code that measures the project's speed.
	Benchmark Role = "benchmark"
	// Notebook is a Jupyter notebook's code.
	Notebook Role = "notebook"
	// Docs is code that builds or lives in the documentation (Sphinx's
	// conf.py, snippets under docs/).
	Docs Role = "docs"
	// Scaffold is a file a framework or template generated and that was
	// left as generated (startproject boilerplate, "Create your models
	// here.").
	Scaffold Role = "scaffold"
)

// All lists the roles in report order.
var All = []Role{Source, Test, Example, Benchmark, Notebook, Docs, Scaffold}

// Own reports whether code in role r is the project's own working code
// (source or notebook), the code deep questions should be about.
func (r Role) Own() bool { return r == Source || r == Notebook }

// Valid reports whether r is one of All.
func (r Role) Valid() bool {
	for _, a := range All {
		if r == a {
			return true
		}
	}
	return false
}

// Directory names (lower case) that give every file below them a role.
// The first matching directory from the root decides: tests/examples/x.py
// is a test.
var dirRoles = map[string]Role{
	"test": Test, "tests": Test, "testing": Test, "unittests": Test, "unit_tests": Test,
	"integration_tests": Test, "functional_tests": Test, "e2e": Test,
	"example": Example, "examples": Example, "demo": Example, "demos": Example,
	"sample": Example, "samples": Example, "tutorial": Example, "tutorials": Example,
	"cookbook": Example, "recipes": Example,
	"benchmark": Benchmark, "benchmarks": Benchmark, "bench": Benchmark, "benches": Benchmark,
	"asv_bench": Benchmark, "perf": Benchmark,
	"doc": Docs, "docs": Docs, "documentation": Docs, "sphinx": Docs,
}

// ByPath classifies a file from its path alone: the fallback when nothing
// else is known, and the first step of Classifier.Role.
func ByPath(p string) Role {
	p = strings.TrimPrefix(path.Clean("/"+p), "/")
	base := path.Base(p)
	if strings.HasSuffix(strings.ToLower(base), ".ipynb") {
		return Notebook
	}
	dirs := strings.Split(p, "/")
	dirs = dirs[:len(dirs)-1]
	for _, d := range dirs {
		if r, ok := dirRoles[strings.ToLower(d)]; ok {
			return r
		}
	}
	name := strings.TrimSuffix(strings.TrimSuffix(base, ".py"), ".pyi")
	lower := strings.ToLower(name)
	switch {
	case lower == "conftest" || strings.HasPrefix(lower, "test_") || strings.HasSuffix(lower, "_test") ||
		lower == "tests" || lower == "test":
		return Test
	case lower == "bench" || lower == "benchmark" || lower == "benchmarks" ||
		strings.HasPrefix(lower, "bench_") || strings.HasSuffix(lower, "_bench") ||
		strings.HasPrefix(lower, "benchmark_") || strings.HasSuffix(lower, "_benchmark"):
		return Benchmark
	case strings.HasPrefix(lower, "example_") || strings.HasSuffix(lower, "_example") ||
		strings.HasPrefix(lower, "demo_") || strings.HasSuffix(lower, "_demo"):
		return Example
	}
	return Source
}
