package report

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/github"
	"github.com/pyscout/pyscout/analyzer/github/githubtest"
	"github.com/pyscout/pyscout/rules"
)

// fixtureNow is the moment every fixture is analysed at, so that activity
// windows, "days since" figures and GeneratedAt never move.
var fixtureNow = time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)

// fakeHost replaces the fake GitHub's http://127.0.0.1:PORT in every
// fixture, so that no port reaches a golden file.
const fakeHost = "https://github.example"

// fixture is one candidate report the golden, schema and browser tests share.
type fixture struct {
	name    string
	hostile bool
	report  *Report
}

var (
	fixturesOnce sync.Once
	fixturesList []fixture
	fixturesErr  string
)

// fixtures builds the candidates once per test binary: two GitHub users on
// the in-process fake (a normal one with history and a hostile one), and
// two inspected directories (a normal take-home and one whose file names
// are hostile).
func fixtures(t *testing.T) []fixture {
	t.Helper()
	fixturesOnce.Do(func() {
		var list []fixture
		build := []struct {
			name    string
			hostile bool
			fn      func(*testing.T) (*analyzer.Profile, rules.Options)
		}{
			{"alice", false, aliceProfile},
			{"mallory", true, malloryProfile},
			{"take-home", false, takeHomeProfile},
			{"hostile-files", true, hostileFilesProfile},
		}
		set, err := rules.Default()
		if err != nil {
			fixturesErr = err.Error()
			return
		}
		for _, b := range build {
			p, opts := b.fn(t)
			if t.Failed() {
				fixturesErr = "building fixture " + b.name + " failed"
				return
			}
			p.Briefs = fixtureBriefs(b.name)
			opts.Now = fixtureNow
			res, err := set.Evaluate(p, opts)
			if err != nil {
				fixturesErr = b.name + ": " + err.Error()
				return
			}
			list = append(list, fixture{b.name, b.hostile, &Report{Profile: p, Rules: res, ToolVersion: "1.0.0-test"}})
		}
		fixturesList = list
	})
	if fixturesErr != "" {
		t.Fatal(fixturesErr)
	}
	return fixturesList
}

