package python

import (
	"math"
	"sort"
	"strings"
)

// MaxEvidencePerRepo caps the evidence kept for one fact in a repository
// summary. The kept locations are the first in (path, cell, line) order, so
// a summary does not depend on the order in which files were added.
const MaxEvidencePerRepo = 10

// maxTop bounds the "most complex", "longest" and similar lists.
const maxTop = 5

// RepoFacts summarises one repository's Python code. The integrator puts it
// under "python" in the JSON report. Plain .py and .pyi files are counted in
// the embedded CodeFacts; notebooks are summarised apart in Notebooks.
type RepoFacts struct {
	CodeFacts
	// Notebooks summarises the .ipynb files; nil when there are none.
	Notebooks *CodeFacts `json:"notebooks,omitempty"`
}

// CodeFacts is the summary of a set of files (the .py/.pyi files, or the
// notebooks, of one repository).
type CodeFacts struct {
	// Files is the number of files summarised.
	Files int `json:"files"`
	// Lines is the total number of lines (notebooks: of analysed code cells).
	Lines int `json:"lines"`
	// Bytes is the total size of the analysed source.
	Bytes int `json:"bytes"`
	// CodeCells is the number of notebook code cells (notebooks only).
	CodeCells int `json:"code_cells,omitempty"`
	// Classes is the number of class definitions, nested included.
	Classes int `json:"classes"`
	// Functions is the number of def and async def, methods and nested
	// functions included, lambdas excluded.
	Functions int `json:"functions"`
	// ParseErrors is the number of files whose syntax tree has ERROR or
	// MISSING nodes.
	ParseErrors int `json:"parse_errors"`
	// ParseErrorSites locates the first error of the first such files.
	ParseErrorSites []Evidence `json:"parse_error_sites,omitempty"`
	// Python2Files is the number of files with Python 2 markers (see
	// Features.Python2 for which and where).
	Python2Files int `json:"python2_files"`
	// Imports summarises imports by origin.
	Imports ImportStats `json:"imports"`
	// Libraries are the third-party top-level imports, most used first.
	Libraries []Library `json:"libraries"`
	// OOP is the object-oriented facts, resolved across the files.
	OOP OOPFacts `json:"oop"`
	// FunctionStats summarises the functions.
	FunctionStats FunctionStats `json:"function_stats"`
	// Features sums the files' feature tallies; each Tally also says in
	// how many files the feature occurs.
	Features Features `json:"features"`
	// Frameworks is the depth of use of Django, Flask, FastAPI, NumPy,
	// SciPy, pandas, scikit-learn, TensorFlow and PyTorch; nil when no
	// file uses any of them.
	Frameworks *Frameworks `json:"frameworks,omitempty"`
}

// ModuleUse is a module and the number of files importing it.
type ModuleUse struct {
	// Import is the top-level module name.
	Import string `json:"import"`
	// Files is the number of files importing it.
	Files int `json:"files"`
}

// ImportStats counts imports (one per imported module, see Import).
type ImportStats struct {
	// Total is the number of imports of any origin.
	Total int `json:"total"`
	// Stdlib are the standard library modules used, most used first.
	Stdlib []ModuleUse `json:"stdlib"`
	// Python2Stdlib are the Python-2-only standard library modules used
	// (urllib2, ConfigParser, ...), a subset of Stdlib.
	Python2Stdlib []ModuleUse `json:"python2_stdlib,omitempty"`
	// Local are the repository's own top-level modules imported absolutely.
	Local []ModuleUse `json:"local"`
	// Relative counts relative imports (from . import x).
	Relative int `json:"relative"`
	// ThirdParty counts imports of third-party modules (see Libraries).
	ThirdParty int `json:"third_party"`
	// Dynamic counts importlib.import_module / __import__ with a literal.
	Dynamic int `json:"dynamic"`
	// InFunction counts imports inside function bodies.
	InFunction int `json:"in_function"`
	// TypeChecking counts imports under `if TYPE_CHECKING:`.
	TypeChecking int `json:"type_checking"`
	// Fallback counts imports in try statements handling ImportError.
	Fallback int `json:"fallback"`
	// Star counts `from x import *`.
	Star int `json:"star"`
}

