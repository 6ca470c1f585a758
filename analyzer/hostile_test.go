package analyzer_test

// The hostile-repository corpus: repositories a candidate could push to GitHub to
// crash, hang, exhaust or trick pyscout, each served by the fake GitHub and run
// through the whole pipeline (AnalyzeUser, then every report format). Adding a case
// is one entry in hostileCases; the runner checks what every case must keep:
//
//   - no panic and no error from the pipeline;
//   - it ends within hostileHangGuard (a hang guard, not a speed goal: the speed
//     goals are benchmarks);
//   - the Go heap in use grows by at most hostileHeapBound during the run (sampled
//     every few milliseconds; tree-sitter's C memory is not in it, the binary-level
//     cases in cmd/pyscout bound the whole process's resident set);
//   - no report format holds a line of /etc/passwd or a string the case marks as
//     forbidden (the target of a symlink, text behind a submodule), the terminal
//     table and the Markdown hold no control character, and the JSON is valid;
//   - every repository is either analysed or listed as skipped with a reason, and
//     every file the walk left out is counted under a reason;
//
// and the case's own check says which reason each hostile file must be under.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/github"
	"github.com/pyscout/pyscout/analyzer/github/githubtest"
	"github.com/pyscout/pyscout/analyzer/walk"
	"github.com/pyscout/pyscout/report"
	"github.com/pyscout/pyscout/rules"
)

const (
	// hostileHangGuard fails a case that has not finished, instead of blocking the
	// test binary until go test's own timeout: a hang guard, not a speed goal. The
	// slowest case, 100,000 files, took 2m09s without -race on a machine with a
	// load average of 25 (37 s of CPU).
	hostileHangGuard = 4 * time.Minute
	// hostileHeapBound is about four times the largest peak measured: 260 MiB for
	// 100,000 files, 195 MiB for the notebooks under -race (go test -v -run
	// TestHostileRepositories ./analyzer logs each case's figure).
	hostileHeapBound = 1 << 30
)

// hostileCase is one hostile repository (or a few) and what its report must say.
type hostileCase struct {
	name string
	// needs, when set, names the issue 16 fix the case waits for: the case is
	// skipped until the fix is merged.
	needs string
	// slow cases are skipped under -short.
	slow bool
	// noRace cases are skipped under the race detector, which makes them take
	// minutes; .ci/run runs them without it.
	noRace bool
	// build returns the candidate's repositories; each gets Language "Python" when
	// it sets none.
	build func(t *testing.T) []githubtest.Repo
	// forbidden are strings no report format may contain.
	forbidden []string
	// check inspects the profile and the rendered reports (by format name).
	check func(t *testing.T, p *analyzer.Profile, out map[string]string)
}

