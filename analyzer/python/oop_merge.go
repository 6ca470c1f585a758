package python

// OOP facts are built at repository level from the files' classes:
// class kinds, methods, inheritance and overriding resolved by name.

import (
	"slices"
	"sort"
	"strings"
)

// ---- per set of files

// classRec is what inheritance resolution keeps of a class.
type classRec struct {
	name    string
	file    int // index in codeAgg.scopes
	idx     int // index of the class in its file
	methods []methodRec
	ev      Evidence
}

// moduleScope is what resolution keeps of a file: its path, bindings and
// classes.
type moduleScope struct {
	path  string
	scope fileScope
	recs  []int // class index in the file -> index in codeAgg.classes, -1 for stubs
	// fwKinds are the framework class kinds the file pass counted in
	// the file (frameworkClassKinds).
	fwKinds int
}

type methodRec struct {
	name string
	ev   Evidence
}

// Dunder groups, for polymorphism facts.
var (
	operatorDunders = setOf("__add__", "__sub__", "__mul__", "__matmul__", "__truediv__", "__floordiv__",
		"__mod__", "__divmod__", "__pow__", "__lshift__", "__rshift__", "__and__", "__xor__", "__or__",
		"__radd__", "__rsub__", "__rmul__", "__rmatmul__", "__rtruediv__", "__rfloordiv__", "__rmod__",
		"__rdivmod__", "__rpow__", "__rlshift__", "__rrshift__", "__rand__", "__rxor__", "__ror__",
		"__iadd__", "__isub__", "__imul__", "__imatmul__", "__itruediv__", "__ifloordiv__", "__imod__",
		"__ipow__", "__ilshift__", "__irshift__", "__iand__", "__ixor__", "__ior__",
		"__neg__", "__pos__", "__abs__", "__invert__", "__div__", "__rdiv__", "__idiv__",
		"__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__hash__", "__cmp__")
	protocolDunders = setOf("__iter__", "__next__", "__reversed__", "__len__", "__length_hint__",
		"__getitem__", "__setitem__", "__delitem__", "__missing__", "__contains__",
		"__enter__", "__exit__", "__aenter__", "__aexit__", "__call__",
		"__get__", "__set__", "__delete__", "__set_name__",
		"__await__", "__aiter__", "__anext__", "__bool__", "__index__", "__int__", "__float__",
		"__complex__", "__round__", "__trunc__", "__floor__", "__ceil__", "__fspath__", "__buffer__",
		"__getattr__", "__getattribute__", "__setattr__", "__delattr__", "__dir__",
		"__class_getitem__", "__init_subclass__", "__instancecheck__", "__subclasscheck__")
)

func isDunder(name string) bool {
	return len(name) > 4 && strings.HasPrefix(name, "__") && strings.HasSuffix(name, "__")
}

func (a *codeAgg) addClasses(ff *FileFacts) {
	o := &a.cf.OOP
	ms := moduleScope{path: ff.Path, scope: fileScope{bindings: ff.Bindings}, recs: make([]int, len(ff.Classes)),
		fwKinds: frameworkClassKinds(ff.Frameworks)}
	for ci := range ff.Classes {
		cl := &ff.Classes[ci]
		ms.scope.classes = append(ms.scope.classes, newClassSyntax(cl))
		ms.recs[ci] = -1
		if cl.TypeChecking {
			continue // a stub for the type checker, not a class of the program
		}
		ev := cl.Evidence
		if cl.Nested {
			o.NestedClasses.addRepo(ev)
		}
		if cl.Slots {
			o.Slots.addRepo(ev)
		}
		for range cl.ProtectedAttrs {
			o.ProtectedAttributes.addRepo(ev)
		}
		for range cl.PrivateAttrs {
			o.PrivateAttributes.addRepo(ev)
		}
		if cl.SuperCalls > 0 {
			o.SuperCalls.Count += cl.SuperCalls
			o.SuperCalls.Evidence = addEvidence(o.SuperCalls.Evidence, ev)
		}
		bases := 0
		for _, b := range cl.Bases {
			if b != "object" {
				bases++
			}
		}
		switch {
		case bases == 1:
			o.Inheritance.Single.addRepo(ev)
		case bases > 1:
			o.Inheritance.Multiple.addRepo(ev)
		}
		rec := classRec{name: cl.Name, file: len(a.scopes), idx: ci, ev: ev}
		for _, m := range cl.Methods {
			rec.methods = append(rec.methods, methodRec{name: m.Name, ev: m.Evidence})
			switch m.Kind {
			case MethodClass:
				o.ClassMethods.addRepo(m.Evidence)
			case MethodStatic:
				o.StaticMethods.addRepo(m.Evidence)
			case MethodProperty:
				o.Properties.addRepo(m.Evidence)
			case MethodSetter:
				o.Setters.addRepo(m.Evidence)
			}
			if m.Abstract {
				o.AbstractMethods.addRepo(m.Evidence)
			}
			if isDunder(m.Name) {
				a.dunders[m.Name]++
				switch {
				case operatorDunders[m.Name]:
					o.OperatorOverloads.addRepo(m.Evidence)
				case protocolDunders[m.Name]:
					o.ProtocolMethods.addRepo(m.Evidence)
				}
			}
		}
		ms.recs[ci] = len(a.classes)
		a.classes = append(a.classes, rec)
	}
	a.scopes = append(a.scopes, ms)
}

