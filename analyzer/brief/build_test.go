package brief

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pyscout/pyscout/analyzer/deps"
	"github.com/pyscout/pyscout/analyzer/practices"
)

// Flagships are ranked by the candidate's own lines in source and
// notebook files: a large repository mostly written by others ranks below
// a smaller one of their own; tests and examples do not count; a
// repository with no own lines is no flagship.
func TestFlagshipRanking(t *testing.T) {
	big := codeOf(t, map[string]string{"big/__init__.py": "", "big/core.py": "def f():\n" + lines(999, "    x = 1"), "tests/test_big.py": lines(5000, "y = 2")})
	small := codeOf(t, map[string]string{"small.py": lines(300, "x = 1")})
	testsOnly := codeOf(t, map[string]string{"tests/test_a.py": lines(900, "x = 1"), "examples/demo.py": lines(900, "x = 1")})
	// The candidate added 10% of big/core.py's lines and all of small.py's.
	fileLines := map[string][2]int{"big/core.py": {100, 1000}, "small.py": {300, 300}}
	lookup := func(p string) (int, int, bool) {
		v, ok := fileLines[p]
		return v[0], v[1], ok
	}
	out := Build([]Input{
		{Name: "big", Code: big, FileLines: lookup},
		{Name: "small", Code: small, FileLines: lookup},
		{Name: "tests-only", Code: testsOnly, FileLines: lookup},
		{Name: "no-code"},
	})
	var names []string
	for _, b := range out {
		names = append(names, b.Repo)
	}
	if !reflect.DeepEqual(names, []string{"small", "big"}) {
		t.Fatalf("flagships %v, want [small big]", names)
	}
	if out[0].TheirLines != 300 || out[0].TheirShare == nil || *out[0].TheirShare != 1 {
		t.Errorf("small: their lines %d share %v", out[0].TheirLines, out[0].TheirShare)
	}
	if out[1].TheirLines != 100 || out[1].TheirShare == nil || *out[1].TheirShare != 0.1 {
		t.Errorf("big: their lines %d share %v", out[1].TheirLines, out[1].TheirShare)
	}
	if s := out[1].Central[0].TheirShare; s == nil || *s != 0.1 {
		t.Errorf("big/core.py share %v", s)
	}

	// Without history the own lines rank, and no share is claimed.
	out = Build([]Input{{Name: "big", Code: big}, {Name: "small", Code: small}})
	if out[0].Repo != "big" || out[0].TheirLines != 1000 || out[0].TheirShare != nil || out[0].Central[0].TheirShare != nil {
		t.Errorf("without history: %s %d %v", out[0].Repo, out[0].TheirLines, out[0].TheirShare)
	}
}

func TestAtMostMaxBriefs(t *testing.T) {
	var in []Input
	for i := 0; i < MaxBriefs+3; i++ {
		in = append(in, Input{Name: string(rune('a' + i)), Code: codeOf(t, map[string]string{"m.py": lines(10+i, "x = 1")})})
	}
	out := Build(in)
	if len(out) != MaxBriefs || out[0].Repo != string(rune('a'+MaxBriefs+2)) {
		t.Errorf("%d briefs, first %s", len(out), out[0].Repo)
	}
	if out := Build(nil); out == nil || len(out) != 0 {
		t.Errorf("no input gives %v, want an empty list", out)
	}
}

func TestLanguagesShareAllCode(t *testing.T) {
	code := codeOf(t, map[string]string{"m.py": "x = 1\n"})
	b := Build([]Input{{Name: "r", Code: code, Languages: map[string]int64{"Python": 600, "C": 300, "CUDA": 100, "Shell": 0}}})[0]
	want := []LanguageShare{{"Python", 0.6}, {"C", 0.3}, {"CUDA", 0.1}}
	if !reflect.DeepEqual(b.Languages, want) {
		t.Errorf("languages %v, want %v", b.Languages, want)
	}
}