// hostileCases is the corpus. The cases for fixes still in flight (issue 16) carry
// needs; the cases that need a fault the fake does not serve yet go in the
// fault matrix (see the comment after this table).
var hostileCases = []hostileCase{
	{
		name: "symlinks out of the clone, to a directory, and in a loop",
		build: func(t *testing.T) []githubtest.Repo {
			return []githubtest.Repo{{Name: "links",
				Files: map[string]string{"main.py": "import os\n", "pkg/mod.py": "def f():\n    return 1\n"},
				Symlinks: map[string]string{
					"passwd.py":        "/etc/passwd",
					"up.py":            "../../../../../../../etc/passwd",
					"parent":           "../../",
					"pkg_link":         "pkg",
					"loop_a.py":        "loop_b.py",
					"loop_b.py":        "loop_a.py",
					"requirements.txt": "/etc/passwd",
					"pyproject.toml":   "../../../../etc/hostname",
					"nb.ipynb":         "/proc/self/environ",
				}}}
		},
		forbidden: []string{"/etc/passwd", "etc/hostname", "/proc/self/environ", "../../"},
		check: func(t *testing.T, p *analyzer.Profile, _ map[string]string) {
			r := onlyRepo(t, p)
			wantSkipped(t, r, walk.ReasonSymlink, 9)
			if r.Python.Files != 2 || r.Python.Notebooks != 0 {
				t.Errorf("python files %d, notebooks %d, want the 2 regular files only", r.Python.Files, r.Python.Notebooks)
			}
			if d := r.Dependencies; d != nil && len(d.Manifests) != 0 {
				t.Errorf("a symlinked manifest was read: %+v", d.Manifests)
			}
		},
	},
	{
		name: "files over the size limit",
		build: func(t *testing.T) []githubtest.Repo {
			return []githubtest.Repo{{Name: "huge", Files: map[string]string{
				"big.py":      strings.Repeat("x = 1\n", walk.DefaultMaxFileBytes/6+1),
				"at_limit.py": "# " + strings.Repeat("a", walk.DefaultMaxFileBytes-3) + "\n",
				"small.py":    "import json\n",
				"data.csv":    strings.Repeat("1,2,3\n", 300000),
			}}}
		},
		check: func(t *testing.T, p *analyzer.Profile, _ map[string]string) {
			r := onlyRepo(t, p)
			wantSkipped(t, r, walk.ReasonTooLarge, 1)
			// The near-miss: a file of exactly the limit is read.
			if r.Python.Files != 2 {
				t.Errorf("python files %d, want 2 (small.py and the file at the limit)", r.Python.Files)
			}
		},
	},
	{
		name: "binary files",
		build: func(t *testing.T) []githubtest.Repo {
			bin := "\x7fELF\x02\x01\x01\x00" + strings.Repeat("\x00\xff\xfe\x01", 4096)
			return []githubtest.Repo{{Name: "bin", Files: map[string]string{
				"blob.py":       "import os\n\x00\x00\x00" + bin,
				"tool":          bin,
				"lib/native.so": bin,
				"logo.png":      "\x89PNG\r\n\x1a\n" + bin,
				"ok.py":         "def ok():\n    pass\n",
			}}}
		},
		check: func(t *testing.T, p *analyzer.Profile, _ map[string]string) {
			r := onlyRepo(t, p)
			wantSkipped(t, r, walk.ReasonBinary, 1)
			if r.Python.Files != 1 || r.Python.Functions != 1 {
				t.Errorf("python files %d, functions %d, want ok.py alone", r.Python.Files, r.Python.Functions)
			}
		},
	},
	{
		name: "invalid UTF-8 in Python files and names",
		build: func(t *testing.T) []githubtest.Repo {
			return []githubtest.Repo{{Name: "utf8", Files: map[string]string{
				"bad\xff\xfename.py": "def f\xff():\n    return '\xc3\x28'\n",
				"pkg\xc0/mod.py":     "import requests\nclass C\xfe(object):\n    pass\n",
				"latin1.py":          "# -*- coding: latin-1 -*-\nname = '\xe9t\xe9'\n\ndef g():\n    return name\n",
				"requirements.txt":   "requests==2.31\n\xff\xfe\n",
				"notebook\xff.ipynb": `{"cells": [{"cell_type": "code", "source": ["import numpy\n", "x = '` + "\xff" + `'\n"], "metadata": {}, "outputs": []}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`,
				"README\xff\xfe.md":  "# \xff\n",
				"ok/\xe2\x82\xac.py": "def euro():\n    pass\n",
			}}}
		},
		check: func(t *testing.T, p *analyzer.Profile, _ map[string]string) {
			r := onlyRepo(t, p)
			if r.Python.Files != 4 || r.Python.Notebooks != 1 {
				t.Errorf("python files %d, notebooks %d, want 4 and 1", r.Python.Files, r.Python.Notebooks)
			}
			if !hasLibrary(p, "requests") {
				t.Errorf("requests, imported by a file with an invalid name, is missing: %+v", p.Libraries)
			}
		},
	},
	{
		name:   "100,000 files",
		slow:   true,
		noRace: true,
		build: func(t *testing.T) []githubtest.Repo {
			// 100,005 files: the walk's bound (walk.DefaultMaxFiles) is 100,000, so
			// the last five are past it and the report must say the walk was cut.
			files := make(map[string]string, walk.DefaultMaxFiles+5)
			for i := 0; i < walk.DefaultMaxFiles+5; i++ {
				files[fmt.Sprintf("pkg%03d/m%05d.py", i/1000, i)] = "x = 1\n"
			}
			return []githubtest.Repo{{Name: "many", Files: files}}
		},
		check: func(t *testing.T, p *analyzer.Profile, _ map[string]string) {
			r := onlyRepo(t, p)
			if r.Walk.Files != walk.DefaultMaxFiles || !r.Walk.Truncated {
				t.Errorf("walk: %d files, truncated %v; want %d and truncated", r.Walk.Files, r.Walk.Truncated, walk.DefaultMaxFiles)
			}
			if r.Python.Files != walk.DefaultMaxFiles {
				t.Errorf("python files %d, want %d", r.Python.Files, walk.DefaultMaxFiles)
			}
		},
	},
	{
		name: "deep directory nesting",
		build: func(t *testing.T) []githubtest.Repo {
			deep := strings.Repeat("d/", 1000)
			return []githubtest.Repo{{Name: "deepdirs", Files: map[string]string{
				deep + "deep.py":                         "import yaml\n\ndef f():\n    pass\n",
				deep + "__init__.py":                     "",
				strings.Repeat("long_name_", 25) + ".py": "x = 1\n",
				"top.py":                                 "from d.d.d import deep\n",
			}}}
		},
		check: func(t *testing.T, p *analyzer.Profile, _ map[string]string) {
			r := onlyRepo(t, p)
			if r.Python.Files != 4 || r.Python.Functions != 1 {
				t.Errorf("python files %d, functions %d, want 4 and 1", r.Python.Files, r.Python.Functions)
			}
		},
	},
	{
		name: "deeply nested Python expressions",
		build: func(t *testing.T) []githubtest.Repo {
			return []githubtest.Repo{{Name: "deepexpr", Files: map[string]string{
				"parens.py":   "x = " + strings.Repeat("(", 50000) + "1" + strings.Repeat(")", 50000) + "\n",
				"lists.py":    "x = " + strings.Repeat("[", 50000) + strings.Repeat("]", 50000) + "\n",
				"lambdas.py":  "f = " + strings.Repeat("lambda: ", 20000) + "0\n",
				"calls.py":    "x = " + strings.Repeat("f(", 30000) + strings.Repeat(")", 30000) + "\n",
				"unclosed.py": "x = " + strings.Repeat("{", 100000) + "\n",
				"blocks.py":   deepBlocks(800),
				"ok.py":       "def near_miss():\n    return ((1))\n",
			}}}
		},
		check: func(t *testing.T, p *analyzer.Profile, _ map[string]string) {
			r := onlyRepo(t, p)
			if r.Python.Files != 7 {
				t.Errorf("python files %d, want 7", r.Python.Files)
			}
			if !hasFunction(r, "near_miss") {
				t.Errorf("the ordinary file beside the deep ones lost its function: %d functions", r.Python.Functions)
			}
		},
	},
	{
		name: "Python 2 code",
		build: func(t *testing.T) []githubtest.Repo {
			return []githubtest.Repo{{Name: "py2", Files: map[string]string{
				"legacy.py": "import urllib2\nprint 'hello'\nexec 'x = 1'\nif a <> b:\n    raise ValueError, 'x'\n" +
					"try:\n    pass\nexcept Exception, e:\n    print >>sys.stderr, e\nx = `y`\nn = 0777L\n",
				"modern.py": "def f() -> None:\n    print('hello')\n",
			}}}
		},
		check: func(t *testing.T, p *analyzer.Profile, out map[string]string) {
			r := onlyRepo(t, p)
			if r.Python.Files != 2 || r.Python.Python2Files != 1 {
				t.Errorf("python files %d, python 2 files %d, want 2 and 1", r.Python.Files, r.Python.Python2Files)
			}
		},
	},
	{
		name: "names and text with control characters, ANSI escapes and newlines",
		build: func(t *testing.T) []githubtest.Repo {
			return []githubtest.Repo{{
				Name:        "ctl",
				Description: "\x1b[2J\x1b[31mred\x1b[0m \x1b]8;;https://evil.invalid\x07click\x1b]8;;\x07\r\nfake line\x08\x07",
				History: []githubtest.Commit{{
					AuthorName:  "Mallory \x1b[5mblink\x1b[0m\x07",
					AuthorEmail: "mallory@example.invalid",
					Message:     "\x1b[2Jcleared\r\n",
					Files: map[string]string{
						"evil\x1b[31mred.py": "import requests\n",
						"new\nline.py":       "def f():\n    pass\n",
						"tab\tname.py":       "x = 1\n",
						"bell\x07.py":        "y = 2\n",
						"cr\rreturn.py":      "z = 3\n",
						"del\x7f.py":         "w = 4\n",
						"c1\xc2\x9b31m.py":   "v = 5\n", // U+009B, the C1 control sequence introducer
						"bidi\u202egnp.py":   "u = 6\n", // right-to-left override
						"plain.py":           "def plain():\n    return '\x1b[31m'\n",
					},
				}},
			}}
		},
		check: func(t *testing.T, p *analyzer.Profile, out map[string]string) {
			r := onlyRepo(t, p)
			if r.Walk.Files != 9 {
				t.Errorf("walk files %d, want 9", r.Walk.Files)
			}
			if n := r.Walk.Skipped[walk.ReasonInvalid] + r.Python.Files; n != 9 {
				t.Errorf("python files %d + invalid paths %d, want 9 (each file read or counted as invalid)", r.Python.Files, r.Walk.Skipped[walk.ReasonInvalid])
			}
			if !hasFunction(r, "plain") {
				t.Error("plain.py was not analysed")
			}
		},
	},
	{
		name: "submodules (gitlinks)",
		build: func(t *testing.T) []githubtest.Repo {
			return []githubtest.Repo{{Name: "submods",
				Files: map[string]string{
					".gitmodules": "[submodule \"ext\"]\n\tpath = ext\n\turl = file:///etc\n" +
						"[submodule \"vendor/lib\"]\n\tpath = vendor/lib\n\turl = ../../../../etc\n",
					"main.py": "import ext\n",
				},
				Submodules: map[string]string{
					"ext":        "0123456789abcdef0123456789abcdef01234567",
					"vendor/lib": "89abcdef0123456789abcdef0123456789abcdef",
					"a.py":       "fedcba9876543210fedcba9876543210fedcba98",
				}}}
		},
		check: func(t *testing.T, p *analyzer.Profile, _ map[string]string) {
			r := onlyRepo(t, p)
			wantSkipped(t, r, walk.ReasonSubmodule, 3)
			if r.Python.Files != 1 {
				t.Errorf("python files %d, want main.py alone", r.Python.Files)
			}
		},
	},
	{
		name: "Git LFS pointers",
		build: func(t *testing.T) []githubtest.Repo {
			return []githubtest.Repo{{Name: "lfs", Files: map[string]string{
				".gitattributes": "*.ipynb filter=lfs diff=lfs merge=lfs -text\nmodel.py filter=lfs diff=lfs merge=lfs -text\n",
				"model.py":       lfsPointer(1 << 30),
				"analysis.ipynb": lfsPointer(50 << 20),
				"train.py":       "import torch\n",
			}}}
		},
		check: func(t *testing.T, p *analyzer.Profile, _ map[string]string) {
			r := onlyRepo(t, p)
			// Pointers in a .py and a .ipynb are neither code nor notebooks: the
			// walk counts them as LFS pointers, not lost and not parsed.
			if n := r.Walk.Skipped[walk.ReasonLFSPointer]; n != 2 {
				t.Errorf("%d LFS pointers counted (skipped %v, unanalysed %v), want 2", n, r.Walk.Skipped, r.Python.Unanalysed)
			}
			if !hasLibrary(p, "torch") {
				t.Error("train.py beside the pointers was not analysed")
			}
		},
	},
	{
		name: "empty repository and empty files",
		build: func(t *testing.T) []githubtest.Repo {
			return []githubtest.Repo{
				{Name: "nothing", PushedAt: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)},
				{Name: "blank", Files: map[string]string{"__init__.py": "", "empty.ipynb": "", "requirements.txt": "", "pyproject.toml": ""}},
			}
		},
		check: func(t *testing.T, p *analyzer.Profile, _ map[string]string) {
			if len(p.Skipped) != 1 || p.Skipped[0].Name != "nothing" || p.Skipped[0].Reason != "empty repository" {
				t.Errorf("skipped %+v, want nothing as an empty repository", p.Skipped)
			}
			if len(p.Repos) != 1 || p.Repos[0].Name != "blank" {
				t.Fatalf("repos %+v, want blank alone", p.Repos)
			}
			if r := p.Repos[0]; r.Python.Files != 1 || r.Python.Unanalysed["invalid_notebook"] != 1 {
				t.Errorf("blank: files %d, unanalysed %v; want 1 and the empty notebook as invalid", r.Python.Files, r.Python.Unanalysed)
			}
		},
	},
	{
		name: "paths differing only in case",
		build: func(t *testing.T) []githubtest.Repo {
			return []githubtest.Repo{{Name: "cases", Files: map[string]string{
				"A.py":            "import numpy\n",
				"a.py":            "import pandas\n",
				"Pkg/__init__.py": "",
				"pkg/__init__.py": "",
				"Pkg/x.py":        "def upper():\n    pass\n",
				"pkg/x.py":        "def lower():\n    pass\n",
				"README.md":       "# upper\n",
				"readme.md":       "# lower\n",
			}}}
		},
		check: func(t *testing.T, p *analyzer.Profile, _ map[string]string) {
			r := onlyRepo(t, p)
			if r.Python.Files != 6 || !hasFunction(r, "upper") || !hasFunction(r, "lower") {
				t.Errorf("python files %d, functions %d; want all 6 files and both functions", r.Python.Files, r.Python.Functions)
			}
			if !hasLibrary(p, "numpy") || !hasLibrary(p, "pandas") {
				t.Errorf("libraries %+v, want numpy and pandas", p.Libraries)
			}
		},
	},
	{
		name: "hostile TOML",
		build: func(t *testing.T) []githubtest.Repo {
			return []githubtest.Repo{{Name: "toml", Files: map[string]string{
				"pyproject.toml":        "[project]\nname = \"x\"\ndependencies = " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n",
				"Pipfile":               "[" + strings.Repeat("a.", 50000) + "a]\nx = 1\n",
				"sub/pyproject.toml":    "a = " + strings.Repeat("{b = ", 20000) + "1" + strings.Repeat("}", 20000) + "\n",
				"dotted/pyproject.toml": "[" + strings.Repeat("tool.", 50000) + "x]\n",
				"setup.cfg":             "[options]\ninstall_requires =\n" + strings.Repeat("    requests\n", 20000) + "[" + strings.Repeat("x", 100000) + "\n",
				"ok/pyproject.toml":     "[project]\nname = \"ok\"\ndependencies = [\"flask>=2\"]\n",
				"main.py":               "import flask\n",
			}}}
		},
		check: func(t *testing.T, p *analyzer.Profile, _ map[string]string) {
			r := onlyRepo(t, p)
			wantWarning(t, practiceWarnings(r), "pyproject.toml", "not parsed")
			wantWarning(t, practiceWarnings(r), "dotted/pyproject.toml", "dotted parts")
			wantWarning(t, manifestWarnings(r), "pyproject.toml", "not parsed")
			wantWarning(t, manifestWarnings(r), "Pipfile", "not parsed")
			// The near-miss: the ordinary pyproject beside them is read.
			if !declared(r, "flask") {
				t.Errorf("flask, declared by ok/pyproject.toml, is not declared: %+v", r.Dependencies)
			}
		},
	},
	{
		name: "hostile YAML",
		build: func(t *testing.T) []githubtest.Repo {
			return []githubtest.Repo{{Name: "yaml", Files: map[string]string{
				".github/workflows/ci.yml":   "on: push\n" + laughs("jobs"),
				".github/workflows/deep.yml": "jobs: " + strings.Repeat("[", 100000) + "\n",
				".github/workflows/ok.yml":   "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n",
				"environment.yml":            "name: x\n" + laughs("dependencies"),
				"envs/environment-dev.yml":   "dependencies:\n" + strings.Repeat("- ", 5000) + "numpy\n",
				".pre-commit-config.yaml":    laughs("repos"),
				"main.py":                    "import numpy\n",
			}}}
		},
		check: func(t *testing.T, p *analyzer.Profile, _ map[string]string) {
			r := onlyRepo(t, p)
			wantWarning(t, practiceWarnings(r), ".github/workflows/ci.yml", "YAML nodes")
			wantWarning(t, practiceWarnings(r), ".github/workflows/deep.yml", "not parsed")
			wantWarning(t, practiceWarnings(r), ".pre-commit-config.yaml", "YAML")
			wantWarning(t, manifestWarnings(r), "envs/environment-dev.yml", "not parsed")
			if pr := r.Practices; pr == nil || pr.CI.TestJobs < 1 {
				t.Errorf("the ordinary workflow beside the hostile ones was not read: %+v", pr)
			}
		},
	},
	{
		name: "hostile notebooks",
		build: func(t *testing.T) []githubtest.Repo {
			return []githubtest.Repo{{Name: "notebooks", Files: map[string]string{
				"huge.ipynb":    notebook("import pandas\n", strings.Repeat("A", walk.DefaultMaxNotebookBytes)),
				"outputs.ipynb": notebook("import numpy\n", strings.Repeat("iVBORw0KGgo", (2<<20)/11)),
				"bigout.ipynb":  notebook("import sklearn\n", strings.Repeat("iVBORw0KGgo", (5<<20)/11)),
				"deep.ipynb":    `{"cells": [{"cell_type": "code", "source": "x", "metadata": {}, "outputs": ` + strings.Repeat("[", 200000) + strings.Repeat("]", 200000) + `}], "nbformat": 4}`,
				"invalid.ipynb": `{"cells": [{"cell_type": "code", "source": ["import os"`,
				"wrong.ipynb":   `{"cells": {"not": "a list"}, "nbformat": "four", "metadata": []}`,
				"many.ipynb":    manyCells(5000),
				"ok.ipynb":      notebook("import scipy\n", "done"),
			}}}
		},
		check: func(t *testing.T, p *analyzer.Profile, _ map[string]string) {
			r := onlyRepo(t, p)
			wantSkipped(t, r, walk.ReasonTooLarge, 1)
			if n := r.Python.Unanalysed["invalid_notebook"]; n != 3 {
				t.Errorf("unanalysed %v, want deep, invalid and wrong as invalid_notebook", r.Python.Unanalysed)
			}
			if r.Python.Notebooks != 7 {
				t.Errorf("notebooks %d, want 7 (all but the one over the walk's limit)", r.Python.Notebooks)
			}
			if !hasLibrary(p, "numpy") || !hasLibrary(p, "scipy") {
				t.Errorf("libraries %+v, want numpy (under 2 MiB of output) and scipy", p.Libraries)
			}
			// 5 MiB of output is under the walk's notebook bound (16 MiB) but over
			// the parser's (4 x its 1 MiB file bound): it may be analysed or counted
			// as too large, never lost.
			if !hasLibrary(p, "sklearn") && r.Python.Unanalysed["too_large"] != 1 {
				t.Errorf("the notebook with 5 MiB of output is neither analysed nor counted: unanalysed %v", r.Python.Unanalysed)
			}
		},
	},

	// Cases of issue 16's fixes.
	{
		name: "setup.py reaches the manifest parser",
		build: func(t *testing.T) []githubtest.Repo {
			return []githubtest.Repo{{Name: "setuppy", Files: map[string]string{
				"setup.py": "from setuptools import setup\nsetup(name='x', install_requires=['requests>=2'])\n",
				"app.py":   "import requests\n",
			}}}
		},
		check: func(t *testing.T, p *analyzer.Profile, _ map[string]string) {
			if r := onlyRepo(t, p); !declared(r, "requests") {
				t.Errorf("requests, in install_requires, is not declared: %+v", r.Dependencies)
			}
		},
	},
	{
		name: "a manifest over the size limit is listed with its reason",
		build: func(t *testing.T) []githubtest.Repo {
			return []githubtest.Repo{{Name: "bigreq", Files: map[string]string{
				"requirements.txt": strings.Repeat("requests==2.31.0\n", (walk.DefaultMaxFileBytes/17)+1),
				"app.py":           "import requests\n",
			}}}
		},
		check: func(t *testing.T, p *analyzer.Profile, out map[string]string) {
			r := onlyRepo(t, p)
			if !mentions(r.Dependencies, "requirements.txt") {
				t.Errorf("the over-limit requirements.txt appears nowhere in the dependencies: %+v", r.Dependencies)
			}
		},
	},
	{
		name: "an LFS pointer manifest is listed, not read as packages",
		build: func(t *testing.T) []githubtest.Repo {
			return []githubtest.Repo{{Name: "lfsreq", Files: map[string]string{
				"requirements.txt": lfsPointer(1234),
				"app.py":           "import os\n",
			}}}
		},
		check: func(t *testing.T, p *analyzer.Profile, _ map[string]string) {
			r := onlyRepo(t, p)
			if declared(r, "version") || declared(r, "v1") || declared(r, "oid") {
				t.Errorf("the LFS pointer was read as packages: %+v", r.Dependencies)
			}
			if !mentions(r.Dependencies, "requirements.txt") {
				t.Errorf("the LFS pointer requirements.txt is not listed: %+v", r.Dependencies)
			}
		},
	},
	{
		name: "80,000 imports in one file, dated with history",
		slow: true,
		build: func(t *testing.T) []githubtest.Repo {
			// 20 short names an import line, so that the file stays under the
			// walk's 1 MiB bound (one import a line would be skipped unread).
			var b strings.Builder
			for i := 0; i < 80000; i += 20 {
				b.WriteString("import ")
				for k := i; k < i+20; k++ {
					if k > i {
						b.WriteByte(',')
					}
					b.WriteString("m" + strconv.FormatInt(int64(k), 36))
				}
				b.WriteByte('\n')
			}
			if b.Len() >= walk.DefaultMaxFileBytes {
				t.Fatalf("%d bytes: over the walk's bound", b.Len())
			}
			return []githubtest.Repo{{Name: "imports", Files: map[string]string{"imports.py": b.String()}}}
		},
		check: func(t *testing.T, p *analyzer.Profile, _ map[string]string) {
			if r := onlyRepo(t, p); r.Python.Files != 1 {
				t.Errorf("python files %d", r.Python.Files)
			}
		},
	},

	{
		name: "clone URLs that reach the local disk or another transport",
		build: func(t *testing.T) []githubtest.Repo {
			return []githubtest.Repo{
				{Name: "local", ServedCloneURL: "file:///etc", Files: map[string]string{"a.py": "x = 1\n"}},
				{Name: "agent", ServedCloneURL: "ssh://git@github.com/mallory/agent.git", Files: map[string]string{"a.py": "x = 1\n"}},
				{Name: "plain", ServedCloneURL: "git://github.com/mallory/plain.git", Files: map[string]string{"a.py": "x = 1\n"}},
				{Name: "path", ServedCloneURL: "/etc", Files: map[string]string{"a.py": "x = 1\n"}},
				// The near miss: the API host's own URL still clones.
				{Name: "fine", Files: map[string]string{"a.py": "x = 1\n"}},
			}
		},
		check: func(t *testing.T, p *analyzer.Profile, _ map[string]string) {
			if len(p.Repos) != 1 || p.Repos[0].Name != "fine" {
				t.Errorf("analysed %v, want only fine", repoNames(p))
			}
			for _, sk := range p.Skipped {
				if !strings.HasPrefix(sk.Reason, "clone URL refused: ") {
					t.Errorf("%s skipped for %q, want a refused clone URL", sk.Name, sk.Reason)
				}
			}
			if len(p.Skipped) != 4 {
				t.Errorf("%d skipped, want 4", len(p.Skipped))
			}
		},
	},

	// Faults that need the fake at run time rather than a repository are tested
	// beside the code they guard: an API redirect to another host that must not
	// receive the token, and stalled or truncated answers, in analyzer/github
	// (client_test.go); a stalled clone pack with the other repositories kept, in
	// analyzer/clonestage_test.go; -o onto special files and the exit codes, in
	// cmd/pyscout (hostile_binary_test.go, robust_test.go).
}

