package python

// The types of one file's facts: FileFacts, Import, Class, Function.

// ImportKind says how a module was imported.
type ImportKind string

// The ways a module can be imported.
const (
	// ImportPlain is `import a.b [as c]`, one Import per module named.
	ImportPlain ImportKind = "import"
	// ImportFrom is `from a.b import c, d` or `from . import c`.
	ImportFrom ImportKind = "from"
	// ImportDynamic is importlib.import_module("a.b") or __import__("a.b")
	// with a string literal argument.
	ImportDynamic ImportKind = "dynamic"
)

// Import is one imported module as CPython's ast sees it: `import a.b, c`
// gives two (a.b and c), `from ..x import y` one (module x, level 2).
type Import struct {
	// Module is the dotted module name without leading dots; empty for
	// `from . import x`.
	Module string `json:"module"`
	// Level is the number of leading dots of a relative import (0 = absolute).
	Level int `json:"level,omitempty"`
	// Names are the names imported by a from-import ("*" for a star import).
	Names []string `json:"names,omitempty"`
	// Top is the top-level module (Module up to the first dot); empty for
	// relative imports, which are always local.
	Top string `json:"top,omitempty"`
	// Kind says how the module was imported.
	Kind ImportKind `json:"kind"`
	// InFunction is set for imports inside a function body.
	InFunction bool `json:"in_function,omitempty"`
	// TypeChecking is set for imports under `if TYPE_CHECKING:`.
	TypeChecking bool `json:"type_checking,omitempty"`
	// Fallback is set for imports in a try statement that handles
	// ImportError or ModuleNotFoundError (the attempt or its fallback).
	Fallback bool `json:"fallback,omitempty"`
	// Evidence is where the import statement (or call) is.
	Evidence Evidence `json:"evidence"`
}

// MethodKind is how a method is bound, from its decorators.
type MethodKind string

// The kinds of methods.
const (
	// MethodInstance is an ordinary method.
	MethodInstance MethodKind = "instance"
	// MethodClass is a @classmethod.
	MethodClass MethodKind = "classmethod"
	// MethodStatic is a @staticmethod.
	MethodStatic MethodKind = "staticmethod"
	// MethodProperty is a @property, @cached_property or @x.getter.
	MethodProperty MethodKind = "property"
	// MethodSetter is a @x.setter or @x.deleter.
	MethodSetter MethodKind = "setter"
)

// Method is a function defined directly in a class body (including under an
// if or try in the class body).
type Method struct {
	// Name is the method's name.
	Name string `json:"name"`
	// Kind is how the method is bound.
	Kind MethodKind `json:"kind"`
	// Abstract is set when decorated with abc.abstractmethod (or the
	// abstractproperty family).
	Abstract bool `json:"abstract,omitempty"`
	// Async is set for `async def`.
	Async bool `json:"async,omitempty"`
	// Function is the index of this method in FileFacts.Functions.
	Function int `json:"function"`
	// Evidence spans the def (decorators excluded).
	Evidence Evidence `json:"evidence"`
}

// Keyword is a class keyword argument such as metaclass=ABCMeta.
type Keyword struct {
	// Name is the keyword ("**" for a **mapping splat).
	Name string `json:"name"`
	// Value is the source text of the value.
	Value string `json:"value"`
}

// ClassKinds are what a class is, judged from its bases, keywords,
// decorators and body. Every base, decorator and keyword is resolved
// through the file's imports (see Binding) to the library that defines
// it: a BaseModel of the project's own is not pydantic's. A base that is a
// class of the same file passes on its Pydantic, Enum, TypedDict,
// NamedTuple and Exception kinds; the repository summary does the same
// across files.
type ClassKinds struct {
	// Abstract: subclasses ABC, has metaclass=ABCMeta, or has an abstract method.
	Abstract bool `json:"abstract,omitempty"`
	// Protocol: subclasses typing.Protocol.
	Protocol bool `json:"protocol,omitempty"`
	// Dataclass: decorated with dataclasses.dataclass (or pydantic's).
	Dataclass bool `json:"dataclass,omitempty"`
	// Attrs: decorated with attr.s / attrs.define and friends.
	Attrs bool `json:"attrs,omitempty"`
	// Pydantic: subclasses pydantic's BaseModel, RootModel or BaseSettings.
	Pydantic bool `json:"pydantic,omitempty"`
	// NamedTuple: subclasses typing.NamedTuple or a namedtuple(...) call.
	NamedTuple bool `json:"named_tuple,omitempty"`
	// Enum: subclasses Enum, IntEnum, StrEnum, Flag or IntFlag.
	Enum bool `json:"enum,omitempty"`
	// TypedDict: subclasses TypedDict.
	TypedDict bool `json:"typed_dict,omitempty"`
	// Exception: subclasses a class named *Error, *Exception, *Warning or
	// BaseException.
	Exception bool `json:"exception,omitempty"`
	// Mixin: the class name ends in "Mixin".
	Mixin bool `json:"mixin,omitempty"`
	// Metaclass: subclasses type, so it is a metaclass itself.
	Metaclass bool `json:"metaclass,omitempty"`
	// Generic: has PEP 695 type parameters or subclasses Generic[...].
	Generic bool `json:"generic,omitempty"`
	// ContextManager: defines __enter__/__exit__ or __aenter__/__aexit__.
	ContextManager bool `json:"context_manager,omitempty"`
}

