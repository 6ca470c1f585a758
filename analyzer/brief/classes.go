package brief

import (
	"path"
	"sort"
	"strings"
)

// classRef is one class of the repository's own code.
type classRef struct {
	f *fileSummary
	c *classSummary
}

func (r classRef) key() string { return r.f.path + "\x00" + r.c.name }

// classGraph links the own code's classes to their bases among them.
type classGraph struct {
	all    []classRef
	byName map[string][]classRef
	// subs are the direct subclasses of each class, by key, in path order.
	subs map[string][]classRef
}

// newClassGraph indexes the classes of own files (source, or notebooks).
// A base is resolved by its name to a class of the own code: one of the
// same file first, else the only one of that name, else one in a file the
// subclass's file imports; a base that names no own class (a library's)
// links to nothing.
func newClassGraph(files []fileSummary, ix *moduleIndex) *classGraph {
	g := &classGraph{byName: map[string][]classRef{}, subs: map[string][]classRef{}}
	for i := range files {
		f := &files[i]
		if !f.role.Own() {
			continue
		}
		for j := range f.classes {
			r := classRef{f: f, c: &f.classes[j]}
			g.all = append(g.all, r)
			g.byName[r.c.name] = append(g.byName[r.c.name], r)
		}
	}
	for _, s := range g.all {
		for _, b := range s.c.bases {
			base, ok := g.resolveBase(s, b, ix)
			if !ok || base.key() == s.key() {
				continue
			}
			g.subs[base.key()] = append(g.subs[base.key()], s)
		}
	}
	return g
}

func (g *classGraph) resolveBase(s classRef, name string, ix *moduleIndex) (classRef, bool) {
	cands := g.byName[name]
	switch len(cands) {
	case 0:
		return classRef{}, false
	case 1:
		return cands[0], true
	}
	for _, c := range cands {
		if c.f == s.f {
			return c, true
		}
	}
	imported := map[string]bool{}
	for _, imp := range s.f.imports {
		for _, p := range ix.resolve(s.f.path, imp) {
			imported[p] = true
		}
	}
	for _, c := range cands {
		if imported[c.f.path] {
			return c, true
		}
	}
	return cands[0], true
}

// bases returns the own classes with at least min direct subclasses, most
// subclasses first.
func (g *classGraph) bases(min int) []classRef {
	var out []classRef
	for _, r := range g.all {
		if len(g.subs[r.key()]) >= min {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(g.subs[out[i].key()]) > len(g.subs[out[j].key()]) })
	return out
}

// subNames names a class's direct subclasses.
func (g *classGraph) subNames(r classRef) []string {
	return qualifiedNames(g.subs[r.key()])
}

// hasMethod reports whether a class defines a method of that name.
func (c *classSummary) hasMethod(name string) bool {
	for _, m := range c.methods {
		if m.name == name {
			return true
		}
	}
	return false
}

// isException reports an exception class (judged from its bases in its
// file, or named like one).
func (c *classSummary) isException() bool {
	if c.kinds.Exception || strings.HasSuffix(c.name, "Error") || strings.HasSuffix(c.name, "Exception") || strings.HasSuffix(c.name, "Warning") {
		return true
	}
	for _, b := range c.bases {
		if builtinExceptions[b] {
			return true
		}
	}
	return false
}

// builtinExceptions are the built-in exception bases whose names do not
// end in Error, Exception or Warning.
var builtinExceptions = map[string]bool{"SystemExit": true, "KeyboardInterrupt": true, "GeneratorExit": true,
	"StopIteration": true, "StopAsyncIteration": true}

// qualifiedNames names classes, with the module's name before those whose
// name another of the list shares (eventlet.TaskPool, gevent.TaskPool).
func qualifiedNames(refs []classRef) []string {
	count := map[string]int{}
	for _, r := range refs {
		count[r.c.name]++
	}
	out := make([]string, 0, len(refs))
	for _, r := range refs {
		n := r.c.name
		if count[n] > 1 {
			n = strings.TrimSuffix(path.Base(r.f.path), ".py") + "." + n
		}
		out = append(out, n)
	}
	return out
}
