package python

import (
	"fmt"
	"testing"
)

// sites renders design sites as "name|detail@line" for comparison.
func sites(ss []DesignSite) []string {
	var out []string
	for _, s := range ss {
		out = append(out, fmt.Sprintf("%s|%s@%d", s.Name, s.Detail, s.Evidence.Line))
	}
	return out
}

func TestDesignFacts(t *testing.T) {
	a := newTestAnalyzer(t)
	tests := []struct {
		name string
		src  string
		get  func(*DesignFacts) []DesignSite
		want []string
	}{
		{"init_app extension", `
class Migrate:
    def __init__(self, app=None, db=None):
        if app is not None:
            self.init_app(app, db)
    def init_app(self, app, db=None):
        app.extensions["migrate"] = self
`, func(d *DesignFacts) []DesignSite { return d.InitApp }, []string{"Migrate|@6"}},
		// Near-misses: an init_app function outside a class, and a class
		// whose __init__ never calls init_app.
		{"init_app near-misses", `
def init_app(app):
    pass

class Plugin:
    def __init__(self, app=None):
        self.app = app
    def init_app(self, app):
        self.app = app
`, func(d *DesignFacts) []DesignSite { return d.InitApp }, nil},
		{"closure stored on another object", `
class Value:
    def __add__(self, other):
        out = Value(self.data + other.data)
        def _backward():
            self.grad += out.grad
        out._backward = _backward
        return out
`, func(d *DesignFacts) []DesignSite { return d.StoredCallbacks }, []string{"out._backward|_backward@7"}},
		{"lambda, callback parameter and append", `
class Emitter:
    def __init__(self, on_done):
        self.key = lambda x: x
        self._done = on_done
        self._hooks["a"] = on_done
    def add(self, callback):
        self.listeners.append(callback)
`, func(d *DesignFacts) []DesignSite { return d.StoredCallbacks },
			[]string{"self.key|lambda@4", "self._done|on_done@5", "self._hooks[\"a\"]|on_done@6", "self.listeners|callback@8"}},
		// Near-miss: a dict of callbacks kept in a local, a plain value
		// stored on self, a module-level function stored nowhere, and a
		// protocol method set on a class (klass.__lt__ = __lt__).
		{"callbacks never stored on an object", `
def run(x):
    def inner():
        return x
    handlers = {"a": inner, "b": lambda: 1}
    return handlers

class Box:
    def __init__(self, value):
        self.value = value

def comparable(klass):
    def __lt__(self, other):
        return self.key < other.key
    klass.__lt__ = __lt__
    return klass
`, func(d *DesignFacts) []DesignSite { return d.StoredCallbacks }, nil},
		{"registering decorators", `
class Flask:
    def route(self, rule):
        def decorator(f):
            self.add_url_rule(rule, f)
            return f
        return decorator

    def before_request(self, f):
        self.before_funcs.append(f)
        return f

REGISTRY = {}
def register(name):
    def wrap(obj):
        REGISTRY[name] = obj
        return obj
    return wrap
`, func(d *DesignFacts) []DesignSite { return d.Registrars }, []string{"Flask.route|f@4", "Flask.before_request|f@9", "register|wrap@15"}},
		// Near-misses: a decorator that returns a wrapper, a method that
		// stores and returns a plain item, and a factory that returns
		// something else than its nested function.
		{"decorators that wrap, and containers", `
def logged(f):
    def wrapper(*a):
        return f(*a)
    return wrapper

class Bag:
    def add(self, item):
        self.items.append(item)
        return item

def factory(name):
    def wrap(obj):
        self.reg[name] = obj
        return obj
    return None
`, func(d *DesignFacts) []DesignSite { return d.Registrars }, nil},
		{"configuration loaded by exec", `
import runpy
def load(path):
    ns = {}
    exec(open(path).read(), ns)
    runpy.run_path(path)
    app.config.from_pyfile("settings.cfg")
exec("x = 1")
exec(definition, namespace)
`, func(d *DesignFacts) []DesignSite { return d.ConfigLoads },
			[]string{"load|exec(open(path).read())@5", "load|runpy.run_path@6", "load|app.config.from_pyfile@7"}},
		{"stub methods", `
class BaseTransport:
    def handle_request(self, request):
        """Send a request."""
        raise NotImplementedError("subclasses implement this")
    def close(self):
        pass
    def other(self):
        if x:
            raise NotImplementedError
`, func(d *DesignFacts) []DesignSite { return d.StubMethods }, []string{"BaseTransport.handle_request|@3"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ff := analyzeString(t, a, tc.src)
			got := sites(tc.get(&ff.Design))
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestDesignAll(t *testing.T) {
	a := newTestAnalyzer(t)
	ff := analyzeString(t, a, `
__all__ = ["Client", 'AsyncClient']
__all__ += ("get",)
def f():
    __all__ = ["local"]
`)
	if got := fmt.Sprint(ff.Design.All); got != "[Client AsyncClient get]" {
		t.Errorf("All = %s", got)
	}
	if ff.Design.AllEvidence == nil || ff.Design.AllEvidence.Line != 2 {
		t.Errorf("AllEvidence = %+v", ff.Design.AllEvidence)
	}
	// A computed __all__ names nothing.
	ff = analyzeString(t, a, "__all__ = sorted(names)\n")
	if len(ff.Design.All) != 0 || ff.Design.AllEvidence != nil {
		t.Errorf("computed __all__ gave %v", ff.Design.All)
	}
}
