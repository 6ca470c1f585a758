package python

// Import classification: where an absolute import comes from, resolved the
// way Python 3 finds it on a plausible sys.path for the importing file.

import (
	"fmt"
	"path"
	"strings"

	"github.com/pyscout/pyscout/analyzer/configfile"
	"github.com/pyscout/pyscout/analyzer/walk"
	"github.com/pyscout/pyscout/rules/libraries"
	"github.com/pyscout/pyscout/rules/pydata"
)

// RepoLayout describes the repository that analysed files come from.
type RepoLayout struct {
	// Files are all file paths in the repository (not only Python files),
	// slash-separated and relative to its root, as FileFacts.Path spells
	// them.
	Files []string
	// Packaging are the contents of the repository's pyproject.toml and
	// setup.cfg files by path: the import roots they name (package-dir,
	// packages.find where, poetry packages from) are searched like src/.
	// Nil reads none.
	Packaging map[string][]byte
	// Configs, when set, holds the Packaging files decoded once for the
	// whole analysis (the manifests and practices read the same decoded
	// form); nil decodes them here.
	Configs *configfile.Set
	// Declared are the distributions the repository's manifests declare
	// (normalised names): an import that maps to one is that library even
	// when the library data does not know it and a module of the
	// repository has its name (celery's celery/app/amqp.py beside the
	// declared amqp).
	Declared []string
	// Libraries is the library data (the user's --config libraries file
	// included) that tells a well-known library's name from the
	// repository's own; nil is the built-in data.
	Libraries *libraries.DB
}

// ImportOrigin says where an imported module comes from.
type ImportOrigin string

// The origins of imports.
const (
	// OriginStdlib is the standard library (Python 2 names included).
	OriginStdlib ImportOrigin = "stdlib"
	// OriginLocal is the repository's own code, relative imports included.
	OriginLocal ImportOrigin = "local"
	// OriginThirdParty is everything else: installed libraries.
	OriginThirdParty ImportOrigin = "third_party"
	// OriginUnknown is an import the layout cannot settle: a module of that
	// name is in the repository but not on a sys.path entry the importing
	// file plausibly has, or the file would import itself. Resolution.Reason
	// says which.
	OriginUnknown ImportOrigin = "unknown"
)

// Resolution is where one import comes from, and why when it is unknown.
type Resolution struct {
	// Origin is the import's origin.
	Origin ImportOrigin
	// Python2 is set for a Python-2-only standard library module.
	Python2 bool
	// Reason says why the origin is OriginUnknown; empty otherwise.
	Reason string
}

// ImportResolver classifies imports against one repository's layout, the
// way Python 3 finds an absolute import on sys.path. A name is local when
// it is a module (x.py, x.pyi, x.pyx, a compiled x.*.so) or a package (a
// directory with Python files below it, __init__.py or not) in a directory
// that is plausibly on sys.path for the importing file:
//   - an import root: the repository root, its src/, every directory with a
//     setup.py, setup.cfg or pyproject.toml and its src/, and the roots that
//     packaging configuration names (see PackagingRoots); names found there
//     are local even when the standard library has a module of that name (a
//     repository's own test/ or calendar/ package);
//   - the file's base directory: its own directory when it is a script (no
//     __init__.py beside it), else the directory above its topmost regular
//     package, as pytest's rootdir insertion and `python -m` put it on
//     sys.path; these names lose to the standard library, so pkg/io.py does
//     not make `import io` local;
//   - for a file under a test directory (tests/, test/, testing/), any
//     directory of that test tree: tests put their fixture and helper
//     directories on sys.path (tests/fixtures/myplugin.py imported as
//     myplugin); when the name is also a library the data knows, the
//     fixture may shadow it or stand in for it, and the origin is unknown.
//
// Subpackages never shadow top-level names: mypkg/redis.py does not make
// `import redis` local in mypkg/client.py. A name that the repository holds
// only somewhere else is third party when the library data knows it as a
// library (mypkg/contrib/django/, examples/celery/), and unknown otherwise,
// with the reason: nothing on a plausible sys.path provides it, but the
// repository does. A base-directory module that shadows a known library, or
// a file importing its own name, is unknown too.
//
// Relative imports are always local. Everything else in the standard library
// list (rules/pydata; Python-2-only names included) is stdlib, and the rest
// is third party.
type ImportResolver struct {
	names map[string]map[string]struct{} // directory -> importable names in it
	// concrete are the names of modules and regular packages per
	// directory: a namespace portion (a directory without __init__.py)
	// loses to a regular package anywhere later on sys.path, so it never
	// shadows an installed library.
	concrete map[string]map[string]struct{}
	declared map[string]bool
	regular  map[string]bool // directories with an __init__.py
	// rootNames are the names importable from an import root.
	rootNames map[string]struct{}
	// elsewhere locates one non-vendored directory holding each name, for
	// the names nothing on sys.path may provide.
	elsewhere map[string]string
	// testNames are, per test tree top directory, the names in any
	// directory of that tree.
	testNames map[string]map[string]struct{}
	db        *libraries.DB
}

