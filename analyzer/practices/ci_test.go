package practices

import (
	"reflect"
	"strings"
	"testing"
)

func TestCommandTools(t *testing.T) {
	tests := []struct {
		script string
		want   []toolHit
	}{
		{"pytest", []toolHit{{tool: "pytest", kind: KindTest}}},
		{"python -m pytest -x tests/", []toolHit{{tool: "pytest", kind: KindTest}}},
		{"python3.12 -W error -m pytest", []toolHit{{tool: "pytest", kind: KindTest}}},
		{"py.test --cov=pkg", []toolHit{{tool: "pytest", kind: KindTest}, {tool: "coverage", kind: KindCoverage}}},
		{"poetry run pytest", []toolHit{{tool: "pytest", kind: KindTest}}},
		{"uv run --frozen pytest -q", []toolHit{{tool: "pytest", kind: KindTest}}},
		{"uv run --with pytest-cov pytest", []toolHit{{tool: "pytest", kind: KindTest}}},
		{"uv run --locked --no-default-groups --group dev tox run", []toolHit{{tool: "tox", kind: KindTest}}},
		{"uv run --extra test --package core pytest", []toolHit{{tool: "pytest", kind: KindTest}}},
		{"conda run -n env python -m pytest", []toolHit{{tool: "pytest", kind: KindTest}}},
		{"CI=1 PYTHONPATH=. pytest", []toolHit{{tool: "pytest", kind: KindTest}}},
		{"sudo -E -H env -i FOO=1 tox -e py312", []toolHit{{tool: "tox", kind: KindTest}}},
		{"nox -s tests", []toolHit{{tool: "nox", kind: KindTest}}},
		{"python -m unittest discover -s tests", []toolHit{{tool: "unittest", kind: KindTest}}},
		{"python manage.py test", []toolHit{{tool: "django", kind: KindTest}}},
		{"python setup.py test", []toolHit{{tool: "setup.py", kind: KindTest}}},
		{"python runtests.py", []toolHit{{tool: "unittest", kind: KindTest}}},
		{"nosetests -v", []toolHit{{tool: "nose", kind: KindTest}}},
		{"hatch test", []toolHit{{tool: "hatch", kind: KindTest}}},
		{"hatch run test:cov", []toolHit{{tool: "hatch", kind: KindCoverage}}},
		{"coverage run -m pytest && coverage xml", []toolHit{{tool: "coverage", kind: KindCoverage}, {tool: "pytest", kind: KindTest}, {tool: "coverage", kind: KindCoverage}}},
		{"make test", []toolHit{{tool: "make", kind: KindTest}}},
		{"make lint typecheck", []toolHit{{tool: "make", kind: KindLint}, {tool: "make", kind: KindTypeCheck}}},
		{"ruff check . && ruff format --check .", []toolHit{{tool: "ruff", kind: KindLint}, {tool: "ruff", kind: KindLint}}},
		{"flake8 src; pylint src", []toolHit{{tool: "flake8", kind: KindLint}, {tool: "pylint", kind: KindLint}}},
		{"black --check .", []toolHit{{tool: "black", kind: KindLint}}},
		{"black .", nil},
		{"isort --check-only --diff .", []toolHit{{tool: "isort", kind: KindLint}}},
		{"isort .", nil},
		{"pre-commit run --all-files", []toolHit{{tool: "pre-commit", kind: KindLint}}},
		{"pre-commit install", nil},
		{"mypy src", []toolHit{{tool: "mypy", kind: KindTypeCheck}}},
		{"uvx pyright", []toolHit{{tool: "pyright", kind: KindTypeCheck}}},
		{"pytype -j auto", []toolHit{{tool: "pytype", kind: KindTypeCheck}}},
		{"pip install ruff mypy pytest", nil},
		{"echo pytest", nil},
		{"# pytest\necho done # mypy", nil},
		{"if ! pytest; then exit 1; fi", []toolHit{{tool: "pytest", kind: KindTest}}},
		{"python -m pytest \\\n  --maxfail=1 \\\n  tests", []toolHit{{tool: "pytest", kind: KindTest}}},
		{"result=$(mypy .)", []toolHit{{tool: "mypy", kind: KindTypeCheck}}},
		{".venv/bin/pytest", []toolHit{{tool: "pytest", kind: KindTest}}},
		{"xvfb-run -a pytest", []toolHit{{tool: "pytest", kind: KindTest}}},
	}
	for _, tt := range tests {
		if got := commandTools(tt.script); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("commandTools(%q) = %v, want %v", tt.script, got, tt.want)
		}
	}
}

