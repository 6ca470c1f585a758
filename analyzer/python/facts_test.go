package python

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unsafe"
)

func newTestAnalyzer(t testing.TB) *Analyzer {
	t.Helper()
	a, err := NewAnalyzer(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	return a
}

func analyzeString(t testing.TB, a *Analyzer, src string) *FileFacts {
	t.Helper()
	ff, err := a.AnalyzeFile("m.py", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return ff
}

func TestNodeLayoutMatchesC(t *testing.T) {
	if got, want := unsafe.Sizeof(node{}), cNodeSize(); got != want {
		t.Fatalf("node is %d bytes in Go, %d in C", got, want)
	}
}

func TestImports(t *testing.T) {
	ev := func(line int) Evidence { return Evidence{Path: "m.py", Line: line, EndLine: line} }
	tests := []struct {
		name string
		src  string
		want []Import
	}{
		{"plain and alias", "import a.b as c, d\n", []Import{
			{Module: "a.b", Top: "a", Kind: ImportPlain, Evidence: ev(1)},
			{Module: "d", Top: "d", Kind: ImportPlain, Evidence: ev(1)},
		}},
		{"spaced dotted name", "import a . b\n", []Import{{Module: "a.b", Top: "a", Kind: ImportPlain, Evidence: ev(1)}}},
		{"from", "from x.y import (p,\n  q as r)\n", []Import{
			{Module: "x.y", Top: "x", Names: []string{"p", "q"}, Kind: ImportFrom, Evidence: Evidence{Path: "m.py", Line: 1, EndLine: 2}},
		}},
		{"relative", "from .. import x\nfrom .m import *\n", []Import{
			{Module: "", Level: 2, Names: []string{"x"}, Kind: ImportFrom, Evidence: ev(1)},
			{Module: "m", Level: 1, Names: []string{"*"}, Kind: ImportFrom, Evidence: ev(2)},
		}},
		{"future", "from __future__ import annotations\n", []Import{
			{Module: "__future__", Top: "__future__", Names: []string{"annotations"}, Kind: ImportFrom, Evidence: ev(1)},
		}},
		{"in function", "def f():\n    import json\n", []Import{
			{Module: "json", Top: "json", Kind: ImportPlain, InFunction: true, Evidence: ev(2)},
		}},
		{"fallback", "try:\n    import ujson as json\nexcept ImportError:\n    import json\n", []Import{
			{Module: "ujson", Top: "ujson", Kind: ImportPlain, Fallback: true, Evidence: ev(2)},
			{Module: "json", Top: "json", Kind: ImportPlain, Fallback: true, Evidence: ev(4)},
		}},
		{"try without ImportError", "try:\n    import a\nexcept KeyError:\n    pass\n", []Import{
			{Module: "a", Top: "a", Kind: ImportPlain, Evidence: ev(2)},
		}},
		{"type checking", "if TYPE_CHECKING:\n    import a\nelse:\n    import b\nif typing.TYPE_CHECKING:\n    from c import d\n", []Import{
			{Module: "a", Top: "a", Kind: ImportPlain, TypeChecking: true, Evidence: ev(2)},
			{Module: "b", Top: "b", Kind: ImportPlain, Evidence: ev(4)},
			{Module: "c", Top: "c", Names: []string{"d"}, Kind: ImportFrom, TypeChecking: true, Evidence: ev(6)},
		}},
		{"dynamic", "importlib.import_module('a.b')\n__import__(\"c\")\nimport_module('.rel', 'pkg')\nimportlib.import_module(name)\n__import__(f'x{y}')\n", []Import{
			{Module: "a.b", Top: "a", Kind: ImportDynamic, Evidence: ev(1)},
			{Module: "c", Top: "c", Kind: ImportDynamic, Evidence: ev(2)},
			{Module: "rel", Level: 1, Kind: ImportDynamic, Evidence: ev(3)},
		}},
		{"not imports", "s = 'import os'\n# import sys\n", []Import{}},
	}
	a := newTestAnalyzer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := analyzeString(t, a, tt.src).Imports
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("imports:%s", diffJSON(tt.want, got))
			}
		})
	}
}