// NewImportResolver indexes the layout's files.
func NewImportResolver(layout RepoLayout) *ImportResolver {
	r := &ImportResolver{
		names: map[string]map[string]struct{}{}, regular: map[string]bool{},
		rootNames: map[string]struct{}{}, elsewhere: map[string]string{},
		testNames: map[string]map[string]struct{}{}, db: layout.Libraries,
		concrete: map[string]map[string]struct{}{}, declared: map[string]bool{},
	}
	for _, d := range layout.Declared {
		r.declared[libraries.Normalize(d)] = true
	}
	addConcrete := func(dir, name string) {
		m := r.concrete[dir]
		if m == nil {
			m = map[string]struct{}{}
			r.concrete[dir] = m
		}
		m[name] = struct{}{}
	}
	if r.db == nil {
		r.db = libraries.Default()
	}
	add := func(dir, name string, vendor bool) {
		if !isIdentifier(name) {
			return
		}
		m := r.names[dir]
		if m == nil {
			m = map[string]struct{}{}
			r.names[dir] = m
		}
		m[name] = struct{}{}
		if !vendor {
			if _, ok := r.elsewhere[name]; !ok {
				r.elsewhere[name] = dir
			}
			if top := testTreeTop(dir + "/"); top != "" {
				t := r.testNames[top]
				if t == nil {
					t = map[string]struct{}{}
					r.testNames[top] = t
				}
				t[name] = struct{}{}
			}
		}
	}
	roots := map[string]bool{".": true, "src": true}
	seenDir := map[string]bool{}
	for _, f := range layout.Files {
		f = path.Clean(strings.TrimPrefix(f, "./"))
		dir, base := path.Split(f)
		dir = path.Clean(dir)
		switch base {
		case "setup.py", "setup.cfg", "pyproject.toml":
			if !walk.IsVendored(f) {
				roots[dir] = true
				roots[path.Join(dir, "src")] = true
			}
		}
		stem, ok := moduleStem(base)
		if !ok {
			continue
		}
		// Vendored code is someone else's, but fixtures under a test tree
		// (which enry counts as vendored) are what tests import by name.
		vendor := walk.IsVendored(f) && testTreeTop(f) == ""
		if stem == "__init__" {
			r.regular[dir] = true
			addConcrete(path.Dir(dir), path.Base(dir))
		} else {
			addConcrete(dir, stem)
		}
		add(dir, stem, vendor)
		// Every directory above a Python file is a (possibly namespace)
		// package importable from its parent.
		for d := dir; d != "." && d != "/" && !seenDir[d]; d = path.Dir(d) {
			seenDir[d] = true
			add(path.Dir(d), path.Base(d), vendor)
		}
	}
	configs := layout.Configs
	if configs == nil {
		configs = configfile.NewSet(layout.Packaging)
	}
	for p := range layout.Packaging {
		pr := packagingRoots(p, configs)
		for _, d := range pr.Dirs {
			roots[d] = true
		}
		for _, n := range pr.Names {
			r.rootNames[n] = struct{}{}
		}
	}
	for d := range roots {
		for n := range r.names[d] {
			r.rootNames[n] = struct{}{}
		}
	}
	return r
}

// testDirs are the directory names that hold a test tree.
var testDirs = map[string]bool{"tests": true, "test": true, "testing": true}

// testTreeTop returns the topmost directory of p's path named like a test
// directory ("pkg/tests" for "pkg/tests/unit/test_x.py"), or "".
func testTreeTop(p string) string {
	parts := strings.Split(p, "/")
	for i := 0; i < len(parts)-1; i++ {
		if testDirs[parts[i]] {
			return strings.Join(parts[:i+1], "/")
		}
	}
	return ""
}

// moduleStem returns the module name a file provides: x.py, x.pyi, x.pyx,
// x.so, x.cpython-311-x86_64-linux-gnu.so, x.pyd.
func moduleStem(base string) (string, bool) {
	for _, ext := range []string{".py", ".pyi", ".pyx"} {
		if strings.HasSuffix(base, ext) {
			return strings.TrimSuffix(base, ext), true
		}
	}
	if strings.HasSuffix(base, ".so") || strings.HasSuffix(base, ".pyd") {
		if j := strings.IndexByte(base, '.'); j > 0 {
			return base[:j], true
		}
	}
	return "", false
}