func TestMaintainer(t *testing.T) {
	lib := codeOf(t, map[string]string{
		"pyproject.toml":      "[project]\nname = \"Engine_Lib\"\n\n[project.scripts]\nengine = \"engine.cli:main\"\n",
		"engine/__init__.py":  "",
		"engine/cli.py":       "def main():\n    pass\n",
		"engine/core.py":      lines(50, "x = 1"),
		"docs/changelog.rst":  "1.0\n",
		".github/workflows/x": "",
	})
	app := codeOf(t, map[string]string{"app.py": lines(10, "import engine_lib")})
	other := codeOf(t, map[string]string{"other.py": lines(10, "x = 1")})
	appDeps := &deps.Report{Libraries: []deps.RepoLibrary{{Import: "engine", Package: "engine-lib", Declared: true}}}
	// Named but not declared: imported without a manifest saying so.
	otherDeps := &deps.Report{Libraries: []deps.RepoLibrary{{Import: "engine", Package: "engine-lib", Declared: false}}}
	prac := &practices.RepoPractices{CI: practices.CI{
		PythonVersions: []string{"3.12", "3.13", "3.13t", "pypy-3.10"},
		OS:             []string{"ubuntu-latest", "windows-2022", "macos-14", "ubuntu-22.04", "self-hosted"},
	}}
	prac.Documentation.Changelog = &practices.Evidence{Path: "docs/changelog.rst"}
	out := Build([]Input{
		{Name: "engine", Code: lib, Practices: prac},
		{Name: "app", Code: app, Dependencies: appDeps},
		{Name: "other", Code: other, Dependencies: otherDeps},
	})
	m := out[0].Maintainer
	if out[0].Repo != "engine" || m.PublishedAs != "Engine_Lib" || !reflect.DeepEqual(m.UsedIn, []string{"app"}) {
		t.Errorf("maintainer %+v", m)
	}
	wantCI := CIMatrix{
		PythonVersions:  []string{"3.12", "3.13", "3.13t", "pypy-3.10"},
		OS:              []string{"Linux", "Windows", "macOS", "self-hosted"},
		Implementations: []string{"CPython", "CPython (free-threaded)", "PyPy"},
	}
	if !reflect.DeepEqual(m.CI, wantCI) || m.Changelog != "docs/changelog.rst" {
		t.Errorf("CI %+v changelog %q", m.CI, m.Changelog)
	}
	var ep *Abstraction
	for i := range out[0].Abstractions {
		if out[0].Abstractions[i].Kind == KindEntryPoint {
			ep = &out[0].Abstractions[i]
		}
	}
	if ep == nil || ep.Name != "engine" || ep.Evidence.Path != "engine/cli.py" || ep.Evidence.Line != 1 {
		t.Errorf("entry point %+v", ep)
	}
	// A repository without packaging publishes nothing and lists no CI.
	if m := out[1].Maintainer; m.PublishedAs != "" || m.UsedIn == nil || m.CI.OS == nil || len(m.CI.PythonVersions) != 0 {
		t.Errorf("app maintainer %+v", m)
	}
}

func TestPackagingFromSetupFiles(t *testing.T) {
	code := codeOf(t, map[string]string{
		"setup.cfg": "[metadata]\nname = tool-kit\n\n[options.entry_points]\nconsole_scripts =\n    tk = toolkit.main:run\n",
		"setup.py":  "from setuptools import setup\nsetup(name='ignored', entry_points={'console_scripts': ['x = y:z']})\n",
	})
	if code.pkg.Name != "tool-kit" || len(code.pkg.Scripts) != 1 || code.pkg.Scripts[0].Name != "tk" || code.pkg.Scripts[0].Evidence.Line != 6 {
		t.Errorf("setup.cfg packaging %+v", code.pkg)
	}
	code = codeOf(t, map[string]string{
		"setup.py": "from setuptools import setup\nsetup(\n    name='records',\n    entry_points={\n        'console_scripts': ['records=records:cli'],\n    },\n)\n",
	})
	if code.pkg.Name != "records" || len(code.pkg.Scripts) != 1 || code.pkg.Scripts[0].Func != "cli" || code.pkg.Scripts[0].Evidence.Line != 5 {
		t.Errorf("setup.py packaging %+v", code.pkg)
	}
	// A computed name is not guessed.
	code = codeOf(t, map[string]string{"setup.py": "from setuptools import setup\nsetup(name=NAME)\n"})
	if code.pkg.Name != "" {
		t.Errorf("computed name read as %q", code.pkg.Name)
	}
}

