package python

// The feature facts: modern syntax, idioms, interview topics, Python 2.

import "unsafe"

// Modern are facts about modern Python syntax and libraries.
type Modern struct {
	// FStrings counts f-string literals.
	FStrings Tally `json:"f_strings"`
	// Walrus counts assignment expressions (:=).
	Walrus Tally `json:"walrus"`
	// Match counts match statements.
	Match Tally `json:"match"`
	// TypeHints counts annotations: annotated parameters, return
	// annotations and annotated assignments.
	TypeHints Tally `json:"type_hints"`
	// UnionTypes counts X | Y unions inside annotations.
	UnionTypes Tally `json:"union_types"`
	// TypeParams counts PEP 695 type parameter lists on def and class.
	TypeParams Tally `json:"type_params"`
	// TypeAliases counts PEP 695 `type X = ...` statements.
	TypeAliases Tally `json:"type_aliases"`
	// AsyncDefs counts async def.
	AsyncDefs Tally `json:"async_defs"`
	// Await counts await expressions.
	Await Tally `json:"await"`
	// AsyncFor counts async for statements and async comprehension clauses.
	AsyncFor Tally `json:"async_for"`
	// AsyncWith counts async with statements.
	AsyncWith Tally `json:"async_with"`
	// Dataclasses counts classes decorated with @dataclass.
	Dataclasses Tally `json:"dataclasses"`
	// Pathlib counts imports of pathlib.
	Pathlib Tally `json:"pathlib"`
	// ExceptionGroups counts except* clauses, which handle exception
	// groups (PEP 654, Python 3.11).
	ExceptionGroups Tally `json:"exception_groups"`
}

// Idioms are facts about functions and idiomatic constructs.
type Idioms struct {
	// Decorators counts decorator applications (on functions and classes).
	Decorators Tally `json:"decorators"`
	// Generators counts functions that yield.
	Generators Tally `json:"generators"`
	// Lambdas counts lambda expressions.
	Lambdas Tally `json:"lambdas"`
	// Comprehensions counts list, set and dict comprehensions.
	Comprehensions Tally `json:"comprehensions"`
	// GeneratorExpressions counts generator expressions.
	GeneratorExpressions Tally `json:"generator_expressions"`
	// With counts with statements (async with included).
	With Tally `json:"with"`
	// ContextManagers counts context managers defined: classes with
	// __enter__/__exit__ (or async) and @contextmanager functions.
	ContextManagers Tally `json:"context_managers"`
	// BareExcepts counts `except:` clauses that name no exception.
	BareExcepts Tally `json:"bare_excepts"`
	// MainGuards counts `if __name__ == "__main__":` blocks.
	MainGuards Tally `json:"main_guards"`
	// GlobalStatements counts global and nonlocal statements.
	GlobalStatements Tally `json:"global_statements"`
}

// Topics are classic interview topics, found by imports and definitions.
type Topics struct {
	// Threading counts imports of threading (and _thread / thread).
	Threading Tally `json:"threading"`
	// Multiprocessing counts imports of multiprocessing.
	Multiprocessing Tally `json:"multiprocessing"`
	// ConcurrentFutures counts imports of concurrent.futures.
	ConcurrentFutures Tally `json:"concurrent_futures"`
	// Asyncio counts imports of asyncio.
	Asyncio Tally `json:"asyncio"`
	// Pickle counts imports of pickle, cPickle, dill and cloudpickle.
	Pickle Tally `json:"pickle"`
	// Shelve counts imports of shelve.
	Shelve Tally `json:"shelve"`
	// Joblib counts imports of joblib.
	Joblib Tally `json:"joblib"`
	// GC counts imports of gc.
	GC Tally `json:"gc"`
	// Weakref counts imports of weakref.
	Weakref Tally `json:"weakref"`
	// Del counts __del__ methods.
	Del Tally `json:"del"`
	// Slots counts __slots__ assignments in class bodies.
	Slots Tally `json:"slots"`
}

// Uses are calls that show a module or library at work, where Topics
// and the imports only show it imported: the premise of a question that
// asks how the candidate uses it. Names resolve through the file's imports
// (`from threading import Thread as T` then `T(...)`); a call of a name
// bound some other way is not seen. Evidence: the call.
type Uses struct {
	// Threads counts threads started or pooled: threading.Thread and
	// Timer, _thread.start_new_thread, concurrent.futures'
	// ThreadPoolExecutor.
	Threads Tally `json:"threads"`
	// Processes counts processes started or pooled: multiprocessing's
	// Process, Pool and get_context, concurrent.futures'
	// ProcessPoolExecutor.
	Processes Tally `json:"processes"`
	// Pickle counts serialisation calls: load, loads, dump, dumps,
	// Pickler and Unpickler of pickle, cPickle, dill and cloudpickle;
	// joblib.load and dump; shelve.open.
	Pickle Tally `json:"pickle"`
	// Weakref counts calls of weakref's functions and classes.
	Weakref Tally `json:"weakref"`
	// GC counts calls of gc's functions (collect, disable, get_referrers, ...).
	GC Tally `json:"gc"`
	// HTTPRequests counts HTTP client calls: requests' and httpx's
	// get/post/put/patch/delete/head/options/request/stream, their
	// Session, Client and AsyncClient, aiohttp.ClientSession,
	// urllib.request.urlopen.
	HTTPRequests Tally `json:"http_requests"`
	// SQLColumns counts SQLAlchemy column declarations: Column(...),
	// mapped_column(...) and relationship(...).
	SQLColumns Tally `json:"sql_columns"`
	// SQLQueries counts SQLAlchemy statements built: select, insert,
	// update, delete and text.
	SQLQueries Tally `json:"sql_queries"`
}

// Python2 are markers of Python 2 code; any of them makes a file Python 2.
type Python2 struct {
	// PrintStatements counts print statements (print "x", print >>f, x).
	PrintStatements Tally `json:"print_statements"`
	// ExecStatements counts exec statements (exec "code").
	ExecStatements Tally `json:"exec_statements"`
	// ExceptComma counts `except E, e:` clauses.
	ExceptComma Tally `json:"except_comma"`
	// Backticks counts `x` repr expressions.
	Backticks Tally `json:"backticks"`
	// NotEqual counts the <> operator.
	NotEqual Tally `json:"not_equal"`
	// RaiseComma counts `raise E, "message"` statements.
	RaiseComma Tally `json:"raise_comma"`
	// LongLiterals counts integer literals with an L suffix.
	LongLiterals Tally `json:"long_literals"`
	// OctalLiterals counts old-style octal literals such as 0777.
	OctalLiterals Tally `json:"octal_literals"`
}

// any tells whether any Python 2 marker was found.
func (p *Python2) any() bool {
	found := false
	python2Plan.tallies(unsafe.Pointer(p), func(t *Tally) { found = found || t.Count > 0 })
	return found
}

// Features groups the per-file (or, summed, per-repository) feature facts.
type Features struct {
	// Modern is modern syntax and libraries.
	Modern Modern `json:"modern"`
	// Idioms is function-level and idiomatic constructs.
	Idioms Idioms `json:"idioms"`
	// Topics is classic interview topics.
	Topics Topics `json:"topics"`
	// Uses is calls that show modules and libraries at work.
	Uses Uses `json:"uses"`
	// Python2 is Python 2 markers.
	Python2 Python2 `json:"python2"`
}
