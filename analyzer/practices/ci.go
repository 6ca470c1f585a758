package practices

import (
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/pyscout/pyscout/analyzer/configfile"
)

// What a tool run in CI does (ToolRun.Kind).
const (
	KindTest      = "test"
	KindLint      = "lint"
	KindTypeCheck = "type_check"
	KindCoverage  = "coverage"
	// KindUnknown is a task runner's environment, session, target or
	// script whose definition could not be read; Warnings say why.
	KindUnknown = "unknown"
)

// CI systems (CISystem.Name).
const (
	CIGitHubActions      = "github_actions"
	CITravis             = "travis"
	CIGitLab             = "gitlab_ci"
	CICircleCI           = "circleci"
	CIAzurePipelines     = "azure_pipelines"
	CIJenkins            = "jenkins"
	CIAppVeyor           = "appveyor"
	CIDrone              = "drone"
	CIBitbucketPipelines = "bitbucket_pipelines"
	CIBuildkite          = "buildkite"
)

// maxRunsPerJob bounds the tool runs listed per job.
const maxRunsPerJob = 20

// CI is a repository's continuous integration. Only GitHub Actions
// workflows are read; other services are recognised by their files.
type CI struct {
	// Systems are the CI services configured, by name: github_actions,
	// travis, gitlab_ci, circleci, azure_pipelines, jenkins, appveyor,
	// drone, bitbucket_pipelines, buildkite.
	Systems []CISystem `json:"systems"`
	// Workflows are the GitHub Actions workflows parsed, in path order.
	Workflows []Workflow `json:"workflows"`
	// Jobs counts the workflows' jobs.
	Jobs int `json:"jobs"`
	// TestJobs counts jobs that run tests.
	TestJobs int `json:"test_jobs"`
	// LintJobs counts jobs that run a linter or a format check,
	// directly or through a task runner (tox, nox, make, hatch).
	LintJobs int `json:"lint_jobs"`
	// TypeCheckJobs counts jobs that run a type checker, directly or
	// through a task runner.
	TypeCheckJobs int `json:"type_check_jobs"`
	// PythonVersions are the Python versions of the workflows' matrices
	// and setup-python steps, as written, numerically sorted.
	PythonVersions []string `json:"python_versions"`
	// FloatVersions locate Python versions written as unquoted YAML
	// numbers ending in 0, such as 3.10: YAML reads 3.1, so CI runs
	// another Python than the one meant.
	FloatVersions []Evidence `json:"float_versions,omitempty"`
	// OS are the runners of the workflows' jobs (ubuntu-latest,
	// windows-2022, macos-14...), sorted: the operating systems CI uses.
	OS []string `json:"os"`
	// Tox is the tox configuration; nil without one.
	Tox *Tox `json:"tox,omitempty"`
	// Nox is the root noxfile.py; nil without one.
	Nox *Evidence `json:"nox,omitempty"`
}

// CISystem is one CI service and the files that configure it.
type CISystem struct {
	// Name is the service (see CI.Systems).
	Name string `json:"name"`
	// Evidence are its configuration files, at most MaxExamples.
	Evidence []Evidence `json:"evidence"`
}

// Workflow is one GitHub Actions workflow.
type Workflow struct {
	// Evidence is the workflow file.
	Evidence
	// Name is the workflow's name: key.
	Name string `json:"name,omitempty"`
	// On are the events that trigger it (push, pull_request, schedule...).
	On []string `json:"on"`
	// Jobs are its jobs, in file order.
	Jobs []Job `json:"jobs"`
	// TestJobs counts its jobs that run tests.
	TestJobs int `json:"test_jobs"`
	// LintJobs counts its jobs that run a linter or a format check,
	// directly or through a task runner.
	LintJobs int `json:"lint_jobs"`
	// TypeCheckJobs counts its jobs that run a type checker, directly or
	// through a task runner.
	TypeCheckJobs int `json:"type_check_jobs"`
}