func TestHostileRepositories(t *testing.T) {
	passwd := passwdLines(t)
	for _, tc := range hostileCases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.needs != "" {
				t.Skipf("needs fix %q from issue 16", tc.needs)
			}
			if tc.slow && testing.Short() {
				t.Skip("slow: skipped with -short")
			}
			if tc.noRace && raceDetector {
				t.Skip("minutes under the race detector: .ci/run runs it without -race")
			}
			s := githubtest.New(t)
			s.AddUser(githubtest.User{Login: "mallory"})
			for i, r := range tc.build(t) {
				if r.Language == "" {
					r.Language = "Python"
				}
				if r.PushedAt.IsZero() {
					r.PushedAt = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(-time.Duration(i) * time.Hour)
				}
				s.AddRepo("mallory", r)
			}
			gh, err := github.NewClient(github.Options{APIURL: s.APIURL()})
			if err != nil {
				t.Fatal(err)
			}

			ctx, cancel := context.WithTimeout(context.Background(), hostileHangGuard)
			defer cancel()
			type result struct {
				p   *analyzer.Profile
				err error
			}
			done := make(chan result, 1)
			peak := sampleHeap()
			start := time.Now()
			go func() {
				p, err := analyzer.AnalyzeUser(ctx, gh, "mallory", analyzer.Options{CacheDir: t.TempDir(), Jobs: 2})
				done <- result{p, err}
			}()
			var res result
			select {
			case res = <-done:
			case <-time.After(hostileHangGuard + 10*time.Second):
				t.Fatalf("no answer after %v: the pipeline ignores its context", hostileHangGuard)
			}
			elapsed, heap := time.Since(start), peak()
			t.Logf("took %v, Go heap peak %.1f MiB above the start", elapsed.Round(time.Millisecond), float64(heap)/(1<<20))
			if res.err != nil {
				t.Fatalf("AnalyzeUser: %v", res.err)
			}
			if heap > hostileHeapBound {
				t.Errorf("Go heap grew by %d MiB, over the %d MiB bound", heap>>20, hostileHeapBound>>20)
			}
			out := renderAll(t, res.p)
			checkCommon(t, res.p, out, append(passwd, tc.forbidden...))
			tc.check(t, res.p, out)
		})
	}
}

