package python

// Name resolution for classes: what a base, a class decorator or a
// metaclass names, through the file's imports (Binding) and its own
// classes, never through a global table of class names. A file resolves
// what it can alone (library names, classes of the same file); the
// repository summary follows imports into the repository's other modules
// (resolveRepoClasses in oop_merge.go).

import (
	"path"
	"strings"
)

// classSyntax is what resolution needs of a class statement.
type classSyntax struct {
	name, qual   string
	bases        []string
	decorators   []string
	metaclass    string // the metaclass= keyword's text
	nested, stub bool   // stub: defined under if TYPE_CHECKING
	own          ClassKinds
}

// newClassSyntax keeps what resolution needs of cl, and the kinds the
// class shows without resolving any name: its methods, its name and its
// PEP 695 type parameters.
func newClassSyntax(cl *Class) classSyntax {
	s := classSyntax{name: cl.Name, qual: cl.Qualname, bases: cl.Bases, decorators: cl.Decorators,
		nested: cl.Nested, stub: cl.TypeChecking}
	for _, k := range cl.Keywords {
		if k.Name == "metaclass" {
			s.metaclass = k.Value
		}
	}
	var enter, exit bool
	for _, m := range cl.Methods {
		if m.Abstract {
			s.own.Abstract = true
		}
		switch m.Name {
		case "__enter__", "__aenter__":
			enter = true
		case "__exit__", "__aexit__":
			exit = true
		}
	}
	s.own.ContextManager = enter && exit
	s.own.Mixin = strings.HasSuffix(cl.Name, "Mixin")
	s.own.Generic = cl.TypeParams
	return s
}

// scopePrefix is the qualname prefix of the scope a class is defined in
// ("" at module level, "Outer." in a class body).
func scopePrefix(qual, name string) string {
	return strings.TrimSuffix(qual, name)
}

// nameRef is what a dotted name of a file stands for.
type nameRef struct {
	// class is the index of a class of the same file, or -1.
	class int
	// rest is what follows that class in the dotted name (Outer.Inner).
	rest string
	// target is the dotted name an import binds it to (level > 0: a
	// relative import); "" when no import binds it.
	target string
	level  int
	// bare is set when neither an import nor a class of the file binds
	// the name: a builtin (Exception, type), a star import's, or unknown.
	bare bool
	name string // the name as written, for bare names
}

// fileScope resolves the dotted names of one file.
type fileScope struct {
	bindings []Binding
	classes  []classSyntax
}

// lookup resolves dotted as the statement of class ci sees it (ci may be
// len(classes): the end of the module). Only classes defined before ci
// are visible; a class of the enclosing scope shadows module-level names;
// at module level the later of a class and an import of the name wins.
// TYPE_CHECKING stubs never bind a name at run time.
func (s *fileScope) lookup(ci int, dotted string) nameRef {
	dotted = strings.TrimPrefix(dotted, "*")
	if j := strings.IndexAny(dotted, "[("); j >= 0 {
		dotted = dotted[:j]
	}
	dotted = strings.TrimSpace(dotted)
	ref := nameRef{class: -1}
	if !isDottedName(dotted) {
		ref.bare, ref.name = true, dotted
		return ref
	}
	head, rest, _ := strings.Cut(dotted, ".")
	prefix := ""
	if ci < len(s.classes) {
		prefix = scopePrefix(s.classes[ci].qual, s.classes[ci].name)
	}
	modClass := -1
	for j := min(ci, len(s.classes)) - 1; j >= 0; j-- {
		c := &s.classes[j]
		if c.stub || c.name != head {
			continue
		}
		if prefix != "" && c.qual == prefix+head {
			return nameRef{class: j, rest: rest}
		}
		if modClass < 0 && !c.nested {
			modClass = j
		}
	}
	bind := -1
	for b := len(s.bindings) - 1; b >= 0; b-- {
		if s.bindings[b].Name == head && s.bindings[b].Order <= ci {
			bind = b
			break
		}
	}
	if modClass >= 0 && (bind < 0 || s.bindings[bind].Order <= modClass) {
		return nameRef{class: modClass, rest: rest}
	}
	if bind >= 0 {
		b := &s.bindings[bind]
		ref.target, ref.level = joinDotted(b.Target, rest), b.Level
		return ref
	}
	if rest != "" {
		// A qualified name whose module the file never imports
		// (typing.NamedTuple without import typing) is read as written:
		// it cannot be one of the project's own classes either.
		ref.target = dotted
		return ref
	}
	ref.bare, ref.name = true, dotted
	return ref
}