// Job is one job of a workflow.
type Job struct {
	// Evidence is the line of the job's key.
	Evidence
	// ID is the job's key.
	ID string `json:"id"`
	// Name is the job's name: key.
	Name string `json:"name,omitempty"`
	// Uses is the reusable workflow the job calls, if it calls one.
	Uses string `json:"uses,omitempty"`
	// Tests is set when a step runs tests (pytest, tox, nox, unittest,
	// make test...).
	Tests bool `json:"tests"`
	// Lint is set when a step runs a linter or a format check (ruff,
	// flake8, pylint, black --check, isort --check, pre-commit).
	Lint bool `json:"lint"`
	// TypeCheck is set when a step runs mypy, pyright or pytype.
	TypeCheck bool `json:"type_check"`
	// PythonVersions are the versions of the job's matrix and
	// setup-python steps, as written.
	PythonVersions []string `json:"python_versions,omitempty"`
	// OS are the runners the job runs on (runs-on, a ${{ matrix.KEY }}
	// there followed into the matrix's values), as written.
	OS []string `json:"os,omitempty"`
	// Runs are the tools the steps run, at most 20, in step order.
	Runs []ToolRun `json:"runs,omitempty"`
}

// ToolRun is one tool a CI step runs.
type ToolRun struct {
	// Tool is the tool: pytest, tox, nox, unittest, nose, django
	// (manage.py test), setup.py, hatch, make, coverage, ruff, flake8,
	// pylint, black, isort, pre-commit, pycodestyle, pyflakes, pydocstyle,
	// mypy, pyright, pytype, pyre.
	Tool string `json:"tool"`
	// Kind is test, lint, type_check, coverage, or unknown for a task
	// runner whose definition could not be read (see Warnings).
	Kind string `json:"kind"`
	// Evidence is the step's run: or uses: line.
	Evidence
	// Via is the task runner invocation the tool runs through (tox -e
	// lint, nox -s mypy, make lint, hatch run lint:check), when it does.
	Via string `json:"via,omitempty"`
	// Definition locates the command in the task runner's file, when the
	// tool runs through one: the recipe line of a Makefile, the
	// session.run call of a noxfile.py, the commands key of a tox
	// environment; the file alone (line 0) for a TOML table's value.
	Definition *Evidence `json:"definition,omitempty"`
}

// Tox is the project's tox configuration.
type Tox struct {
	// Evidence is tox.ini, tox.toml or pyproject.toml's [tool.tox].
	Evidence
	// Envs are the environments of env_list / envlist, braces expanded.
	Envs []string `json:"envs,omitempty"`
}

// ciSystem names the CI service a path configures, or "".
func ciSystem(p string) string {
	dir, base := path.Split(p)
	dir = strings.TrimSuffix(dir, "/")
	switch {
	case dir == ".github/workflows" && isYAMLName(base):
		return CIGitHubActions
	case dir == ".circleci" && (base == "config.yml" || base == "config.yaml"):
		return CICircleCI
	case dir == ".azure-pipelines" && isYAMLName(base):
		return CIAzurePipelines
	case dir == ".buildkite" && strings.HasPrefix(base, "pipeline") && isYAMLName(base):
		return CIBuildkite
	case dir != "":
		return ""
	}
	switch base {
	case ".travis.yml", ".travis.yaml":
		return CITravis
	case ".gitlab-ci.yml", ".gitlab-ci.yaml":
		return CIGitLab
	case "azure-pipelines.yml", "azure-pipelines.yaml":
		return CIAzurePipelines
	case "Jenkinsfile":
		return CIJenkins
	case "appveyor.yml", ".appveyor.yml":
		return CIAppVeyor
	case ".drone.yml":
		return CIDrone
	case "bitbucket-pipelines.yml":
		return CIBitbucketPipelines
	}
	return ""
}