// Library is one third-party top-level import.
type Library struct {
	// Import is the top-level import name ("sklearn", not scikit-learn).
	Import string `json:"import"`
	// Files is the number of files importing it.
	Files int `json:"files"`
	// Imports is the number of imports of it (several per file possible).
	Imports int `json:"imports"`
	// Evidence locates the first import in the first files.
	Evidence []Evidence `json:"evidence"`
	// Modules are the dotted modules imported below Import, most files
	// first (at most MaxModulesPerLibrary): they tell namespace packages
	// apart (google.cloud.storage, google.protobuf).
	Modules []ModuleImport `json:"modules,omitempty"`
}

// Inheritance is the repository's inheritance, resolved by class name among
// the classes defined in the summarised files.
type Inheritance struct {
	// Single counts classes with exactly one base (object not counted).
	Single Tally `json:"single"`
	// Multiple counts classes with two or more bases.
	Multiple Tally `json:"multiple"`
	// Multilevel counts classes at the bottom of a chain of at least three
	// classes of the repository (C derives from B derives from A).
	Multilevel Tally `json:"multilevel"`
	// Hierarchical counts classes of the repository that two or more of
	// its classes derive from directly; evidence points at the base.
	Hierarchical Tally `json:"hierarchical"`
	// MaxDepth is the longest chain of the repository's classes (1: no
	// class derives from another of the repository).
	MaxDepth int `json:"max_depth"`
	// Examples shows up to five chains ("C -> B -> A") and hierarchies
	// ("A <- B, C").
	Examples []string `json:"examples,omitempty"`
}

// OOPFacts are object-oriented facts. Class kinds are counted once per
// class; evidence points at the class unless said otherwise.
type OOPFacts struct {
	// Inheritance is single, multiple, multilevel and hierarchical use.
	Inheritance Inheritance `json:"inheritance"`
	// AbstractClasses counts ABCs: ABC bases, metaclass=ABCMeta or
	// abstract methods.
	AbstractClasses Tally `json:"abstract_classes"`
	// AbstractMethods counts @abstractmethod methods (evidence: method).
	AbstractMethods Tally `json:"abstract_methods"`
	// Protocols counts typing.Protocol classes.
	Protocols Tally `json:"protocols"`
	// Dataclasses counts @dataclass classes.
	Dataclasses Tally `json:"dataclasses"`
	// Attrs counts attrs classes.
	Attrs Tally `json:"attrs"`
	// Pydantic counts pydantic models and settings.
	Pydantic Tally `json:"pydantic"`
	// NamedTuples counts NamedTuple / namedtuple subclasses.
	NamedTuples Tally `json:"named_tuples"`
	// Enums counts Enum subclasses.
	Enums Tally `json:"enums"`
	// TypedDicts counts TypedDict subclasses.
	TypedDicts Tally `json:"typed_dicts"`
	// Exceptions counts custom exception classes.
	Exceptions Tally `json:"exceptions"`
	// Mixins counts classes named *Mixin.
	Mixins Tally `json:"mixins"`
	// Metaclasses counts classes that derive from type or pass metaclass=.
	Metaclasses Tally `json:"metaclasses"`
	// Generics counts generic classes (Generic[T] or PEP 695).
	Generics Tally `json:"generics"`
	// ContextManagers counts classes with __enter__/__exit__ (or async).
	ContextManagers Tally `json:"context_managers"`
	// NestedClasses counts classes defined inside a class or function.
	NestedClasses Tally `json:"nested_classes"`
	// ProtectedAttributes counts distinct _x attributes per class.
	ProtectedAttributes Tally `json:"protected_attributes"`
	// PrivateAttributes counts distinct __x (name-mangled) attributes per
	// class.
	PrivateAttributes Tally `json:"private_attributes"`
	// Properties counts @property (and cached_property) methods.
	Properties Tally `json:"properties"`
	// Setters counts @x.setter / @x.deleter methods.
	Setters Tally `json:"setters"`
	// Slots counts classes that define __slots__.
	Slots Tally `json:"slots"`
	// ClassMethods counts @classmethod methods (evidence: method).
	ClassMethods Tally `json:"class_methods"`
	// StaticMethods counts @staticmethod methods (evidence: method).
	StaticMethods Tally `json:"static_methods"`
	// SuperCalls counts super() calls in methods; evidence: their classes.
	SuperCalls Tally `json:"super_calls"`
	// Overrides counts methods that override a method of a base class
	// defined in the repository (directly or further up), __init__ and
	// __new__ excepted (evidence: the overriding method).
	Overrides Tally `json:"overrides"`
	// OperatorOverloads counts dunder methods for operators, comparison and
	// hashing (__add__, __eq__, __lt__, __hash__, ...).
	OperatorOverloads Tally `json:"operator_overloads"`
	// ProtocolMethods counts dunder methods implementing protocols:
	// iteration, containers, context managers, calls, descriptors, async.
	ProtocolMethods Tally `json:"protocol_methods"`
	// Dunders counts each dunder method name defined, most frequent first.
	Dunders []NameCount `json:"dunders"`
}

