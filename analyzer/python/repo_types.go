package python

// The summary of a repository's files: RepoCode, CodeFacts, imports,
// libraries and function statistics.

// maxTop bounds the "most complex", "longest" and similar lists.
const maxTop = 5

// RepoCode summarises one repository's Python code. The integrator puts it
// under "python" in the JSON report. Plain .py and .pyi files are counted in
// the embedded CodeFacts; notebooks are summarised apart in Notebooks.
type RepoCode struct {
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
	Libraries []ImportedLibrary `json:"libraries"`
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
	// Unknown are the top-level imports whose origin the layout does not
	// settle, with the reason (at most MaxUnknownImports, most files
	// first): neither Local nor Libraries counts them.
	Unknown []UnknownImport `json:"unknown,omitempty"`
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

// ImportedLibrary is one third-party top-level import.
type ImportedLibrary struct {
	// Import is the top-level import name ("sklearn", not scikit-learn):
	// of the names that map to the same distribution, the one most files
	// import.
	Import string `json:"import"`
	// OtherImports are the other top-level names of the same distribution
	// the repository imports (_pytest beside pytest), counted in Files and
	// Imports; absent when there are none.
	OtherImports []string `json:"other_imports,omitempty"`
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