func (a *analysis) ci() CI {
	out := CI{Systems: []CISystem{}, Workflows: []Workflow{}, PythonVersions: []string{}, OS: []string{}}
	bySystem := map[string]*CISystem{}
	var workflows []string
	for _, f := range a.files {
		sys := ciSystem(f)
		if sys == "" {
			continue
		}
		s := bySystem[sys]
		if s == nil {
			s = &CISystem{Name: sys}
			bySystem[sys] = s
		}
		if len(s.Evidence) < MaxExamples {
			s.Evidence = append(s.Evidence, fileEvidence(f))
		}
		if sys == CIGitHubActions {
			workflows = append(workflows, f)
		}
	}
	for _, s := range bySystem {
		out.Systems = append(out.Systems, *s)
	}
	sort.Slice(out.Systems, func(i, j int) bool { return out.Systems[i].Name < out.Systems[j].Name })

	if len(workflows) > MaxWorkflows {
		for _, f := range workflows[MaxWorkflows:] {
			a.warn(f, 0, "beyond the first 32 workflows: not read")
		}
		workflows = workflows[:MaxWorkflows]
	}
	// The tox configuration is read first: steps that run tox follow its
	// environments.
	out.Tox = a.tox()
	a.runners = newTaskRunners(a)
	versions := map[string]bool{}
	for _, f := range workflows {
		data := a.content(f, MaxYAMLBytes)
		if data == nil {
			continue
		}
		wf, ok := a.workflow(f, data, &out)
		if !ok {
			continue
		}
		for _, j := range wf.Jobs {
			out.Jobs++
			if j.Tests {
				wf.TestJobs++
			}
			if j.Lint {
				wf.LintJobs++
			}
			if j.TypeCheck {
				wf.TypeCheckJobs++
			}
			for _, v := range j.PythonVersions {
				versions[v] = true
			}
			for _, o := range j.OS {
				if !slices.Contains(out.OS, o) {
					out.OS = append(out.OS, o)
				}
			}
			for _, r := range j.Runs {
				a.ciRuns[r.Tool] = append(a.ciRuns[r.Tool], r)
			}
		}
		out.TestJobs += wf.TestJobs
		out.LintJobs += wf.LintJobs
		out.TypeCheckJobs += wf.TypeCheckJobs
		out.Workflows = append(out.Workflows, wf)
	}
	for v := range versions {
		out.PythonVersions = append(out.PythonVersions, v)
	}
	sortVersions(out.PythonVersions)
	sort.Strings(out.OS)
	if a.has["noxfile.py"] {
		ev := fileEvidence("noxfile.py")
		out.Nox = &ev
	}
	return out
}

// workflow parses one GitHub Actions workflow.
func (a *analysis) workflow(p string, data []byte, ci *CI) (Workflow, bool) {
	root, err := a.yaml(p)
	if err != nil {
		ye, _ := err.(*configfile.YAMLError)
		line := 0
		if ye != nil {
			line = ye.Line
		}
		a.warn(p, line, "malformed YAML: "+err.Error())
		return Workflow{}, false
	}
	jobs := root.Get("jobs")
	if root.Kind != configfile.Map || jobs == nil || jobs.Kind != configfile.Map {
		a.warn(p, 0, "not a GitHub Actions workflow: no jobs mapping")
		return Workflow{}, false
	}
	wf := Workflow{Evidence: fileEvidence(p), Name: root.Get("name").Str(), On: []string{}, Jobs: []Job{}}
	on := root.Get("on")
	if on == nil {
		on = root.Get("true") // YAML 1.1 reads the key on as a boolean
	}
	switch {
	case on == nil:
	case on.Kind == configfile.Map:
		wf.On = append(wf.On, on.Keys...)
	default:
		for _, e := range on.List() {
			if s := e.Str(); s != "" {
				wf.On = append(wf.On, s)
			}
		}
	}
	for i, id := range jobs.Keys {
		j := jobs.Vals[i]
		job := Job{Evidence: lineEvidence(p, jobs.KeyLines[i]), ID: id, Name: j.Get("name").Str(), Uses: j.Get("uses").Str()}
		var matrix map[string][]string
		if strat := j.Get("strategy"); strat != nil {
			a.matrixVersions(p, strat.Get("matrix"), &job, ci)
			matrix = matrixValues(strat.Get("matrix"))
		}
		job.OS = runsOn(j.Get("runs-on"), matrix)
		for _, step := range j.Get("steps").List() {
			a.step(p, step, &job, ci, matrix)
		}
		wf.Jobs = append(wf.Jobs, job)
	}
	return wf, true
}

