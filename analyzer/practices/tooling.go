package practices

import (
	"path"
	"sort"
	"strings"

	"github.com/pyscout/pyscout/analyzer/configfile"
)

// Where a tool was found (ToolSource.Kind).
const (
	// SourceConfigFile is the tool's own configuration file (ruff.toml,
	// .flake8, mypy.ini, .coveragerc...).
	SourceConfigFile = "config_file"
	// SourcePyproject is a [tool.X] table of a pyproject.toml.
	SourcePyproject = "pyproject"
	// SourceSetupCfg is a section of a setup.cfg.
	SourceSetupCfg = "setup_cfg"
	// SourceToxIni is a section of a tox.ini.
	SourceToxIni = "tox_ini"
	// SourcePreCommit is a hook of .pre-commit-config.yaml.
	SourcePreCommit = "pre_commit"
	// SourceCI is a step of a GitHub Actions workflow that runs the tool.
	SourceCI = "ci"
	// SourcePytestAddopts is pytest-cov's --cov in pytest's addopts.
	SourcePytestAddopts = "pytest_addopts"
	// SourceCodecov is a codecov.yml: coverage reported to Codecov.
	SourceCodecov = "codecov"
)

// maxToolSources bounds the places listed per tool.
const maxToolSources = 20

// Tool is one linter, formatter, type checker, pre-commit or coverage,
// and where the repository configures or runs it.
type Tool struct {
	// Name is ruff, black, flake8, pylint, isort, mypy, pyright, pytype,
	// pre-commit or coverage, or another linter a CI step runs
	// (pycodestyle, pyflakes, pydocstyle, pyre).
	Name string `json:"name"`
	// Sources are where it was found, at most 20, configuration before
	// hooks before CI, then by path and line.
	Sources []ToolSource `json:"sources"`
}

// ToolSource is one place a tool is configured or run.
type ToolSource struct {
	// Kind is config_file, pyproject, setup_cfg, tox_ini, pre_commit, ci,
	// pytest_addopts or codecov (see the Source constants).
	Kind string `json:"kind"`
	// Evidence is the file and the line of its section, hook or step.
	Evidence
}

// PreCommit is the repository's pre-commit configuration.
type PreCommit struct {
	// Evidence is the .pre-commit-config.yaml file.
	Evidence
	// Hooks are the hooks configured, in file order.
	Hooks []Hook `json:"hooks"`
}

// Hook is one pre-commit hook.
type Hook struct {
	// ID is the hook's id.
	ID string `json:"id"`
	// Repo is the repository it comes from (a URL, local or meta).
	Repo string `json:"repo"`
	// Line is the line of its id.
	Line int `json:"line"`
}

// toolFiles maps a configuration file's name to its tool.
var toolFiles = map[string]string{
	"ruff.toml": "ruff", ".ruff.toml": "ruff", ".flake8": "flake8", ".pylintrc": "pylint",
	"pylintrc": "pylint", ".isort.cfg": "isort", "mypy.ini": "mypy", ".mypy.ini": "mypy",
	".mypy.cfg": "mypy", "pyrightconfig.json": "pyright", ".coveragerc": "coverage",
}

// pyprojectTools maps a [tool.X] table to its tool.
var pyprojectTools = map[string]string{
	"ruff": "ruff", "black": "black", "isort": "isort", "mypy": "mypy", "pyright": "pyright",
	"basedpyright": "pyright", "pylint": "pylint", "coverage": "coverage", "flake8": "flake8",
	"pytype": "pytype",
}

// hookTools maps a pre-commit hook id to its tool.
var hookTools = map[string]string{
	"ruff": "ruff", "ruff-check": "ruff", "ruff-format": "ruff", "black": "black",
	"black-jupyter": "black", "flake8": "flake8", "pylint": "pylint", "isort": "isort",
	"mypy": "mypy", "pyright": "pyright", "basedpyright": "pyright",
}

// iniSectionTool maps a setup.cfg or tox.ini section to its tool.
func iniSectionTool(section string, toxIni bool) string {
	switch {
	case section == "flake8":
		return "flake8"
	case section == "isort" || section == "tool:isort":
		return "isort"
	case !toxIni && (section == "mypy" || strings.HasPrefix(section, "mypy-")):
		return "mypy"
	case section == "pylint" || strings.HasPrefix(section, "pylint."):
		return "pylint"
	case strings.HasPrefix(section, "coverage:"):
		return "coverage"
	}
	return ""
}