// Class is one class definition.
type Class struct {
	// Name is the class name.
	Name string `json:"name"`
	// Qualname is the dotted path as Python's __qualname__ spells it, e.g.
	// "Outer.Inner" or "make.<locals>.Local".
	Qualname string `json:"qualname"`
	// Bases are the positional bases as source text, e.g. "models.Model",
	// "Generic[T]", "*mixins"; parentheses around a base are dropped.
	Bases []string `json:"bases"`
	// Keywords are the class keywords such as metaclass=... .
	Keywords []Keyword `json:"keywords,omitempty"`
	// Decorators are the decorator expressions' source text without "@".
	Decorators []string `json:"decorators,omitempty"`
	// Kinds summarises what kind of class this is.
	Kinds ClassKinds `json:"kinds"`
	// Methods are the functions defined in the class body, in source order.
	Methods []Method `json:"methods,omitempty"`
	// ProtectedAttrs are the distinct _single-underscore attribute names
	// assigned in the class body or on self in its methods.
	ProtectedAttrs []string `json:"protected_attrs,omitempty"`
	// PrivateAttrs are the distinct __double-underscore (name-mangled)
	// attribute names assigned in the class body or on self.
	PrivateAttrs []string `json:"private_attrs,omitempty"`
	// Slots is set when the class body assigns __slots__.
	Slots bool `json:"slots,omitempty"`
	// SuperCalls counts super() calls in the class's methods.
	SuperCalls int `json:"super_calls,omitempty"`
	// Nested is set for classes defined inside another class or a function.
	Nested bool `json:"nested,omitempty"`
	// TypeParams is set for PEP 695 type parameters (class C[T]: ...).
	TypeParams bool `json:"type_params,omitempty"`
	// TypeChecking is set for classes defined under `if TYPE_CHECKING:`:
	// stubs for the type checker, not classes of the running program, so
	// the repository summary leaves them out.
	TypeChecking bool `json:"type_checking,omitempty"`
	// Evidence spans the class statement (decorators excluded).
	Evidence Evidence `json:"evidence"`
}

// Binding is a name that a module-level import binds: `import a.b` binds
// a to a, `import a.b as c` binds c to a.b, `from .m import x as y` binds
// y to m.x at level 1, `from m import *` binds "*" to m. Class bases and
// decorators are resolved through these, never by their bare name.
type Binding struct {
	// Name is the bound name ("*" for a star import).
	Name string `json:"name"`
	// Target is the dotted name it stands for, without leading dots.
	Target string `json:"target"`
	// Level is the number of leading dots of a relative import.
	Level int `json:"level,omitempty"`
	// Order is the number of classes of the file defined before the
	// import, so that a base sees only the bindings made before it.
	Order int `json:"order"`
}

