package python

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func TestImportResolver(t *testing.T) {
	layout := RepoLayout{Files: []string{
		"README.md",
		"setup.py",
		"app.py",
		"test/test_app.py", // a repo's own test/ shadows the stdlib test package
		"mypkg/__init__.py",
		"mypkg/io.py",
		"mypkg/core/engine.py",
		"src/srcpkg/__init__.py",
		"tools/pyproject.toml",
		"tools/src/toolpkg/cli.py",
		"scripts/run.py",
		"scripts/helper.py",
		"nsonly/sub/mod.py", // namespace package without __init__.py
		"ext/fast.cpython-311-x86_64-linux-gnu.so",
		"docs/conf.txt",
		"tests/test_apps/blueprintapp/__init__.py", // put on sys.path by a conftest
		"tests/test_bp.py",
		"lib/requests/__init__.py",       // a copy of a well-known library is the library
		"vendor/vendoredpkg/__init__.py", // vendored code is not the candidate's
	}}
	r := NewImportResolver(layout)
	tests := []struct {
		file   string
		imp    Import
		origin ImportOrigin
		py2    bool
	}{
		{"app.py", Import{Module: "os.path", Top: "os"}, OriginStdlib, false},
		{"app.py", Import{Module: "urllib2", Top: "urllib2"}, OriginStdlib, true},
		{"app.py", Import{Module: "numpy", Top: "numpy"}, OriginThirdParty, false},
		{"app.py", Import{Module: "mypkg.core", Top: "mypkg"}, OriginLocal, false},
		{"app.py", Import{Module: "test.test_app", Top: "test"}, OriginLocal, false},
		{"app.py", Import{Module: "srcpkg", Top: "srcpkg"}, OriginLocal, false},
		{"app.py", Import{Module: "toolpkg.cli", Top: "toolpkg"}, OriginLocal, false},
		{"app.py", Import{Module: "nsonly.sub.mod", Top: "nsonly"}, OriginLocal, false},
		{"app.py", Import{Module: "docs", Top: "docs"}, OriginThirdParty, false},
		{"ext/user.py", Import{Module: "fast", Top: "fast"}, OriginLocal, false},
		{"scripts/run.py", Import{Module: "helper", Top: "helper"}, OriginLocal, false},
		// scripts/ is not on sys.path for app.py, but the repository has a
		// helper: neither a library nor local for sure.
		{"app.py", Import{Module: "helper", Top: "helper"}, OriginUnknown, false},
		{"mypkg/core/engine.py", Import{Module: "io", Top: "io"}, OriginStdlib, false},
		{"mypkg/core/engine.py", Import{Module: "", Level: 2, Names: []string{"io"}}, OriginLocal, false},
		{"app.py", Import{Module: "x", Level: 1}, OriginLocal, false},
		{"tests/test_bp.py", Import{Module: "blueprintapp", Top: "blueprintapp"}, OriginLocal, false},
		{"app.py", Import{Module: "requests", Top: "requests"}, OriginThirdParty, false},
		{"app.py", Import{Module: "vendoredpkg", Top: "vendoredpkg"}, OriginThirdParty, false},
	}
	for _, tt := range tests {
		origin, py2 := r.Classify(tt.file, tt.imp)
		if origin != tt.origin || py2 != tt.py2 {
			t.Errorf("Classify(%s, %s) = %s, %v; want %s, %v", tt.file, tt.imp.Module, origin, py2, tt.origin, tt.py2)
		}
	}
}