// checkCommon holds for every case: nothing secret or forbidden in any format, no
// control character where a terminal or a Markdown viewer would act on it, valid
// JSON, and a reason for everything left out.
func checkCommon(t *testing.T, p *analyzer.Profile, out map[string]string, forbidden []string) {
	t.Helper()
	for format, text := range out {
		for _, f := range forbidden {
			if f != "" && strings.Contains(text, f) {
				t.Errorf("the %s report contains %q", format, f)
			}
		}
		if !utf8.ValidString(text) {
			t.Errorf("the %s report is not valid UTF-8", format)
		}
	}
	if !json.Valid([]byte(out["json"])) {
		t.Error("the JSON report is not valid JSON")
	}
	for _, format := range []string{"table", "md"} {
		for i, r := range out[format] {
			if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r < 0xa0) {
				t.Errorf("the %s report has control character %U at byte %d: %q", format, r, i, around(out[format], i))
				break
			}
		}
	}
	for _, s := range p.Skipped {
		if s.Reason == "" {
			t.Errorf("skipped repository %q without a reason", s.Name)
		}
	}
	for i := range p.Repos {
		r := &p.Repos[i]
		for reason, n := range r.Walk.Skipped {
			if reason == "" || n <= 0 || len(r.Walk.Examples[reason]) == 0 {
				t.Errorf("%s: skip counter %q = %d with examples %q", r.Name, reason, n, r.Walk.Examples[reason])
			}
		}
		if r.Walk.SkippedTotal() > r.Walk.Files {
			t.Errorf("%s: %d files skipped of %d looked at", r.Name, r.Walk.SkippedTotal(), r.Walk.Files)
		}
	}
}