func TestActionTool(t *testing.T) {
	for ref, want := range map[string]toolHit{
		"astral-sh/ruff-action":     {tool: "ruff", kind: KindLint},
		"chartboost/ruff-action":    {tool: "ruff", kind: KindLint},
		"psf/black":                 {tool: "black", kind: KindLint},
		"pre-commit/action":         {tool: "pre-commit", kind: KindLint},
		"py-actions/flake8":         {tool: "flake8", kind: KindLint},
		"isort/isort-action":        {tool: "isort", kind: KindLint},
		"jakebailey/pyright-action": {tool: "pyright", kind: KindTypeCheck},
		"codecov/codecov-action":    {tool: "coverage", kind: KindCoverage},
		"actions/checkout":          {},
		"actions/setup-python":      {},
	} {
		tool, kind := actionTool(ref)
		if (toolHit{tool: tool, kind: kind}) != (toolHit{tool: want.tool, kind: want.kind}) {
			t.Errorf("actionTool(%q) = %s %s, want %v", ref, tool, kind, want)
		}
	}
}

func analyzeWorkflow(t *testing.T, yml string) (*RepoPractices, Workflow) {
	t.Helper()
	p := ".github/workflows/w.yml"
	rp := Analyze(Repo{Files: []string{p}, Contents: map[string][]byte{p: []byte(yml)}})
	if len(rp.CI.Workflows) != 1 {
		t.Fatalf("workflows %+v, warnings %+v", rp.CI.Workflows, rp.Warnings)
	}
	return rp, rp.CI.Workflows[0]
}

func TestWorkflow(t *testing.T) {
	yml := `name: Tests
"on": [push, pull_request]
defaults: &defaults
  runs-on: ubuntu-latest
jobs:
  unit:
    <<: *defaults
    name: Unit tests
    strategy:
      matrix:
        os: [ubuntu-latest, windows-latest]
        python-version: [3.9, 3.10, "3.11", pypy3.10]
        include:
          - python-version: "3.13"
            experimental: true
        exclude:
          - python-version: 3.9
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: |
            3.12
            3.13
      - name: Test
        run: |
          pip install tox
          tox -e py
  docs:
    uses: ./.github/workflows/docs.yml
  types:
    runs-on: ubuntu-latest
    steps:
      - uses: jakebailey/pyright-action@v2
`
	rp, wf := analyzeWorkflow(t, yml)
	if wf.Name != "Tests" || !reflect.DeepEqual(wf.On, []string{"push", "pull_request"}) {
		t.Errorf("name %q on %v", wf.Name, wf.On)
	}
	type job struct {
		ID, Name, Uses    string
		Tests, Lint, Type bool
		Versions          []string
		Line              int
		Runs              []string
	}
	var got []job
	for _, j := range wf.Jobs {
		var runs []string
		for _, r := range j.Runs {
			runs = append(runs, r.Tool+"@"+string(rune('0'+r.Line/10))+string(rune('0'+r.Line%10)))
		}
		got = append(got, job{j.ID, j.Name, j.Uses, j.Tests, j.Lint, j.TypeCheck, j.PythonVersions, j.Line, runs})
	}
	want := []job{
		// No tox configuration: what `tox -e py` runs is unknown.
		{"unit", "Unit tests", "", false, false, false, []string{"3.9", "3.10", "3.11", "pypy3.10", "3.13", "3.12"}, 6, []string{"tox@25"}},
		{"docs", "", "./.github/workflows/docs.yml", false, false, false, nil, 28, nil},
		{"types", "", "", false, false, true, nil, 30, []string{"pyright@33"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("jobs\n got %+v\nwant %+v", got, want)
	}
	if !reflect.DeepEqual(rp.CI.PythonVersions, []string{"3.9", "3.10", "3.11", "3.12", "3.13", "pypy3.10"}) {
		t.Errorf("versions %v", rp.CI.PythonVersions)
	}
	if want := []Evidence{lineEvidence(".github/workflows/w.yml", 12)}; !reflect.DeepEqual(rp.CI.FloatVersions, want) {
		t.Errorf("float versions %+v", rp.CI.FloatVersions)
	}
	if len(rp.Warnings) != 1 || rp.Warnings[0].Path != "tox.ini" || !strings.Contains(rp.Warnings[0].Message, "no readable tox configuration") {
		t.Errorf("warnings %+v", rp.Warnings)
	}
	if wf.TestJobs != 0 || wf.TypeCheckJobs != 1 || wf.LintJobs != 0 {
		t.Errorf("workflow: test %d type %d lint %d", wf.TestJobs, wf.TypeCheckJobs, wf.LintJobs)
	}
	if rp.CI.Jobs != 3 || rp.CI.TestJobs != 0 || rp.CI.TypeCheckJobs != 1 || rp.CI.LintJobs != 0 {
		t.Errorf("jobs %d test %d type %d lint %d", rp.CI.Jobs, rp.CI.TestJobs, rp.CI.TypeCheckJobs, rp.CI.LintJobs)
	}
}

func TestWorkflowTriggers(t *testing.T) {
	for yml, want := range map[string][]string{
		"on: push\njobs: {a: {}}\n":                                  {"push"},
		"on:\n  schedule:\n    - cron: '0 0 * * *'\njobs: {a: {}}\n": {"schedule"},
		"jobs: {a: {}}\n":                                            {},
	} {
		_, wf := analyzeWorkflow(t, yml)
		if !reflect.DeepEqual(wf.On, want) {
			t.Errorf("%q: on = %v, want %v", yml, wf.On, want)
		}
	}
}

func TestCISystems(t *testing.T) {
	files := []string{
		".travis.yml", ".gitlab-ci.yml", ".circleci/config.yml", "azure-pipelines.yml",
		".azure-pipelines/build.yml", "Jenkinsfile", "appveyor.yml", ".drone.yml",
		"bitbucket-pipelines.yml", ".buildkite/pipeline.yml", "sub/.travis.yml", "ci/Jenkinsfile",
	}
	rp := Analyze(Repo{Files: files})
	got := map[string]int{}
	for _, s := range rp.CI.Systems {
		got[s.Name] = len(s.Evidence)
	}
	want := map[string]int{CITravis: 1, CIGitLab: 1, CICircleCI: 1, CIAzurePipelines: 2, CIJenkins: 1,
		CIAppVeyor: 1, CIDrone: 1, CIBitbucketPipelines: 1, CIBuildkite: 1}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("systems %v, want %v", got, want)
	}
}

func TestTox(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  *Tox
	}{
		{"tox.ini", map[string]string{"tox.ini": "[tox]\nenvlist = py{311,312}-django{4,5}, lint\n\n[testenv]\ncommands = pytest\n"},
			&Tox{Evidence: fileEvidence("tox.ini"), Envs: []string{"py311-django4", "py311-django5", "py312-django4", "py312-django5", "lint"}}},
		{"multi-line env_list", map[string]string{"tox.ini": "[tox]\nenv_list =\n    py312\n    type\n"},
			&Tox{Evidence: fileEvidence("tox.ini"), Envs: []string{"py312", "type"}}},
		{"tox.toml", map[string]string{"tox.toml": "env_list = [\"3.13\", \"lint\"]\n"},
			&Tox{Evidence: fileEvidence("tox.toml"), Envs: []string{"3.13", "lint"}}},
		{"legacy_tox_ini", map[string]string{"pyproject.toml": "[tool.tox]\nlegacy_tox_ini = \"\"\"\n[tox]\nenvlist = py39\n\"\"\"\n"},
			&Tox{Evidence: lineEvidence("pyproject.toml", 1), Envs: []string{"py39"}}},
		{"none", map[string]string{"setup.py": ""}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rp := Analyze(buildRepo(t, tt.files))
			if !reflect.DeepEqual(rp.CI.Tox, tt.want) {
				t.Errorf("tox = %+v, want %+v", rp.CI.Tox, tt.want)
			}
		})
	}
}

