package python

// The design facts of one file: the mechanisms a project brief names as
// design decisions (the init_app pattern, stored callbacks, registering
// decorators, configuration loaded by exec) and the public API a module
// declares. They are computed per file from the syntax tree, so a cache of
// FileFacts keeps them.

// MaxDesignSites bounds each list of DesignFacts per file: a hostile file
// cannot grow them without end, and a brief names only the first few.
const MaxDesignSites = 64

// MaxAllNames bounds the names kept of a module's __all__.
const MaxAllNames = 512

// DesignSite is one named place in a file.
type DesignSite struct {
	// Name names the code: a class, a qualified function
	// ("Flask.route"), or for a stored callback the attribute it is
	// stored in ("out._backward").
	Name string `json:"name"`
	// Detail adds what the site holds: the stored function's name, or
	// the call that loads configuration ("runpy.run_path").
	Detail string `json:"detail,omitempty"`
	// Evidence is where it is.
	Evidence Evidence `json:"evidence"`
}

// DesignFacts are one file's design mechanisms.
type DesignFacts struct {
	// All are the names of a module-level __all__ list or tuple of string
	// literals (assigned or extended with +=), at most MaxAllNames.
	All []string `json:"all,omitempty"`
	// AllEvidence is the first __all__ assignment; nil without one.
	AllEvidence *Evidence `json:"all_evidence,omitempty"`
	// InitApp are the classes that follow the Flask extension pattern:
	// __init__ takes an app and calls self.init_app, and an init_app
	// method takes the app. Evidence: the init_app def.
	InitApp []DesignSite `json:"init_app,omitempty"`
	// StoredCallbacks are functions stored on an object: a lambda, a
	// nested function (a closure), or a parameter named like a callback
	// (callback, hook, handler, on_*), assigned to an attribute or an
	// attribute's item, or appended to one. Name is the target, Detail
	// the function; evidence: the statement.
	StoredCallbacks []DesignSite `json:"stored_callbacks,omitempty"`
	// Registrars are decorators that register what they decorate: a
	// function that stores its function argument (in an attribute or an
	// item, or by passing it to a method) and returns it unchanged. The
	// argument must be named like a function (f, func, fn, handler,
	// callback, view_func, ...) or the function must be the decorator
	// its enclosing factory returns. Name is the factory's qualified name
	// when there is one; evidence: the def that registers.
	Registrars []DesignSite `json:"registrars,omitempty"`
	// ConfigLoads are calls that run or import a file of code as
	// configuration: exec of code read from a file (its argument opens or
	// reads one), execfile, runpy.run_path, importlib's spec_from_file_location,
	// imp.load_source and Flask's config.from_pyfile. Detail is the call.
	ConfigLoads []DesignSite `json:"config_loads,omitempty"`
	// StubMethods are methods whose body (after a docstring) only raises
	// NotImplementedError: a base class's hook for subclasses to fill.
	// Name is Class.method.
	StubMethods []DesignSite `json:"stub_methods,omitempty"`
}