// renderAll renders p, with the built-in rules, in every format.
func renderAll(t *testing.T, p *analyzer.Profile) map[string]string {
	t.Helper()
	set, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	res, err := set.Evaluate(p, rules.Options{})
	if err != nil {
		t.Fatalf("rules: %v", err)
	}
	doc := &report.Report{Profile: p, Rules: res, ToolVersion: "test"}
	out := map[string]string{}
	for _, name := range report.Formats() {
		r, err := report.ForFormat(name)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := r.Render(&b, doc); err != nil {
			t.Fatalf("render %s: %v", name, err)
		}
		out[name] = b.String()
	}
	return out
}

// sampleHeap samples the Go heap in use until the returned function is called,
// which returns the peak above the first sample.
func sampleHeap() func() uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	base := read()
	var (
		mu   sync.Mutex
		peak = base
	)
	stop := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if v := read(); v > peak {
					mu.Lock()
					peak = v
					mu.Unlock()
				}
			}
		}
	}()
	return func() uint64 {
		close(stop)
		<-finished
		mu.Lock()
		defer mu.Unlock()
		return peak - base
	}
}

// passwdLines are the lines of /etc/passwd, which no report may contain.
func passwdLines(t *testing.T) []string {
	data, err := os.ReadFile("/etc/passwd")
	if err != nil {
		t.Logf("no /etc/passwd to check against: %v", err)
		return nil
	}
	var lines []string
	for _, l := range strings.Split(string(data), "\n") {
		if strings.Count(l, ":") >= 5 {
			lines = append(lines, l)
		}
	}
	return lines
}

