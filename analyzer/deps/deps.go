// Package deps joins what a repository imports with what its manifests
// declare: each third-party import gets its distribution (bs4 is
// beautifulsoup4), its category in the taxonomy, and whether and where it
// is declared; declared dependencies that nothing imports and imports that
// nothing declares are listed apart. It is a pure function of the Python
// facts, the parsed manifests and the library data (rules/libraries); it
// reads no file.
package deps

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/pyscout/pyscout/analyzer/evidence"
	"github.com/pyscout/pyscout/analyzer/manifest"
	"github.com/pyscout/pyscout/analyzer/python"
	"github.com/pyscout/pyscout/rules/libraries"
)

// Bounds on evidence lists.
const (
	// MaxDeclarations bounds the declarations kept per library.
	MaxDeclarations = 5
	// MaxEvidence bounds the evidence of use kept per library.
	MaxEvidence = python.MaxEvidencePerRepo
)

// Declaration is one place a dependency is declared.
type Declaration struct {
	// Package is the dependency's normalised name as declared.
	Package string `json:"package"`
	// Spec is the declaration as written.
	Spec string `json:"spec"`
	// Kind is what it is declared for (runtime, optional, dev, test, docs,
	// build).
	Kind manifest.Kind `json:"kind"`
	// Group is the extra, group, environment or file name it is declared
	// under, if any.
	Group string `json:"group,omitempty"`
	// Evidence is the manifest and line.
	Evidence manifest.Evidence `json:"evidence"`
}

// RepoLibrary is one third-party library a repository imports.
type RepoLibrary struct {
	// Import is the import name: the top-level module, or for a namespace
	// package the dotted prefix that names its distribution
	// ("google.cloud.storage").
	Import string `json:"import"`
	// OtherImports are the other import names of the same distribution
	// the repository imports (_pytest beside pytest), counted in Files and
	// Imports; absent when there are none.
	OtherImports []string `json:"other_imports,omitempty"`
	// Package is the distribution providing the import: the declared one
	// when a manifest declares one of the distributions that provide it
	// (opencv-python-headless for cv2), else the usual one; spelled as the
	// taxonomy or the import map spell it.
	Package string `json:"package"`
	// Category is the package's taxonomy category ID ("web_frameworks",
	// ...); empty when the taxonomy does not know the package.
	Category string `json:"category,omitempty"`
	// Declared is set when a manifest of the repository declares the
	// package (or another distribution providing the same import).
	Declared bool `json:"declared"`
	// DeclaredIn are the declarations, in path then line order (at most
	// MaxDeclarations).
	DeclaredIn []Declaration `json:"declared_in,omitempty"`
	// Files is the number of files importing it (for a namespace package
	// split by module, the most files of any one of its modules).
	Files int `json:"files"`
	// Imports is the number of import statements of it (for a namespace
	// package split by module, the files importing each of its modules,
	// summed).
	Imports int `json:"imports"`
	// Evidence locates the first imports, in (path, cell, line) order.
	Evidence []python.Evidence `json:"evidence"`
	// FirstCommit and LastCommit are the author dates of the earliest and
	// latest commits, among those whose diffs were measured, that changed a
	// file which imports the library at the analysed commit: when the code
	// using it was written and last worked on. Absent without history.
	FirstCommit *time.Time `json:"first_commit,omitempty"`
	LastCommit  *time.Time `json:"last_commit,omitempty"`
	// WholeHistory is true when those dates cover every commit of the
	// repository; otherwise they cover the history read.
	WholeHistory bool `json:"whole_history,omitempty"`
}

// Unused is a declared dependency that no file of the repository imports.
type Unused struct {
	// Package is the normalised distribution name.
	Package string `json:"package"`
	// Category is its taxonomy category, if known.
	Category string `json:"category,omitempty"`
	// DeclaredIn are its declarations (at most MaxDeclarations).
	DeclaredIn []Declaration `json:"declared_in"`
}

// Undeclared is an import that no manifest of the repository declares.
type Undeclared struct {
	// Import is the import name (as in RepoLibrary).
	Import string `json:"import"`
	// Package is the distribution that would provide it.
	Package string `json:"package"`
	// Category is its taxonomy category, if known.
	Category string `json:"category,omitempty"`
	// Files is the number of files importing it.
	Files int `json:"files"`
	// Evidence is the first import.
	Evidence python.Evidence `json:"evidence"`
}

// Manifest summarises one manifest read.
type Manifest struct {
	// Path is the manifest's path.
	Path string `json:"path"`
	// Format is its format.
	Format manifest.Format `json:"format"`
	// Dependencies is the number of dependencies it declares.
	Dependencies int `json:"dependencies"`
	// Frozen is set for pip-freeze-like requirements files (see
	// manifest.File.Frozen).
	Frozen bool `json:"frozen,omitempty"`
	// Constraints is set for constraints files, which declare nothing.
	Constraints bool `json:"constraints,omitempty"`
	// Warnings is the number of problems found in it (listed in
	// Report.Warnings).
	Warnings int `json:"warnings,omitempty"`
}

