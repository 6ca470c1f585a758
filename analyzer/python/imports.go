package python

import (
	"github.com/pyscout/pyscout/analyzer/walk"
	"github.com/pyscout/pyscout/rules/libraries"

	"path"
	"strings"

	"github.com/pyscout/pyscout/rules/pydata"
)

// RepoLayout describes the repository that analysed files come from.
type RepoLayout struct {
	// Files are all file paths in the repository (not only Python files),
	// slash-separated and relative to its root, as FileFacts.Path spells
	// them.
	Files []string
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
)

// ImportResolver classifies imports against one repository's layout.
//
// A name is local when it is a module (x.py, x.pyi, a compiled x.*.so) or a
// package (a directory with Python files anywhere below it, __init__.py or
// not) in one of these places:
//   - a source root: the repository root, every directory named src (the
//     src layout, at any depth), and every directory holding a setup.py,
//     setup.cfg or pyproject.toml, with its src/;
//     names found there are local even when the standard library has a
//     module of the same name (a repo's own test/ or calendar/ package);
//   - the importing file's directory or any directory above it, as when a
//     script is run directly or tests put their directory on sys.path;
//     these names lose to the standard library, so pkg/io.py does not make
//     `import io` local in Python 3.
//
// Relative imports are always local. Everything else in the standard library
// list (rules/pydata; Python-2-only names included) is stdlib, and the rest
// is third party.
type ImportResolver struct {
	names map[string]map[string]struct{} // directory -> importable names in it
	// rootNames are the names importable from any source root, gathered
	// once: a repository can have thousands of roots (a setup.py per
	// directory), and every import would otherwise look in each.
	rootNames map[string]struct{}
	// packages are the names of the repository's own regular packages
	// (directories with an __init__.py) wherever they sit: tests often put
	// one on sys.path themselves.
	packages map[string]bool
}

// NewImportResolver indexes the layout's files.
func NewImportResolver(layout RepoLayout) *ImportResolver {
	r := &ImportResolver{names: map[string]map[string]struct{}{}, packages: map[string]bool{}}
	add := func(dir, name string) {
		if !isIdentifier(name) {
			return
		}
		m := r.names[dir]
		if m == nil {
			m = map[string]struct{}{}
			r.names[dir] = m
		}
		m[name] = struct{}{}
	}
	rootSet := map[string]bool{".": true}
	seenDir := map[string]bool{}
	for _, f := range layout.Files {
		f = path.Clean(strings.TrimPrefix(f, "./"))
		dir, base := path.Split(f)
		dir = path.Clean(dir)
		switch base {
		case "setup.py", "setup.cfg", "pyproject.toml":
			rootSet[dir] = true
			rootSet[path.Join(dir, "src")] = true
		}
		if path.Base(dir) == "src" {
			rootSet[dir] = true
		}
		stem, ok := moduleStem(base)
		if !ok {
			continue
		}
		if stem == "__init__" && dir != "." && !walk.IsVendored(f) && isIdentifier(path.Base(dir)) {
			r.packages[path.Base(dir)] = true
		}
		add(dir, stem)
		// Every directory above a Python file is a (possibly namespace)
		// package importable from its parent.
		for d := dir; d != "." && d != "/" && !seenDir[d]; d = path.Dir(d) {
			seenDir[d] = true
			add(path.Dir(d), path.Base(d))
		}
	}
	r.rootNames = map[string]struct{}{}
	for d := range rootSet {
		for n := range r.names[d] {
			r.rootNames[n] = struct{}{}
		}
	}
	return r
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

// Classify says where an import made by the file at filePath comes from,
// and whether it names a Python-2-only standard library module.
func (r *ImportResolver) Classify(filePath string, imp Import) (origin ImportOrigin, python2 bool) {
	if imp.Level > 0 {
		return OriginLocal, false
	}
	top := imp.Top
	if top == "" {
		top = topLevel(imp.Module)
	}
	if top == "" {
		return OriginLocal, false
	}
	if _, ok := r.rootNames[top]; ok {
		return OriginLocal, false
	}
	if pydata.IsStdlib(top) {
		return OriginStdlib, false
	}
	if pydata.IsPython2Stdlib(top) {
		return OriginStdlib, true
	}
	dir := path.Dir(path.Clean(filePath))
	for {
		if r.has(dir, top) {
			return OriginLocal, false
		}
		if dir == "." || dir == "/" || dir == "" {
			break
		}
		dir = path.Dir(dir)
	}
	// A package of the repository's own, found elsewhere in the tree, is
	// local unless the name is a well-known distribution's import: a
	// project may hold a copy of a library, but then it is the library.
	if r.packages[top] && !knownImport(top) {
		return OriginLocal, false
	}
	return OriginThirdParty, false
}

// knownImport reports an import name the library data knows.
func knownImport(top string) bool {
	db := libraries.Default()
	_, ok := db.Library(db.Distribution(top))
	return ok
}