func TestClasses(t *testing.T) {
	// The names come from their libraries: a bare BaseModel that nothing
	// imports is not pydantic's (TestClassKindsNeedImports).
	src := `import abc; from typing import Protocol, Generic, TypedDict
from attrs import define; from pydantic import BaseModel

class A(abc.ABC, metaclass=abc.ABCMeta):
    __slots__ = ("_x",)
    _registry = {}

    def __init__(self):
        super().__init__()
        self._x = 1
        self.__secret = 2
        self.public = 3
        self._x = 4

    @abc.abstractmethod
    def run(self): ...

    @property
    def x(self):
        return self._x

    @x.setter
    def x(self, v):
        self._x = v

    @classmethod
    def make(cls): return cls()

    @staticmethod
    def util(a, b): return a

    def __enter__(self): return self
    def __exit__(self, *a): pass

    class Inner((Base)):
        pass

@define
class P(Protocol, Generic[T]): pass

class E(ValueError): pass
class N(typing.NamedTuple): pass
class Col(enum.IntEnum): pass
class M(BaseModel): pass
class LogMixin: pass
class Meta(type): pass
class TD(TypedDict, total=False): pass

@dataclasses.dataclass(frozen=True)
class D: pass

def f():
    class Local(*bases, **kw): pass
`
	a := newTestAnalyzer(t)
	ff := analyzeString(t, a, src)
	type row struct {
		Name, Qualname string
		Bases          []string
		Kinds          ClassKinds
		Nested         bool
	}
	var got []row
	for _, c := range ff.Classes {
		got = append(got, row{c.Name, c.Qualname, c.Bases, c.Kinds, c.Nested})
	}
	want := []row{
		{"A", "A", []string{"abc.ABC"}, ClassKinds{Abstract: true, ContextManager: true}, false},
		{"Inner", "A.Inner", []string{"Base"}, ClassKinds{}, true},
		{"P", "P", []string{"Protocol", "Generic[T]"}, ClassKinds{Protocol: true, Generic: true, Attrs: true}, false},
		{"E", "E", []string{"ValueError"}, ClassKinds{Exception: true}, false},
		{"N", "N", []string{"typing.NamedTuple"}, ClassKinds{NamedTuple: true}, false},
		{"Col", "Col", []string{"enum.IntEnum"}, ClassKinds{Enum: true}, false},
		{"M", "M", []string{"BaseModel"}, ClassKinds{Pydantic: true}, false},
		{"LogMixin", "LogMixin", []string{}, ClassKinds{Mixin: true}, false},
		{"Meta", "Meta", []string{"type"}, ClassKinds{Metaclass: true}, false},
		{"TD", "TD", []string{"TypedDict"}, ClassKinds{TypedDict: true}, false},
		{"D", "D", []string{}, ClassKinds{Dataclass: true}, false},
		{"Local", "f.<locals>.Local", []string{"*bases"}, ClassKinds{}, true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("classes:%s", diffJSON(want, got))
	}
	c := ff.Classes[0]
	if !reflect.DeepEqual(c.Keywords, []Keyword{{"metaclass", "abc.ABCMeta"}}) {
		t.Errorf("keywords = %+v", c.Keywords)
	}
	if !reflect.DeepEqual(ff.Classes[11].Keywords, []Keyword{{"**", "**kw"}}) {
		t.Errorf("Local keywords = %+v", ff.Classes[11].Keywords)
	}
	if !c.Slots || c.SuperCalls != 1 {
		t.Errorf("slots=%v super=%d", c.Slots, c.SuperCalls)
	}
	if !reflect.DeepEqual(c.ProtectedAttrs, []string{"_registry", "_x"}) || !reflect.DeepEqual(c.PrivateAttrs, []string{"__secret"}) {
		t.Errorf("protected=%v private=%v", c.ProtectedAttrs, c.PrivateAttrs)
	}
	type m struct {
		Name     string
		Kind     MethodKind
		Abstract bool
	}
	var ms []m
	for _, x := range c.Methods {
		ms = append(ms, m{x.Name, x.Kind, x.Abstract})
		if ff.Functions[x.Function].Name != x.Name {
			t.Errorf("method %s points at function %s", x.Name, ff.Functions[x.Function].Name)
		}
	}
	wantM := []m{{"__init__", MethodInstance, false}, {"run", MethodInstance, true}, {"x", MethodProperty, false},
		{"x", MethodSetter, false}, {"make", MethodClass, false}, {"util", MethodStatic, false},
		{"__enter__", MethodInstance, false}, {"__exit__", MethodInstance, false}}
	if !reflect.DeepEqual(ms, wantM) {
		t.Errorf("methods:%s", diffJSON(wantM, ms))
	}
	if got := ff.Features.Idioms.ContextManagers.Count; got != 1 {
		t.Errorf("context managers = %d", got)
	}
	if got := ff.Features.Topics.Slots.Count; got != 1 {
		t.Errorf("slots tally = %d", got)
	}
	if got := ff.Features.Modern.Dataclasses.Count; got != 1 {
		t.Errorf("dataclasses tally = %d", got)
	}
}

func TestFunctions(t *testing.T) {
	src := `@app.route("/x", methods=["GET"])
@cache
async def handler(req: Request, *args, key: str = "", **kw) -> Response:
    """Docstring."""
    async for x in req:
        if x and key:
            yield x

def plain(a, b=1, /, c=2, *, d):
    f"not a {docstring}"
    def inner(x):
        return lambda y: y if x else None
    return inner

class K:
    def m(self, a: int) -> None:
        b"bytes are no docstring"
    @staticmethod
    def s(a: int, b): pass
    @classmethod
    def c(cls): pass
`
	a := newTestAnalyzer(t)
	ff := analyzeString(t, a, src)
	type row struct {
		Qualname                 string
		Async, Method, Nested    bool
		Decorators               []string
		Params, Annotated        int
		Return, Doc, Gen         bool
		Complexity, Length, Deep int
		Line                     int
	}
	var got []row
	for _, f := range ff.Functions {
		got = append(got, row{f.Qualname, f.Async, f.Method, f.Nested, f.Decorators, f.Params, f.AnnotatedParams,
			f.ReturnAnnotated, f.Docstring, f.Generator, f.Complexity, f.Length, f.Depth, f.Evidence.Line})
	}
	want := []row{
		{"handler", true, false, false, []string{"app.route", "cache"}, 4, 2, true, true, true, 4, 5, 2, 3},
		{"plain", false, false, false, nil, 4, 0, false, false, false, 1, 5, 0, 9},
		{"plain.<locals>.inner", false, false, true, nil, 1, 0, false, false, false, 2, 2, 0, 11},
		{"K.m", false, true, false, nil, 1, 1, true, false, false, 1, 2, 0, 16},
		{"K.s", false, true, false, []string{"staticmethod"}, 2, 1, false, false, false, 1, 1, 0, 19},
		{"K.c", false, true, false, []string{"classmethod"}, 0, 0, false, false, false, 1, 1, 0, 21},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("functions:%s", diffJSON(want, got))
	}
	if n := ff.Features.Modern.TypeHints.Count; n != 6 {
		t.Errorf("type hints = %d, want 6", n)
	}
	if n := ff.Features.Idioms.Generators.Count; n != 1 {
		t.Errorf("generators = %d", n)
	}
	if n := ff.Features.Idioms.Decorators.Count; n != 4 {
		t.Errorf("decorators = %d", n)
	}
}

func TestComplexity(t *testing.T) {
	tests := []struct {
		name string
		body string
		want int
	}{
		{"straight", "return 1", 1},
		{"if elif else", "if a:\n        pass\n    elif b:\n        pass\n    else:\n        pass", 3},
		{"bool ops", "return a and b and c or d", 4},
		{"nested bool op", "return a and (b and c)", 3},
		{"ifexp", "return a if b else c", 2},
		{"for else", "for x in y:\n        pass\n    else:\n        pass", 3},
		{"while", "while x:\n        pass", 2},
		{"try", "try:\n        pass\n    except A:\n        pass\n    except B:\n        pass\n    else:\n        pass\n    finally:\n        pass", 4},
		{"try finally only", "try:\n        pass\n    finally:\n        pass", 1},
		{"except star", "try:\n        pass\n    except* A:\n        pass", 2},
		{"comprehension", "return [x for x in y if x if not x for z in x]", 5},
		{"generator expression", "return sum(x for x in y)", 2},
		{"assert", "assert a and b, 'm'", 2},
		{"with", "with a:\n        pass", 1},
		{"lambda counts for its function", "f = lambda x: x or 1", 2},
		{"nested def counts for itself", "def g():\n        if a:\n            pass", 1},
		{"nested class body", "class C:\n        if a:\n            pass", 1},
		{"match with wildcard", "match x:\n        case 1:\n            pass\n        case 2:\n            pass\n        case _:\n            pass", 3},
		{"match without wildcard", "match x:\n        case 1:\n            pass\n        case 2:\n            pass", 3},
		{"match capture", "match x:\n        case 1:\n            pass\n        case y:\n            pass", 2},
		{"match guard is not an if", "match x:\n        case 1 if a:\n            pass", 2},
	}
	a := newTestAnalyzer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ff := analyzeString(t, a, "def f(d=a if b else c):\n    "+tt.body+"\n")
			if len(ff.Functions) == 0 {
				t.Fatal("no function")
			}
			if got := ff.Functions[0].Complexity; got != tt.want {
				t.Errorf("complexity = %d, want %d", got, tt.want)
			}
			if ff.ParseError {
				t.Errorf("parse error at %+v", ff.ErrorSites)
			}
		})
	}
}

