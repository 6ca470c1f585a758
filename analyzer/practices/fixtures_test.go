package practices

import (
	"sort"
	"strings"
	"testing"

	"github.com/pyscout/pyscout/analyzer/python"
)

// buildRepo turns a file map into Analyze's input as the pipeline would:
// every path listed, wanted files' contents, .py files analysed.
func buildRepo(t testing.TB, files map[string]string) Repo {
	t.Helper()
	a, err := python.NewAnalyzer(python.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	var r Repo
	r.Contents = map[string][]byte{}
	for p := range files {
		r.Files = append(r.Files, p)
	}
	sort.Strings(r.Files)
	for _, p := range r.Files {
		if Wants(p) {
			r.Contents[p] = []byte(files[p])
		}
		if strings.HasSuffix(p, ".py") {
			ff, err := a.AnalyzeFile(p, []byte(files[p]))
			if err != nil {
				t.Fatal(err)
			}
			r.Python = append(r.Python, FromFileFacts(ff))
		}
	}
	return r
}

// thoroughRepo is a package with a thorough pytest suite, GitHub Actions
// CI (a three-version matrix, ruff and mypy), pre-commit and docs.
var thoroughRepo = map[string]string{
	"pyproject.toml": `[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "shop"
requires-python = ">=3.11"

[tool.pytest.ini_options]
testpaths = ["tests"]
addopts = "--cov=shop --doctest-modules"

[tool.ruff]
line-length = 100

[tool.ruff.lint]
select = ["E", "F", "B"]

[tool.mypy]
strict = true
`,
	".github/workflows/ci.yml": `name: CI
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python-version: ["3.11", "3.12", "3.13"]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
      - run: pip install -e ".[test]"
      - run: |
          python -m pytest --cov=shop
      - uses: codecov/codecov-action@v4
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.13"
      - run: pip install ruff mypy
      - run: ruff check . && ruff format --check .
      - run: mypy src
`,
	".pre-commit-config.yaml": `repos:
  - repo: https://github.com/astral-sh/ruff-pre-commit
    rev: v0.6.0
    hooks:
      - id: ruff
      - id: ruff-format
  - repo: https://github.com/pre-commit/pre-commit-hooks
    rev: v4.6.0
    hooks:
      - id: end-of-file-fixer
`,
	"README.md": `# Shop

A tiny shop.

## Install

` + "```sh\n# not a heading\npip install shop\n```" + `

Usage
-----

See [the docs](https://example.org).
`,
	"LICENSE":         "MIT License\n\nCopyright (c) 2024 A. Candidate\n\nPermission is hereby granted, free of charge, to any person obtaining a copy...\n",
	"CHANGELOG.md":    "# Changelog\n",
	"CONTRIBUTING.md": "# Contributing\n",
	"docs/conf.py":    "project = 'shop'\n",
	"docs/index.rst":  "Shop\n====\n",
	"src/shop/__init__.py": `"""The shop."""
`,
	"src/shop/py.typed": "",
	"src/shop/cart.py": `"""A cart."""


class Cart:
    """A cart of items."""

    def __init__(self):
        self.items = []

    def add(self, item, price):
        """Add an item.

        >>> c = Cart()
        >>> c.add("pen", 2)
        """
        if price < 0:
            raise ValueError("negative price")
        self.items.append((item, price))

    def total(self):
        return sum(p for _, p in self.items)


def fetch_rates(session):
    return session.get("https://rates.example").json()
`,
	"tests/__init__.py": "",
	"tests/conftest.py": `import pytest

from shop.cart import Cart


@pytest.fixture
def cart():
    return Cart()


@pytest.fixture
def full_cart(cart):
    cart.add("pen", 2)
    return cart
`,
	"tests/test_cart.py": `import pytest

from shop.cart import Cart, fetch_rates


@pytest.mark.parametrize("price", [0, 1, 10])
def test_add(cart, price):
    cart.add("x", price)
    assert cart.items == [("x", price)]
    assert cart.total() == price


def test_negative_price(cart):
    with pytest.raises(ValueError):
        cart.add("x", -1)


def test_total(full_cart):
    assert full_cart.total() == pytest.approx(2)


def test_rates(mocker):
    session = mocker.Mock()
    session.get.return_value.json.return_value = {"EUR": 1}
    assert fetch_rates(session) == {"EUR": 1}
    session.get.assert_called_once_with("https://rates.example")


class TestEmpty:
    def test_total(self, cart):
        assert cart.total() == 0

    def test_items(self, cart):
        check_empty(cart)


def check_empty(cart):
    assert cart.items == []
`,
}

// unittestRepo is a setup.py package tested with unittest, without CI.
var unittestRepo = map[string]string{
	"setup.py":  "from setuptools import setup\nsetup(name='calc')\n",
	"setup.cfg": "[metadata]\nname = calc\n\n[flake8]\nmax-line-length = 100\n",
	"README.rst": `====
Calc
====

Adds numbers.

Install
-------

pip install calc

Usage
-----

Call add.
`,
	"calc/__init__.py": "",
	"calc/core.py": `def add(a, b):
    """Add."""
    return a + b


def sub(a, b):
    return a - b
`,
	"tests/__init__.py": "",
	"tests/test_core.py": `import unittest
from unittest import mock

from calc.core import add, sub


class CoreTest(unittest.TestCase):
    def setUp(self):
        self.a = 1

    def test_add(self):
        self.assertEqual(add(self.a, 2), 3)

    def test_sub(self):
        self.assertEqual(sub(3, self.a), 2)
        self.assertNotEqual(sub(3, 1), 3)

    @mock.patch("calc.core.add", return_value=0)
    def test_patched(self, add_mock):
        self.assertEqual(add(1, 1), 2)


if __name__ == "__main__":
    unittest.main()
`,
}

// emptyTestsRepo has test files whose tests assert nothing.
var emptyTestsRepo = map[string]string{
	"README":      "app\n",
	".travis.yml": "language: python\n",
	"app.py": `def main():
    print("hi")
`,
	"test_app.py": `from app import main


def test_main_runs():
    main()


def test_todo():
    pass


class TestApp:
    def test_prints(self):
        """Check it prints."""
        ...
`,
}

// noTestsRepo is a script without tests, CI or packaging.
var noTestsRepo = map[string]string{
	"script.py": "import sys\n\nprint(sys.argv)\n",
}