// NameCount is a name with a count.
type NameCount struct {
	// Name is the name counted.
	Name string `json:"name"`
	// Count is how often it occurs.
	Count int `json:"count"`
}

// FunctionRef names one function with its measures.
type FunctionRef struct {
	// Qualname is the function's qualified name.
	Qualname string `json:"qualname"`
	// Complexity is its cyclomatic complexity.
	Complexity int `json:"complexity"`
	// Length is its number of lines.
	Length int `json:"length"`
	// Depth is its deepest statement nesting.
	Depth int `json:"depth"`
	// Evidence is where it is defined.
	Evidence Evidence `json:"evidence"`
}

// ComplexityRanks counts functions by radon's rank: A 1-5, B 6-10, C 11-20,
// D 21-30, E 31-40, F 41 and more.
type ComplexityRanks struct {
	// A counts complexity 1-5 (simple).
	A int `json:"a"`
	// B counts 6-10.
	B int `json:"b"`
	// C counts 11-20.
	C int `json:"c"`
	// D counts 21-30.
	D int `json:"d"`
	// E counts 31-40.
	E int `json:"e"`
	// F counts 41 and more.
	F int `json:"f"`
}

// FunctionStats summarises the functions of a set of files. Ratios are in
// [0, 1], rounded to three decimals, and 0 when there is nothing to divide.
type FunctionStats struct {
	// Async counts async def.
	Async int `json:"async"`
	// Methods counts functions defined in class bodies.
	Methods int `json:"methods"`
	// Nested counts functions defined inside functions.
	Nested int `json:"nested"`
	// Decorated counts functions with at least one decorator.
	Decorated int `json:"decorated"`
	// Generators counts functions that yield.
	Generators int `json:"generators"`
	// Params counts parameters (self/cls excluded).
	Params int `json:"params"`
	// AnnotatedParams counts parameters with a type hint.
	AnnotatedParams int `json:"annotated_params"`
	// ParamHintRatio is AnnotatedParams / Params.
	ParamHintRatio float64 `json:"param_hint_ratio"`
	// AnnotatedReturns counts functions with a return annotation.
	AnnotatedReturns int `json:"annotated_returns"`
	// ReturnHintRatio is AnnotatedReturns / functions.
	ReturnHintRatio float64 `json:"return_hint_ratio"`
	// Docstrings counts functions with a docstring.
	Docstrings int `json:"docstrings"`
	// DocstringRatio is Docstrings / functions.
	DocstringRatio float64 `json:"docstring_ratio"`
	// ComplexityMean is the mean cyclomatic complexity, two decimals.
	ComplexityMean float64 `json:"complexity_mean"`
	// ComplexityMax is the highest cyclomatic complexity.
	ComplexityMax int `json:"complexity_max"`
	// ComplexityRanks counts functions per radon rank.
	ComplexityRanks ComplexityRanks `json:"complexity_ranks"`
	// MostComplex are the most complex functions, highest first.
	MostComplex []FunctionRef `json:"most_complex"`
	// LengthMean is the mean function length in lines, one decimal.
	LengthMean float64 `json:"length_mean"`
	// LengthMax is the longest function's length.
	LengthMax int `json:"length_max"`
	// Longest are the longest functions, longest first.
	Longest []FunctionRef `json:"longest"`
	// DepthMax is the deepest statement nesting in any function.
	DepthMax int `json:"depth_max"`
	// Deepest are the most deeply nested functions, deepest first.
	Deepest []FunctionRef `json:"deepest"`
	// Decorators are the most used decorators (call arguments dropped),
	// at most 20, most used first.
	Decorators []NameCount `json:"decorators"`
}