func (r *ImportResolver) has(dir, name string) bool {
	_, ok := r.names[dir][name]
	return ok
}

// baseDir is the directory Python puts first on sys.path for a file: its
// own directory for a script, else the one above its topmost regular
// package.
func (r *ImportResolver) baseDir(filePath string) string {
	d := path.Dir(path.Clean(filePath))
	for r.regular[d] && d != "." && d != "/" {
		d = path.Dir(d)
	}
	return d
}

// KnownLibrary reports an import name that the library data knows as a
// library's, through the import map, or whose distribution the
// repository's manifests declare.
func (r *ImportResolver) KnownLibrary(top string) bool {
	d := r.db.Distribution(top)
	_, ok := r.db.Library(d)
	return ok || r.declared[libraries.Normalize(d)]
}

// concreteUnder reports a module or regular package named name in the
// directory tree at top; only for the rare known library in a test tree.
func (r *ImportResolver) concreteUnder(top, name string) bool {
	for dir, m := range r.concrete {
		if _, ok := m[name]; ok && (dir == top || strings.HasPrefix(dir, top+"/")) {
			return true
		}
	}
	return false
}

func (r *ImportResolver) hasConcrete(dir, name string) bool {
	_, ok := r.concrete[dir][name]
	return ok
}

// Classify says where an import made by the file at filePath comes from,
// and whether it names a Python-2-only standard library module.
func (r *ImportResolver) Classify(filePath string, imp Import) (origin ImportOrigin, python2 bool) {
	res := r.Resolve(filePath, imp)
	return res.Origin, res.Python2
}

// Resolve says where an import made by the file at filePath comes from,
// with the reason when that is unknown.
func (r *ImportResolver) Resolve(filePath string, imp Import) Resolution {
	if imp.Level > 0 {
		return Resolution{Origin: OriginLocal}
	}
	top := imp.Top
	if top == "" {
		top = topLevel(imp.Module)
	}
	if top == "" {
		return Resolution{Origin: OriginLocal}
	}
	if _, ok := r.rootNames[top]; ok {
		return Resolution{Origin: OriginLocal}
	}
	if pydata.IsStdlib(top) {
		return Resolution{Origin: OriginStdlib}
	}
	if pydata.IsPython2Stdlib(top) {
		return Resolution{Origin: OriginStdlib, Python2: true}
	}
	filePath = path.Clean(filePath)
	known := r.KnownLibrary(top)
	if base := r.baseDir(filePath); r.has(base, top) {
		if stem, ok := moduleStem(path.Base(filePath)); ok && stem == top && base == path.Dir(filePath) {
			return Resolution{Origin: OriginUnknown, Reason: fmt.Sprintf(
				"%s imports its own name %s: run as a script it imports itself, otherwise an installed %s", filePath, top, top)}
		}
		switch {
		case !known:
			return Resolution{Origin: OriginLocal}
		case !r.hasConcrete(base, top):
			// A namespace portion: the installed library wins.
			return Resolution{Origin: OriginThirdParty}
		case strings.HasPrefix(filePath, path.Join(base, top)+"/"):
			// A package named after a library that imports the library:
			// examples/pydantic/tasks.py importing pydantic means the
			// library (as its own package it would import itself).
			return Resolution{Origin: OriginThirdParty}
		}
		return Resolution{Origin: OriginUnknown, Reason: fmt.Sprintf(
			"%s in %s shadows the library %s when %s is on sys.path (a script's or pytest's rootdir)", top, base, top, base)}
	}
	if tt := testTreeTop(filePath); tt != "" {
		if _, ok := r.testNames[tt][top]; ok {
			if known && r.concreteUnder(tt, top) {
				return Resolution{Origin: OriginUnknown, Reason: fmt.Sprintf(
					"%s in the test tree %s shadows the library %s if the tests put its directory on sys.path", top, tt, top)}
			}
			if !known {
				return Resolution{Origin: OriginLocal}
			}
		}
	}
	if known {
		return Resolution{Origin: OriginThirdParty}
	}
	if dir, ok := r.elsewhere[top]; ok {
		return Resolution{Origin: OriginUnknown, Reason: fmt.Sprintf(
			"%s is in %s, which is not on sys.path for %s (not an import root, its script directory or rootdir)", top, dir, filePath)}
	}
	return Resolution{Origin: OriginThirdParty}
}
