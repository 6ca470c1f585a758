package practices

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The claims audit of issue 12's defect classes 5 and 6: fixture
// repositories written for each, with the claims the analysis must make
// and the look-alikes it must stay quiet about. The golden files hold the
// whole analysis.

// unittestBenchRepo is a unittest suite (one TestCase base class shared
// across files) with benchmark and load scripts under tests/, a docs tox
// env and a lint make target that only echoes. Nothing imports,
// configures or runs pytest.
var unittestBenchRepo = map[string]string{
	"setup.py":          "from setuptools import setup\nsetup(name='shop')\n",
	"shop/__init__.py":  "",
	"shop/models.py":    "def price(x):\n    return x * 2\n",
	"tests/__init__.py": "",
	"tests/base.py": `import unittest


class BaseTest(unittest.TestCase):
    def setUp(self):
        self.rate = 2
`,
	"tests/test_models.py": `import unittest

from shop.models import price


class PriceTest(unittest.TestCase):
    def test_price(self):
        self.assertEqual(price(1), 2)
`,
	// A Test* class deriving from another file's TestCase: unittest's.
	"tests/test_views.py": `from tests.base import BaseTest
from shop.models import price


class TestViews(BaseTest):
    def test_view(self):
        self.assertEqual(price(self.rate), 4)
`,
	// The near-misses: scripts no runner collects.
	"tests/bench_load.py": `import time

from shop.models import price


def run():
    start = time.perf_counter()
    for i in range(100000):
        price(i)
    return time.perf_counter() - start


if __name__ == "__main__":
    print(run())
`,
	"tests/perf_check.py": `from shop.models import price


def test_speed():
    assert price(3) == 6
`,
	"tox.ini": `[tox]
envlist = py312, docs

[testenv]
commands = python -m unittest discover -s tests

[testenv:docs]
deps = sphinx
commands = sphinx-build -W -b html docs docs/_build
`,
	"Makefile": `.PHONY: lint
lint:
	@echo "lint runs in the editor"
`,
	".github/workflows/ci.yml": `on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: tox -e py312
  docs:
    runs-on: ubuntu-latest
    steps:
      - run: tox -e docs
  lint:
    runs-on: ubuntu-latest
    steps:
      - run: make lint
`,
}

// taskRunnerLintRepo is a pytest project whose CI lints and type-checks
// only through tox, nox, make and hatch, plus one env that tox.ini does
// not define.
var taskRunnerLintRepo = map[string]string{
	"pyproject.toml": `[project]
name = "calc"

[tool.hatch.envs.types.scripts]
check = "pyright src"
`,
	"src/calc/__init__.py": "def add(a, b):\n    return a + b\n",
	"tests/test_add.py": `from calc import add


def test_add():
    assert add(1, 2) == 3
`,
	"tox.ini": `[tox]
envlist = py312, lint

[testenv]
commands = pytest

[testenv:lint]
commands =
    flake8 src tests
    black --check src tests
`,
	"noxfile.py": `import nox


@nox.session
def tests(session):
    session.install("-e", ".", "pytest")
    session.run("pytest", "-q")


@nox.session
def mypy(session):
    session.install("mypy")
    session.run("mypy", "src")
`,
	"Makefile": `RUFF = ruff

lint:
	$(RUFF) check src
`,
	".github/workflows/lint.yml": `on: [push]
jobs:
  flake8:
    runs-on: ubuntu-latest
    steps:
      - run: pipx run tox -eflake8
      - run: tox -e lint
  mypy:
    runs-on: ubuntu-latest
    steps:
      - run: nox -s mypy
  ruff:
    runs-on: ubuntu-latest
    steps:
      - run: make lint
  pyright:
    runs-on: ubuntu-latest
    steps:
      - run: hatch run types:check
`,
	".github/workflows/tests.yml": `on: [push]
jobs:
  tests:
    runs-on: ubuntu-latest
    steps:
      - run: nox -s tests
`,
}

func toolNames(rp *RepoPractices) []string {
	var out []string
	for _, t := range rp.Tools {
		out = append(out, t.Name)
	}
	return out
}

func frameworkNames(rp *RepoPractices) []string {
	var out []string
	for _, f := range rp.Tests.Frameworks {
		out = append(out, f.Name)
	}
	return out
}