// resolveClasses computes the repository-level inheritance, class kinds
// and overriding facts. Each base is resolved through its file's imports
// and the repository's module tree (repoResolver): a base that is not a
// class of the repository is external or unknown, never the class that
// happens to share its name. Cycles (only invalid code makes them) are cut.
func (a *codeAgg) resolveClasses(o *OOPFacts) *repoResolver {
	// Fresh tallies: resolution runs on every facts() call.
	o.Inheritance.Multilevel, o.Inheritance.Hierarchical, o.Overrides = Tally{}, Tally{}, Tally{}
	o.Inheritance.Examples, o.Inheritance.ExampleEvidence = nil, nil
	o.Inheritance.MaxDepth = 0
	cls := a.classes
	if len(cls) == 0 {
		return nil
	}
	rr := newRepoResolver(a)
	parents := make([][]int, len(cls))
	children := make([][]int, len(cls))
	for i, c := range cls {
		ms := &a.scopes[c.file]
		for _, b := range ms.scope.classes[c.idx].bases {
			p, _ := rr.resolve(c.file, ms.scope.lookup(c.idx, b), 0)
			if p < 0 || p == i || slices.Contains(parents[i], p) {
				continue
			}
			parents[i] = append(parents[i], p)
			children[p] = append(children[p], i)
		}
	}

	// Longest chain ending at each class (depth 1 = no parent in the
	// repo), by an iterative DFS; an edge back into the current path is
	// ignored, which breaks cycles.
	depth := make([]int, len(cls))
	best := make([]int, len(cls)) // the parent on the longest chain, or -1
	state := make([]uint8, len(cls))
	kinds := make([]ClassKinds, len(cls)) // set when a class's parents are done
	type frame struct{ node, next int }
	var stack []frame
	for s := range cls {
		if state[s] != 0 {
			continue
		}
		stack = append(stack[:0], frame{node: s})
		state[s] = 1
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			if f.next < len(parents[f.node]) {
				p := parents[f.node][f.next]
				f.next++
				if state[p] == 0 {
					state[p] = 1
					stack = append(stack, frame{node: p})
				}
				continue
			}
			n := f.node
			depth[n], best[n] = 1, -1
			for _, p := range parents[n] {
				if state[p] == 2 && depth[p]+1 > depth[n] {
					depth[n], best[n] = depth[p]+1, p
				}
			}
			kinds[n] = a.classKinds(rr, cls[n], kinds, state)
			state[n] = 2
			stack = stack[:len(stack)-1]
		}
	}
	a.tallyKinds(o, kinds)
	h := &o.Inheritance
	var chains []int
	for i := range cls {
		if depth[i] > h.MaxDepth {
			h.MaxDepth = depth[i]
		}
		if depth[i] >= 3 {
			h.Multilevel.addRepo(cls[i].ev)
			chains = append(chains, i)
		}
	}
	for i := range children {
		children[i] = uniqueInts(children[i])
	}
	var hier []int
	for i := range cls {
		if len(children[i]) >= 2 {
			h.Hierarchical.addRepo(cls[i].ev)
			hier = append(hier, i)
		}
	}
	sort.Slice(chains, func(x, y int) bool {
		a, b := chains[x], chains[y]
		if depth[a] != depth[b] {
			return depth[a] > depth[b]
		}
		return evLess(cls[a].ev, cls[b].ev)
	})
	for _, c := range chains {
		if len(h.Examples) >= 3 {
			break
		}
		var names []string
		for n, k := c, 0; n >= 0 && k < 8; n, k = best[n], k+1 {
			names = append(names, cls[n].name)
		}
		h.Examples = append(h.Examples, strings.Join(names, " -> "))
		h.ExampleEvidence = append(h.ExampleEvidence, cls[c].ev)
	}
	// A hierarchy is shown by the subclasses in the project's own code
	// when its base is there and two or more of them are: a base in the
	// package whose subclasses are test doubles is not the candidate's
	// design. Such hierarchies come first.
	ownKids := func(b int) []int {
		if !ownPlace(cls[b].ev) {
			return nil
		}
		var out []int
		for _, c := range children[b] {
			if ownPlace(cls[c].ev) {
				out = append(out, c)
			}
		}
		if len(out) < 2 {
			return nil
		}
		return out
	}
	shown := make(map[int][]int, len(hier))
	for _, b := range hier {
		if kids := ownKids(b); kids != nil {
			shown[b] = kids
		}
	}
	sort.Slice(hier, func(x, y int) bool {
		a, b := hier[x], hier[y]
		if oa, ob := shown[a] != nil, shown[b] != nil; oa != ob {
			return oa
		}
		ka, kb := shown[a], shown[b]
		if ka == nil {
			ka, kb = children[a], children[b]
		}
		if ca, cb := len(ka), len(kb); ca != cb {
			return ca > cb
		}
		return evLess(cls[a].ev, cls[b].ev)
	})
	for _, b := range hier {
		if len(h.Examples) >= 5 {
			break
		}
		kids := shown[b]
		if kids == nil {
			kids = children[b]
		}
		var names []string
		for _, c := range kids {
			names = append(names, cls[c].name)
		}
		sort.Strings(names)
		if len(names) > 5 {
			names = append(names[:5], "...")
		}
		ex := cls[b].name + " <- " + strings.Join(names, ", ")
		if shown[b] == nil && ownPlace(cls[b].ev) {
			// The base is the project's own, its subclasses are not.
			ex += " (subclasses outside the project's own code)"
		}
		h.Examples = append(h.Examples, ex)
		h.ExampleEvidence = append(h.ExampleEvidence, cls[b].ev)
	}

	// Overrides: a method whose name some repo ancestor also defines. Each
	// class looks through at most maxAncestors of its ancestors, nearest
	// first, so that a chain of thousands of classes costs linear work.
	methodSet := make([]map[string]bool, len(cls))
	for i, c := range cls {
		if len(c.methods) > 0 {
			methodSet[i] = make(map[string]bool, len(c.methods))
			for _, m := range c.methods {
				methodSet[i][m.name] = true
			}
		}
	}
	seen := make([]int, len(cls)) // visit stamp per BFS
	var queue []int
	var found []bool
	for i, c := range cls {
		if len(parents[i]) == 0 || len(c.methods) == 0 {
			continue
		}
		found = append(found[:0], make([]bool, len(c.methods))...)
		left := 0
		for _, m := range c.methods {
			if m.name != "__init__" && m.name != "__new__" {
				left++
			}
		}
		queue = append(queue[:0], parents[i]...)
		for _, p := range parents[i] {
			seen[p] = i + 1
		}
		for visited := 0; len(queue) > 0 && left > 0 && visited < maxAncestors; visited++ {
			p := queue[0]
			queue = queue[1:]
			if set := methodSet[p]; set != nil {
				for k, m := range c.methods {
					if !found[k] && m.name != "__init__" && m.name != "__new__" && set[m.name] {
						found[k] = true
						left--
					}
				}
			}
			for _, g := range parents[p] {
				if seen[g] != i+1 && g != i {
					seen[g] = i + 1
					queue = append(queue, g)
				}
			}
		}
		for k, m := range c.methods {
			if found[k] {
				o.Overrides.addRepo(m.ev)
			}
		}
	}
	return rr
}

