// Package manifest reads the dependency declarations of a Python project:
// requirements files, pyproject.toml (PEP 621, PEP 735 dependency groups,
// Poetry, PDM, Hatch, uv), setup.py, setup.cfg, Pipfile, conda
// environment.yml and tox.ini. Nothing is ever executed: setup.py is read
// from its tree-sitter syntax tree, and a value it computes yields a warning
// instead of a guess.
//
// Every dependency carries its PEP 503 normalised name, the requirement as
// written, extras, marker, what it is declared for (Kind and Group) and
// where (Evidence). Malformed input never panics and is never dropped in
// silence: it yields a Warning naming the file and line, plus whatever could
// be read. Parse reads one file; ParseRepo reads a repository's manifests
// and follows `-r`/`-c` includes among the files it is given.
package manifest

import (
	"fmt"
	"path"
	"strings"

	"github.com/pyscout/pyscout/analyzer/configfile"
	"github.com/pyscout/pyscout/rules/libraries"
)

// Limits on what is read.
const (
	// MaxFileBytes bounds one manifest; larger files yield a warning and
	// no dependencies.
	MaxFileBytes = 1 << 20
	// MaxDependencies bounds the dependencies kept from one file.
	MaxDependencies = 5000
	// MaxWarnings bounds the warnings kept for one file.
	MaxWarnings = 100
	// MaxIncludeDepth bounds chains of requirements includes.
	MaxIncludeDepth = 8
)

// Format names a manifest format.
type Format string

// The manifest formats.
const (
	// FormatRequirements is a pip requirements file.
	FormatRequirements Format = "requirements"
	// FormatPyproject is pyproject.toml.
	FormatPyproject Format = "pyproject"
	// FormatSetupPy is setup.py.
	FormatSetupPy Format = "setup.py"
	// FormatSetupCfg is setup.cfg.
	FormatSetupCfg Format = "setup.cfg"
	// FormatPipfile is Pipenv's Pipfile.
	FormatPipfile Format = "pipfile"
	// FormatConda is a conda environment file.
	FormatConda Format = "conda"
	// FormatTox is tox.ini.
	FormatTox Format = "tox"
)

// Kind says what a dependency is declared for.
type Kind string

// The kinds of dependencies.
const (
	// KindRuntime is needed to run the project.
	KindRuntime Kind = "runtime"
	// KindOptional is an extra (PEP 621 optional-dependencies, Poetry
	// optional, setup.py extras_require); Group names the extra.
	KindOptional Kind = "optional"
	// KindDev is for development: linters, formatters, dev groups and
	// environments.
	KindDev Kind = "dev"
	// KindTest is for running the tests.
	KindTest Kind = "test"
	// KindDocs is for building the documentation.
	KindDocs Kind = "docs"
	// KindBuild is for building the package (build-system.requires,
	// setup_requires).
	KindBuild Kind = "build"
)

// Evidence locates a declaration.
type Evidence struct {
	// Path is the manifest's path as given to the parser.
	Path string `json:"path"`
	// Line is the 1-based line of the declaration.
	Line int `json:"line"`
	// Role is the part the manifest plays in its repository
	// (analyzer/roles: source for a root pyproject.toml, docs for
	// docs/requirements.txt), set by the pipeline.
	Role string `json:"role,omitempty"`
}

// Dependency is one declared dependency.
type Dependency struct {
	// Name is the distribution name normalised as PEP 503 says
	// (`re.sub(r"[-_.]+", "-", name).lower()`); for conda packages, the
	// PyPI name they correspond to.
	Name string `json:"name"`
	// Spec is the declaration as written (a requirement string, or
	// `name = value` for Poetry, Pipfile and conda entries).
	Spec string `json:"spec"`
	// Version is the version constraint as written, without the name.
	Version string `json:"version,omitempty"`
	// Extras are the extras requested, e.g. ["security"] for
	// requests[security].
	Extras []string `json:"extras,omitempty"`
	// Marker is the environment marker, e.g. `python_version < "3.8"`.
	Marker string `json:"marker,omitempty"`
	// URL is a direct reference: a VCS or archive URL, or a local path.
	URL string `json:"url,omitempty"`
	// Editable is set for `-e` (pip) and `develop`/`editable` (Poetry,
	// Pipfile) entries.
	Editable bool `json:"editable,omitempty"`
	// Local is set for a path to a directory or archive in the repository
	// (the name is then the directory's); it is the candidate's own code,
	// not a third-party library.
	Local bool `json:"local,omitempty"`
	// Transitive is set for entries of a pip-compile output that are
	// there only because another dependency needs them (`# via requests`).
	Transitive bool `json:"transitive,omitempty"`
	// Conda is set for packages of a conda environment's own dependency
	// list (not its pip section); conda also installs non-Python
	// libraries that are never imported.
	Conda bool `json:"conda,omitempty"`
	// Kind is what the dependency is declared for.
	Kind Kind `json:"kind"`
	// Group is the extra, group, environment or file name the manifest
	// gives (e.g. "dev" for requirements-dev.txt, "postgres" for an extra,
	// "py311" for a tox environment); empty for plain runtime
	// dependencies.
	Group string `json:"group,omitempty"`
	// Format is the manifest format.
	Format Format `json:"format"`
	// Note explains an approximation, e.g. a conda name mapped to PyPI's.
	Note string `json:"note,omitempty"`
	// Evidence is where it is declared.
	Evidence Evidence `json:"evidence"`
}