func (a *analysis) preCommit() *PreCommit {
	p := a.rootFile(".pre-commit-config.yaml", ".pre-commit-config.yml")
	if p == "" {
		return nil
	}
	pc := &PreCommit{Evidence: fileEvidence(p), Hooks: []Hook{}}
	data := a.content(p, MaxYAMLBytes)
	if data == nil {
		return pc
	}
	root, err := a.yaml(p)
	if err != nil {
		line := 0
		if ye, ok := err.(*configfile.YAMLError); ok {
			line = ye.Line
		}
		a.warn(p, line, "malformed YAML: "+err.Error())
		return pc
	}
	for _, repo := range root.Get("repos").List() {
		url := repo.Get("repo").Str()
		for _, h := range repo.Get("hooks").List() {
			if id := h.Get("id").Str(); id != "" {
				pc.Hooks = append(pc.Hooks, Hook{ID: id, Repo: url, Line: h.Get("id").Line})
			}
		}
	}
	return pc
}

// tools gathers where each tool is configured or run.
func (a *analysis) tools(rp *RepoPractices) []Tool {
	found := map[string][]ToolSource{}
	add := func(tool, kind string, ev Evidence) {
		found[tool] = append(found[tool], ToolSource{Kind: kind, Evidence: ev})
	}
	for _, f := range a.files {
		base := path.Base(f)
		if tool := toolFiles[base]; tool != "" {
			add(tool, SourceConfigFile, fileEvidence(f))
		}
		if (base == "codecov.yml" || base == ".codecov.yml") && (path.Dir(f) == "." || path.Dir(f) == ".github") {
			add("coverage", SourceCodecov, fileEvidence(f))
		}
	}
	for _, f := range a.configList {
		if doc := a.pyprojects[f]; doc != nil {
			for name := range doc.table("tool") {
				if tool := pyprojectTools[name]; tool != "" {
					add(tool, SourcePyproject, lineEvidence(f, doc.line("tool."+name)))
				}
			}
		}
		ini := a.inis[f]
		base := path.Base(f)
		if ini == nil || (base != "setup.cfg" && base != "tox.ini") {
			continue
		}
		kind := SourceSetupCfg
		if base == "tox.ini" {
			kind = SourceToxIni
		}
		seen := map[string]bool{}
		for _, s := range ini.sections {
			if tool := iniSectionTool(s.name, base == "tox.ini"); tool != "" && !seen[tool] {
				seen[tool] = true
				add(tool, kind, lineEvidence(f, s.line))
			}
		}
	}
	for _, pc := range rp.Tests.PytestConfig {
		if pc.Coverage {
			add("coverage", SourcePytestAddopts, pc.Evidence)
		}
	}
	if pc := rp.PreCommit; pc != nil {
		add("pre-commit", SourceConfigFile, pc.Evidence)
		for _, h := range pc.Hooks {
			if tool := hookTools[h.ID]; tool != "" {
				add(tool, SourcePreCommit, lineEvidence(pc.Path, h.Line))
			}
		}
	}
	for tool, runs := range a.ciRuns {
		for _, r := range runs {
			if r.Kind != KindTest && r.Kind != KindUnknown {
				add(tool, SourceCI, r.Evidence)
			}
		}
	}
	rank := map[string]int{SourceConfigFile: 0, SourcePyproject: 0, SourceSetupCfg: 0, SourceToxIni: 0,
		SourcePytestAddopts: 0, SourceCodecov: 0, SourcePreCommit: 1, SourceCI: 2}
	out := []Tool{}
	for name, srcs := range found {
		if name == "make" || name == "hatch" || name == "tox" || name == "nox" {
			continue // task runners, not tools: their runs are in CI's jobs
		}
		sort.SliceStable(srcs, func(i, j int) bool {
			x, y := srcs[i], srcs[j]
			if rank[x.Kind] != rank[y.Kind] {
				return rank[x.Kind] < rank[y.Kind]
			}
			if x.Path != y.Path {
				return x.Path < y.Path
			}
			if x.Line != y.Line {
				return x.Line < y.Line
			}
			return x.Kind < y.Kind
		})
		srcs = dedupeSources(srcs)
		if len(srcs) > maxToolSources {
			srcs = srcs[:maxToolSources]
		}
		out = append(out, Tool{Name: name, Sources: srcs})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func dedupeSources(srcs []ToolSource) []ToolSource {
	out := srcs[:0]
	for i, s := range srcs {
		if i > 0 && s == srcs[i-1] {
			continue
		}
		out = append(out, s)
	}
	return out
}