// classKinds judges class c once its parents' kinds are known (state 2);
// a parent still open closes a cycle and passes nothing on.
func (a *codeAgg) classKinds(rr *repoResolver, c classRec, kinds []ClassKinds, state []uint8) ClassKinds {
	ms := &a.scopes[c.file]
	return ms.scope.kinds(c.idx, func(ref nameRef) (*ClassKinds, string) {
		p, ext := rr.resolve(c.file, ref, 0)
		if ext == "" && !ref.bare && ref.class < 0 {
			if ref.level == 0 {
				// The name as imported: a class of the library's own
				// repository (pydantic.BaseModel in pydantic), or a
				// module of the repository that is not there, judged
				// as a library name.
				ext = ref.target
			} else {
				// Only the exception naming rule applies.
				ext = lastComponent(ref.target)
			}
		}
		if p >= 0 && state[p] == 2 {
			return &kinds[p], ext
		}
		return nil, ext
	})
}

// tallyKinds counts the classes of each kind.
func (a *codeAgg) tallyKinds(o *OOPFacts, kinds []ClassKinds) {
	for _, t := range []*Tally{&o.AbstractClasses, &o.Protocols, &o.Dataclasses, &o.Attrs, &o.Pydantic,
		&o.NamedTuples, &o.Enums, &o.TypedDicts, &o.Exceptions, &o.Mixins, &o.Generics, &o.ContextManagers,
		&o.Metaclasses} {
		*t = Tally{}
	}
	for i, c := range a.classes {
		k := &kinds[i]
		meta := a.scopes[c.file].scope.classes[c.idx].metaclass != ""
		for _, x := range []struct {
			on bool
			t  *Tally
		}{
			{k.Abstract, &o.AbstractClasses}, {k.Protocol, &o.Protocols}, {k.Dataclass, &o.Dataclasses},
			{k.Attrs, &o.Attrs}, {k.Pydantic, &o.Pydantic}, {k.NamedTuple, &o.NamedTuples},
			{k.Enum, &o.Enums}, {k.TypedDict, &o.TypedDicts}, {k.Exception, &o.Exceptions},
			{k.Mixin, &o.Mixins}, {k.Generic, &o.Generics}, {k.ContextManager, &o.ContextManagers},
			{k.Metaclass || meta, &o.Metaclasses},
		} {
			if x.on {
				x.t.addRepo(c.ev)
			}
		}
	}
}

// Bounds on inheritance resolution, far above real hierarchies (Django's
// deepest class-based views have about 20 ancestors).
const (
	// maxAncestors bounds the ancestors searched for overridden methods,
	// per class.
	maxAncestors = 256
)