// analyzeRepo analyses in-memory files and aggregates them.
func analyzeRepo(t *testing.T, files map[string]string) *RepoCode {
	t.Helper()
	a := newTestAnalyzer(t)
	var paths []string
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var ffs []*FileFacts
	for _, p := range paths {
		var ff *FileFacts
		var err error
		switch {
		case strings.HasSuffix(p, ".ipynb"):
			ff, err = a.AnalyzeNotebook(p, []byte(files[p]))
		case strings.HasSuffix(p, ".py"), strings.HasSuffix(p, ".pyi"):
			ff, err = a.AnalyzeFile(p, []byte(files[p]))
		default:
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		ffs = append(ffs, ff)
	}
	return AggregateRepo(ffs, RepoLayout{Files: paths})
}

const zooPy = `import abc
import requests

class Animal(abc.ABC):
    @abc.abstractmethod
    def speak(self): ...
    def move(self): return "walk"

class Dog(Animal):
    def __init__(self): super().__init__()
    def speak(self): return "woof"

class Puppy(Dog):
    def speak(self): return "yip"
    def move(self): return "tumble"

class Cat(Animal):
    def speak(self): return "meow"

class Swimmer:
    def move(self): return "swim"

class Duck(Animal, Swimmer):
    def speak(self): return "quack"

class Plain(object):
    pass
`

func TestAggregateInheritanceAndPolymorphism(t *testing.T) {
	rf := analyzeRepo(t, map[string]string{
		"zoo/animals.py": zooPy,
		"zoo/more.py":    "import requests, numpy as np\nfrom zoo.animals import Puppy\nclass Husky(Puppy):\n    def speak(self): return 'awoo'\n",
	})
	h := rf.OOP.Inheritance
	counts := []int{h.Single.Count, h.Multiple.Count, h.Multilevel.Count, h.Hierarchical.Count, h.MaxDepth}
	// single: Animal(abc.ABC), Dog, Puppy, Cat, Husky; multiple: Duck;
	// multilevel: Puppy (Puppy->Dog->Animal) and Husky (4 deep);
	// hierarchical: Animal (Dog, Cat, Duck) and Dog? no, Dog has one child.
	if want := []int{5, 1, 2, 1, 4}; !reflect.DeepEqual(counts, want) {
		t.Errorf("single, multiple, multilevel, hierarchical, depth = %v, want %v", counts, want)
	}
	wantEx := []string{"Husky -> Puppy -> Dog -> Animal", "Puppy -> Dog -> Animal", "Animal <- Cat, Dog, Duck"}
	if !reflect.DeepEqual(h.Examples, wantEx) {
		t.Errorf("examples = %q, want %q", h.Examples, wantEx)
	}
	if h.Hierarchical.Evidence[0] != (Evidence{Path: "zoo/animals.py", Line: 4, EndLine: 7}) {
		t.Errorf("hierarchical evidence = %+v", h.Hierarchical.Evidence)
	}
	// Dog.speak, Puppy.speak, Puppy.move, Cat.speak, Duck.speak, Husky.speak
	if rf.OOP.Overrides.Count != 6 {
		t.Errorf("overrides = %d, want 6: %+v", rf.OOP.Overrides.Count, rf.OOP.Overrides.Evidence)
	}
	if rf.OOP.AbstractClasses.Count != 1 || rf.OOP.AbstractMethods.Count != 1 || rf.OOP.SuperCalls.Count != 1 {
		t.Errorf("abstract %d/%d super %d", rf.OOP.AbstractClasses.Count, rf.OOP.AbstractMethods.Count, rf.OOP.SuperCalls.Count)
	}
	if rf.Classes != 8 || rf.Functions != 10 || rf.Files != 2 {
		t.Errorf("classes=%d functions=%d files=%d", rf.Classes, rf.Functions, rf.Files)
	}
	libs := map[string]int{}
	for _, l := range rf.Libraries {
		libs[l.Import] = l.Files
	}
	if !reflect.DeepEqual(libs, map[string]int{"requests": 2, "numpy": 1}) {
		t.Errorf("libraries = %v", libs)
	}
	if rf.Libraries[0].Import != "requests" || len(rf.Libraries[0].Evidence) != 2 {
		t.Errorf("libraries[0] = %+v", rf.Libraries[0])
	}
	if !reflect.DeepEqual(rf.Imports.Local, []ModuleUse{{"zoo", 1}}) {
		t.Errorf("local = %+v", rf.Imports.Local)
	}
}

func TestAggregateIsOrderIndependentAndBounded(t *testing.T) {
	a := newTestAnalyzer(t)
	var ffs []*FileFacts
	var paths []string
	for i := 0; i < 30; i++ {
		p := "pkg/m" + string(rune('a'+i%26)) + strings.Repeat("x", i/26) + ".py"
		ff, err := a.AnalyzeFile(p, []byte("import requests\nf = lambda: 0\ng = lambda: 1\n"))
		if err != nil {
			t.Fatal(err)
		}
		ffs = append(ffs, ff)
		paths = append(paths, p)
	}
	layout := RepoLayout{Files: paths}
	fwd := AggregateRepo(ffs, layout)
	rev := make([]*FileFacts, len(ffs))
	for i := range ffs {
		rev[i] = ffs[len(ffs)-1-i]
	}
	bwd := AggregateRepo(rev, layout)
	j1, _ := json.Marshal(fwd)
	j2, _ := json.Marshal(bwd)
	if string(j1) != string(j2) {
		t.Fatal("summary depends on the order files were added")
	}
	l := fwd.Features.Idioms.Lambdas
	if l.Count != 60 || l.Files != 30 || len(l.Evidence) != MaxEvidencePerRepo {
		t.Errorf("lambdas = %d in %d files, %d evidence", l.Count, l.Files, len(l.Evidence))
	}
	if fwd.Libraries[0].Files != 30 || len(fwd.Libraries[0].Evidence) != MaxEvidencePerRepo {
		t.Errorf("library = %+v", fwd.Libraries[0])
	}
}

func TestRepoJSONShape(t *testing.T) {
	rf := analyzeRepo(t, map[string]string{
		"a.py":         "import os\nimport pandas as pd\nclass A: pass\ndef f(): pass\n",
		"b.py":         "def broken(:\n",
		"n.ipynb":      `{"cells": [{"cell_type": "code", "source": ["import torch\n", "def g(): pass\n"]}], "metadata": {}}`,
		"README.md":    "",
		"sub/c.pyi":    "def h() -> int: ...\n",
		"sub/py2.py":   "print 'hi'\n",
		"sub/__init__": "",
	})
	b, err := json.Marshal(rf)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]float64{"classes": 1, "functions": 3, "parse_errors": 1, "files": 4, "python2_files": 1} {
		if got, _ := m[key].(float64); got != want {
			t.Errorf("%s = %v, want %v", key, m[key], want)
		}
	}
	libs, _ := m["libraries"].([]any)
	if len(libs) != 1 {
		t.Fatalf("libraries = %v", m["libraries"])
	}
	lib := libs[0].(map[string]any)
	if lib["import"] != "pandas" || lib["files"] != float64(1) {
		t.Errorf("library = %v", lib)
	}
	nb, _ := m["notebooks"].(map[string]any)
	if nb == nil || nb["functions"] != float64(1) || nb["files"] != float64(1) {
		t.Fatalf("notebooks = %v", m["notebooks"])
	}
	if nl := nb["libraries"].([]any); len(nl) != 1 || nl[0].(map[string]any)["import"] != "torch" {
		t.Errorf("notebook libraries = %v", nb["libraries"])
	}
	for _, key := range []string{"imports", "oop", "function_stats", "features"} {
		if _, ok := m[key].(map[string]any); !ok {
			t.Errorf("missing object %q", key)
		}
	}
}

