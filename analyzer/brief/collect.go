package brief

import (
	"sort"
	"strings"

	"github.com/pyscout/pyscout/analyzer/python"
	"github.com/pyscout/pyscout/analyzer/roles"
)

// Bounds on what the collector keeps of one file: a brief names a few
// modules and classes, and a hostile file must not grow the summary.
const (
	maxClassesPerFile = 256
	maxFuncsPerFile   = 256
	maxImportsPerFile = 256
)

// Collector keeps, for each analysed file of one repository, the small
// summary the brief needs: its role and size, the repository modules it
// imports, its classes and module-level functions, and its design facts.
// It is fed each file's python.FileFacts as the parse makes them (so a
// cache of FileFacts feeds it too) and never reads source. It is not safe
// for concurrent use: the parse loop adds under its lock.
type Collector struct {
	role  func(path string) roles.Role
	files []fileSummary
}

// NewCollector returns a collector that classifies files with role (the
// pipeline's one role function).
func NewCollector(role func(path string) roles.Role) *Collector {
	return &Collector{role: role}
}

// fileSummary is what a brief keeps of one file.
type fileSummary struct {
	path     string
	role     roles.Role
	lines    int
	bytes    int // of the analysed source (a notebook's code cells)
	notebook bool
	// imports are the imports the resolver calls local (the repository's
	// own modules), relative ones included.
	imports []python.Import
	// thirdParty are the top-level names of third-party imports, each
	// with its first import's place.
	thirdParty map[string]python.Evidence
	classes    []classSummary
	funcs      []funcSummary
	design     python.DesignFacts
	assertions int
}

// classSummary is one class definition (nested ones and TYPE_CHECKING
// stubs are not kept).
type classSummary struct {
	name       string
	bases      []string // last dotted component, subscripts dropped
	metaclass  string   // the metaclass= keyword's value
	kinds      python.ClassKinds
	methods    []methodSummary
	decorators []string
	ev         python.Evidence
}

type methodSummary struct {
	name     string
	async    bool
	abstract bool
}

// funcSummary is one module-level function, or a function anywhere
// decorated as a context manager.
type funcSummary struct {
	name       string
	async      bool
	decorators []string
	topLevel   bool
	ev         python.Evidence
}

// Add summarises one analysed file; origins are its imports' origins, one
// per ff.Imports, as the parse classified them (classified once for all
// the readers of an import).
func (c *Collector) Add(ff *python.FileFacts, origins []python.ImportOrigin) {
	if ff == nil {
		return
	}
	role := c.role(ff.Path)
	fs := fileSummary{path: ff.Path, role: role, lines: ff.Lines, bytes: ff.Bytes, notebook: ff.Notebook != nil, design: ff.Design}
	stamp := func(ev python.Evidence) python.Evidence {
		ev.Role = string(role)
		return ev
	}
	for i, imp := range ff.Imports {
		if i >= len(origins) {
			break
		}
		switch origins[i] {
		case python.OriginLocal:
			if len(fs.imports) < maxImportsPerFile {
				imp.Evidence = stamp(imp.Evidence)
				fs.imports = append(fs.imports, imp)
			}
		case python.OriginThirdParty:
			top := imp.Top
			if top == "" {
				top, _, _ = strings.Cut(imp.Module, ".")
			}
			if top == "" {
				continue
			}
			if fs.thirdParty == nil {
				fs.thirdParty = map[string]python.Evidence{}
			}
			if _, ok := fs.thirdParty[top]; !ok && len(fs.thirdParty) < maxImportsPerFile {
				fs.thirdParty[top] = stamp(imp.Evidence)
			}
		}
	}
	for _, cl := range ff.Classes {
		if cl.Nested || cl.TypeChecking || len(fs.classes) >= maxClassesPerFile {
			continue
		}
		cs := classSummary{name: cl.Name, kinds: cl.Kinds, decorators: cl.Decorators, ev: stamp(cl.Evidence)}
		for _, b := range cl.Bases {
			if n := lastName(b); n != "" && n != "object" {
				cs.bases = append(cs.bases, n)
			}
		}
		for _, k := range cl.Keywords {
			if k.Name == "metaclass" {
				cs.metaclass = k.Value
			}
		}
		for _, m := range cl.Methods {
			cs.methods = append(cs.methods, methodSummary{name: m.Name, async: m.Async, abstract: m.Abstract})
		}
		fs.classes = append(fs.classes, cs)
	}
	for _, f := range ff.Functions {
		if len(fs.funcs) >= maxFuncsPerFile {
			break
		}
		top := !f.Method && !f.Nested
		if !top && !isContextManagerFunc(f.Decorators) {
			continue
		}
		fs.funcs = append(fs.funcs, funcSummary{name: f.Name, async: f.Async, decorators: f.Decorators, topLevel: top, ev: stamp(f.Evidence)})
	}
	fs.design = stampDesign(ff.Design, stamp)
	fs.assertions = ff.Tests.Assertions.Count
	c.files = append(c.files, fs)
}

// stampDesign copies design facts with every evidence stamped with the
// file's role.
func stampDesign(d python.DesignFacts, stamp func(python.Evidence) python.Evidence) python.DesignFacts {
	lists := []*[]python.DesignSite{&d.InitApp, &d.StoredCallbacks, &d.Registrars, &d.ConfigLoads, &d.StubMethods}
	for _, l := range lists {
		cp := make([]python.DesignSite, len(*l))
		for i, s := range *l {
			s.Evidence = stamp(s.Evidence)
			cp[i] = s
		}
		*l = cp
	}
	if d.AllEvidence != nil {
		ev := stamp(*d.AllEvidence)
		d.AllEvidence = &ev
	}
	return d
}

func isContextManagerFunc(decorators []string) bool {
	for _, d := range decorators {
		switch d {
		case "contextmanager", "contextlib.contextmanager", "asynccontextmanager", "contextlib.asynccontextmanager":
			return true
		}
	}
	return false
}

// lastName is a base's class name: "abc.ABC" gives ABC, "Generic[T]"
// Generic.
func lastName(s string) string {
	if j := strings.IndexAny(s, "[("); j >= 0 {
		s = s[:j]
	}
	s = strings.TrimSpace(s)
	if j := strings.LastIndexByte(s, '.'); j >= 0 {
		s = s[j+1:]
	}
	return s
}

// Code is one repository's file summaries and what the walk learned
// beside them, ready for Build.
type Code struct {
	files []fileSummary
	// Paths are the repository's file paths (the walk's listing).
	paths []string
	// readme is the root README's path and content, if read.
	readmePath string
	readme     []byte
	// pkg is the packaging's distribution name and console scripts.
	pkg Packaging
	// role is the collector's role function, for paths not parsed.
	role func(string) roles.Role
}

// Finish returns the repository's code summary: the files in path order
// (parsers finish in any order), with the repository's paths, its README
// (chosen from contents, the files the walk kept) and its packaging.
func (c *Collector) Finish(paths []string, contents map[string][]byte, pkg Packaging) *Code {
	files := c.files
	sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
	code := &Code{files: files, paths: paths, pkg: pkg, role: c.role}
	code.readmePath, code.readme = pickReadme(contents)
	return code
}