// matrixValues returns the scalar values of each matrix key, from its list
// and from the include entries, so that `tox -e ${{ matrix.toxenv }}` can
// be followed into every environment the matrix names.
func matrixValues(m *configfile.Node) map[string][]string {
	if m == nil || m.Kind != configfile.Map {
		return nil
	}
	out := map[string][]string{}
	add := func(k string, v *configfile.Node) {
		if v != nil && v.Kind == configfile.Scalar && !strings.Contains(v.Value, "${{") && !slices.Contains(out[k], v.Value) {
			out[k] = append(out[k], v.Value)
		}
	}
	for i, k := range m.Keys {
		if k == "include" {
			for _, inc := range m.Vals[i].List() {
				if inc.Kind == configfile.Map {
					for ki, ik := range inc.Keys {
						add(ik, inc.Vals[ki])
					}
				}
			}
			continue
		}
		for _, v := range m.Vals[i].List() {
			add(k, v)
		}
	}
	return out
}

// maxExpressionVariants bounds the scripts a step's matrix expressions
// expand to.
const maxExpressionVariants = 16

var ghExpression = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

// expandExpressions replaces a script's ${{ matrix.KEY }} expressions by
// the matrix's values, giving one script per value (the i-th value of
// every key in the i-th script). Other expressions become one
// ${{...}} word without spaces or shell operators, which a task runner
// reports as unknown rather than guessing.
func expandExpressions(script string, matrix map[string][]string) []string {
	if !strings.Contains(script, "${{") {
		return []string{script}
	}
	n := 1
	for _, m := range ghExpression.FindAllStringSubmatch(script, -1) {
		if k, ok := strings.CutPrefix(m[1], "matrix."); ok && len(matrix[k]) > n {
			n = min(len(matrix[k]), maxExpressionVariants)
		}
	}
	out := make([]string, 0, n)
	for i := range n {
		out = append(out, ghExpression.ReplaceAllStringFunc(script, func(e string) string {
			expr := ghExpression.FindStringSubmatch(e)[1]
			if k, ok := strings.CutPrefix(expr, "matrix."); ok && len(matrix[k]) > 0 {
				return matrix[k][i%len(matrix[k])]
			}
			return "${{" + unsafeExprChars.ReplaceAllString(expr, "_") + "}}"
		}))
	}
	return out
}

var unsafeExprChars = regexp.MustCompile(`[^A-Za-z0-9_.-]`)

// isPythonKey reports whether a matrix key holds Python versions.
func isPythonKey(k string) bool {
	k = strings.ToLower(k)
	switch k {
	case "python", "py", "pyver", "pythons":
		return true
	}
	return (strings.Contains(k, "python") || strings.HasPrefix(k, "py")) && strings.Contains(k, "ver")
}

func (a *analysis) matrixVersions(p string, m *configfile.Node, job *Job, ci *CI) {
	if m == nil || m.Kind != configfile.Map {
		return
	}
	for i, k := range m.Keys {
		switch {
		case isPythonKey(k):
			for _, v := range m.Vals[i].List() {
				a.version(p, v, job, ci)
			}
		case k == "include":
			for _, inc := range m.Vals[i].List() {
				if inc.Kind != configfile.Map {
					continue
				}
				for ki, ik := range inc.Keys {
					if isPythonKey(ik) {
						a.version(p, inc.Vals[ki], job, ci)
					}
				}
			}
		}
	}
}

// version records one Python version scalar (several for a multi-line
// setup-python input).
func (a *analysis) version(p string, v *configfile.Node, job *Job, ci *CI) {
	if v == nil || v.Kind != configfile.Scalar || strings.Contains(v.Value, "${{") {
		return
	}
	for _, s := range strings.Fields(v.Value) {
		if !slices.Contains(job.PythonVersions, s) {
			job.PythonVersions = append(job.PythonVersions, s)
		}
	}
	if v.Float && strings.Contains(v.Value, ".") && strings.HasSuffix(v.Value, "0") {
		ci.FloatVersions = append(ci.FloatVersions, lineEvidence(p, v.Line))
	}
}