func onlyRepo(t *testing.T, p *analyzer.Profile) *analyzer.RepoFacts {
	t.Helper()
	if len(p.Repos) != 1 {
		t.Fatalf("%d repositories analysed, want 1; skipped %+v", len(p.Repos), p.Skipped)
	}
	return &p.Repos[0]
}

func wantSkipped(t *testing.T, r *analyzer.RepoFacts, reason walk.Reason, n int) {
	t.Helper()
	if got := r.Walk.Skipped[reason]; got != n {
		t.Errorf("walk skipped %d as %s, want %d (all skips: %v)", got, reason, n, r.Walk.Skipped)
	}
}

func hasLibrary(p *analyzer.Profile, name string) bool {
	for _, l := range p.Libraries {
		if l.Import == name {
			return true
		}
	}
	return false
}

func hasFunction(r *analyzer.RepoFacts, name string) bool {
	b, _ := json.Marshal(r.Python)
	return bytes.Contains(b, []byte(`"`+name+`"`))
}

func practiceWarnings(r *analyzer.RepoFacts) []string {
	var out []string
	if r.Practices != nil {
		for _, w := range r.Practices.Warnings {
			out = append(out, w.Path+": "+w.Message)
		}
	}
	return out
}

func manifestWarnings(r *analyzer.RepoFacts) []string {
	var out []string
	if r.Dependencies != nil {
		for _, w := range r.Dependencies.Warnings {
			out = append(out, w.Path+": "+w.Message)
		}
	}
	return out
}