func TestDepth(t *testing.T) {
	a := newTestAnalyzer(t)
	ff := analyzeString(t, a, `def f():
    for a in b:
        if a:
            pass
        elif b:
            with c:
                try:
                    pass
                except E:
                    while 1:
                        pass
    if x:
        pass
`)
	if got := ff.Functions[0].Depth; got != 5 {
		t.Errorf("depth = %d, want 5", got)
	}
}

func TestFeatures(t *testing.T) {
	tests := []struct {
		name string
		src  string
		get  func(*Features) *Tally
		want int
	}{
		{"f-strings", "a = f'{x}' + F\"y\" + rf'{z}' + 'plain' + b'b'\n", func(f *Features) *Tally { return &f.Modern.FStrings }, 3},
		{"walrus", "if (n := len(a)) > 1: pass\n", func(f *Features) *Tally { return &f.Modern.Walrus }, 1},
		{"match", "match x:\n    case _: pass\n", func(f *Features) *Tally { return &f.Modern.Match }, 1},
		// match is a soft keyword: a variable, function or method of that name is no match statement.
		{"match as a name", "import re\nmatch = re.match(r'x', s)\nif match:\n    match(x)\n    m.match(y)\ndef match(a): pass\nmatch[0] = 1\n", func(f *Features) *Tally { return &f.Modern.Match }, 0},
		{"except*", "try: pass\nexcept* ValueError as eg: pass\nexcept* (TypeError, KeyError): pass\n", func(f *Features) *Tally { return &f.Modern.ExceptionGroups }, 2},
		{"plain except is no except*", "try: pass\nexcept ValueError: pass\nexcept (A, B) as e: pass\nexcept: pass\nx = a * b\n", func(f *Features) *Tally { return &f.Modern.ExceptionGroups }, 0},
		{"annotated assignment", "x: int = 1\ny: str\n", func(f *Features) *Tally { return &f.Modern.TypeHints }, 2},
		{"unions", "def f(a: int | None) -> list[int | str]: pass\nx = a | b\n", func(f *Features) *Tally { return &f.Modern.UnionTypes }, 2},
		{"type params", "class A[T]: pass\ndef f[T](x: T) -> T: pass\n", func(f *Features) *Tally { return &f.Modern.TypeParams }, 2},
		{"type alias", "type Pair[T] = tuple[T, T]\n", func(f *Features) *Tally { return &f.Modern.TypeAliases }, 1},
		{"async def", "async def f(): pass\n", func(f *Features) *Tally { return &f.Modern.AsyncDefs }, 1},
		{"await", "async def f():\n    await g()\n", func(f *Features) *Tally { return &f.Modern.Await }, 1},
		{"async for", "async def f():\n    async for x in y: pass\n    return [i async for i in y]\n", func(f *Features) *Tally { return &f.Modern.AsyncFor }, 2},
		{"async with", "async def f():\n    async with a: pass\n", func(f *Features) *Tally { return &f.Modern.AsyncWith }, 1},
		{"pathlib", "from pathlib import Path\nimport pathlib\n", func(f *Features) *Tally { return &f.Modern.Pathlib }, 2},
		{"lambdas", "f = lambda: 0\ng = lambda x: lambda y: y\n", func(f *Features) *Tally { return &f.Idioms.Lambdas }, 3},
		{"comprehensions", "a = [x for x in y]\nb = {x for x in y}\nc = {x: 1 for x in y}\nd = (x for x in y)\n", func(f *Features) *Tally { return &f.Idioms.Comprehensions }, 3},
		{"generator expressions", "d = (x for x in y)\nsum(x for x in y)\n", func(f *Features) *Tally { return &f.Idioms.GeneratorExpressions }, 2},
		{"with", "with a as b, c: pass\n", func(f *Features) *Tally { return &f.Idioms.With }, 1},
		{"contextmanager", "@contextlib.contextmanager\ndef f(): yield\n", func(f *Features) *Tally { return &f.Idioms.ContextManagers }, 1},
		{"bare except", "try: pass\nexcept: pass\n", func(f *Features) *Tally { return &f.Idioms.BareExcepts }, 1},
		{"main guard", "if __name__ == '__main__':\n    main()\n", func(f *Features) *Tally { return &f.Idioms.MainGuards }, 1},
		{"global", "def f():\n    global x\n    def g():\n        nonlocal y\n", func(f *Features) *Tally { return &f.Idioms.GlobalStatements }, 2},
		{"threading", "import threading\nfrom _thread import start_new_thread\n", func(f *Features) *Tally { return &f.Topics.Threading }, 2},
		{"multiprocessing", "from multiprocessing import Pool\n", func(f *Features) *Tally { return &f.Topics.Multiprocessing }, 1},
		{"concurrent.futures", "import concurrent.futures\nfrom concurrent.futures import ThreadPoolExecutor\nfrom concurrent import futures\n", func(f *Features) *Tally { return &f.Topics.ConcurrentFutures }, 3},
		{"asyncio", "import asyncio\n", func(f *Features) *Tally { return &f.Topics.Asyncio }, 1},
		{"pickle", "import pickle, cPickle, dill\n", func(f *Features) *Tally { return &f.Topics.Pickle }, 3},
		{"shelve", "import shelve\n", func(f *Features) *Tally { return &f.Topics.Shelve }, 1},
		{"joblib", "from joblib import dump\n", func(f *Features) *Tally { return &f.Topics.Joblib }, 1},
		{"gc", "import gc\n", func(f *Features) *Tally { return &f.Topics.GC }, 1},
		{"weakref", "import weakref\n", func(f *Features) *Tally { return &f.Topics.Weakref }, 1},
		{"__del__", "class A:\n    def __del__(self): pass\ndef __del__(): pass\n", func(f *Features) *Tally { return &f.Topics.Del }, 1},
		{"print statement", "print 'x'\nprint >>f, x\nprint(x)\n", func(f *Features) *Tally { return &f.Python2.PrintStatements }, 2},
		{"exec statement", "exec 'x = 1'\nexec(code)\n", func(f *Features) *Tally { return &f.Python2.ExecStatements }, 1},
		{"except comma", "try: pass\nexcept E, e: pass\ntry: pass\nexcept (A, B) as e: pass\n", func(f *Features) *Tally { return &f.Python2.ExceptComma }, 1},
		{"backticks", "x = `y`\n", func(f *Features) *Tally { return &f.Python2.Backticks }, 1},
		{"diamond", "if a <> b: pass\n", func(f *Features) *Tally { return &f.Python2.NotEqual }, 1},
		{"raise comma", "raise E, 'm'\nraise E('m')\n", func(f *Features) *Tally { return &f.Python2.RaiseComma }, 1},
		{"long literal", "x = 10L\n", func(f *Features) *Tally { return &f.Python2.LongLiterals }, 1},
		{"octal literal", "x = 0777\ny = 00\nz = 0o777\n", func(f *Features) *Tally { return &f.Python2.OctalLiterals }, 1},
	}
	a := newTestAnalyzer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ff := analyzeString(t, a, tt.src)
			tally := tt.get(&ff.Features)
			if tally.Count != tt.want {
				t.Errorf("count = %d, want %d", tally.Count, tt.want)
			}
			if want := min(tt.want, MaxEvidencePerFile); len(tally.Evidence) != want {
				t.Errorf("%d evidence, want %d", len(tally.Evidence), want)
			}
			isPy2 := strings.HasPrefix(tt.name, "print") || strings.HasPrefix(tt.name, "exec") ||
				tt.name == "except comma" || tt.name == "backticks" || tt.name == "diamond" ||
				tt.name == "raise comma" || strings.HasSuffix(tt.name, "literal")
			if ff.Python2 != isPy2 {
				t.Errorf("Python2 = %v, want %v", ff.Python2, isPy2)
			}
		})
	}
}