// Library names of the class kinds.
var (
	pydanticModelNames = setOf("pydantic.BaseModel", "pydantic.main.BaseModel", "pydantic.RootModel",
		"pydantic.root_model.RootModel", "pydantic.BaseSettings", "pydantic_settings.BaseSettings",
		"pydantic.v1.BaseModel", "pydantic.v1.BaseSettings", "sqlmodel.SQLModel")
	enumNames = setOf("enum.Enum", "enum.IntEnum", "enum.StrEnum", "enum.Flag", "enum.IntFlag",
		"enum.ReprEnum")
	protocolNames   = setOf("typing.Protocol", "typing_extensions.Protocol")
	typedDictNames  = setOf("typing.TypedDict", "typing_extensions.TypedDict", "mypy_extensions.TypedDict")
	namedTupleNames = setOf("typing.NamedTuple", "typing_extensions.NamedTuple", "collections.namedtuple")
	genericNames    = setOf("typing.Generic", "typing_extensions.Generic")
	dataclassNames  = setOf("dataclasses.dataclass", "pydantic.dataclasses.dataclass")
	attrsNames      = setOf("attr.s", "attr.attrs", "attr.define", "attr.frozen", "attr.mutable",
		"attr.dataclass", "attrs.define", "attrs.frozen", "attrs.mutable")
)

// inheritedKinds are the kinds a subclass has because its base has them.
func inheritedKinds(p ClassKinds) ClassKinds {
	return ClassKinds{Pydantic: p.Pydantic, Enum: p.Enum, TypedDict: p.TypedDict,
		NamedTuple: p.NamedTuple, Exception: p.Exception}
}

// exceptionName is the naming heuristic for exception classes outside the
// repository: BaseException and *Error, *Exception, *Warning.
func exceptionName(name string) bool {
	return name == "BaseException" || strings.HasSuffix(name, "Error") ||
		strings.HasSuffix(name, "Exception") || strings.HasSuffix(name, "Warning")
}

// libraryKinds are the kinds a base outside the repository gives: an
// absolute dotted name an import binds (target), or a bare builtin name.
func libraryKinds(ref nameRef, target string) ClassKinds {
	var k ClassKinds
	if ref.bare {
		// Builtins only: a bare BaseModel or Enum that nothing imports is
		// not the library's.
		k.Metaclass = ref.name == "type"
		k.Exception = exceptionName(ref.name)
		return k
	}
	switch {
	case target == "abc.ABC":
		k.Abstract = true
	case protocolNames[target]:
		k.Protocol = true
	case pydanticModelNames[target]:
		k.Pydantic = true
	case namedTupleNames[target]:
		k.NamedTuple = true
	case enumNames[target]:
		k.Enum = true
	case typedDictNames[target]:
		k.TypedDict = true
	case genericNames[target]:
		k.Generic = true
	case target == "builtins.type":
		k.Metaclass = true
	default:
		k.Exception = exceptionName(lastComponent(target))
	}
	return k
}

func orKinds(a *ClassKinds, b ClassKinds) {
	a.Abstract = a.Abstract || b.Abstract
	a.Protocol = a.Protocol || b.Protocol
	a.Dataclass = a.Dataclass || b.Dataclass
	a.Attrs = a.Attrs || b.Attrs
	a.Pydantic = a.Pydantic || b.Pydantic
	a.NamedTuple = a.NamedTuple || b.NamedTuple
	a.Enum = a.Enum || b.Enum
	a.TypedDict = a.TypedDict || b.TypedDict
	a.Exception = a.Exception || b.Exception
	a.Mixin = a.Mixin || b.Mixin
	a.Metaclass = a.Metaclass || b.Metaclass
	a.Generic = a.Generic || b.Generic
	a.ContextManager = a.ContextManager || b.ContextManager
}

// baseResolver says what a base of a class names: a class of the
// repository (its kinds so far) and the library name it is imported as
// (target; "" when unknown). Both can be set: in pydantic's own repository
// `from pydantic import BaseModel` is a class of the repository and the
// library's BaseModel.
type baseResolver func(ref nameRef) (parent *ClassKinds, target string)