func TestExpandBraces(t *testing.T) {
	if got := expandBraces("py{38,39}-{a,b}", 100); !reflect.DeepEqual(got, []string{"py38-a", "py38-b", "py39-a", "py39-b"}) {
		t.Errorf("got %v", got)
	}
	big := strings.Repeat("{a,b,c,d}", 20)
	if got := toxEnvs(big); len(got) != maxToxEnvs {
		t.Errorf("expansion not bounded: %d", len(got))
	}
}

// The runners a job runs on, followed into its matrix; an expression the
// file does not settle (a matrix key that is not there, a job output) is
// left out rather than guessed.
func TestWorkflowRunners(t *testing.T) {
	yml := `on: push
jobs:
  test:
    runs-on: ${{ matrix.os }}
    strategy:
      matrix:
        os: [ubuntu-latest, windows-latest, macos-14]
        python: ["3.12", "3.13t"]
    steps: []
  lint:
    runs-on: ubuntu-latest
    steps: []
  selfhosted:
    runs-on: [self-hosted, linux]
    steps: []
  computed:
    runs-on: ${{ needs.setup.outputs.runner }}
    steps: []
  missing:
    runs-on: ${{ matrix.platform }}
    steps: []
`
	rp, wf := analyzeWorkflow(t, yml)
	var got [][]string
	for _, j := range wf.Jobs {
		got = append(got, j.OS)
	}
	want := [][]string{{"ubuntu-latest", "windows-latest", "macos-14"}, {"ubuntu-latest"}, {"self-hosted", "linux"}, nil, nil}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("jobs' runners %q, want %q", got, want)
	}
	if want := []string{"linux", "macos-14", "self-hosted", "ubuntu-latest", "windows-latest"}; !reflect.DeepEqual(rp.CI.OS, want) {
		t.Errorf("CI.OS %q, want %q", rp.CI.OS, want)
	}
}