// analyzeFake runs the real pipeline against the fake at fixtureNow and
// makes the result independent of the fake's port and clock.
func analyzeFake(t *testing.T, s *githubtest.Server, login string) *analyzer.Profile {
	t.Helper()
	gh, err := github.NewClient(github.Options{APIURL: s.APIURL(), UserAgent: "pyscout-test"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := analyzer.AnalyzeUser(context.Background(), gh, login, analyzer.Options{
		Jobs:     2,
		CacheDir: t.TempDir(),
		Now:      func() time.Time { return fixtureNow },
	})
	if err != nil {
		t.Fatalf("analyze %s: %v", login, err)
	}
	rewriteStrings(reflect.ValueOf(p), s.URL(), fakeHost)
	if p.API != nil {
		// The fake's rate-limit reset follows the wall clock.
		p.API.RateReset = nil
	}
	// The caches' counts follow the run (which of two repositories
	// sharing a file parses it first), not the analysis.
	p.Cache = nil
	return p
}

func ago(days int) time.Time { return fixtureNow.AddDate(0, 0, -days) }

// aliceProfile is an ordinary candidate: several Python repositories with a
// year of history, a notebook, tests, a skipped JavaScript project, an
// archived Python 2 script and contributions to another project.
func aliceProfile(t *testing.T) (*analyzer.Profile, rules.Options) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice", ID: 1001, Name: "Alice Example", Email: "alice@example.com"})
	s.AddUser(githubtest.User{Login: "pallets", Type: "Organization"})
	me := func(days int, msg string, files map[string]string) githubtest.Commit {
		return githubtest.Commit{AuthorName: "Alice", AuthorEmail: "1001+alice@users.noreply.github.com",
			AuthorDate: ago(days), Message: msg, Files: files}
	}
	shop := []githubtest.Commit{
		me(340, "Start the shop", map[string]string{
			"requirements.txt": "flask\nrequests\nsqlalchemy\n",
			"shop/__init__.py": "from flask import Flask\n\n\ndef create_app() -> Flask:\n    app = Flask(__name__)\n    from . import views\n    app.register_blueprint(views.bp)\n    return app\n",
		}),
		me(300, "Models", map[string]string{"shop/models.py": shopModels}),
		me(250, "Views", map[string]string{"shop/views.py": shopViews}),
		{AuthorName: "Bob", AuthorEmail: "bob@example.com", AuthorDate: ago(200), Message: "Fix typo",
			Files: map[string]string{"README.md": "# shop\n\nA small web shop.\n"}},
		me(120, "Background tasks", map[string]string{"shop/tasks.py": shopTasks}),
		me(60, "Tests", map[string]string{"tests/test_models.py": shopTests}),
		me(20, "Sales notebook", map[string]string{"notebooks/sales.ipynb": salesNotebook}),
		me(6, "Order totals", map[string]string{"shop/pricing.py": shopPricing}),
	}
	s.AddRepo("alice", githubtest.Repo{Name: "shop", Description: "A Flask web shop with background jobs",
		Language: "Python", PushedAt: ago(6), History: shop})
	s.AddRepo("alice", githubtest.Repo{Name: "csv-tools", Description: "Command-line helpers for CSV files",
		Language: "Python", PushedAt: ago(45), History: []githubtest.Commit{
			me(280, "First version", map[string]string{"csvtools/cli.py": csvCLI, "pyproject.toml": "[project]\nname = \"csv-tools\"\n"}),
			me(150, "Readers", map[string]string{"csvtools/readers.py": csvReaders}),
			me(45, "Pattern matching", map[string]string{"csvtools/dispatch.py": csvDispatch}),
		}})
	s.AddRepo("alice", githubtest.Repo{Name: "old-scripts", Description: "Scripts from university", Language: "Python",
		Archived: true, PushedAt: ago(900), History: []githubtest.Commit{
			{AuthorName: "Alice", AuthorEmail: "alice@example.com", AuthorDate: ago(1200), Message: "Homework",
				Files: map[string]string{"grades.py": "import sys\n\nprint 'average:', sum(map(int, sys.argv[1:])) / 3\n"}},
		}})
	s.AddRepo("alice", githubtest.Repo{Name: "widget", Description: "A date picker", Language: "JavaScript",
		PushedAt: ago(90), Files: map[string]string{"index.js": "export default function picker() {}\n"}})
	s.AddRepo("alice", githubtest.Repo{Name: "flask", Language: "Python", Fork: true, Parent: "pallets/flask",
		CreatedAt: ago(400), PushedAt: ago(400)})
	s.AddEvents("alice",
		githubtest.PullRequestEvent("pallets/flask", 5120, "opened", false, "Document the app factory", ago(10)),
		githubtest.PullRequestEvent("pallets/flask", 5001, "closed", true, "Fix a typo in the tutorial", ago(40)),
		githubtest.PullRequestReviewEvent("pallets/flask", 5100, "approved", ago(12)),
		githubtest.IssuesEvent("pallets/flask", 5200, "opened", "Blueprint docs unclear", ago(15)),
	)
	return analyzeFake(t, s, "alice"), rules.Options{Stack: []string{"flask", "postgres"}, Level: "mid"}
}

// malloryProfile is a hostile candidate: every string they control tries
// to become markup, a script, a link or a terminal escape.
func malloryProfile(t *testing.T) (*analyzer.Profile, rules.Options) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "mallory", ID: 666, Name: "\x1b[2J\x1b[31mMallory <b>Bold</b>"})
	s.AddUser(githubtest.User{Login: "victim", Type: "Organization"})
	evil := func(days int, msg string, files map[string]string) githubtest.Commit {
		return githubtest.Commit{AuthorName: "Mallory", AuthorEmail: "666+mallory@users.noreply.github.com",
			AuthorDate: ago(days), Message: msg, Files: files}
	}
	s.AddRepo("mallory", githubtest.Repo{Name: "x", Description: "<img src=x onerror=alert(1)>", Language: "Python",
		PushedAt: ago(3), History: []githubtest.Commit{
			evil(30, "[click me](javascript:alert(1))", map[string]string{
				"<svg onload=alert(1)>.py": hostileClasses,
				"evil\x1b[31m\nname.py":    "x = 1\n",
			}),
			evil(3, "![track](https://evil.example/pixel.png) <script>alert(1)</script>", map[string]string{
				"](javascript:alert(1)).py": "import requests\n\n\ndef fetch(url):\n    return requests.get(url).text\n",
			}),
		}})
	s.AddRepo("mallory", githubtest.Repo{Name: "y", Description: "\x1b]8;;javascript:alert(1)\x1b\\link\x1b]8;;\x1b\\ | pipe",
		Language: "Rust", PushedAt: ago(4), Languages: map[string]int{"Rust": 10}, Files: map[string]string{"a.rs": ""}})
	s.AddEvents("mallory",
		githubtest.PullRequestEvent("victim/proj", 1, "opened", false, "[urgent](javascript:alert(1)) <img src=x onerror=alert(1)>", ago(5)),
	)
	return analyzeFake(t, s, "mallory"), rules.Options{}
}

