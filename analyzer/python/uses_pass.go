package python

// The Uses facts: calls that show a module or library at work. They are
// found by the framework pass, which resolves names through the file's
// imports; useTops makes it run for the files that import these modules.

import "strings"

// useTops are the top-level modules whose calls Uses counts.
var useTops = setOf("threading", "_thread", "multiprocessing", "concurrent", "pickle", "cPickle", "_pickle",
	"dill", "cloudpickle", "joblib", "shelve", "weakref", "gc", "requests", "httpx", "aiohttp", "urllib",
	"sqlalchemy")

// usesImport reports whether an import can bind a name whose calls Uses
// counts. urllib only through urllib.request: urllib.parse, in many files,
// would run the pass for nothing.
func usesImport(imp Import) bool {
	if imp.Top == "urllib" {
		return imp.Module == "urllib.request" || imp.Module == "urllib" && contains(imp.Names, "request")
	}
	return useTops[imp.Top]
}

var (
	threadCalls = setOf("threading.Thread", "threading.Timer", "_thread.start_new_thread",
		"concurrent.futures.ThreadPoolExecutor", "concurrent.futures.thread.ThreadPoolExecutor")
	processCalls = setOf("multiprocessing.Process", "multiprocessing.Pool", "multiprocessing.get_context",
		"multiprocessing.pool.Pool", "concurrent.futures.ProcessPoolExecutor",
		"concurrent.futures.process.ProcessPoolExecutor")
	pickleFuncs = setOf("load", "loads", "dump", "dumps", "Pickler", "Unpickler")
	httpFuncs   = setOf("get", "post", "put", "patch", "delete", "head", "options", "request", "stream",
		"Session", "Client", "AsyncClient")
	sqlColumns = setOf("sqlalchemy.Column", "sqlalchemy.schema.Column", "sqlalchemy.orm.mapped_column",
		"sqlalchemy.orm.relationship")
	sqlQueries = setOf("sqlalchemy.select", "sqlalchemy.insert", "sqlalchemy.update", "sqlalchemy.delete",
		"sqlalchemy.text", "sqlalchemy.future.select", "sqlalchemy.sql.select", "sqlalchemy.sql.text")
)

// useCall counts a call of r, a resolved dotted name under one of useTops.
func (p *fwPass) useCall(r string, ev Evidence) {
	u := &p.w.ff.Features.Uses
	top, rest, _ := strings.Cut(r, ".")
	switch {
	case threadCalls[r]:
		u.Threads.add(ev)
	case processCalls[r]:
		u.Processes.add(ev)
	case top == "joblib" && (rest == "load" || rest == "dump"), r == "shelve.open":
		u.Pickle.add(ev)
	case top == "pickle" || top == "cPickle" || top == "_pickle" || top == "dill" || top == "cloudpickle":
		if pickleFuncs[rest] {
			u.Pickle.add(ev)
		}
	case top == "weakref" && rest != "":
		u.Weakref.add(ev)
	case top == "gc" && rest != "":
		u.GC.add(ev)
	case (top == "requests" || top == "httpx") && httpFuncs[rest], r == "aiohttp.ClientSession",
		r == "urllib.request.urlopen":
		u.HTTPRequests.add(ev)
	case sqlColumns[r]:
		u.SQLColumns.add(ev)
	case sqlQueries[r]:
		u.SQLQueries.add(ev)
	}
}