// RepoAggregator builds RepoFacts from FileFacts added one at a time, so a
// caller can drop each FileFacts after adding it. It keeps per-class names
// and method names (for inheritance and overriding) and per-name counters;
// evidence and top lists are bounded. Not safe for concurrent use.
type RepoAggregator struct {
	resolver *ImportResolver
	py, nb   *codeAgg
}

// NewRepoAggregator returns an aggregator for one repository.
func NewRepoAggregator(layout RepoLayout) *RepoAggregator {
	return &RepoAggregator{resolver: NewImportResolver(layout), py: newCodeAgg(), nb: newCodeAgg()}
}

// Add adds one file's facts (a notebook's go to the notebook summary).
func (r *RepoAggregator) Add(ff *FileFacts) {
	if ff == nil {
		return
	}
	if ff.Notebook != nil {
		r.nb.add(ff, r.resolver)
		return
	}
	r.py.add(ff, r.resolver)
}

// Facts returns the summary of the files added so far.
func (r *RepoAggregator) Facts() *RepoFacts {
	rf := &RepoFacts{CodeFacts: r.py.facts()}
	if r.nb.files > 0 {
		nb := r.nb.facts()
		rf.Notebooks = &nb
	}
	return rf
}

// AggregateRepo summarises a repository's analysed files; layout lists all
// the repository's files so that imports can be classified.
func AggregateRepo(files []*FileFacts, layout RepoLayout) *RepoFacts {
	agg := NewRepoAggregator(layout)
	for _, f := range files {
		agg.Add(f)
	}
	return agg.Facts()
}

// ---- bounded collections