func TestEvidenceIsCappedButCountsAreExact(t *testing.T) {
	a := newTestAnalyzer(t)
	ff := analyzeString(t, a, strings.Repeat("f = lambda: 0\n", 20))
	l := ff.Features.Idioms.Lambdas
	if l.Count != 20 || len(l.Evidence) != MaxEvidencePerFile {
		t.Fatalf("count %d, %d evidence", l.Count, len(l.Evidence))
	}
	if l.Evidence[4] != (Evidence{Path: "m.py", Line: 5, EndLine: 5}) {
		t.Errorf("evidence[4] = %+v", l.Evidence[4])
	}
}

func TestPython3FileIsNotPython2(t *testing.T) {
	a := newTestAnalyzer(t)
	ff := analyzeString(t, a, "print('x')\nprint (x), y\nprint\nexec(code)\nx = 00\nprint(*args, sep='')\n")
	if ff.Python2 || ff.ParseError {
		t.Errorf("python2=%v parse_error=%v: %+v", ff.Python2, ff.ParseError, ff.Features.Python2)
	}
}

func TestSyntaxErrorsAreRecovered(t *testing.T) {
	a := newTestAnalyzer(t)
	ff := analyzeString(t, a, "class A:\n    def ok(self): pass\n\ndef broken(:\n    return 1 +* 2\n\ndef after(): pass\n")
	if !ff.ParseError || len(ff.ErrorSites) == 0 {
		t.Fatalf("parse error not reported: %+v", ff)
	}
	var names []string
	for _, f := range ff.Functions {
		names = append(names, f.Name)
	}
	if !reflect.DeepEqual(names, []string{"ok", "broken", "after"}) {
		t.Errorf("recovered functions = %v", names)
	}
}

