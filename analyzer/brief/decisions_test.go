package brief

import (
	"reflect"
	"strings"
	"testing"
)

// Each decision with the sample that must show it and the near-miss that
// must stay quiet.
func TestDecisions(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		id    string
		want  bool
		text  string // a part of the sentence, when shown
	}{
		{"sync/async twins", map[string]string{
			"pkg/__init__.py": "",
			"pkg/client.py": `
class Client:
    def send(self, r): ...
    def close(self): ...
    def handle_request(self, r): ...

class AsyncClient:
    async def send(self, r): ...
    async def aclose(self): ...
    async def handle_async_request(self, r): ...
`}, DecisionSyncAsyncTwins, true, "Client/AsyncClient, with matching methods (send, close and handle_request)"},
		// An Async class without a sync twin, and one whose twin shares
		// nothing.
		{"async without a twin", map[string]string{
			"pkg/__init__.py": "",
			"pkg/r.py": `
class AsyncResult:
    async def get(self): ...
    async def wait(self): ...

class Pool:
    def run(self): ...

class AsyncPool:
    async def spawn(self): ...
    async def join(self): ...
`}, DecisionSyncAsyncTwins, false, ""},
		{"pluggable backends", map[string]string{
			"pkg/__init__.py": "",
			"pkg/base.py": `
class BaseTransport:
    def handle(self, r):
        """Send r."""
        raise NotImplementedError
    def close(self):
        pass
`,
			"pkg/impl.py": `
from .base import BaseTransport

class HTTPTransport(BaseTransport):
    def handle(self, r):
        return 1

class MockTransport(BaseTransport):
    def handle(self, r):
        return 2
`}, DecisionPluggableBackend, true, "HTTPTransport and MockTransport subclass BaseTransport and each implement handle"},
		// Plain inheritance: a base with no hook to fill, and a base whose
		// only implementer is one class (the other is in the tests).
		{"inheritance without hooks", map[string]string{
			"pkg/__init__.py": "",
			"pkg/base.py": `
class Base:
    def run(self):
        return 1

class A(Base):
    def run(self):
        return 2

class B(Base):
    pass

class Hooked:
    def go(self):
        raise NotImplementedError

class OnlyOne(Hooked):
    def go(self):
        return 1
`,
			"tests/test_x.py": "from pkg.base import Hooked\nclass Fake(Hooked):\n    def go(self):\n        return 0\n",
		}, DecisionPluggableBackend, false, ""},
		{"context managers", map[string]string{
			"m.py": `
import contextlib

class Session:
    def __enter__(self): return self
    def __exit__(self, *a): pass

@contextlib.contextmanager
def opened(p):
    yield p
`}, DecisionContextManagers, true, "Session (with) and @contextmanager opened"},
		// __enter__ without __exit__, and a context manager in the tests.
		{"half a context manager", map[string]string{
			"m.py":            "class Half:\n    def __enter__(self): return self\n",
			"tests/test_m.py": "class CM:\n    def __enter__(self): pass\n    def __exit__(self, *a): pass\n",
		}, DecisionContextManagers, false, ""},
		{"descriptors", map[string]string{"m.py": "class lazy:\n    def __get__(self, obj, owner):\n        return 1\n"}, DecisionDescriptors, true, "lazy define __get__"},
		{"no descriptor", map[string]string{"m.py": "class Proxy:\n    def __getattr__(self, n):\n        return 1\n    def get(self):\n        pass\n"}, DecisionDescriptors, false, ""},
		{"metaclasses", map[string]string{"m.py": "class Meta(type):\n    pass\n\nclass Model(metaclass=Meta):\n    pass\n"}, DecisionMetaclasses, true, "Meta (a metaclass) and Model (metaclass=Meta)"},
		{"ABCMeta is no metaclass decision", map[string]string{"m.py": "import abc\n\nclass Base(metaclass=abc.ABCMeta):\n    pass\n"}, DecisionMetaclasses, false, ""},
		{"data models", map[string]string{"m.py": "from dataclasses import dataclass\n\n@dataclass\nclass Point:\n    x: int\n"}, DecisionDataModels, true, "dataclasses (Point)"},
		{"a decorator named dataclass of their own", map[string]string{"m.py": "def dataclass(c):\n    return c\n\n@dataclass\nclass Point:\n    x: int\n"}, DecisionDataModels, false, ""},
		{"config by exec", map[string]string{"m.py": "def load(p):\n    exec(open(p).read())\n"}, DecisionConfigExec, true, "exec(open(p).read()) in load"},
		{"exec of a literal", map[string]string{"m.py": "exec('x = 1')\n"}, DecisionConfigExec, false, ""},
		// Code generated in memory (a function built from a signature) is
		// not configuration.
		{"exec of generated code", map[string]string{"m.py": "def make(definition):\n    ns = {}\n    exec(definition, ns)\n"}, DecisionConfigExec, false, ""},
		{"pluggable backends of one name", map[string]string{
			"pool/__init__.py": "",
			"pool/base.py":     "class BasePool:\n    def start(self):\n        raise NotImplementedError\n",
			"pool/eventlet.py": "from .base import BasePool\nclass TaskPool(BasePool):\n    def start(self):\n        pass\n",
			"pool/gevent.py":   "from .base import BasePool\nclass TaskPool(BasePool):\n    def start(self):\n        pass\n",
		}, DecisionPluggableBackend, true, "eventlet.TaskPool and gevent.TaskPool subclass BasePool"},
		{"stored closure", map[string]string{"m.py": "class V:\n    def add(self, o):\n        out = V()\n        def _back():\n            pass\n        out._backward = _back\n        return out\n"},
			DecisionStoredCallbacks, true, "out._backward holds _back (m.py line 6)"},
		{"registering decorator", map[string]string{"m.py": "class App:\n    def route(self, rule):\n        def deco(f):\n            self.rules[rule] = f\n            return f\n        return deco\n"},
			DecisionRegistering, true, "App.route"},
		{"init_app", map[string]string{"ext.py": "class Ext:\n    def __init__(self, app=None):\n        if app:\n            self.init_app(app)\n    def init_app(self, app):\n        pass\n"},
			DecisionInitApp, true, "Ext follows the Flask extension pattern"},
		{"native extension", map[string]string{"m.py": "x = 1\n", "src/_speed.c": "int f(void) { return 1; }\n", "kernels/add.cu": "__global__ void k() {}\n"},
			DecisionNativeExtension, true, "C (src/_speed.c), CUDA (kernels/add.cu)"},
		// Vendored C and C in the tests or docs are not the project's.
		{"C that is not the project's", map[string]string{"m.py": "x = 1\n", "vendor/zlib/inflate.c": "int f;\n", "tests/fixture.c": "int g;\n", "docs/ex.c": "int h;\n"},
			DecisionNativeExtension, false, ""},
		{"reference tests", map[string]string{
			"micro/__init__.py": "", "micro/engine.py": "class Value:\n    pass\n",
			"test/test_engine.py": "import torch\nfrom micro.engine import Value\n\ndef test_add():\n    assert Value() is not None\n",
		}, DecisionReferenceTests, true, "test/test_engine.py computes the same results with PyTorch"},
		// numpy is what the project itself computes with: its tests use it
		// as a library, not as a reference.
		{"tests using the project's own library", map[string]string{
			"stats/__init__.py": "", "stats/mean.py": "import numpy\n\ndef mean(x):\n    return numpy.mean(x)\n",
			"tests/test_mean.py": "import numpy\nfrom stats.mean import mean\n\ndef test_mean():\n    assert mean(numpy.ones(3)) == 1\n",
		}, DecisionReferenceTests, false, ""},
		// A test that imports torch but asserts nothing.
		{"reference library without assertions", map[string]string{
			"micro/__init__.py": "", "micro/engine.py": "class Value:\n    pass\n",
			"test/test_engine.py": "import torch\nfrom micro.engine import Value\n\ndef test_add():\n    Value()\n",
		}, DecisionReferenceTests, false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := briefOne(t, tc.files)
			d := findDecision(b, tc.id)
			if (d != nil) != tc.want {
				t.Fatalf("%s shown: %v, want %v (decisions %v)", tc.id, d != nil, tc.want, decisionIDs(b))
			}
			if d == nil {
				return
			}
			if !strings.Contains(d.Text, tc.text) {
				t.Errorf("text %q\nwant it to contain %q", d.Text, tc.text)
			}
			for _, ev := range d.Evidence {
				if ev.Path == "" || ev.Line == 0 || ev.Role == "" {
					t.Errorf("evidence without place or role: %+v", ev)
				}
			}
		})
	}
}