// Warning is a problem found in a manifest: malformed syntax, a value
// computed by code, an include that cannot be followed.
type Warning struct {
	// Path is the manifest's path.
	Path string `json:"path"`
	// Line is the 1-based line, 0 for the whole file.
	Line int `json:"line"`
	// Message says what was wrong and what was done about it.
	Message string `json:"message"`
}

// String formats the warning as path:line: message.
func (w Warning) String() string {
	if w.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", w.Path, w.Line, w.Message)
	}
	return w.Path + ": " + w.Message
}

// Include is a reference from one manifest to a requirements file:
// `-r`/`-c` lines, tox's `deps = -r...`, setup.cfg's and pyproject's
// `file:` directives.
type Include struct {
	// Target is the path as written.
	Target string `json:"target"`
	// Resolved is the repository path it was resolved to; empty when it
	// could not be followed (see the warnings).
	Resolved string `json:"resolved,omitempty"`
	// Constraint is set for `-c`: the file pins versions and declares
	// nothing.
	Constraint bool `json:"constraint,omitempty"`
	// Kind and Group are given to the dependencies of an included file
	// whose own name says nothing (requirements-dev.txt including
	// common.txt).
	Kind Kind `json:"kind"`
	// Group is the including declaration's group.
	Group string `json:"group,omitempty"`
	// Evidence is where the include is written.
	Evidence Evidence `json:"evidence"`
}

// File is what one manifest declares.
type File struct {
	// Path is the manifest's path as given.
	Path string `json:"path"`
	// Format is the manifest format.
	Format Format `json:"format"`
	// Dependencies are the dependencies in the order declared.
	Dependencies []Dependency `json:"dependencies"`
	// Includes are the requirements files this one refers to.
	Includes []Include `json:"includes,omitempty"`
	// Warnings are the problems found, at most MaxWarnings.
	Warnings []Warning `json:"warnings,omitempty"`
	// Frozen is set for a requirements file that looks like `pip freeze`
	// output (every one of many entries pinned with ==): its entries
	// include transitive dependencies that the code never imports.
	Frozen bool `json:"frozen,omitempty"`
	// Constraints is set for a constraints file (the target of `-c`, or
	// named *constraints*): its entries pin versions and declare nothing.
	Constraints bool `json:"constraints,omitempty"`

	depsCut bool // MaxDependencies reached and warned about
}

func newFile(p string, f Format) *File {
	return &File{Path: p, Format: f, Dependencies: []Dependency{}}
}

func (f *File) warn(line int, format string, args ...any) {
	if len(f.Warnings) < MaxWarnings {
		f.Warnings = append(f.Warnings, Warning{Path: f.Path, Line: line, Message: fmt.Sprintf(format, args...)})
	} else if len(f.Warnings) == MaxWarnings {
		f.Warnings = append(f.Warnings, Warning{Path: f.Path, Message: "more warnings not shown"})
	}
}

func (f *File) add(d Dependency) {
	if len(f.Dependencies) >= MaxDependencies {
		if !f.depsCut {
			f.depsCut = true
			f.warn(d.Evidence.Line, "more than %d dependencies: the rest are not read", MaxDependencies)
		}
		return
	}
	d.Format = f.Format
	if d.Evidence.Path == "" {
		d.Evidence.Path = f.Path
	}
	if d.Evidence.Line < 1 {
		d.Evidence.Line = 1
	}
	f.Dependencies = append(f.Dependencies, d)
}