// Report is one repository's libraries joined with its manifests.
type Report struct {
	// Manifests are the manifests read, by path.
	Manifests []Manifest `json:"manifests"`
	// Libraries are the third-party libraries imported, most files
	// first.
	Libraries []RepoLibrary `json:"libraries"`
	// DeclaredUnused are declared dependencies that no file imports, by
	// name. Left out because they are used without an import by nature:
	// tools and plugins of the taxonomy (pytest, black, gunicorn,
	// psycopg2, ...); type stubs (types-*, *-stubs); plugins named by
	// prefix (pytest-, flake8-, pylint-, mypy-, sphinx-, sphinxcontrib-,
	// mkdocs-, pre-commit-, tox-, nox-, hatch-, poetry-, setuptools-,
	// jupyterlab-) and django-* apps when the repository imports django
	// (named in INSTALLED_APPS); build and docs dependencies; transitive
	// entries of pip-compile output and entries of pip-freeze-like files;
	// conda packages the taxonomy does not know (conda installs C
	// libraries too); backports of standard library modules (dataclasses,
	// typing, enum34, futures, ...), imported under the standard library's
	// name; and local path dependencies.
	DeclaredUnused []Unused `json:"declared_unused"`
	// ImportedUndeclared are imports no manifest declares, most files
	// first; empty when the repository has no manifest declaring
	// anything (see Manifests), since then nothing is declared at all,
	// and when a manifest could not be read (see SkippedManifests), since
	// it may declare them.
	// setuptools (pkg_resources) and pip, present in every environment,
	// are not listed.
	ImportedUndeclared []Undeclared `json:"imported_undeclared"`
	// Warnings are the manifests' warnings (malformed lines, computed
	// setup.py values, includes not followed).
	Warnings []manifest.Warning `json:"warnings,omitempty"`
	// SkippedManifests are the manifests that were not read, with the
	// reason (over the size limit, a Git LFS pointer, ...), by path. What
	// they declare is unknown.
	SkippedManifests []manifest.Skipped `json:"skipped_manifests,omitempty"`
}

// stdlibBackports are PyPI distributions of standard library modules,
// imported under the standard library's name, so the Python analysis
// classifies their imports as standard library.
var stdlibBackports = map[string]bool{
	"dataclasses": true, "typing": true, "enum34": true, "futures": true, "pathlib": true,
	"argparse": true, "asyncio": true, "contextvars": true, "importlib": true, "configparser": true,
	"ipaddress": true, "statistics": true, "subprocess32": true, "functools32": true, "selectors34": true,
	"trollius": true, "singledispatch": true, "ordereddict": true, "unittest2": true, "backports-zoneinfo": true,
	"zipp": true, "uuid": true, "wsgiref": true, "json": true, "hashlib": true, "secrets": true,
}

// pluginPrefixes name dependencies that are plugins of a tool, loaded by
// the tool rather than imported.
var pluginPrefixes = []string{"types-", "pytest-", "flake8-", "pylint-", "mypy-", "sphinx-", "sphinxcontrib-",
	"mkdocs-", "pre-commit-", "tox-", "nox-", "hatch-", "poetry-", "setuptools-", "jupyterlab-"}

// alwaysPresent are distributions every environment has.
var alwaysPresent = map[string]bool{"setuptools": true, "pip": true}

// declaredDep collects the declarations of one normalised name.
type declaredDep struct {
	decls     []Declaration
	used      bool
	ignorable bool // every declaration is build/docs, transitive, frozen or unknown conda
}

