package brief

import (
	"fmt"
	"math"
	"path"
	"sort"
	"strings"

	"github.com/pyscout/pyscout/analyzer/python"
	"github.com/pyscout/pyscout/analyzer/roles"
)

// MaxCentral bounds the central modules of a brief.
const MaxCentral = 5

// moduleIndex maps the repository's own modules to their files, the way
// Python finds them: a file inside regular packages (directories with an
// __init__.py) is named from the directory above its topmost package; a
// file outside packages also by its path from the root and from src/.
type moduleIndex struct {
	byPath map[string]*fileSummary
	byName map[string]string
}

func newModuleIndex(files []fileSummary) *moduleIndex {
	ix := &moduleIndex{byPath: map[string]*fileSummary{}, byName: map[string]string{}}
	regular := map[string]bool{}
	for i := range files {
		f := &files[i]
		if f.notebook {
			continue
		}
		ix.byPath[f.path] = f
		if path.Base(f.path) == "__init__.py" {
			regular[path.Dir(f.path)] = true
		}
	}
	add := func(rel, p string) {
		name := moduleName(rel)
		if name == "" {
			return
		}
		if _, ok := ix.byName[name]; !ok {
			ix.byName[name] = p
		}
	}
	// Package-relative names first: they win over root-relative ones.
	for i := range files {
		p := files[i].path
		if files[i].notebook {
			continue
		}
		base := path.Dir(p)
		for regular[base] && base != "." {
			base = path.Dir(base)
		}
		rel := p
		if base != "." {
			rel = strings.TrimPrefix(p, base+"/")
		}
		add(rel, p)
	}
	for i := range files {
		p := files[i].path
		if files[i].notebook {
			continue
		}
		add(p, p)
		if rel, ok := strings.CutPrefix(p, "src/"); ok {
			add(rel, p)
		}
	}
	return ix
}

// moduleName turns a relative file path into its dotted module name.
func moduleName(rel string) string {
	var stem string
	switch {
	case strings.HasSuffix(rel, ".py"):
		stem = strings.TrimSuffix(rel, ".py")
	case strings.HasSuffix(rel, ".pyi"):
		stem = strings.TrimSuffix(rel, ".pyi")
	default:
		return ""
	}
	stem = strings.TrimSuffix(stem, "/__init__")
	if stem == "__init__" {
		return ""
	}
	return strings.ReplaceAll(stem, "/", ".")
}