func TestWhat(t *testing.T) {
	readme := strings.Join([]string{
		`<p align="center"><img src="logo.png"></p>`,
		``,
		`# Engine`,
		``,
		`[![Build](https://ci.example/badge.svg)](https://ci.example) [![PyPI](https://img.shields.io/pypi/v/x.svg)](https://pypi.org/x)`,
		`![diagram](docs/d.png)`,
		`[Docs](https://docs.example) | [Chat](https://chat.example)`,
		``,
		"Engine is a **tiny** [autograd](https://en.wikipedia.org/wiki/Autodiff) engine\x07 with a `Value` type,",
		`built on <b>scalars</b>. See https://example.com for more.`,
		``,
		`## Install`,
		`pip install engine`,
	}, "\n")
	got := whatText("Scalar autodiff", []byte(readme), "README.md")
	want := "Scalar autodiff. Engine is a tiny autograd engine with a Value type, built on scalars. See for more."
	if got != want {
		t.Errorf("what\n got %q\nwant %q", got, want)
	}
	// The README's opening that contains the description replaces it.
	if got := whatText("Records", []byte("Records: SQL for Humans\n=====\n\nRecords is a very simple library for SQL.\n"), "README.rst"); got != "Records is a very simple library for SQL." {
		t.Errorf("what %q", got)
	}
	// Cut at MaxWhat characters on a word boundary.
	long := strings.Repeat("word ", 200)
	got = whatText("", []byte(long), "README")
	if n := len([]rune(got)); n > MaxWhat || !strings.HasSuffix(got, "word…") {
		t.Errorf("cut to %d characters: %q", n, got[len(got)-20:])
	}
	// A reStructuredText field's continuation is no paragraph.
	rst := "Celery\n======\n\n:Keywords: task, queue, job, async,\n  python, distributed, actors\n\nCelery is a simple, flexible distributed system.\n"
	if got := whatText("", []byte(rst), "README.rst"); got != "Celery is a simple, flexible distributed system." {
		t.Errorf("what %q", got)
	}
	// A call for sponsors is passed over for the first paragraph that
	// describes the project.
	sponsored := "# X\n\nOpen Collective is our community-powered funding platform.\n\n## About\n\nX parses logs into tables.\n"
	if got := whatText("", []byte(sponsored), "README.md"); got != "X parses logs into tables." {
		t.Errorf("what %q", got)
	}
	// A README that opens with an advertisement: the first paragraph
	// naming the project is taken; a dotted module path is no mention.
	ad := "# Q\n\nHostCo is the leading message broker host for Q users.\n\nInstall and import q.tasks to begin.\n\nQ is a distributed task queue.\n"
	if got := whatText("", []byte(ad), "README.md", "q"); got != "Q is a distributed task queue." {
		t.Errorf("what %q", got)
	}
	if got := whatText("", []byte(ad), "README.md", "other"); got != "HostCo is the leading message broker host for Q users." {
		t.Errorf("what without a mention %q", got)
	}
	// Sections about funding are passed over, to the next heading of
	// their level.
	sections := "Q\n=\n\nDonations\n=========\n\nAcme\n----\n\nAcme hosts brokers for everyone.\n\nWhat is it?\n===========\n\nQueues spread work over machines.\n"
	if got := whatText("", []byte(sections), "README.rst"); got != "Queues spread work over machines." {
		t.Errorf("what %q", got)
	}
	// Underscore emphasis goes; snake_case names stay.
	if got := plain("Rich is for _rich_ text, see rich_text."); got != "Rich is for rich text, see rich_text." {
		t.Errorf("plain %q", got)
	}
	// A README of badges and headings only gives the description alone.
	if got := whatText("Just this", []byte("# T\n\n[![x](y)](z)\n"), "README.md"); got != "Just this" {
		t.Errorf("what %q", got)
	}
}