// kinds judges class ci of the scope, with its bases resolved by res.
func (s *fileScope) kinds(ci int, res baseResolver) ClassKinds {
	c := &s.classes[ci]
	k := c.own
	unjudged := false // a base from outside the repository whose kind is not known
	for _, b := range c.bases {
		ref := s.lookup(ci, b)
		parent, target := res(ref)
		if parent != nil {
			orKinds(&k, inheritedKinds(*parent))
		}
		switch {
		case parent != nil && target == "":
		case ref.bare:
			orKinds(&k, libraryKinds(ref, ""))
		case target != "":
			lk := libraryKinds(ref, target)
			unjudged = unjudged || parent == nil && lk == (ClassKinds{})
			orKinds(&k, lk)
		}
	}
	// class PermissionError(PermissionDenied): an *Error class deriving
	// from a library class whose kind is not known is an exception; one
	// deriving only from the project's own non-exception classes is not.
	if unjudged && exceptionName(c.name) {
		k.Exception = true
	}
	if c.metaclass != "" {
		if _, t := res(s.lookup(ci, c.metaclass)); t == "abc.ABCMeta" {
			k.Abstract = true
		}
	}
	for _, d := range c.decorators {
		_, t := res(s.lookup(ci, d))
		switch {
		case dataclassNames[t]:
			k.Dataclass = true
		case attrsNames[t]:
			k.Attrs = true
		}
	}
	return k
}

// fileKinds sets the kinds of a file's classes: bases that are classes of
// the file pass their kinds on; an import names a library when it is
// absolute, and what a relative import names is left to the repository
// summary (a class of the repository's own is judged there, by name only
// for exceptions).
func fileKinds(ff *FileFacts) {
	s := fileScope{bindings: ff.Bindings, classes: make([]classSyntax, len(ff.Classes))}
	for i := range ff.Classes {
		s.classes[i] = newClassSyntax(&ff.Classes[i])
	}
	for i := range ff.Classes {
		ff.Classes[i].Kinds = s.kinds(i, func(ref nameRef) (*ClassKinds, string) {
			switch {
			case ref.class >= 0 && ref.rest == "":
				return &ff.Classes[ref.class].Kinds, ""
			case ref.class >= 0:
				return nil, ""
			case ref.level > 0:
				return nil, lastComponent(ref.target) // judged by name: see exceptionName
			}
			return nil, ref.target
		})
	}
}

// ---- across the repository

// maxReexportHops bounds how far a name is followed through modules that
// import it from elsewhere (re-exports: `from .base import Model` in a
// package's __init__.py): four modules, which covers packages that gather
// their public names in __init__.py, and stops import cycles.
const maxReexportHops = 4

// repoResolver resolves the names of the summarised files through the
// repository's module tree.
type repoResolver struct {
	a        *codeAgg
	byPath   map[string]int   // file path -> index in a.scopes
	byModule map[string][]int // dotted module name, and each of its suffixes -> files
}

func newRepoResolver(a *codeAgg) *repoResolver {
	r := &repoResolver{a: a, byPath: map[string]int{}, byModule: map[string][]int{}}
	for i := range a.scopes {
		p := a.scopes[i].path
		r.byPath[p] = i
		mod, ok := modulePath(p)
		if !ok {
			continue
		}
		parts := strings.Split(mod, "/")
		for k := range parts {
			key := strings.Join(parts[k:], ".")
			r.byModule[key] = append(r.byModule[key], i)
		}
	}
	return r
}

// modulePath is the slash-separated module a file provides: pkg/mod for
// pkg/mod.py, pkg for pkg/__init__.py; false for notebooks.
func modulePath(p string) (string, bool) {
	var stem string
	switch {
	case strings.HasSuffix(p, ".py"):
		stem = strings.TrimSuffix(p, ".py")
	case strings.HasSuffix(p, ".pyi"):
		stem = strings.TrimSuffix(p, ".pyi")
	default:
		return "", false
	}
	if stem == "__init__" {
		return "", false
	}
	stem = strings.TrimSuffix(stem, "/__init__")
	return stem, stem != ""
}