// wantWarning looks for a warning on the file at path whose message contains text.
func wantWarning(t *testing.T, warnings []string, path, text string) {
	t.Helper()
	for _, w := range warnings {
		if strings.HasPrefix(w, path+": ") && strings.Contains(w, text) {
			return
		}
	}
	t.Errorf("no warning on %s containing %q in %q", path, text, warnings)
}

// declared reports whether a manifest of r declares the distribution name, used
// or not.
func declared(r *analyzer.RepoFacts, name string) bool {
	if r.Dependencies == nil {
		return false
	}
	for _, l := range r.Dependencies.Libraries {
		for _, d := range l.DeclaredIn {
			if strings.EqualFold(d.Package, name) {
				return true
			}
		}
	}
	for _, u := range r.Dependencies.DeclaredUnused {
		if strings.EqualFold(u.Package, name) {
			return true
		}
	}
	return false
}

// mentions reports whether v's JSON names s.
func mentions(v any, s string) bool {
	b, _ := json.Marshal(v)
	return bytes.Contains(b, []byte(s))
}

// around is the text around byte i, for an error message.
func around(s string, i int) string {
	return s[max(0, i-40):min(len(s), i+40)]
}

// deepBlocks nests n if statements, each indented one more space.
func deepBlocks(n int) string {
	var b strings.Builder
	b.WriteString("def f():\n")
	for i := 1; i <= n; i++ {
		b.WriteString(strings.Repeat(" ", i))
		b.WriteString("if x:\n")
	}
	b.WriteString(strings.Repeat(" ", n+1))
	b.WriteString("pass\n")
	return b.String()
}