// Join joins a repository's third-party imports (the Libraries of its
// RepoFacts and of its notebooks, in any number of lists: the same import
// in several lists is merged) with its parsed manifests (nil when it has
// none), using db for names and categories (libraries.Default() when nil).
func Join(db *libraries.DB, m *manifest.Repo, libs ...[]python.ImportedLibrary) *Report {
	if db == nil {
		db = libraries.Default()
	}
	r := &Report{Manifests: []Manifest{}, Libraries: []RepoLibrary{}, DeclaredUnused: []Unused{}, ImportedUndeclared: []Undeclared{}}
	declared := map[string]*declaredDep{}
	frozen := map[string]bool{}
	declaring := false
	if m != nil {
		for _, f := range m.Files {
			r.Manifests = append(r.Manifests, Manifest{
				Path: f.Path, Format: f.Format, Dependencies: len(f.Dependencies),
				Frozen: f.Frozen, Constraints: f.Constraints, Warnings: len(f.Warnings),
			})
			if f.Frozen {
				frozen[f.Path] = true
			}
		}
		r.Warnings = m.Warnings
		r.SkippedManifests = m.Skipped
		for _, d := range m.Dependencies {
			if d.Local {
				continue
			}
			declaring = true
			dd := declared[d.Name]
			if dd == nil {
				dd = &declaredDep{ignorable: true}
				declared[d.Name] = dd
			}
			if len(dd.decls) < MaxDeclarations {
				dd.decls = append(dd.decls, Declaration{Package: d.Name, Spec: d.Spec, Kind: d.Kind, Group: d.Group, Evidence: d.Evidence})
			}
			_, known := db.Library(d.Name)
			switch {
			case d.Kind == manifest.KindBuild || d.Kind == manifest.KindDocs:
			case d.Transitive || frozen[d.Evidence.Path]:
			case d.Conda && !known:
			default:
				dd.ignorable = false
			}
		}
	}

	merged := mergeLibraries(libs)
	importsDjango := false
	for _, l := range merged {
		if l.Import == "django" {
			importsDjango = true
		}
	}
	var entries []entry
	for _, l := range merged {
		entries = append(entries, split(db, l)...)
	}
	for _, e := range byDistribution(db, entries, declared) {
		lib := RepoLibrary{Import: e.imp, OtherImports: e.others, Files: e.files, Imports: e.imports, Evidence: e.ev}
		var hit *declaredDep
		var hitName string
		for _, p := range e.providers {
			if dd := declared[libraries.Normalize(p)]; dd != nil {
				if hit == nil {
					hit, hitName = dd, p
				}
				dd.used = true
			}
		}
		pkg := e.providers[0]
		if hit != nil {
			pkg = hitName
			lib.Declared = true
			lib.DeclaredIn = hit.decls
		}
		lib.Package, lib.Category = spell(db, pkg, e.providers)
		r.Libraries = append(r.Libraries, lib)
		if hit == nil && declaring && len(r.SkippedManifests) == 0 && !alwaysPresent[libraries.Normalize(pkg)] {
			u := Undeclared{Import: lib.Import, Package: lib.Package, Category: lib.Category, Files: lib.Files}
			if len(lib.Evidence) > 0 {
				u.Evidence = lib.Evidence[0]
			}
			r.ImportedUndeclared = append(r.ImportedUndeclared, u)
		}
	}
	sort.SliceStable(r.Libraries, func(i, j int) bool {
		a, b := r.Libraries[i], r.Libraries[j]
		if a.Files != b.Files {
			return a.Files > b.Files
		}
		return a.Import < b.Import
	})
	sort.SliceStable(r.ImportedUndeclared, func(i, j int) bool {
		a, b := r.ImportedUndeclared[i], r.ImportedUndeclared[j]
		if a.Files != b.Files {
			return a.Files > b.Files
		}
		return a.Import < b.Import
	})

	names := make([]string, 0, len(declared))
	for n := range declared {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		dd := declared[n]
		if dd.used || dd.ignorable || stdlibBackports[n] || alwaysPresent[n] {
			continue
		}
		if lib, ok := db.Library(n); ok && (lib.Tool || lib.Plugin) {
			continue
		}
		if hasPluginName(n) || importsDjango && strings.HasPrefix(n, "django-") {
			continue
		}
		u := Unused{Package: n, DeclaredIn: dd.decls}
		if lib, ok := db.Library(n); ok {
			u.Category = lib.Category
		}
		r.DeclaredUnused = append(r.DeclaredUnused, u)
	}
	return r
}