func evLess(a, b Evidence) bool {
	if a.Path != b.Path {
		return a.Path < b.Path
	}
	if a.Cell != b.Cell {
		return a.Cell < b.Cell
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	return a.EndLine < b.EndLine
}

// addEvidence keeps the least MaxEvidencePerRepo locations.
func addEvidence(list []Evidence, e Evidence) []Evidence {
	if len(list) < MaxEvidencePerRepo {
		return append(list, e)
	}
	worst := 0
	for i := 1; i < len(list); i++ {
		if evLess(list[worst], list[i]) {
			worst = i
		}
	}
	if evLess(e, list[worst]) {
		list[worst] = e
	}
	return list
}

func sortEvidence(list []Evidence) {
	sort.Slice(list, func(i, j int) bool { return evLess(list[i], list[j]) })
}

func (t *Tally) addRepo(e Evidence) {
	t.Count++
	t.Evidence = addEvidence(t.Evidence, e)
}

// merge adds a file's tally into a repository tally.
func (t *Tally) merge(f *Tally) {
	if f.Count == 0 {
		return
	}
	t.Count += f.Count
	t.Files++
	for _, e := range f.Evidence {
		t.Evidence = addEvidence(t.Evidence, e)
	}
}

func (t *Tally) finish() {
	sortEvidence(t.Evidence)
}

// topFuncs keeps the maxTop greatest functions by a key.
type topFuncs struct {
	key  func(*FunctionRef) int
	list []FunctionRef
}

func (t *topFuncs) less(a, b *FunctionRef) bool { // a ranks before b
	if ka, kb := t.key(a), t.key(b); ka != kb {
		return ka > kb
	}
	return evLess(a.Evidence, b.Evidence)
}

func (t *topFuncs) add(f FunctionRef) {
	if len(t.list) < maxTop {
		t.list = append(t.list, f)
	} else {
		worst := 0
		for i := 1; i < len(t.list); i++ {
			if t.less(&t.list[worst], &t.list[i]) {
				worst = i
			}
		}
		if !t.less(&f, &t.list[worst]) {
			return
		}
		t.list[worst] = f
	}
}

func (t *topFuncs) sorted() []FunctionRef {
	out := append([]FunctionRef{}, t.list...)
	sort.Slice(out, func(i, j int) bool { return t.less(&out[i], &out[j]) })
	return out
}

func nameCounts(m map[string]int, limit int) []NameCount {
	out := make([]NameCount, 0, len(m))
	for k, v := range m {
		out = append(out, NameCount{Name: k, Count: v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Name < out[j].Name
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

func moduleUses(m map[string]int) []ModuleUse {
	nc := nameCounts(m, 0)
	out := make([]ModuleUse, len(nc))
	for i, n := range nc {
		out[i] = ModuleUse{Import: n.Name, Files: n.Count}
	}
	return out
}

func ratio(a, b int, decimals int) float64 {
	if b == 0 {
		return 0
	}
	p := math.Pow(10, float64(decimals))
	return math.Round(float64(a)/float64(b)*p) / p
}

// ---- per set of files

// classRec is what inheritance resolution keeps of a class.
type classRec struct {
	name    string
	bases   []string // last components of the bases, "object" dropped
	methods []methodRec
	ev      Evidence
}

type methodRec struct {
	name string
	ev   Evidence
}

type libAgg struct {
	files, imports int
	mods           map[string]*modAgg
	ev             []Evidence
}

type codeAgg struct {
	cf        CodeFacts
	files     int
	classes   []classRec
	stdlib    map[string]int
	py2       map[string]int
	local     map[string]int
	libs      map[string]*libAgg
	dunders   map[string]int
	decs      map[string]int
	cxSum     int
	lenSum    int
	complex   topFuncs
	longest   topFuncs
	deepest   topFuncs
	errorSite []Evidence
	fw        frameworkAgg
}

func newCodeAgg() *codeAgg {
	return &codeAgg{
		stdlib:  map[string]int{},
		py2:     map[string]int{},
		local:   map[string]int{},
		libs:    map[string]*libAgg{},
		dunders: map[string]int{},
		decs:    map[string]int{},
		complex: topFuncs{key: func(f *FunctionRef) int { return f.Complexity }},
		longest: topFuncs{key: func(f *FunctionRef) int { return f.Length }},
		deepest: topFuncs{key: func(f *FunctionRef) int { return f.Depth }},
	}
}

func (a *codeAgg) add(ff *FileFacts, res *ImportResolver) {
	cf := &a.cf
	a.files++
	cf.Files++
	cf.Lines += ff.Lines
	cf.Bytes += ff.Bytes
	if ff.Notebook != nil {
		cf.CodeCells += ff.Notebook.CodeCells
	}
	cf.Classes += len(ff.Classes)
	cf.Functions += len(ff.Functions)
	if ff.ParseError {
		cf.ParseErrors++
		if len(ff.ErrorSites) > 0 {
			a.errorSite = addEvidence(a.errorSite, ff.ErrorSites[0])
		} else {
			a.errorSite = addEvidence(a.errorSite, Evidence{Path: ff.Path})
		}
	}
	if ff.Python2 {
		cf.Python2Files++
	}
	a.addImports(ff, res)
	a.addClasses(ff)
	a.addFunctions(ff)
	a.fw.add(ff.Frameworks)
	repo, file := cf.Features.tallies(), ff.Features.tallies()
	for i := range repo {
		repo[i].merge(file[i])
	}
}

func (a *codeAgg) addImports(ff *FileFacts, res *ImportResolver) {
	st := &a.cf.Imports
	seenStd, seenPy2, seenLocal, seenLib := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, imp := range ff.Imports {
		st.Total++
		if imp.Kind == ImportDynamic {
			st.Dynamic++
		}
		if imp.InFunction {
			st.InFunction++
		}
		if imp.TypeChecking {
			st.TypeChecking++
		}
		if imp.Fallback {
			st.Fallback++
		}
		if contains(imp.Names, "*") {
			st.Star++
		}
		origin, py2 := res.Classify(ff.Path, imp)
		top := imp.Top
		switch {
		case imp.Level > 0 || top == "":
			st.Relative++
		case origin == OriginLocal:
			if !seenLocal[top] {
				seenLocal[top] = true
				a.local[top]++
			}
		case origin == OriginStdlib:
			if !seenStd[top] {
				seenStd[top] = true
				a.stdlib[top]++
			}
			if py2 && !seenPy2[top] {
				seenPy2[top] = true
				a.py2[top]++
			}
		default:
			st.ThirdParty++
			l := a.libs[top]
			if l == nil {
				l = &libAgg{}
				a.libs[top] = l
			}
			l.imports++
			l.addModule(ff.Path, imp)
			if !seenLib[top] {
				seenLib[top] = true
				l.files++
				l.ev = addEvidence(l.ev, imp.Evidence)
			}
		}
	}
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

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

func isDunder(name string) bool {
	return len(name) > 4 && strings.HasPrefix(name, "__") && strings.HasSuffix(name, "__")
}

func (a *codeAgg) addClasses(ff *FileFacts) {
	o := &a.cf.OOP
	for ci := range ff.Classes {
		cl := &ff.Classes[ci]
		ev := cl.Evidence
		k := &cl.Kinds
		for _, x := range []struct {
			on bool
			t  *Tally
		}{
			{k.Abstract, &o.AbstractClasses}, {k.Protocol, &o.Protocols}, {k.Dataclass, &o.Dataclasses},
			{k.Attrs, &o.Attrs}, {k.Pydantic, &o.Pydantic}, {k.NamedTuple, &o.NamedTuples},
			{k.Enum, &o.Enums}, {k.TypedDict, &o.TypedDicts}, {k.Exception, &o.Exceptions},
			{k.Mixin, &o.Mixins}, {k.Generic, &o.Generics}, {k.ContextManager, &o.ContextManagers},
			{k.Metaclass || hasKeyword(cl, "metaclass"), &o.Metaclasses}, {cl.Nested, &o.NestedClasses},
			{cl.Slots, &o.Slots},
		} {
			if x.on {
				x.t.addRepo(ev)
			}
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
		var bases []string
		for _, b := range cl.Bases {
			if b == "object" {
				continue
			}
			bases = append(bases, lastComponent(strings.TrimPrefix(b, "*")))
		}
		switch {
		case len(bases) == 1:
			o.Inheritance.Single.addRepo(ev)
		case len(bases) > 1:
			o.Inheritance.Multiple.addRepo(ev)
		}
		rec := classRec{name: cl.Name, bases: bases, ev: ev}
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
		a.classes = append(a.classes, rec)
	}
}

func hasKeyword(cl *Class, name string) bool {
	for _, k := range cl.Keywords {
		if k.Name == name {
			return true
		}
	}
	return false
}

func (a *codeAgg) addFunctions(ff *FileFacts) {
	fs := &a.cf.FunctionStats
	for fi := range ff.Functions {
		f := &ff.Functions[fi]
		if f.Async {
			fs.Async++
		}
		if f.Method {
			fs.Methods++
		}
		if f.Nested {
			fs.Nested++
		}
		if len(f.Decorators) > 0 {
			fs.Decorated++
		}
		for _, d := range f.Decorators {
			a.decs[d]++
		}
		if f.Generator {
			fs.Generators++
		}
		fs.Params += f.Params
		fs.AnnotatedParams += f.AnnotatedParams
		if f.ReturnAnnotated {
			fs.AnnotatedReturns++
		}
		if f.Docstring {
			fs.Docstrings++
		}
		a.cxSum += f.Complexity
		a.lenSum += f.Length
		if f.Complexity > fs.ComplexityMax {
			fs.ComplexityMax = f.Complexity
		}
		if f.Length > fs.LengthMax {
			fs.LengthMax = f.Length
		}
		if f.Depth > fs.DepthMax {
			fs.DepthMax = f.Depth
		}
		r := &fs.ComplexityRanks
		switch c := f.Complexity; {
		case c <= 5:
			r.A++
		case c <= 10:
			r.B++
		case c <= 20:
			r.C++
		case c <= 30:
			r.D++
		case c <= 40:
			r.E++
		default:
			r.F++
		}
		ref := FunctionRef{Qualname: f.Qualname, Complexity: f.Complexity, Length: f.Length, Depth: f.Depth, Evidence: f.Evidence}
		a.complex.add(ref)
		a.longest.add(ref)
		a.deepest.add(ref)
	}
}

func (a *codeAgg) facts() CodeFacts {
	cf := a.cf // copy; a stays usable
	cf.ParseErrorSites = append([]Evidence(nil), a.errorSite...)
	sortEvidence(cf.ParseErrorSites)

	st := &cf.Imports
	st.Stdlib = moduleUses(a.stdlib)
	if len(a.py2) > 0 {
		st.Python2Stdlib = moduleUses(a.py2)
	}
	st.Local = moduleUses(a.local)
	cf.Libraries = make([]Library, 0, len(a.libs))
	for name, l := range a.libs {
		ev := append([]Evidence(nil), l.ev...)
		sortEvidence(ev)
		cf.Libraries = append(cf.Libraries, Library{Import: name, Files: l.files, Imports: l.imports, Evidence: ev, Modules: l.modules()})
	}
	sort.Slice(cf.Libraries, func(i, j int) bool {
		x, y := cf.Libraries[i], cf.Libraries[j]
		if x.Files != y.Files {
			return x.Files > y.Files
		}
		return x.Import < y.Import
	})

	fs := &cf.FunctionStats
	fs.ParamHintRatio = ratio(fs.AnnotatedParams, fs.Params, 3)
	fs.ReturnHintRatio = ratio(fs.AnnotatedReturns, cf.Functions, 3)
	fs.DocstringRatio = ratio(fs.Docstrings, cf.Functions, 3)
	fs.ComplexityMean = ratio(a.cxSum, cf.Functions, 2)
	fs.LengthMean = ratio(a.lenSum, cf.Functions, 1)
	fs.MostComplex = a.complex.sorted()
	fs.Longest = a.longest.sorted()
	fs.Deepest = a.deepest.sorted()
	fs.Decorators = nameCounts(a.decs, 20)

	cf.OOP = a.cf.OOP
	for _, t := range cf.OOP.tallies() {
		t.Evidence = append([]Evidence(nil), t.Evidence...)
	}
	cf.OOP.Dunders = nameCounts(a.dunders, 50)
	a.resolveClasses(&cf.OOP)
	cf.Features = copyFeatures(&a.cf.Features)
	cf.Frameworks = a.fw.facts()
	for _, t := range cf.Features.tallies() {
		t.finish()
	}
	for _, t := range cf.OOP.tallies() {
		t.finish()
	}
	return cf
}

func copyFeatures(f *Features) Features {
	out := *f
	for _, t := range out.tallies() {
		t.Evidence = append([]Evidence(nil), t.Evidence...)
	}
	return out
}

func (o *OOPFacts) tallies() []*Tally {
	h := &o.Inheritance
	out := []*Tally{&h.Single, &h.Multiple, &h.Multilevel, &h.Hierarchical,
		&o.AbstractClasses, &o.AbstractMethods, &o.Protocols, &o.Dataclasses, &o.Attrs, &o.Pydantic,
		&o.NamedTuples, &o.Enums, &o.TypedDicts, &o.Exceptions, &o.Mixins, &o.Metaclasses, &o.Generics,
		&o.ContextManagers, &o.NestedClasses, &o.ProtectedAttributes, &o.PrivateAttributes,
		&o.Properties, &o.Setters, &o.Slots, &o.ClassMethods, &o.StaticMethods, &o.SuperCalls,
		&o.Overrides, &o.OperatorOverloads, &o.ProtocolMethods}
	return out
}

// resolveClasses computes the repository-level inheritance and overriding
// facts. Bases are matched to classes of the same name; with two classes
// of one name, both count as the base. Cycles (possible with name clashes)
// are cut.
func (a *codeAgg) resolveClasses(o *OOPFacts) {
	// Fresh tallies: resolution runs on every facts() call.
	o.Inheritance.Multilevel, o.Inheritance.Hierarchical, o.Overrides = Tally{}, Tally{}, Tally{}
	o.Inheritance.Examples = nil
	o.Inheritance.MaxDepth = 0
	cls := a.classes
	if len(cls) == 0 {
		return
	}
	// A name shared by many classes (generated code, or a hostile file of
	// thousands of `class S(S)`) would make an edge for every pair: only
	// the first maxNamesakes classes of a name stand as its base.
	byName := map[string][]int{}
	for i, c := range cls {
		if len(byName[c.name]) < maxNamesakes {
			byName[c.name] = append(byName[c.name], i)
		}
	}
	parents := make([][]int, len(cls))
	children := make([][]int, len(cls))
	for i, c := range cls {
		for _, b := range c.bases {
			for _, p := range byName[b] {
				if p == i {
					continue
				}
				parents[i] = append(parents[i], p)
				children[p] = append(children[p], i)
			}
		}
	}

	// Longest chain ending at each class (depth 1 = no parent in the
	// repo), by an iterative DFS; an edge back into the current path is
	// ignored, which breaks cycles.
	depth := make([]int, len(cls))
	best := make([]int, len(cls)) // the parent on the longest chain, or -1
	state := make([]uint8, len(cls))
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
			state[n] = 2
			stack = stack[:len(stack)-1]
		}
	}
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
	}
	sort.Slice(hier, func(x, y int) bool {
		a, b := hier[x], hier[y]
		if ca, cb := len(children[a]), len(children[b]); ca != cb {
			return ca > cb
		}
		return evLess(cls[a].ev, cls[b].ev)
	})
	for _, b := range hier {
		if len(h.Examples) >= 5 {
			break
		}
		var names []string
		for _, c := range children[b] {
			names = append(names, cls[c].name)
		}
		sort.Strings(names)
		if len(names) > 5 {
			names = append(names[:5], "...")
		}
		h.Examples = append(h.Examples, cls[b].name+" <- "+strings.Join(names, ", "))
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
}

// Bounds on inheritance resolution, far above real hierarchies (Django's
// deepest class-based views have about 20 ancestors).
const (
	// maxNamesakes bounds the classes of one name that a base of that
	// name resolves to.
	maxNamesakes = 16
	// maxAncestors bounds the ancestors searched for overridden methods,
	// per class.
	maxAncestors = 256
)

func uniqueInts(xs []int) []int {
	if len(xs) < 2 {
		return xs
	}
	seen := make(map[int]bool, len(xs))
	out := make([]int, 0, len(xs))
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