// local reports whether an absolute import of target by the file at p
// names the repository's own code, as import classification decides.
func (r *repoResolver) local(p, target string) bool {
	if r.a.res == nil {
		return len(r.byModule[topLevel(target)]) > 0
	}
	origin, _ := r.a.res.Classify(p, Import{Module: target, Top: topLevel(target), Kind: ImportFrom})
	return origin == OriginLocal
}

// module finds the file of the longest module prefix of dotted imported by
// file f (level > 0: relative), and the rest of the name; -1 when no
// file, or more than one equally plausible file, provides it.
func (r *repoResolver) module(f, level int, dotted string) (int, string) {
	from := r.a.scopes[f].path
	var parts []string
	if dotted != "" {
		parts = strings.Split(dotted, ".")
	}
	if level > 0 {
		dir := path.Dir(from)
		for i := 1; i < level; i++ {
			dir = path.Dir(dir)
		}
		for k := len(parts); k >= 0; k-- {
			base := path.Join(append([]string{dir}, parts[:k]...)...)
			cands := []string{path.Join(base, "__init__.py")}
			if k > 0 {
				cands = append([]string{base + ".py", base + ".pyi"}, cands...)
			}
			for _, c := range cands {
				if m, ok := r.byPath[c]; ok {
					return m, strings.Join(parts[k:], ".")
				}
			}
		}
		return -1, ""
	}
	dir := path.Dir(from)
	for k := len(parts); k >= 1; k-- {
		key := strings.Join(parts[:k], ".")
		cands := r.byModule[key]
		if len(cands) == 0 {
			continue
		}
		// The file whose import root is the importer's directory or one
		// above it wins (sys.path holds the script's directory and the
		// rootdir), then the shortest path; a tie is ambiguous.
		best, bestScore, tie := -1, 0, false
		for _, c := range cands {
			mod, _ := modulePath(r.a.scopes[c].path)
			root := strings.TrimSuffix(strings.TrimSuffix(mod, strings.ReplaceAll(key, ".", "/")), "/")
			if root == "" {
				root = "."
			}
			score := len(mod)
			if !(root == "." || dir == root || strings.HasPrefix(dir+"/", root+"/")) {
				score += 1 << 20
			}
			switch {
			case best < 0 || score < bestScore:
				best, bestScore, tie = c, score, false
			case score == bestScore:
				tie = true
			}
		}
		if tie {
			return -1, ""
		}
		return best, strings.Join(parts[k:], ".")
	}
	return -1, ""
}

// resolve says what ref, a name of file f, stands for: a class of the
// repository (index in a.classes) or an external dotted name; (-1, "")
// when it is unknown: a local module that is not there, an ambiguous one,
// a name no import binds. An unknown base is never matched to a class by
// its name.
func (r *repoResolver) resolve(f int, ref nameRef, hops int) (int, string) {
	if hops > maxReexportHops {
		return -1, ""
	}
	ms := &r.a.scopes[f]
	switch {
	case ref.class >= 0:
		if ref.rest == "" {
			return ms.recs[ref.class], ""
		}
		q := ms.scope.classes[ref.class].qual + "." + ref.rest
		for j := range ms.scope.classes {
			if ms.scope.classes[j].qual == q && !ms.scope.classes[j].stub {
				return ms.recs[j], ""
			}
		}
		return -1, ""
	case ref.bare:
		for _, b := range ms.scope.bindings {
			if b.Name != "*" || (b.Level == 0 && !r.local(ms.path, b.Target)) {
				continue
			}
			if m, rest := r.module(f, b.Level, b.Target); m >= 0 && m != f && rest == "" {
				if c, ext := r.inModule(m, ref.name, hops+1); c >= 0 || ext != "" {
					return c, ext
				}
			}
		}
		return -1, ""
	}
	if ref.level == 0 && !r.local(ms.path, ref.target) {
		return -1, ref.target
	}
	m, rest := r.module(f, ref.level, ref.target)
	if m < 0 || rest == "" {
		return -1, ""
	}
	return r.inModule(m, rest, hops+1)
}

// inModule resolves a name defined in, or imported into, module m.
func (r *repoResolver) inModule(m int, dotted string, hops int) (int, string) {
	ms := &r.a.scopes[m]
	return r.resolve(m, ms.scope.lookup(len(ms.scope.classes), dotted), hops)
}