func TestLinesAndBytes(t *testing.T) {
	a := newTestAnalyzer(t)
	for _, tt := range []struct {
		src   string
		lines int
	}{{"", 0}, {"x", 1}, {"x\n", 1}, {"x\ny", 2}, {"\n\n", 2}} {
		ff := analyzeString(t, a, tt.src)
		if ff.Lines != tt.lines || ff.Bytes != len(tt.src) {
			t.Errorf("%q: lines=%d bytes=%d, want %d, %d", tt.src, ff.Lines, ff.Bytes, tt.lines, len(tt.src))
		}
	}
}

// TestMatchAndExceptionGroupEvidence checks where the evidence of a match
// statement and of an except* clause points: the statement's first and
// last lines.
func TestMatchAndExceptionGroupEvidence(t *testing.T) {
	a := newTestAnalyzer(t)
	ff := analyzeString(t, a, "x = 1\nmatch command.split():\n    case [\"go\", d]:\n        go(d)\n    case _:\n        pass\ntry:\n    run()\nexcept* OSError as eg:\n    log(eg)\n")
	if got, want := ff.Features.Modern.Match.Evidence, []Evidence{{Path: "m.py", Line: 2, EndLine: 6}}; !slices.Equal(got, want) {
		t.Errorf("match evidence %+v, want %+v", got, want)
	}
	if got, want := ff.Features.Modern.ExceptionGroups.Evidence, []Evidence{{Path: "m.py", Line: 9, EndLine: 10}}; !slices.Equal(got, want) {
		t.Errorf("except* evidence %+v, want %+v", got, want)
	}
}

