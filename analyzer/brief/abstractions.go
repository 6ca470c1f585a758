package brief

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/pyscout/pyscout/analyzer/python"
	"github.com/pyscout/pyscout/analyzer/roles"
)

// Bounds on the abstractions of a brief, in all and per source.
const (
	MaxAbstractions = 10
	maxEntryPoints  = 3
	maxBaseClasses  = 3
	maxProtocols    = 3
	maxPublicAPI    = 5
)

// abstractions lists the key types and entry points: console scripts,
// own base classes with several subclasses, protocols and ABCs, then the
// public API (the top package's __all__ or re-exports, or the public
// classes of a single-module project).
func abstractions(files []fileSummary, ix *moduleIndex, g *classGraph, pkg Packaging, central []Module) []Abstraction {
	out := []Abstraction{}
	seen := map[string]bool{}
	add := func(a Abstraction) bool {
		k := a.Name + "\x00" + a.Evidence.Path
		if seen[k] || len(out) >= MaxAbstractions {
			return false
		}
		seen[k] = true
		out = append(out, a)
		return true
	}
	n := 0
	for _, ep := range pkg.Scripts {
		if n >= maxEntryPoints {
			break
		}
		a := Abstraction{Name: ep.Name, Kind: KindEntryPoint, Evidence: ep.Evidence,
			Why: fmt.Sprintf("console script %s, runs %s:%s (%s)", ep.Name, ep.Module, ep.Func, ep.Evidence.Path)}
		if p, ok := ix.byName[ep.Module]; ok {
			if fn := findFunc(ix.byPath[p], ep.Func); fn != nil {
				a.Evidence = fn.ev
			}
		}
		if add(a) {
			n++
		}
	}
	n = 0
	for _, b := range g.bases(2) {
		if n >= maxBaseClasses {
			break
		}
		if !keyType(b.c) || b.f.role != roles.Source {
			continue
		}
		subs := g.subNames(b)
		if add(Abstraction{Name: b.c.name, Kind: classKind(b.c), Evidence: b.c.ev,
			Why: fmt.Sprintf("base of %d classes: %s", len(subs), listNames(subs, 4))}) {
			n++
		}
	}
	n = 0
	for _, r := range g.all {
		if n >= maxProtocols {
			break
		}
		if r.f.role != roles.Source || !(r.c.kinds.Protocol || r.c.kinds.Abstract) || strings.HasPrefix(r.c.name, "_") {
			continue
		}
		why := "an abstract base class"
		if r.c.kinds.Protocol {
			why = "a typing.Protocol"
		}
		if abs := abstractMethods(r.c); len(abs) > 0 {
			why += " whose subclasses must implement " + listNames(abs, 3)
		}
		if add(Abstraction{Name: r.c.name, Kind: KindProtocol, Evidence: r.c.ev, Why: why}) {
			n++
		}
	}
	n = 0
	for _, a := range publicAPI(files, ix, g, central) {
		if n >= maxPublicAPI {
			break
		}
		if add(a) {
			n++
		}
	}
	return out
}

// keyType reports a class that may be a key type: not private, not an
// exception, enum, TypedDict or NamedTuple (records of data, whose
// subclasses are variants rather than implementations), nor a mixin.
func keyType(c *classSummary) bool {
	k := c.kinds
	return !strings.HasPrefix(c.name, "_") && !c.isException() && !k.Enum && !k.TypedDict && !k.NamedTuple && !k.Mixin
}

func classKind(c *classSummary) string {
	if c.kinds.Protocol || c.kinds.Abstract {
		return KindProtocol
	}
	return KindClass
}

func abstractMethods(c *classSummary) []string {
	var out []string
	for _, m := range c.methods {
		if m.abstract {
			out = append(out, m.name)
		}
	}
	return out
}

func findFunc(f *fileSummary, name string) *funcSummary {
	if f == nil {
		return nil
	}
	for i := range f.funcs {
		if f.funcs[i].topLevel && f.funcs[i].name == name {
			return &f.funcs[i]
		}
	}
	return nil
}