// resolve returns the repository files an import of the file at from
// names: for `from m import a, b` the submodules m.a and m.b where they
// are modules, else m itself.
func (ix *moduleIndex) resolve(from string, imp python.Import) []string {
	var out []string
	if imp.Level > 0 {
		dir := path.Dir(from)
		for k := 1; k < imp.Level; k++ {
			dir = path.Dir(dir)
		}
		base := dir
		if imp.Module != "" {
			base = path.Join(dir, strings.ReplaceAll(imp.Module, ".", "/"))
		}
		for _, n := range imp.Names {
			if p := ix.fileAt(path.Join(base, n)); p != "" {
				out = append(out, p)
			}
		}
		if len(out) == 0 {
			if p := ix.fileAt(base); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	for _, n := range imp.Names {
		if p, ok := ix.byName[imp.Module+"."+n]; ok {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		if p, ok := ix.byName[imp.Module]; ok {
			out = append(out, p)
		}
	}
	return out
}

// loose reports a file outside any package, below the root and src/: a
// script, a template copied into other projects, or data, not a module
// the project imports.
func (ix *moduleIndex) loose(p string) bool {
	dir := path.Dir(p)
	if dir == "." || dir == "src" {
		return false
	}
	_, ok := ix.byPath[dir+"/__init__.py"]
	return !ok
}

// fileAt returns the module file at a slash path without extension: p.py
// or p/__init__.py.
func (ix *moduleIndex) fileAt(p string) string {
	p = path.Clean(p)
	for _, c := range []string{p + ".py", p + "/__init__.py", p + ".pyi"} {
		if _, ok := ix.byPath[c]; ok {
			return c
		}
	}
	return ""
}

// importers counts, for each file, the distinct other source files that
// import it.
func (ix *moduleIndex) importers(files []fileSummary) map[string]int {
	out := map[string]int{}
	for i := range files {
		f := &files[i]
		if f.role != roles.Source || f.notebook {
			continue
		}
		seen := map[string]bool{}
		for _, imp := range f.imports {
			for _, p := range ix.resolve(f.path, imp) {
				if p != f.path && !seen[p] {
					seen[p] = true
					out[p]++
				}
			}
		}
	}
	return out
}

// notCentral are source files that carry no project logic of their own.
var notCentral = map[string]bool{"setup.py": true, "noxfile.py": true, "fabfile.py": true, "manage.py": true, "conftest.py": true,
	"__main__.py": true, "_version.py": true, "version.py": true, "__version__.py": true, "__about__.py": true}

// centralModules ranks the repository's own source modules: by the
// repository's source modules that import each, weighted by the module's
// size (importers+1 times the square root of its lines, so that a small
// helper imported everywhere does not outrank the module the helpers
// serve), then by the candidate's share. Modules that define nothing (a
// package __init__ that only re-exports, a version file) and modules of
// exceptions only are left out, as are tests, examples, benchmarks, docs
// and scaffolding (their role is not source).
func centralModules(files []fileSummary, ix *moduleIndex, importers map[string]int, share func(string) *float64) []Module {
	type cand struct {
		f     *fileSummary
		by    int
		score float64
		share *float64
	}
	sourceModules := 0
	var cands []cand
	for i := range files {
		f := &files[i]
		if f.role != roles.Source || f.notebook {
			continue
		}
		sourceModules++
		by := importers[f.path]
		if notCentral[path.Base(f.path)] || !definesLogic(f) || by == 0 && ix.loose(f.path) {
			continue
		}
		c := cand{f: f, by: by, share: share(f.path)}
		c.score = float64(c.by+1) * math.Sqrt(float64(f.lines))
		if supportModule(f.path) {
			c.score /= 2
		}
		cands = append(cands, c)
	}
	// A notebook-only project is carried by its notebooks.
	if len(cands) == 0 {
		for i := range files {
			f := &files[i]
			if f.role == roles.Notebook {
				cands = append(cands, cand{f: f, score: math.Sqrt(float64(f.lines)), share: share(f.path)})
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.score != b.score {
			return a.score > b.score
		}
		if sa, sb := shareOf(a.share), shareOf(b.share); sa != sb {
			return sa > sb
		}
		return a.f.path < b.f.path
	})
	out := []Module{}
	for _, c := range cands {
		if len(out) >= MaxCentral {
			break
		}
		m := Module{Path: c.f.path, Line: startLine(c.f), Lines: c.f.lines, ImportedBy: c.by, TheirShare: c.share, Role: string(c.f.role)}
		m.Why = centralWhy(c.f, c.by, sourceModules-1, c.share)
		out = append(out, m)
	}
	return out
}

func shareOf(p *float64) float64 {
	if p == nil {
		return -1
	}
	return *p
}

// definesLogic reports a module whose classes are not mostly exceptions,
// or with functions and no classes: a module of exceptions (with the
// helpers that raise them) carries no logic of the project.
func definesLogic(f *fileSummary) bool {
	exceptions := 0
	for _, c := range f.classes {
		if c.isException() {
			exceptions++
		}
	}
	if len(f.classes) > 0 {
		return exceptions*2 <= len(f.classes)
	}
	for _, fn := range f.funcs {
		if fn.topLevel {
			return true
		}
	}
	return f.notebook
}

// supportNames are module and package names (leading underscores
// dropped) of helpers a project leans on without being about them: such
// modules, and the modules of such packages, weigh half.
var supportNames = map[string]bool{"compat": true, "py3compat": true, "utils": true, "util": true, "helpers": true,
	"common": true, "constants": true, "globals": true, "typing": true, "six": true, "log": true, "logging": true}

func supportModule(p string) bool {
	stem := strings.TrimLeft(strings.TrimSuffix(path.Base(p), ".py"), "_")
	parent := strings.TrimLeft(path.Base(path.Dir(p)), "_")
	return supportNames[stem] || supportNames[parent]
}

// startLine is where a reader should start in a module: its largest
// public class, else its largest public function, else line 1.
func startLine(f *fileSummary) int {
	best, size := 0, -1
	for _, c := range f.classes {
		if n := c.ev.EndLine - c.ev.Line; !strings.HasPrefix(c.name, "_") && !c.kinds.Exception && n > size {
			best, size = c.ev.Line, n
		}
	}
	if best > 0 {
		return best
	}
	for _, fn := range f.funcs {
		if n := fn.ev.EndLine - fn.ev.Line; fn.topLevel && !strings.HasPrefix(fn.name, "_") && n > size {
			best, size = fn.ev.Line, n
		}
	}
	if best > 0 {
		return best
	}
	return 1
}

// centralWhy says in plain words why a module is central.
func centralWhy(f *fileSummary, by, others int, share *float64) string {
	var parts []string
	switch {
	case by > 0:
		parts = append(parts, fmt.Sprintf("imported by %d of the repository's %d other source modules", by, others))
	case others > 0:
		parts = append(parts, "imported by none of the other source modules (an entry point or a standalone module)")
	default:
		parts = append(parts, "the repository's only source module")
	}
	size := fmt.Sprintf("%d lines", f.lines)
	if share != nil {
		size += fmt.Sprintf(", %.0f%% theirs", 100**share)
	}
	parts = append(parts, size)
	if n := publicClasses(f); len(n) > 0 {
		parts = append(parts, "defines "+listNames(n, 3))
	}
	return strings.Join(parts, "; ")
}

func publicClasses(f *fileSummary) []string {
	var out []string
	for _, c := range f.classes {
		if !strings.HasPrefix(c.name, "_") && !c.kinds.Exception {
			out = append(out, c.name)
		}
	}
	return out
}

// listNames joins up to max names: "A, B and C", "A, B, C and 4 more".
func listNames(names []string, max int) string {
	if len(names) == 0 {
		return ""
	}
	if len(names) > max {
		return strings.Join(names[:max], ", ") + fmt.Sprintf(" and %d more", len(names)-max)
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