func TestClassAttributesDistinctPerClassAndFile(t *testing.T) {
	a := newTestAnalyzer(t)
	var b strings.Builder
	b.WriteString("class A:\n    def f(self):\n")
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&b, "        self._a%d = self.__p%d = 1\n", i, i%3)
	}
	// The near miss: a second class assigning the same names has its own.
	b.WriteString("        self._a0 = 2\nclass B:\n    def g(self):\n        self._a0 = 1\n        self.__p0 = 1\n")
	ff := analyzeString(t, a, b.String())
	if len(ff.Classes) != 2 {
		t.Fatalf("%d classes", len(ff.Classes))
	}
	pa, pb := ff.Classes[0], ff.Classes[1]
	if len(pa.ProtectedAttrs) != 5000 || pa.ProtectedAttrs[4999] != "_a4999" || !reflect.DeepEqual(pa.PrivateAttrs, []string{"__p0", "__p1", "__p2"}) {
		t.Errorf("A: %d protected (last %q), private %v", len(pa.ProtectedAttrs), pa.ProtectedAttrs[len(pa.ProtectedAttrs)-1], pa.PrivateAttrs)
	}
	if !reflect.DeepEqual(pb.ProtectedAttrs, []string{"_a0"}) || !reflect.DeepEqual(pb.PrivateAttrs, []string{"__p0"}) {
		t.Errorf("B: protected %v private %v", pb.ProtectedAttrs, pb.PrivateAttrs)
	}
	// The next file starts afresh.
	ff = analyzeString(t, a, "class C:\n    def h(self):\n        self._a0 = 1\n")
	if !reflect.DeepEqual(ff.Classes[0].ProtectedAttrs, []string{"_a0"}) {
		t.Errorf("C: protected %v", ff.Classes[0].ProtectedAttrs)
	}
}