func findClass(f *fileSummary, name string) *classSummary {
	if f == nil {
		return nil
	}
	for i := range f.classes {
		if f.classes[i].name == name {
			return &f.classes[i]
		}
	}
	return nil
}

// publicAPI reads the public API: the __all__ (else the re-exports) of
// the shallowest source package __init__.py that has any, each name
// located where it is defined; classes with the most subclasses and
// methods first, then functions. A project without such a package offers
// the public classes and functions of its most central module.
func publicAPI(files []fileSummary, ix *moduleIndex, g *classGraph, central []Module) []Abstraction {
	var init *fileSummary
	for i := range files {
		f := &files[i]
		if f.role != roles.Source || path.Base(f.path) != "__init__.py" {
			continue
		}
		if len(f.design.All) == 0 && len(reexports(f)) == 0 {
			continue
		}
		if init == nil || depth(f.path) < depth(init.path) {
			init = f
		}
	}
	type api struct {
		a         Abstraction
		class     bool
		exception bool
		rank      int
	}
	var items []api
	locate := func(from *fileSummary, name string, why string) {
		// Where the package's import of the name leads, else any own
		// module defining it at module level.
		var homes []*fileSummary
		if from != nil {
			for _, imp := range from.imports {
				if !containsName(imp.Names, name) && !containsName(imp.Names, "*") {
					continue
				}
				for _, p := range ix.resolve(from.path, imp) {
					homes = append(homes, ix.byPath[p])
				}
			}
			homes = append(homes, from)
		}
		for i := range files {
			if files[i].role == roles.Source {
				homes = append(homes, &files[i])
			}
		}
		for _, h := range homes {
			if c := findClass(h, name); c != nil {
				subs := len(g.subs[h.path+"\x00"+name])
				items = append(items, api{Abstraction{Name: name, Kind: classKind(c), Evidence: c.ev, Why: why}, true, !keyType(c), subs*1000 + len(c.methods)})
				return
			}
			if fn := findFunc(h, name); fn != nil {
				items = append(items, api{Abstraction{Name: name, Kind: KindFunction, Evidence: fn.ev, Why: why}, false, false, 0})
				return
			}
		}
	}
	switch {
	case init != nil && len(init.design.All) > 0:
		for _, n := range init.design.All {
			locate(init, n, "exported in __all__ of "+init.path)
		}
	case init != nil:
		for _, c := range init.classes {
			if keyType(&c) {
				locate(init, c.name, "defined in "+init.path+", the package's top")
			}
		}
		for _, n := range reexports(init) {
			locate(init, n, "re-exported by "+init.path)
		}
	case len(central) > 0:
		f := ix.byPath[central[0].Path]
		if f == nil {
			break
		}
		names := f.design.All
		why := "exported in __all__ of " + f.path
		if len(names) == 0 {
			why = "public in " + f.path + ", the most central module"
			for _, c := range f.classes {
				if !strings.HasPrefix(c.name, "_") && !c.isException() {
					names = append(names, c.name)
				}
			}
		}
		for _, n := range names {
			locate(f, n, why)
		}
	}
	// Exceptions come last: a key type is what the API does its work with.
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].exception != items[j].exception {
			return !items[i].exception
		}
		if items[i].class != items[j].class {
			return items[i].class
		}
		return items[i].rank > items[j].rank
	})
	out := make([]Abstraction, 0, len(items))
	for _, it := range items {
		out = append(out, it.a)
	}
	return out
}

// reexports are the public names a package __init__ imports from its own
// modules.
func reexports(f *fileSummary) []string {
	var out []string
	for _, imp := range f.imports {
		if imp.Kind != python.ImportFrom {
			continue
		}
		for _, n := range imp.Names {
			if n != "*" && !strings.HasPrefix(n, "_") && !containsName(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}

func containsName(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func depth(p string) int { return strings.Count(p, "/") }