func TestAggregateEmpty(t *testing.T) {
	rf := AggregateRepo(nil, RepoLayout{})
	b, err := json.Marshal(rf)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"libraries":[]`) || strings.Contains(string(b), "notebooks") {
		t.Errorf("empty repo JSON: %s", b)
	}
}

// classChain is a chain of n classes, K0 <- K1 <- ..., in one file's
// facts; K0 defines f and g, every other class defines f, and the last
// class defines g too.
func classChain(n int) *FileFacts {
	ff := &FileFacts{Path: "chain.py"}
	for i := 0; i < n; i++ {
		c := Class{Name: fmt.Sprintf("K%d", i), Evidence: Evidence{Path: "chain.py", Line: i + 1}}
		c.Methods = []Method{{Name: "f", Evidence: c.Evidence}}
		if i > 0 {
			c.Bases = []string{fmt.Sprintf("K%d", i-1)}
		}
		if i == 0 || i == n-1 {
			c.Methods = append(c.Methods, Method{Name: "g", Evidence: c.Evidence})
		}
		ff.Classes = append(ff.Classes, c)
	}
	return ff
}

func TestOverridesLookThroughBoundedAncestors(t *testing.T) {
	// The last class's g overrides K0's, maxAncestors classes up: found
	// (the near miss); one class further up, it is past the bound.
	for _, tt := range []struct {
		n    int
		want int
	}{
		{maxAncestors + 1, maxAncestors + 1},
		{maxAncestors + 2, maxAncestors + 1},
	} {
		rf := AggregateRepo([]*FileFacts{classChain(tt.n)}, RepoLayout{Files: []string{"chain.py"}})
		// Every f but K0's overrides its parent's.
		if got := rf.OOP.Overrides.Count; got != tt.want {
			t.Errorf("chain of %d: %d overrides, want %d", tt.n, got, tt.want)
		}
		if rf.OOP.Inheritance.MaxDepth != tt.n {
			t.Errorf("chain of %d: depth %d", tt.n, rf.OOP.Inheritance.MaxDepth)
		}
	}
}

func TestNamesakeBasesResolveToOneClass(t *testing.T) {
	// A base is the class its name is bound to where the class is defined,
	// as Python binds it: of two classes called Base, Child derives from
	// the second only (a by-name table linked it to both). Thousands of
	// `class S(S)` make one chain, each S deriving from the one before, in
	// linear work, not an edge for every pair of namesakes.
	var b strings.Builder
	b.WriteString("class Base: pass\nclass Base: pass\nclass Child(Base): pass\n")
	for i := 0; i < 5000; i++ {
		b.WriteString("class S(S): pass\n")
	}
	rf := analyzeRepo(t, map[string]string{"s.py": b.String()})
	in := rf.OOP.Inheritance
	if in.Hierarchical.Count != 0 {
		t.Errorf("hierarchical %d, want 0: no class has two children", in.Hierarchical.Count)
	}
	if in.MaxDepth < 4999 {
		t.Errorf("max depth %d, want the chain of S classes (at least 4999)", in.MaxDepth)
	}
}