// takeHomeProfile inspects a small take-home assignment in testdata.
func takeHomeProfile(t *testing.T) (*analyzer.Profile, rules.Options) {
	abs, err := filepath.Abs(filepath.Join("testdata", "inspect", "take-home"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := analyzer.Inspect(context.Background(), []string{abs, filepath.Join(abs, "missing")}, analyzer.Options{
		Jobs: 1, CacheDir: t.TempDir(), Now: func() time.Time { return fixtureNow },
	})
	if err != nil {
		t.Fatal(err)
	}
	rewriteStrings(reflect.ValueOf(p), filepath.Dir(abs), "testdata/inspect")
	p.Cache = nil // the run's counts, not the analysis
	return p, rules.Options{Level: "senior"}
}

// hostileFilesProfile inspects a directory whose file names carry ANSI
// escapes, newlines and markup, and pretends a hostile server gave its
// repository a javascript: URL, so that evidence "links" are hostile too.
func hostileFilesProfile(t *testing.T) (*analyzer.Profile, rules.Options) {
	root := filepath.Join(t.TempDir(), "hostile-files")
	files := map[string]string{
		"evil\x1b[31m\nname.py":                               hostileClasses,
		"<svg onload=window.__pwned=1>.py":                    "import requests\n\n\ndef get(u):\n    return requests.get(u)\n",
		"](javascript:alert(1)) [x](y).py":                    "import pickle\n\n\ndef load(b):\n    return pickle.loads(b)\n",
		"\x1b]8;;javascript:alert(1)\x07click\x1b]8;;\x07.py": "import threading\n",
		// A manifest that is a Git LFS pointer, under a hostile name: it is
		// listed as not read, as text.
		"<b>lfs</b>\x1b[31m/requirements.txt": "version https://git-lfs.github.com/spec/v1\n" +
			"oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12000000\n",
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(root, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := analyzer.Inspect(context.Background(), []string{root}, analyzer.Options{
		Jobs: 1, CacheDir: t.TempDir(), Now: func() time.Time { return fixtureNow },
	})
	if err != nil {
		t.Fatal(err)
	}
	rewriteStrings(reflect.ValueOf(p), filepath.Dir(root), "/tmp")
	p.Cache = nil // the run's counts, not the analysis
	for i := range p.Repos {
		r := &p.Repos[i]
		r.URL = "javascript:alert(1)//"
		r.Commit = strings.Repeat("ab", 20)
		r.Description = "<img src=x onerror=alert(1)>"
	}
	return p, rules.Options{}
}

// rewriteStrings replaces old with new in every string reachable from v.
func rewriteStrings(v reflect.Value, old, new string) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			rewriteStrings(v.Elem(), old, new)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				rewriteStrings(v.Field(i), old, new)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			rewriteStrings(v.Index(i), old, new)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			rewriteStrings(e, old, new)
			v.SetMapIndex(k, e)
		}
	case reflect.String:
		if v.CanSet() {
			v.SetString(strings.ReplaceAll(v.String(), old, new))
		}
	}
}

const shopModels = `from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from enum import Enum


class Status(Enum):
    NEW = "new"
    PAID = "paid"


class Model(ABC):
    @abstractmethod
    def validate(self) -> None: ...


class TimestampedModel(Model):
    def __init__(self) -> None:
        self._created = datetime.now()

    @property
    def created(self) -> datetime:
        return self._created


class Order(TimestampedModel):
    def __init__(self, total: int) -> None:
        super().__init__()
        self.__total = total
        self.status = Status.NEW

    def validate(self) -> None:
        if self.__total < 0:
            raise ValueError("negative total")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Order) and other.__total == self.__total


@dataclass(frozen=True)
class Address:
    street: str
    city: str
`

const shopViews = `import requests
from flask import Blueprint, jsonify

bp = Blueprint("shop", __name__)


@bp.route("/rates")
def rates():
    resp = requests.get("https://rates.example/api", timeout=5)
    resp.raise_for_status()
    return jsonify({k: v for k, v in resp.json().items() if v})


@bp.route("/health")
def health() -> str:
    return f"ok {bp.name}"
`

const shopTasks = `import asyncio
from concurrent.futures import ThreadPoolExecutor


async def notify(emails: list[str]) -> int:
    sent = 0
    for email in emails:
        await asyncio.sleep(0)
        sent += 1
    return sent


def resize_all(paths: list[str]) -> list[str]:
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(str.upper, paths))
`

const shopTests = `import pytest

from shop.models import Order


@pytest.fixture
def order():
    return Order(10)


def test_negative_total_is_invalid():
    with pytest.raises(ValueError):
        Order(-1).validate()


def test_orders_compare_by_total(order):
    assert order == Order(10)
`

const shopPricing = `def total(items, discount=None, member=False):
    amount = 0
    for item in items:
        if item.get("free"):
            continue
        if item["qty"] > 10 and member:
            amount += item["price"] * item["qty"] * 0.9
        elif item["qty"] > 10:
            amount += item["price"] * item["qty"] * 0.95
        else:
            amount += item["price"] * item["qty"]
    if discount and (n := discount.get("percent")):
        amount -= amount * n / 100
    return round(amount, 2)
`

const salesNotebook = `{"cells": [
 {"cell_type": "markdown", "metadata": {}, "source": ["# Sales"]},
 {"cell_type": "code", "metadata": {}, "execution_count": 1, "outputs": [], "source": ["import pandas as pd\n", "import matplotlib.pyplot as plt\n"]},
 {"cell_type": "code", "metadata": {}, "execution_count": 2, "outputs": [], "source": ["df = pd.read_csv('sales.csv')\n", "df.groupby('month').sum().plot()\n"]}
], "metadata": {"kernelspec": {"language": "python", "name": "python3", "display_name": "Python 3"}}, "nbformat": 4, "nbformat_minor": 5}`

const csvCLI = `import click

from .readers import read_rows


@click.command()
@click.argument("path")
def main(path: str) -> None:
    """Print the rows of a CSV file."""
    for row in read_rows(path):
        click.echo(row)


if __name__ == "__main__":
    main()
`

const csvReaders = `import csv
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def opened(path: str):
    f = open(path, newline="")
    try:
        yield f
    finally:
        f.close()


def read_rows(path: str) -> Iterator[dict[str, str]]:
    with opened(str(Path(path))) as f:
        yield from csv.DictReader(f)
`

const csvDispatch = `def describe(value: int | str | None) -> str:
    match value:
        case None:
            return "empty"
        case int(n) if n < 0:
            return "negative"
        case int():
            return "number"
        case _:
            return "text"
`

const hostileClasses = `class Shape:
    pass


class Rectangle(Shape):
    pass


class Square(Rectangle):
    pass
`