// laughs is a "billion laughs" YAML document whose key holds the last alias: ten
// levels of ten aliases, 10^10 nodes once expanded.
func laughs(key string) string {
	var b strings.Builder
	b.WriteString("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i < 10; i++ {
		fmt.Fprintf(&b, "l%d: &l%d [", i, i)
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*l%d", i-1)
		}
		b.WriteString("]\n")
	}
	fmt.Fprintf(&b, "%s: *l9\n", key)
	return b.String()
}

// lfsPointer is the text Git LFS commits in place of a file of size bytes.
func lfsPointer(size int) string {
	return fmt.Sprintf("version https://git-lfs.github.com/spec/v1\noid sha256:%064x\nsize %d\n", size, size)
}

// notebook is an nbformat 4 notebook with one code cell and one image output.
func notebook(source, image string) string {
	src, _ := json.Marshal(source)
	img, _ := json.Marshal(image)
	return `{"cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "source": ` + string(src) +
		`, "outputs": [{"output_type": "display_data", "metadata": {}, "data": {"image/png": ` + string(img) +
		`}}]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`
}

// manyCells is a notebook of n small code cells.
func manyCells(n int) string {
	var b strings.Builder
	b.WriteString(`{"cells": [`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, `{"cell_type": "code", "metadata": {}, "outputs": [], "source": "x%d = %d\n"}`, i, i)
	}
	b.WriteString(`], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`)
	return b.String()
}

// repoNames lists the analysed repositories' names, for messages.
func repoNames(p *analyzer.Profile) []string {
	var out []string
	for _, r := range p.Repos {
		out = append(out, r.Name)
	}
	return out
}