func (a *analysis) step(p string, step *configfile.Node, job *Job, ci *CI, matrix map[string][]string) {
	if step == nil || step.Kind != configfile.Map {
		return
	}
	if uses := step.Get("uses").Str(); uses != "" {
		ref := strings.ToLower(uses)
		if at := strings.IndexByte(ref, '@'); at >= 0 {
			ref = ref[:at]
		}
		if ref == "actions/setup-python" {
			if with := step.Get("with"); with != nil {
				a.version(p, with.Get("python-version"), job, ci)
			}
		}
		if tool, kind := actionTool(ref); tool != "" {
			addRun(job, ToolRun{Tool: tool, Kind: kind, Evidence: lineEvidence(p, step.KeyLine("uses"))})
		}
	}
	if run := step.Get("run"); run != nil {
		for _, script := range expandExpressions(run.Str(), matrix) {
			for _, h := range commandToolsWith(script, a.runners, 0) {
				addRun(job, ToolRun{Tool: h.tool, Kind: h.kind, Evidence: lineEvidence(p, step.KeyLine("run")), Via: h.via, Definition: h.def})
			}
		}
	}
}

func addRun(job *Job, r ToolRun) {
	switch r.Kind {
	case KindTest:
		job.Tests = true
	case KindLint:
		job.Lint = true
	case KindTypeCheck:
		job.TypeCheck = true
	}
	for _, x := range job.Runs {
		if x.Tool == r.Tool && x.Kind == r.Kind && x.Line == r.Line && x.Via == r.Via {
			return
		}
	}
	if len(job.Runs) < maxRunsPerJob {
		job.Runs = append(job.Runs, r)
	}
}

// actionTool recognises a step's action (owner/repo, lower-cased, without
// the @ref).
func actionTool(ref string) (tool, kind string) {
	switch {
	case strings.Contains(ref, "ruff"):
		return "ruff", KindLint
	case ref == "psf/black":
		return "black", KindLint
	case ref == "pre-commit/action" || ref == "pre-commit-ci/lite-action":
		return "pre-commit", KindLint
	case strings.Contains(ref, "flake8"):
		return "flake8", KindLint
	case strings.Contains(ref, "isort"):
		return "isort", KindLint
	case strings.Contains(ref, "pylint"):
		return "pylint", KindLint
	case strings.Contains(ref, "pyright"):
		return "pyright", KindTypeCheck
	case strings.Contains(ref, "mypy"):
		return "mypy", KindTypeCheck
	case strings.HasPrefix(ref, "codecov/") || strings.Contains(ref, "coveralls"):
		return "coverage", KindCoverage
	}
	return "", ""
}

// maxRunners bounds the runners kept per job.
const maxRunners = 16

// runsOn reads a job's runs-on: a label, a list of labels (a self-hosted
// runner's), or ${{ matrix.KEY }} followed into the matrix's values.
// Other expressions are left out: what they name is not in the file.
func runsOn(n *configfile.Node, matrix map[string][]string) []string {
	if n == nil {
		return nil
	}
	var out []string
	add := func(v string) {
		v = strings.TrimSpace(v)
		if v != "" && len(out) < maxRunners && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	var scalars []string
	switch n.Kind {
	case configfile.Scalar:
		scalars = []string{n.Value}
	default:
		for _, e := range n.List() {
			if e.Kind == configfile.Scalar {
				scalars = append(scalars, e.Value)
			}
		}
	}
	for _, s := range scalars {
		if m := ghExpression.FindStringSubmatch(s); m != nil {
			if k, ok := strings.CutPrefix(m[1], "matrix."); ok {
				for _, v := range matrix[k] {
					add(v)
				}
			}
			continue
		}
		add(s)
	}
	return out
}