// Function is one def or async def: module functions, methods and nested
// functions alike. Lambdas are not functions here (see Idioms.Lambdas).
type Function struct {
	// Name is the function name.
	Name string `json:"name"`
	// Qualname is the dotted path as Python's __qualname__ spells it, e.g.
	// "Class.method" or "outer.<locals>.inner".
	Qualname string `json:"qualname"`
	// Async is set for async def.
	Async bool `json:"async,omitempty"`
	// Method is set for functions defined in a class body.
	Method bool `json:"method,omitempty"`
	// Nested is set for functions defined inside another function.
	Nested bool `json:"nested,omitempty"`
	// Decorators are the decorator expressions' source text without "@".
	Decorators []string `json:"decorators,omitempty"`
	// Params counts the parameters, excluding self/cls of methods and the
	// bare * and / separators, including *args and **kwargs.
	Params int `json:"params"`
	// AnnotatedParams counts the parameters among Params with a type hint.
	AnnotatedParams int `json:"annotated_params"`
	// ReturnAnnotated is set when the def has a -> return annotation.
	ReturnAnnotated bool `json:"return_annotated,omitempty"`
	// Docstring is set when the body starts with a string literal (not an
	// f-string or bytes), as ast.get_docstring would find.
	Docstring bool `json:"docstring,omitempty"`
	// Generator is set when the body yields (yield or yield from).
	Generator bool `json:"generator,omitempty"`
	// Complexity is the cyclomatic complexity as radon (6.x, default
	// options) computes it: 1, plus 1 for each if, elif, for, async for,
	// while, conditional expression, and/or operator, comprehension for and
	// if clause, and assert (radon does not look inside an assert); plus 1
	// for the else of a for or while; plus the number of except (or
	// except*) clauses and 1 for the else of a try; plus the number of
	// case clauses of a match, less 1 when one of them is a bare capture or
	// the wildcard `_`. Only the body counts (not decorators, defaults or
	// annotations); a nested function or class counts for itself, a lambda
	// for the function containing it.
	Complexity int `json:"complexity"`
	// Length is the number of lines from the def line to the last line of
	// the body.
	Length int `json:"length"`
	// Depth is the deepest nesting of compound statements (if, for, while,
	// try, with, match) in the body; 0 for a straight-line body. Nested
	// functions and classes have their own depth.
	Depth int `json:"depth"`
	// Evidence spans the def (decorators excluded).
	Evidence Evidence `json:"evidence"`
}

// NotebookInfo describes a Jupyter notebook's cells.
type NotebookInfo struct {
	// Language is the kernel language from the notebook metadata ("" when
	// the notebook does not say). Only Python notebooks are analysed.
	Language string `json:"language,omitempty"`
	// Cells is the number of cells of any type.
	Cells int `json:"cells"`
	// CodeCells is the number of code cells.
	CodeCells int `json:"code_cells"`
	// MagicCells counts code cells skipped because they start with a %%
	// cell magic.
	MagicCells int `json:"magic_cells,omitempty"`
	// MagicLines counts %line magics, !shell and ?help lines blanked out
	// before parsing.
	MagicLines int `json:"magic_lines,omitempty"`
}

// FileFacts is everything learnt from one Python file or notebook.
type FileFacts struct {
	// Path is the file's path as given to the analyser.
	Path string `json:"path"`
	// Notebook is set for .ipynb files.
	Notebook *NotebookInfo `json:"notebook,omitempty"`
	// Bytes is the size of the analysed source (for notebooks, of the code
	// cells as parsed).
	Bytes int `json:"bytes"`
	// Lines is the number of lines of the analysed source.
	Lines int `json:"lines"`
	// ParseError is set when the syntax tree has ERROR or MISSING nodes;
	// the facts are then what tree-sitter recovered.
	ParseError bool `json:"parse_error"`
	// ErrorSites locates the first few ERROR and MISSING nodes.
	ErrorSites []Evidence `json:"error_sites,omitempty"`
	// InvalidUTF8 is set when the source is not valid UTF-8.
	InvalidUTF8 bool `json:"invalid_utf8,omitempty"`
	// NULBytes is set when the source contains NUL bytes.
	NULBytes bool `json:"nul_bytes,omitempty"`
	// Python2 is set when any Python 2 marker was found (see
	// Features.Python2); importing a Python-2-only module does not count,
	// as compatible code often tries both.
	Python2 bool `json:"python2"`
	// Imports are all static and literal dynamic imports in source order.
	Imports []Import `json:"imports"`
	// Bindings are the names bound by module-level imports, in source
	// order.
	Bindings []Binding `json:"bindings,omitempty"`
	// Classes are all class definitions in source order, nested included.
	Classes []Class `json:"classes"`
	// Functions are all def and async def in source order: methods and
	// nested functions included, lambdas excluded.
	Functions []Function `json:"functions"`
	// Features are the feature tallies for this file.
	Features Features `json:"features"`
	// Tests are the testing facts (tests, assertions, fixtures, mocking),
	// computed for every file; analyzer/practices decides which files are
	// test files.
	Tests TestFacts `json:"tests"`
	// Frameworks is how deeply the file uses Django, Flask, FastAPI,
	// NumPy, SciPy, pandas, scikit-learn, TensorFlow and PyTorch; nil
	// when it uses none of them.
	Frameworks *Frameworks `json:"frameworks,omitempty"`
	// Design are the file's design mechanisms and public API (__all__,
	// init_app, stored callbacks, registering decorators, configuration
	// loaded by exec, stub methods), read by the project briefs.
	Design DesignFacts `json:"design"`
}
