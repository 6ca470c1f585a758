package python

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// Claims audit for classes (issue 12, defect classes 3 and 4): fixture
// repositories with the OOP claims that must and must not appear. Each
// case pairs the true positive with its look-alike.

// evLines lists a tally's evidence as path:line.
func evLines(t Tally) []string {
	var out []string
	for _, e := range t.Evidence {
		out = append(out, e.Path+":"+itoa(e.Line))
	}
	return out
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestClaimsPydanticNeedsPydantic(t *testing.T) {
	rf := analyzeRepo(t, map[string]string{
		// The project's own BaseModel: not pydantic, nor are its subclasses.
		"models/__init__.py": "",
		"models/base.py":     "class BaseModel:\n    def save(self): ...\n",
		"models/user.py":     "from models.base import BaseModel\n\nclass User(BaseModel):\n    pass\n",
		"models/order.py":    "from .base import BaseModel\n\nclass Order(BaseModel):\n    pass\n",
		// Bare BaseModel that nothing imports.
		"loose.py": "class Loose(BaseModel):\n    pass\n",
		// The real thing, four spellings: from-import, module alias,
		// a re-export through the project's package, a subclass of a
		// pydantic model in another module.
		"api/__init__.py": "from pydantic import BaseModel\n",
		"api/schemas.py":  "from pydantic import BaseModel\nimport pydantic as pd\n\nclass Item(BaseModel):\n    pass\n\nclass Price(pd.BaseModel):\n    pass\n",
		"api/more.py":     "from api import BaseModel\n\nclass Via(BaseModel):\n    pass\n",
		"api/derived.py":  "from api.schemas import Item\n\nclass Special(Item):\n    pass\n",
	})
	got := evLines(rf.OOP.Pydantic)
	want := []string{"api/derived.py:3", "api/more.py:3", "api/schemas.py:4", "api/schemas.py:7"}
	if !reflect.DeepEqual(got, want) || rf.OOP.Pydantic.Count != 4 {
		t.Errorf("pydantic = %d %v, want %v", rf.OOP.Pydantic.Count, got, want)
	}
	// The own BaseModel hierarchy still is inheritance of the project.
	if h := rf.OOP.Inheritance; h.Hierarchical.Count != 1 || !slices.Contains(h.Examples, "BaseModel <- Order, User") {
		t.Errorf("hierarchies = %d %q, want models.base.BaseModel <- Order, User", h.Hierarchical.Count, h.Examples)
	}
}

func TestClaimsKindsNeedTheirLibrary(t *testing.T) {
	rf := analyzeRepo(t, map[string]string{
		"lib/kinds.py": "class Enum:\n    pass\n\nclass Protocol:\n    pass\n\nclass ABC:\n    pass\n\ndef dataclass(c):\n    return c\n",
		"app/own.py": `from lib.kinds import Enum, Protocol, ABC, dataclass

class Color(Enum):
    pass

class Speaker(Protocol):
    pass

class Shape(ABC):
    pass

@dataclass
class Point:
    pass
`,
		"app/real.py": `from enum import Enum as E
import typing as t
import abc
from dataclasses import dataclass

class Color(E):
    pass

class Speaker(t.Protocol):
    pass

class Shape(abc.ABC):
    pass

@dataclass
class Point:
    pass

class Shade(Color):
    pass
`,
		"app/errors.py": "from lib.kinds import ABC\nfrom requests import HTTPError\n\nclass AppError(Exception):\n    pass\n\nclass ConfigError(ABC):\n    pass\n\nclass FetchError(HTTPError):\n    pass\n",
		"app/use.py":    "from .errors import AppError\n\nclass NotFound(AppError):\n    pass\n",
		// An *Error class deriving from a library class of unknown kind
		// (Django's PermissionDenied) is an exception, and so its
		// subclass; a *Error class deriving from object is not.
		"app/perm.py": "from django.core.exceptions import PermissionDenied\n\nclass CopyPermissionError(PermissionDenied):\n    pass\n\nclass PagePermissionError(CopyPermissionError):\n    pass\n\nclass PlainError(object):\n    pass\n",
	})
	o := rf.OOP
	for _, c := range []struct {
		name string
		t    Tally
		want []string
	}{
		{"enums", o.Enums, []string{"app/real.py:6", "app/real.py:19"}},
		{"protocols", o.Protocols, []string{"app/real.py:9"}},
		{"abstract", o.AbstractClasses, []string{"app/real.py:12"}},
		{"dataclasses", o.Dataclasses, []string{"app/real.py:16"}},
		// ConfigError's base is a class of the project that is no
		// exception: its name alone does not make it one.
		{"exceptions", o.Exceptions, []string{"app/errors.py:4", "app/errors.py:10", "app/perm.py:3", "app/perm.py:6", "app/use.py:3"}},
	} {
		if got := evLines(c.t); !reflect.DeepEqual(got, c.want) || c.t.Count != len(c.want) {
			t.Errorf("%s = %d %v, want %v", c.name, c.t.Count, got, c.want)
		}
	}
}

func TestClaimsSameNameDifferentClass(t *testing.T) {
	rf := analyzeRepo(t, map[string]string{
		"base1.py": "class Base:\n    def run(self): ...\n",
		"base2.py": "class Root:\n    def stop(self): ...\n\nclass Base(Root):\n    pass\n",
		"a.py":     "from base1 import Base\n\nclass App(Base):\n    def run(self): ...\n",
		"b.py":     "from base2 import Base\n\nclass App(Base):\n    def run(self): ...\n",
		"c.py":     "from a import App\n\nclass Sub(App):\n    def stop(self): ...\n",
	})
	h := rf.OOP.Inheritance
	// Sub -> a.App -> base1.Base is 3 deep; by name it would be
	// Sub -> App -> Base -> Root (4), through b's App and base2's Base.
	if h.MaxDepth != 3 || h.Multilevel.Count != 2 {
		t.Errorf("depth %d multilevel %d %q, want 3 and 2 (Sub, b.App)", h.MaxDepth, h.Multilevel.Count, h.Examples)
	}
	for _, ex := range h.Examples {
		if strings.Contains(ex, "Sub -> App -> Base -> Root") {
			t.Errorf("chain through the wrong App: %q", ex)
		}
	}
	// No class has two children: a.App and b.App are two classes, and
	// base1.Base and base2.Base too.
	if h.Hierarchical.Count != 0 {
		t.Errorf("hierarchical = %d %q, want 0", h.Hierarchical.Count, h.Examples)
	}
	// Overrides: a.App.run (base1.Base.run) and b's App.run is no
	// override (base2 has no run); Sub.stop is no override either (a.App's
	// line has no stop).
	if got := evLines(rf.OOP.Overrides); !reflect.DeepEqual(got, []string{"a.py:4"}) {
		t.Errorf("overrides = %v, want [a.py:4]", got)
	}
}

func TestClaimsNoCycleFromNameCollision(t *testing.T) {
	rf := analyzeRepo(t, map[string]string{
		"m1.py": "from ext import B\n\nclass A(B):\n    pass\n",
		"m2.py": "from ext2 import A\n\nclass B(A):\n    pass\n",
		// Unresolvable base: stays external, never the local Base.
		"local.py": "class Base:\n    pass\n",
		"user.py":  "from thirdparty import Base\n\nclass Foo(Base):\n    pass\n\nclass Bar(Base):\n    pass\n",
		// A local module that is not there: unknown, not local.py's Base.
		"user2.py": "from .missing import Base\n\nclass Baz(Base):\n    pass\n",
	})
	h := rf.OOP.Inheritance
	if h.MaxDepth != 1 || h.Multilevel.Count != 0 || h.Hierarchical.Count != 0 || len(h.Examples) != 0 {
		t.Errorf("depth %d multilevel %d hierarchical %d examples %q; want no chain", h.MaxDepth, h.Multilevel.Count, h.Hierarchical.Count, h.Examples)
	}
	if h.Single.Count != 5 {
		t.Errorf("single = %d, want 5 (the bases are still bases)", h.Single.Count)
	}
}

func TestClaimsChainHasNoRepeats(t *testing.T) {
	// An import cycle between two modules (invalid at run time) must not
	// make a chain that repeats a class.
	rf := analyzeRepo(t, map[string]string{
		"p/__init__.py": "",
		"p/x.py":        "from p.y import Y\n\nclass X(Y):\n    pass\n",
		"p/y.py":        "from p.x import X\n\nclass Y(X):\n    pass\n\nclass Z(Y):\n    pass\n\nclass W(Z):\n    pass\n",
	})
	for _, ex := range rf.OOP.Inheritance.Examples {
		names := strings.Split(ex, " -> ")
		seen := map[string]bool{}
		for _, n := range names {
			if seen[n] {
				t.Errorf("chain repeats %s: %q", n, ex)
			}
			seen[n] = true
		}
	}
	if d := rf.OOP.Inheritance.MaxDepth; d > 4 {
		t.Errorf("depth %d over the 4 classes", d)
	}
}

func TestClaimsTypeCheckingStubsAreNotClasses(t *testing.T) {
	rf := analyzeRepo(t, map[string]string{
		"app.py": `import typing
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    class Stub(Protocol):
        def go(self): ...

if typing.TYPE_CHECKING:
    class Other:
        pass

class Real(Protocol):
    def go(self): ...

class Impl:
    def go(self): ...
`,
		"use.py": "from app import Real\n\nclass Sub(Real):\n    def go(self): ...\n",
	})
	if rf.Classes != 3 {
		t.Errorf("classes = %d, want 3 (Real, Impl, Sub; the stubs are not classes)", rf.Classes)
	}
	if got := evLines(rf.OOP.Protocols); !reflect.DeepEqual(got, []string{"app.py:12"}) {
		t.Errorf("protocols = %v, want only Real", got)
	}
	if got := evLines(rf.OOP.Overrides); !reflect.DeepEqual(got, []string{"use.py:4"}) {
		t.Errorf("overrides = %v, want Sub.go", got)
	}
}

func TestClaimsStubDoesNotShadowTheRealBase(t *testing.T) {
	// A base named like a TYPE_CHECKING stub of the same file is the
	// import, not the stub.
	rf := analyzeRepo(t, map[string]string{
		"a.py": "from typing import TYPE_CHECKING\nfrom pydantic import BaseModel\n\nif TYPE_CHECKING:\n    class BaseModel:\n        pass\n\nclass M(BaseModel):\n    pass\n",
	})
	if rf.OOP.Pydantic.Count != 1 || rf.Classes != 1 {
		t.Errorf("pydantic %d classes %d, want 1 and 1", rf.OOP.Pydantic.Count, rf.Classes)
	}
}

func TestClaimsNestedAndLaterBindings(t *testing.T) {
	rf := analyzeRepo(t, map[string]string{
		"n.py": `from enum import Enum

class Outer:
    class Enum:
        pass
    class Inner(Enum):
        pass

class Top(Enum):
    pass

class Enum:
    pass

class After(Enum):
    pass
`,
	})
	// Outer.Inner derives from Outer.Enum (the class scope's), Top from
	// enum.Enum, After from the module's own Enum defined just before.
	if got := evLines(rf.OOP.Enums); !reflect.DeepEqual(got, []string{"n.py:9"}) {
		t.Errorf("enums = %v, want only Top", got)
	}
}