// Central modules: ranked by importers and size; tests, examples,
// exceptions-only modules, version files and loose templates left out.
func TestCentralModules(t *testing.T) {
	big := "class Engine:\n" + lines(200, "    x = 1")
	b := briefOne(t, map[string]string{
		"pkg/__init__.py":             "from .core import Engine\n__version__ = '1'\n",
		"pkg/core.py":                 "from .util import helper\nfrom .errors import Boom\n" + big,
		"pkg/util.py":                 "class CacheError(Exception):\n    pass\n\nclass Cache:\n    pass\n\ndef helper():\n    pass\n",
		"pkg/errors.py":               "class Boom(Exception):\n    pass\n\ndef raise_boom():\n    raise Boom\n",
		"pkg/api.py":                  "from .core import Engine\nfrom .util import helper\nfrom . import errors\n\ndef run():\n    return Engine()\n",
		"pkg/cli.py":                  "from .core import Engine\nfrom .util import helper\n\ndef main():\n    pass\n",
		"pkg/_version.py":             "def version():\n    return '1'\n",
		"pkg/templates/app/env.py":    "def run_migrations():\n" + lines(300, "    pass"),
		"tests/test_core.py":          "from pkg.core import Engine\nfrom pkg.util import helper\n\ndef test():\n    assert Engine()\n",
		"examples/demo.py":            "from pkg.core import Engine\n\ndef demo():\n" + lines(500, "    pass"),
		"benchmarks/bench_core.py":    "from pkg.core import Engine\n",
		"docs/conf.py":                "project = 'x'\n",
		"pkg/templates/app/README.md": "",
	})
	var got []string
	for _, m := range b.Central {
		got = append(got, m.Path)
	}
	want := []string{"pkg/core.py", "pkg/util.py", "pkg/api.py", "pkg/cli.py"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("central %v, want %v", got, want)
	}
	core := b.Central[0]
	if core.ImportedBy != 3 || core.Line != 3 || core.Lines != 203 || core.Role != "source" ||
		core.Why != "imported by 3 of the repository's 7 other source modules; 203 lines; defines Engine" {
		t.Errorf("core %+v", core)
	}
}