func TestClaimsTestsThatAreNotTests(t *testing.T) {
	rp := Analyze(buildRepo(t, unittestBenchRepo))
	tt := &rp.Tests
	// Must: two test modules with one test each, unittest only.
	if tt.Files != 2 || tt.Tests != 2 || !slices.Equal(tt.Examples, []string{"tests/test_models.py", "tests/test_views.py"}) {
		t.Errorf("test files %d tests %d examples %v", tt.Files, tt.Tests, tt.Examples)
	}
	if got := frameworkNames(rp); !slices.Equal(got, []string{"unittest"}) {
		t.Errorf("frameworks %v: a TestCase suite with no pytest anywhere is unittest only", got)
	}
	// Must not: the benchmark, the uncollected perf script and the base
	// class counted as test files or tests.
	want := []string{"tests/__init__.py", "tests/base.py", "tests/bench_load.py", "tests/perf_check.py"}
	if tt.Uncollected != 4 || !slices.Equal(tt.UncollectedExamples, want) {
		t.Errorf("uncollected %d %v", tt.Uncollected, tt.UncollectedExamples)
	}
	if tt.Functions.Count != 0 || tt.Assertions.Count != 2 {
		t.Errorf("functions %d assertions %d: perf_check.py's test_speed is not collected", tt.Functions.Count, tt.Assertions.Count)
	}
	// Must: unittest run through tox is a test job; must not: the docs env
	// and the echoing lint target are no linting.
	ci := &rp.CI
	if ci.TestJobs != 1 || ci.LintJobs != 0 || ci.TypeCheckJobs != 0 {
		t.Errorf("jobs: test %d lint %d type %d", ci.TestJobs, ci.LintJobs, ci.TypeCheckJobs)
	}
	if names := toolNames(rp); len(names) != 0 {
		t.Errorf("tools %v, want none", names)
	}
	if len(rp.Warnings) != 0 {
		t.Errorf("warnings %+v", rp.Warnings)
	}
	checkGolden(t, filepath.Join("testdata", "golden", "unittest_with_benchmarks.json"), rp)

	// The same suite with pytest shown (a conftest.py, pytest run in CI,
	// a pytest configuration, an import) is pytest too.
	for name, extra := range map[string]map[string]string{
		"conftest":   {"tests/conftest.py": "import os\n"},
		"CI":         {".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    steps:\n      - run: python -m pytest\n"},
		"configured": {"setup.cfg": "[tool:pytest]\naddopts = -ra\n"},
		"imported":   {"tests/test_extra.py": "import pytest\n\n\ndef test_x():\n    with pytest.raises(ValueError):\n        int('x')\n"},
	} {
		files := map[string]string{}
		for k, v := range unittestBenchRepo {
			files[k] = v
		}
		for k, v := range extra {
			files[k] = v
		}
		if got := frameworkNames(Analyze(buildRepo(t, files))); !slices.Contains(got, "pytest") || !slices.Contains(got, "unittest") {
			t.Errorf("%s: frameworks %v, want pytest and unittest", name, got)
		}
	}
}

func TestClaimsLintThroughTaskRunners(t *testing.T) {
	rp := Analyze(buildRepo(t, taskRunnerLintRepo))
	ci := &rp.CI
	// Must: flake8+black (tox), mypy (nox), ruff (make), pyright (hatch).
	if ci.Jobs != 5 || ci.LintJobs != 2 || ci.TypeCheckJobs != 2 || ci.TestJobs != 1 {
		t.Errorf("jobs %d lint %d type %d test %d", ci.Jobs, ci.LintJobs, ci.TypeCheckJobs, ci.TestJobs)
	}
	perWorkflow := map[string][3]int{}
	for _, wf := range ci.Workflows {
		perWorkflow[wf.Path] = [3]int{wf.TestJobs, wf.LintJobs, wf.TypeCheckJobs}
	}
	if perWorkflow[".github/workflows/lint.yml"] != [3]int{0, 2, 2} || perWorkflow[".github/workflows/tests.yml"] != [3]int{1, 0, 0} {
		t.Errorf("per workflow %v", perWorkflow)
	}
	if got := toolNames(rp); !slices.Equal(got, []string{"black", "flake8", "mypy", "pyright", "ruff"}) {
		t.Errorf("tools %v", got)
	}
	// Must not: `nox -s tests` counted as linting, or `tox -eflake8`
	// (not defined in tox.ini) guessed from its name.
	for _, wf := range ci.Workflows {
		for _, j := range wf.Jobs {
			for _, r := range j.Runs {
				if r.Via == "nox -s tests" && r.Kind != KindTest {
					t.Errorf("nox -s tests ran %s as %s", r.Tool, r.Kind)
				}
				if r.Via == "tox -e flake8" && r.Kind != KindUnknown {
					t.Errorf("tox -eflake8 classified %s", r.Kind)
				}
			}
		}
	}
	if len(rp.Warnings) != 1 || rp.Warnings[0].Path != "tox.ini" || !strings.Contains(rp.Warnings[0].Message, `"flake8" is run in CI but not defined`) {
		t.Errorf("warnings %+v", rp.Warnings)
	}
	checkGolden(t, filepath.Join("testdata", "golden", "lint_through_task_runners.json"), rp)
}