func hasPluginName(n string) bool {
	if strings.HasSuffix(n, "-stubs") {
		return true
	}
	for _, p := range pluginPrefixes {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}

// spell returns how to write a package (the taxonomy's spelling when it
// knows it) and its category, trying the other providers of the same
// import for a category.
func spell(db *libraries.DB, pkg string, providers []string) (string, string) {
	name, cat := pkg, ""
	if lib, ok := db.Library(pkg); ok {
		name, cat = lib.Name, lib.Category
	}
	if cat == "" {
		for _, p := range providers {
			if lib, ok := db.Library(p); ok {
				cat = lib.Category
				break
			}
		}
	}
	return name, cat
}

// mergeLibraries merges the import lists (code and notebooks) by import
// name.
func mergeLibraries(lists [][]python.ImportedLibrary) []python.ImportedLibrary {
	byName := map[string]*python.ImportedLibrary{}
	var order []string
	for _, list := range lists {
		for _, l := range list {
			m := byName[l.Import]
			if m == nil {
				c := l
				c.Evidence = append([]python.Evidence(nil), l.Evidence...)
				c.Modules = append([]python.ModuleImport(nil), l.Modules...)
				c.OtherImports = append([]string(nil), l.OtherImports...)
				byName[l.Import] = &c
				order = append(order, l.Import)
				continue
			}
			m.Files += l.Files
			m.Imports += l.Imports
			m.Evidence = append(m.Evidence, l.Evidence...)
			m.Modules = mergeModules(m.Modules, l.Modules)
			m.OtherImports = append(m.OtherImports, l.OtherImports...)
			sort.Strings(m.OtherImports)
			m.OtherImports = slices.Compact(m.OtherImports)
		}
	}
	sort.Strings(order)
	out := make([]python.ImportedLibrary, 0, len(order))
	for _, n := range order {
		l := byName[n]
		l.Evidence = firstEvidence(l.Evidence, MaxEvidence)
		out = append(out, *l)
	}
	return out
}

func mergeModules(a, b []python.ModuleImport) []python.ModuleImport {
	for _, m := range b {
		found := false
		for i := range a {
			if a[i].Module == m.Module {
				a[i].Files += m.Files
				if m.Evidence.Compare(a[i].Evidence) < 0 {
					a[i].Evidence = m.Evidence
				}
				found = true
			}
		}
		if !found {
			a = append(a, m)
		}
	}
	return a
}

// firstEvidence is evidence.First as the JSON wants it: an empty list,
// never null.
func firstEvidence(ev []python.Evidence, n int) []python.Evidence {
	if ev = evidence.First(ev, n); ev == nil {
		ev = []python.Evidence{}
	}
	return ev
}

// entry is one library of the report before declarations are matched.
type entry struct {
	imp       string
	others    []string // other import names of the same distribution
	providers []string
	files     int
	imports   int
	ev        []python.Evidence
}

// byDistribution merges entries whose usual distribution is the same: the
// code's and the notebooks' lists, which count disjoint files, so their
// files add up. It also applies the private-top-level rule for a library
// that is declared but not imported: _x, unknown to the data, is x when
// the data knows x as a library and a manifest declares x's distribution.
// (The Python analysis applies the same rule when x is imported, counting
// each file once.)
func byDistribution(db *libraries.DB, entries []entry, declared map[string]*declaredDep) []entry {
	byDist := map[string]*entry{}
	var order []string
	for _, e := range entries {
		if public := strings.TrimLeft(e.imp, "_"); public != e.imp && public != "" && !strings.Contains(e.imp, ".") {
			_, known := db.Library(e.providers[0])
			if pub, ok := db.Library(db.Distribution(public)); !known && ok && declared[libraries.Normalize(pub.Package)] != nil {
				e.providers = db.Providers(public)
			}
		}
		key := libraries.Normalize(e.providers[0])
		m := byDist[key]
		if m == nil {
			c := e
			byDist[key] = &c
			order = append(order, key)
			continue
		}
		m.files += e.files
		m.imports += e.imports
		m.ev = firstEvidence(append(m.ev, e.ev...), MaxEvidence)
		main, other := m.imp, e.imp
		if e.files > m.files-e.files {
			main, other = e.imp, m.imp
		}
		m.imp = main
		m.others = append(append(m.others, other), e.others...)
		sort.Strings(m.others)
		m.others = slices.Compact(m.others)
	}
	out := make([]entry, 0, len(order))
	for _, k := range order {
		out = append(out, *byDist[k])
	}
	return out
}

// split turns one top-level import into entries: one, or for a namespace
// package (google, azure, ...) one per distribution its modules map to,
// plus one for the top-level name when some module maps to none.
func split(db *libraries.DB, l python.ImportedLibrary) []entry {
	whole := entry{imp: l.Import, others: l.OtherImports, providers: db.Providers(l.Import), files: l.Files, imports: l.Imports, ev: l.Evidence}
	if !db.IsNamespace(l.Import) || len(l.Modules) == 0 {
		return []entry{whole}
	}
	byPrefix := map[string]*entry{}
	var order []string
	residual := false
	for _, m := range l.Modules {
		prefix, dists := db.Match(m.Module)
		if !strings.Contains(prefix, ".") {
			residual = true
			continue
		}
		e := byPrefix[prefix]
		if e == nil {
			e = &entry{imp: prefix, providers: dists}
			byPrefix[prefix] = e
			order = append(order, prefix)
		}
		if m.Files > e.files {
			e.files = m.Files
		}
		e.imports += m.Files
		e.ev = append(e.ev, m.Evidence)
	}
	sort.Strings(order)
	out := make([]entry, 0, len(order)+1)
	for _, p := range order {
		e := byPrefix[p]
		e.ev = firstEvidence(e.ev, MaxEvidence)
		out = append(out, *e)
	}
	if residual || len(out) == 0 {
		out = append(out, whole)
	}
	return out
}