func TestAbstractions(t *testing.T) {
	b := briefOne(t, map[string]string{
		"pyproject.toml":  "[project]\nname = \"pkg\"\n[project.scripts]\npkg = \"pkg.cli:main\"\n",
		"pkg/__init__.py": "from .base import Backend, Store\nfrom .cli import main\n__all__ = ['Backend', 'Store', 'main', 'Missing']\n",
		"pkg/base.py": `
import abc
import typing
import enum

class Backend(abc.ABC):
    @abc.abstractmethod
    def get(self, k): ...

class Memory(Backend):
    def get(self, k): return 1

class Disk(Backend):
    def get(self, k): return 2

class Store(typing.Protocol):
    def put(self, k): ...

class Color(enum.Enum):
    RED = 1

class Light(Color):
    pass

class Dark(Color):
    pass
`,
		"pkg/cli.py": "def main():\n    pass\n",
	})
	var got []string
	for _, a := range b.Abstractions {
		got = append(got, a.Kind+":"+a.Name+"@"+a.Evidence.Path)
	}
	want := []string{
		"entry_point:pkg@pkg/cli.py",
		"protocol:Backend@pkg/base.py", // base of two, an ABC
		"protocol:Store@pkg/base.py",
		"function:main@pkg/cli.py",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("abstractions\n got %v\nwant %v", got, want)
	}
	if w := b.Abstractions[1].Why; w != "base of 2 classes: Memory and Disk" {
		t.Errorf("why %q", w)
	}
}
