package practices

import (
	"reflect"
	"sort"
	"strings"
	"testing"
)

// runsOf analyses a repository whose one workflow job runs script, and
// returns that job's runs as "tool:kind via" strings, and the warnings.
func runsOf(t *testing.T, files map[string]string, script string) (runs []string, rp *RepoPractices) {
	t.Helper()
	files[".github/workflows/ci.yml"] = "on: push\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n" +
		indent(script, "          ")
	rp = Analyze(buildRepo(t, files))
	if len(rp.CI.Workflows) != 1 || len(rp.CI.Workflows[0].Jobs) != 1 {
		t.Fatalf("workflows %+v warnings %+v", rp.CI.Workflows, rp.Warnings)
	}
	for _, r := range rp.CI.Workflows[0].Jobs[0].Runs {
		s := r.Tool + ":" + r.Kind
		if r.Via != "" {
			s += " via " + r.Via
		}
		if r.Definition != nil {
			s += " @" + r.Definition.Path + ":" + itoa(r.Definition.Line)
		}
		runs = append(runs, s)
	}
	return runs, rp
}

func indent(s, pre string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		b.WriteString(pre + l + "\n")
	}
	return b.String()
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for ; n > 0; n /= 10 {
		d = append([]byte{byte('0' + n%10)}, d...)
	}
	return string(d)
}