// FormatOf says which manifest format a path names ("" for none). Names
// are matched case-insensitively: requirements*.txt and *requirements*.txt
// (also .in, pip-tools' input), any .txt or .in under a directory named
// requirements, *constraints*.txt, pyproject.toml, setup.py, setup.cfg,
// Pipfile (not Pipfile.lock), tox.ini, and environment*.yml /
// conda*.yml (.yaml too).
func FormatOf(p string) Format {
	base := strings.ToLower(path.Base(p))
	switch base {
	case "pyproject.toml":
		return FormatPyproject
	case "setup.py":
		return FormatSetupPy
	case "setup.cfg":
		return FormatSetupCfg
	case "pipfile":
		return FormatPipfile
	case "tox.ini":
		return FormatTox
	}
	ext := path.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	switch ext {
	case ".txt", ".in", ".pip":
		if strings.Contains(stem, "requirement") || strings.Contains(stem, "constraint") {
			return FormatRequirements
		}
		switch strings.ToLower(path.Base(path.Dir(p))) {
		case "requirements", "requirement", "reqs":
			if ext != ".pip" {
				return FormatRequirements
			}
		}
	case ".yml", ".yaml":
		if strings.HasPrefix(stem, "environment") || strings.HasSuffix(stem, "environment") ||
			strings.HasPrefix(stem, "conda") {
			return FormatConda
		}
	}
	return ""
}

// IsManifest reports whether the walker should read the file at p for
// ParseRepo (see FormatOf for the names).
func IsManifest(p string) bool { return FormatOf(p) != "" }

// Parse reads one manifest, its format chosen by FormatOf; it returns nil
// when the path names no manifest. It never panics; problems are in
// File.Warnings.
func Parse(p string, data []byte) *File {
	return parseFile(p, configfile.NewSet(map[string][]byte{p: data}))
}

// parseFile reads the manifest at p from its decoded form in set, which
// other readers of the repository share.
func parseFile(p string, set *configfile.Set) *File {
	format := FormatOf(p)
	if format == "" {
		return nil
	}
	data, _ := set.Content(p)
	f := newFile(p, format)
	if len(data) > MaxFileBytes {
		f.warn(0, "%d bytes, over the %d-byte limit: not read", len(data), MaxFileBytes)
		return f
	}
	switch format {
	case FormatRequirements:
		kind, group := kindFromFileName(p)
		parseRequirements(f, data, kind, group)
	case FormatPyproject:
		parsePyproject(f, set.TOML(p))
	case FormatSetupPy:
		parseSetupPy(f, data, false)
	case FormatSetupCfg:
		parseSetupCfg(f, set.INI(p))
	case FormatPipfile:
		parsePipfile(f, set.TOML(p))
	case FormatConda:
		parseConda(f, data, set.YAML(p))
	case FormatTox:
		parseTox(f, set.INI(p))
	}
	return f
}

// Normalize returns a distribution name normalised as PEP 503 says
// (`re.sub(r"[-_.]+", "-", name).lower()`); the library data and the
// manifests must agree on it, so there is one implementation.
func Normalize(name string) string { return libraries.Normalize(name) }

// kindFromFileName reads what a requirements file is for from its name:
// requirements-dev.txt, dev-requirements.txt, requirements/test.txt.
func kindFromFileName(p string) (Kind, string) {
	base := strings.ToLower(path.Base(p))
	stem := strings.TrimSuffix(base, path.Ext(base))
	group := stem
	if strings.Contains(stem, "requirement") {
		for _, w := range []string{"requirements", "requirement"} {
			group = strings.Replace(group, w, "", 1)
			if group != stem {
				break
			}
		}
		group = strings.Trim(group, "-_. ")
	}
	switch group {
	case "", "base", "main", "common", "core", "prod", "production", "runtime", "default", "install", "deploy":
		return KindRuntime, group
	}
	return groupKind(group, KindRuntime), group
}

// groupKind classifies a group, extra, environment or file name by the words
// projects use (dev, test, docs, lint, ...); fallback is returned for names
// that say nothing. Words are compared whole or by prefix, never as
// substrings, so "scientific" is not "ci".
func groupKind(name string, fallback Kind) Kind {
	words := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	has := func(prefixes []string, exact ...string) bool {
		for _, w := range words {
			for _, p := range prefixes {
				if strings.HasPrefix(w, p) {
					return true
				}
			}
			for _, e := range exact {
				if w == e {
					return true
				}
			}
		}
		return false
	}
	switch {
	case has([]string{"doc"}, "sphinx", "mkdocs"):
		return KindDocs
	case has([]string{"test", "pytest"}, "ci", "coverage", "cov", "tox", "nox", "e2e", "unit", "integration", "bench", "benchmark"):
		return KindTest
	case has([]string{"dev", "lint", "typ", "format", "debug", "tool"},
		"style", "mypy", "check", "checks", "qa", "local", "pre", "precommit", "hooks", "fmt"):
		return KindDev
	case has([]string{"build", "packag", "releas", "publish"}, "setup", "dist", "wheel"):
		return KindBuild
	}
	return fallback
}