func warningsText(rp *RepoPractices) string {
	var out []string
	for _, w := range rp.Warnings {
		out = append(out, w.Path+": "+w.Message)
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

const toxIni = `[tox]
envlist = py{311,312}, lint, type, docs

[testenv]
deps = pytest
commands =
    pytest {posargs:tests}
    lint: flake8 src

[testenv:lint]
skip_install = true
commands =
    flake8 src
    black --check .

[testenv:type]
commands = {envpython} -m mypy src

[testenv:docs]
commands = sphinx-build -W docs docs/_build

[testenv:pc]
commands = {[testenv:lint]commands}
`

func TestFollowTox(t *testing.T) {
	tests := []struct {
		script string
		want   []string
		warn   string
	}{
		{"tox -e lint", []string{"flake8:lint via tox -e lint @tox.ini:12", "black:lint via tox -e lint @tox.ini:12"}, ""},
		{"tox -eflake8", []string{"tox:unknown via tox -e flake8"}, `tox.ini: tox environment "flake8" is run in CI but not defined: what it runs is unknown`},
		{"tox -e type", []string{"mypy:type_check via tox -e type @tox.ini:17"}, ""},
		{"tox run -e py312", []string{"pytest:test via tox -e py312 @tox.ini:6"}, ""},
		// The near-miss: a docs env runs sphinx, which is no linter.
		{"tox -e docs", nil, ""},
		{"tox -e pc", []string{"flake8:lint via tox -e pc @tox.ini:23", "black:lint via tox -e pc @tox.ini:23"}, ""},
		// py{311,312} run [testenv] without the lint: factor line.
		{"uv run tox -e py311,py312", []string{"pytest:test via tox -e py311 @tox.ini:6", "pytest:test via tox -e py312 @tox.ini:6"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.script, func(t *testing.T) {
			runs, rp := runsOf(t, map[string]string{"tox.ini": toxIni}, tt.script)
			if !reflect.DeepEqual(runs, tt.want) {
				t.Errorf("runs\n got %q\nwant %q", runs, tt.want)
			}
			if got := warningsText(rp); got != tt.warn {
				t.Errorf("warnings %q, want %q", got, tt.warn)
			}
		})
	}
	// Bare tox runs env_list: tests, lint, type check; docs runs nothing.
	runs, _ := runsOf(t, map[string]string{"tox.ini": toxIni}, "tox")
	job := Analyze(buildRepo(t, map[string]string{"tox.ini": toxIni, ".github/workflows/ci.yml": "on: push\njobs:\n  a:\n    steps:\n      - run: tox\n"})).CI
	if job.TestJobs != 1 || job.LintJobs != 1 || job.TypeCheckJobs != 1 {
		t.Errorf("bare tox: runs %q, test %d lint %d type %d", runs, job.TestJobs, job.LintJobs, job.TypeCheckJobs)
	}
}

func TestFollowToxOtherFiles(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"tox.toml", map[string]string{"tox.toml": "env_list = [\"lint\"]\n[env_run_base]\ncommands = [[\"pytest\"]]\n[env.lint]\ncommands = [[\"ruff\", \"check\", \".\"], [\"mypy\", \"src\"]]\n"},
			[]string{"ruff:lint via tox -e lint @tox.toml:0", "mypy:type_check via tox -e lint @tox.toml:0"}},
		{"pyproject legacy", map[string]string{"pyproject.toml": "[tool.tox]\nlegacy_tox_ini = \"\"\"\n[tox]\nenvlist = lint\n[testenv:lint]\ncommands = pylint pkg\n\"\"\"\n"},
			[]string{"pylint:lint via tox -e lint @pyproject.toml:5"}},
		{"pyproject native", map[string]string{"pyproject.toml": "[tool.tox.env.lint]\ncommands = [[\"pre-commit\", \"run\", \"-a\"]]\n"},
			[]string{"pre-commit:lint via tox -e lint @pyproject.toml:0"}},
		{"setup.cfg", map[string]string{"setup.cfg": "[tox:tox]\nenvlist = lint\n[testenv:lint]\ncommands = flake8\n"},
			[]string{"flake8:lint via tox -e lint @setup.cfg:4"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runs, rp := runsOf(t, tt.files, "tox -e lint")
			if !reflect.DeepEqual(runs, tt.want) || len(rp.Warnings) > 0 {
				t.Errorf("runs\n got %q\nwant %q\nwarnings %+v", runs, tt.want, rp.Warnings)
			}
		})
	}
}

const makefileSrc = `PYTHON ?= python3
SRC = src tests
LINTERS := ruff

.PHONY: all lint check typecheck echo-lint test

all: test

lint:
	@$(PYTHON) -m $(LINTERS) check $(SRC)
	-black --check $(SRC)

typecheck:
	mypy src

check: lint typecheck

echo-lint:
	@echo "linting is done in the editor"

test:
	$(MAKE) -s unit

unit:
	pytest -q
`

func TestFollowMake(t *testing.T) {
	tests := []struct {
		script string
		want   []string
		warn   string
	}{
		{"make lint", []string{"ruff:lint via make lint @Makefile:10", "black:lint via make lint @Makefile:11"}, ""},
		{"make check", []string{"ruff:lint via make check @Makefile:10", "black:lint via make check @Makefile:11", "mypy:type_check via make check @Makefile:14"}, ""},
		// The near-miss: a lint target that only echoes is no linting.
		{"make echo-lint", nil, ""},
		{"make", []string{"pytest:test via make all @Makefile:25"}, ""},
		{"make -j 4 typecheck", []string{"mypy:type_check via make typecheck @Makefile:14"}, ""},
		{"make style", []string{"make:unknown via make style"}, `Makefile: make target "style" is run in CI but not defined in the Makefile: what it runs is unknown`},
	}
	for _, tt := range tests {
		t.Run(tt.script, func(t *testing.T) {
			runs, rp := runsOf(t, map[string]string{"Makefile": makefileSrc}, tt.script)
			if !reflect.DeepEqual(runs, tt.want) {
				t.Errorf("runs\n got %q\nwant %q", runs, tt.want)
			}
			if got := warningsText(rp); got != tt.warn {
				t.Errorf("warnings %q, want %q", got, tt.warn)
			}
		})
	}
	runs, rp := runsOf(t, map[string]string{}, "make lint")
	if !reflect.DeepEqual(runs, []string{"make:unknown via make lint"}) || !strings.Contains(warningsText(rp), "no readable root Makefile") {
		t.Errorf("no Makefile: runs %q warnings %q", runs, warningsText(rp))
	}
}

const noxfileSrc = `import nox

nox.options.sessions = ["lint", "tests"]

PY = ["3.11", "3.12"]


@nox.session
def lint(session):
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.notify("typecheck")


@nox.session(python=PY)
def tests(session: nox.Session) -> None:
    session.install(".[test]")
    session.run("pytest", *session.posargs)


@nox.session(name="typecheck")
def mypy_session(s):
    s.run("mypy", "src")


@nox.session
def docs(session):
    session.run("sphinx-build", "docs", "build")


def not_a_session(session):
    session.run("pylint", "src")
`

func TestFollowNox(t *testing.T) {
	tests := []struct {
		script string
		want   []string
		warn   string
	}{
		{"nox -s lint", []string{"ruff:lint via nox -s lint @noxfile.py:11", "mypy:type_check via nox -s lint @noxfile.py:23"}, ""},
		{"nox -s typecheck", []string{"mypy:type_check via nox -s typecheck @noxfile.py:23"}, ""},
		// The near-miss: a tests session runs pytest: tests, not lint.
		{"nox -s tests-3.12", []string{"pytest:test via nox -s tests-3.12 @noxfile.py:18"}, ""},
		{"nox --session docs", nil, ""},
		{"nox", []string{"ruff:lint via nox -s lint @noxfile.py:11", "mypy:type_check via nox -s lint @noxfile.py:23", "pytest:test via nox -s tests @noxfile.py:18"}, ""},
		{"nox -s not_a_session", []string{"nox:unknown via nox -s not_a_session"}, `noxfile.py: nox session "not_a_session" is run in CI but not defined in noxfile.py: what it runs is unknown`},
	}
	for _, tt := range tests {
		t.Run(tt.script, func(t *testing.T) {
			runs, rp := runsOf(t, map[string]string{"noxfile.py": noxfileSrc}, tt.script)
			if !reflect.DeepEqual(runs, tt.want) {
				t.Errorf("runs\n got %q\nwant %q", runs, tt.want)
			}
			if got := warningsText(rp); got != tt.warn {
				t.Errorf("warnings %q, want %q", got, tt.warn)
			}
		})
	}
	// A half-written noxfile: unknown, never a guess from the session name.
	runs, rp := runsOf(t, map[string]string{"noxfile.py": "import nox\n\n@nox.session\ndef lint(session:\n    session.run('ruff')\n"}, "nox -s lint")
	if !reflect.DeepEqual(runs, []string{"nox:unknown via nox"}) || !strings.Contains(warningsText(rp), "syntax error") {
		t.Errorf("broken noxfile: runs %q warnings %q", runs, warningsText(rp))
	}
}

func TestFollowHatch(t *testing.T) {
	pyproject := `[tool.hatch.envs.lint.scripts]
style = ["ruff check {args:.}", "black --check --diff {args:.}"]
typing = "mypy --install-types src"
all = ["style", "typing"]

[tool.hatch.envs.default.scripts]
cov = "pytest --cov"
docs = "mkdocs build"
`
	tests := []struct {
		script string
		want   []string
		warn   string
	}{
		{"hatch run lint:all", []string{"ruff:lint via hatch run lint:all @pyproject.toml:1", "black:lint via hatch run lint:all @pyproject.toml:1", "mypy:type_check via hatch run lint:all @pyproject.toml:1"}, ""},
		{"hatch run cov", []string{"pytest:test via hatch run cov @pyproject.toml:6", "coverage:coverage via hatch run cov @pyproject.toml:6"}, ""},
		{"hatch run docs", nil, ""},
		// Not a script: hatch runs the command itself.
		{"hatch run lint:ruff check .", []string{"ruff:lint"}, ""},
		{"hatch run types:check", []string{"hatch:unknown via hatch run types:check"}, `pyproject.toml: hatch environment "types" is run in CI but has no scripts in pyproject.toml: what it runs is unknown`},
		{"hatch fmt --check", []string{"ruff:lint"}, ""},
		{"uv run ruff check", []string{"ruff:lint"}, ""},
		{"pre-commit run --all-files", []string{"pre-commit:lint"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.script, func(t *testing.T) {
			runs, rp := runsOf(t, map[string]string{"pyproject.toml": pyproject}, tt.script)
			if !reflect.DeepEqual(runs, tt.want) {
				t.Errorf("runs\n got %q\nwant %q", runs, tt.want)
			}
			if got := warningsText(rp); got != tt.warn {
				t.Errorf("warnings %q, want %q", got, tt.warn)
			}
		})
	}
}

// TestFollowedToolsAreTools checks that a linter run through a task runner
// is listed among the tools, and the task runner is not.
func TestFollowedToolsAreTools(t *testing.T) {
	_, rp := runsOf(t, map[string]string{"tox.ini": toxIni}, "tox -e lint\ntox -e nope")
	var names []string
	for _, tl := range rp.Tools {
		names = append(names, tl.Name)
	}
	if !reflect.DeepEqual(names, []string{"black", "flake8"}) {
		t.Errorf("tools %v", names)
	}
	if rp.CI.LintJobs != 1 || rp.CI.Workflows[0].LintJobs != 1 {
		t.Errorf("lint jobs %d / %d", rp.CI.LintJobs, rp.CI.Workflows[0].LintJobs)
	}
}

// TestFollowMatrixExpressions checks that `tox -e ${{ matrix.tox }}` is
// followed into each environment of the matrix, and that an expression
// the matrix cannot answer is unknown.
func TestFollowMatrixExpressions(t *testing.T) {
	wf := `on: push
jobs:
  tests:
    strategy:
      matrix:
        include:
          - { python: "3.12", tox: py312 }
          - { python: "3.13", tox: lint }
    steps:
      - run: python -m tox -e ${{ matrix.tox }}
  other:
    steps:
      - run: tox -e ${{ inputs.env || 'py312' }}
`
	rp := Analyze(buildRepo(t, map[string]string{"tox.ini": toxIni, ".github/workflows/ci.yml": wf}))
	jobs := rp.CI.Workflows[0].Jobs
	var got []string
	for _, j := range jobs {
		for _, r := range j.Runs {
			got = append(got, j.ID+" "+r.Tool+":"+r.Kind+" via "+r.Via)
		}
	}
	want := []string{
		"tests pytest:test via tox -e py312", "tests flake8:lint via tox -e lint", "tests black:lint via tox -e lint",
		"other tox:unknown via tox -e ${{inputs.env_____py312_}}",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("runs\n got %q\nwant %q", got, want)
	}
	if !strings.Contains(warningsText(rp), "named by a GitHub Actions expression") {
		t.Errorf("warnings %q", warningsText(rp))
	}
}
