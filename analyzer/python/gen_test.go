package python

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pygen writes random but valid Python 3.11 modules that mix imports,
// classes, decorators, nested and async functions and control flow, so the
// accuracy test covers combinations nobody wrote by hand. It is
// deterministic for a seed. Its own recursion is bounded by maxDepth.
type pygen struct {
	r      *rand.Rand
	b      strings.Builder
	indent int
	nameN  int
}

const genMaxDepth = 4

var (
	genNames   = []string{"x", "y", "data", "items", "value", "count", "result", "node", "self_", "cfg"}
	genModules = []string{"os", "sys", "json", "numpy", "pandas", "requests", "collections.abc",
		"os.path", "xml.etree.ElementTree", "mypkg", "mypkg.sub", "attr", "concurrent.futures", "typing"}
	genBases = []string{"object", "Base", "mod.Base", "Generic[T]", "Mapping[str, int]", "(Paren)",
		"abc.ABC", "Exception", "nn.Module", "Base[int]", "*mixins", "Dict[str, List[int]]"}
	genDecorators = []string{"dec", "dec(1, x=2)", "a.b.c", "functools.lru_cache(maxsize=None)",
		"staticmethod", "property", "app.route('/x')", "register[0]"}
)

func (g *pygen) w(format string, args ...any) {
	g.b.WriteString(strings.Repeat("    ", g.indent))
	fmt.Fprintf(&g.b, format, args...)
	g.b.WriteByte('\n')
}

func (g *pygen) name(prefix string) string {
	g.nameN++
	return fmt.Sprintf("%s%d", prefix, g.nameN)
}

func (g *pygen) pick(list []string) string { return list[g.r.Intn(len(list))] }

func (g *pygen) expr(depth int, async bool) string {
	if depth <= 0 {
		switch g.r.Intn(4) {
		case 0:
			return fmt.Sprint(g.r.Intn(100))
		case 1:
			return `"s"`
		default:
			return g.pick(genNames)
		}
	}
	d := depth - 1
	switch g.r.Intn(13) {
	case 0:
		return fmt.Sprintf("%s and %s", g.expr(d, async), g.expr(d, async))
	case 1:
		return fmt.Sprintf("(%s or %s or %s)", g.expr(d, async), g.expr(d, async), g.expr(d, async))
	case 2:
		return fmt.Sprintf("(%s if %s else %s)", g.expr(d, async), g.expr(d, async), g.expr(d, async))
	case 3:
		return fmt.Sprintf("[%s for %s in %s if %s]", g.expr(d, async), g.pick(genNames), g.expr(d, async), g.expr(d, async))
	case 4:
		return fmt.Sprintf("{k: v for k, v in %s for z in k if z if v}", g.expr(d, async))
	case 5:
		return fmt.Sprintf("(lambda a, b=%s: a if b else %s)", g.expr(d, async), g.expr(d, async))
	case 6:
		return fmt.Sprintf("f\"{%s!r} and {%s:>10}\"", g.pick(genNames), g.pick(genNames))
	case 7:
		return fmt.Sprintf("%s(%s, key=%s)", g.pick([]string{"len", "sorted", "obj.method", "super().run"}), g.expr(d, async), g.expr(d, async))
	case 8:
		return fmt.Sprintf("(%s := %s)", g.name("w"), g.expr(d, async))
	case 9:
		return fmt.Sprintf("sum(i for i in %s if not i)", g.expr(d, async))
	case 10:
		if async {
			return fmt.Sprintf("(await %s)", g.expr(d, async))
		}
		return fmt.Sprintf("%s[%s]", g.pick(genNames), g.expr(d, async))
	case 11:
		if async {
			return fmt.Sprintf("[i async for i in %s if i]", g.expr(d, async))
		}
		return fmt.Sprintf("(not %s)", g.expr(d, async))
	default:
		return fmt.Sprintf("%s + %s", g.expr(d, async), g.expr(d, async))
	}
}

func (g *pygen) imports() {
	switch g.r.Intn(9) {
	case 0:
		g.w("import %s", g.pick(genModules))
	case 1:
		g.w("import %s as %s, %s", g.pick(genModules), g.name("m"), g.pick(genModules))
	case 2:
		g.w("from %s import %s, %s as %s", g.pick(genModules), g.name("n"), g.name("n"), g.name("a"))
	case 3:
		g.w("from %s import (", strings.Repeat(".", 1+g.r.Intn(3))+g.pick([]string{"", "sibling", "pkg.mod"}))
		g.w("    %s,  # a comment", g.name("n"))
		g.w("    %s as %s,", g.name("n"), g.name("a"))
		g.w(")")
	case 4:
		g.w("try:")
		g.w("    import %s", g.pick(genModules))
		g.w("except ImportError:")
		g.w("    %s = None", g.name("m"))
	case 5:
		g.w("if TYPE_CHECKING:")
		g.w("    from %s import %s", g.pick(genModules), g.name("T"))
	case 6:
		g.w("import %s; %s = 1", g.pick(genModules), g.name("v"))
	case 7:
		g.w("from %s import *", g.pick(genModules))
	default:
		g.w("import os.path as %s, \\", g.name("p"))
		g.w("    %s", g.pick(genModules))
	}
}

func (g *pygen) decorators() {
	for n := g.r.Intn(3); n > 0; n-- {
		g.w("@%s", g.pick(genDecorators))
	}
}

func (g *pygen) params(method bool) string {
	var ps []string
	if method {
		ps = append(ps, "self")
	}
	var defaults []string
	for n := g.r.Intn(4); n > 0; n-- {
		p := g.name("p")
		switch g.r.Intn(4) {
		case 0:
			ps = append(ps, p+": int")
		case 1:
			defaults = append(defaults, p+fmt.Sprintf("=%s", g.expr(1, false)))
		case 2:
			defaults = append(defaults, p+": Optional[str] = None")
		default:
			ps = append(ps, p)
		}
	}
	ps = append(ps, defaults...)
	if g.r.Intn(3) == 0 {
		ps = append(ps, "*args", "**kwargs: Any")
	}
	return strings.Join(ps, ", ")
}

func (g *pygen) funcDef(depth int, method bool) {
	g.decorators()
	async := g.r.Intn(4) == 0
	kw := "def"
	if async {
		kw = "async def"
	}
	ret := ""
	if g.r.Intn(2) == 0 {
		ret = " -> " + g.pick([]string{"None", "int", "List[int]", "'Node'"})
	}
	g.w("%s %s(%s)%s:", kw, g.name("f"), g.params(method), ret)
	g.indent++
	if g.r.Intn(3) == 0 {
		g.w(`"""Docstring."""`)
	}
	g.body(depth-1, true, async)
	g.indent--
}

func (g *pygen) classDef(depth int) {
	g.decorators()
	var bases []string
	for n := g.r.Intn(4); n > 0; n-- {
		bases = append(bases, g.pick(genBases))
	}
	if g.r.Intn(4) == 0 {
		bases = append(bases, "metaclass=Meta")
	}
	switch {
	case len(bases) == 0 && g.r.Intn(2) == 0:
		g.w("class %s:", g.name("C"))
	case len(bases) > 1 && g.r.Intn(3) == 0:
		g.w("class %s(", g.name("C"))
		for _, b := range bases {
			g.w("    %s,  # base", b)
		}
		g.w("):")
	default:
		g.w("class %s(%s):", g.name("C"), strings.Join(bases, ", "))
	}
	g.indent++
	if g.r.Intn(2) == 0 {
		g.w(`"""A class."""`)
	}
	if g.r.Intn(3) == 0 {
		g.w("__slots__ = ('_a', '__b')")
	}
	n := 1 + g.r.Intn(3)
	for ; n > 0; n-- {
		switch g.r.Intn(5) {
		case 0:
			g.w("%s: int = %s", g.name("attr"), g.expr(1, false))
		case 1:
			if depth > 1 {
				g.classDef(depth - 1)
				continue
			}
			g.w("pass")
		default:
			g.funcDef(depth, true)
		}
	}
	g.indent--
}

// body writes one to four statements at the current indent.
func (g *pygen) body(depth int, inFunc, async bool) {
	n := 1 + g.r.Intn(4)
	for ; n > 0; n-- {
		g.stmt(depth, inFunc, async)
	}
}

func (g *pygen) block(header string, depth int, inFunc, async bool) {
	g.w("%s:", header)
	g.indent++
	g.body(depth-1, inFunc, async)
	g.indent--
}

func (g *pygen) stmt(depth int, inFunc, async bool) {
	if depth <= 0 {
		g.w("%s = %s", g.pick(genNames), g.expr(1, async))
		return
	}
	e := func() string { return g.expr(1+g.r.Intn(2), async) }
	switch g.r.Intn(16) {
	case 0:
		g.block("if "+e(), depth, inFunc, async)
		for n := g.r.Intn(3); n > 0; n-- {
			g.block("elif "+e(), depth, inFunc, async)
		}
		if g.r.Intn(2) == 0 {
			g.block("else", depth, inFunc, async)
		}
	case 1:
		kw := "for"
		if async && g.r.Intn(2) == 0 {
			kw = "async for"
		}
		g.block(fmt.Sprintf("%s %s in %s", kw, g.pick(genNames), e()), depth, inFunc, async)
		if g.r.Intn(3) == 0 {
			g.block("else", depth, inFunc, async)
		}
	case 2:
		g.block("while "+e(), depth, inFunc, async)
		if g.r.Intn(3) == 0 {
			g.block("else", depth, inFunc, async)
		}
	case 3:
		g.block("try", depth, inFunc, async)
		for n := 1 + g.r.Intn(2); n > 0; n-- {
			g.block(g.pick([]string{"except ValueError", "except (KeyError, TypeError) as err", "except Exception"}), depth, inFunc, async)
		}
		if g.r.Intn(2) == 0 {
			g.block("else", depth, inFunc, async)
		}
		if g.r.Intn(2) == 0 {
			g.block("finally", depth, inFunc, async)
		}
	case 4:
		kw := "with"
		if async && g.r.Intn(2) == 0 {
			kw = "async with"
		}
		g.block(fmt.Sprintf("%s open(%s) as fh, lock", kw, e()), depth, inFunc, async)
	case 5:
		g.w("assert %s, %s", e(), e())
	case 6:
		if inFunc {
			g.w("return %s", e())
		} else {
			g.w("print(%s)", e())
		}
	case 7:
		if inFunc && !async {
			g.w("yield %s", e())
		} else {
			g.w("%s = %s", g.pick(genNames), e())
		}
	case 8:
		g.funcDef(depth, false)
	case 9:
		g.classDef(depth)
	case 10:
		g.imports()
	case 11:
		g.w("match %s:", e())
		g.indent++
		g.block("case [a, *rest] if "+e(), depth, inFunc, async)
		g.block("case {\"k\": v}", depth, inFunc, async)
		if g.r.Intn(2) == 0 {
			g.block(g.pick([]string{"case _", "case other"}), depth, inFunc, async)
		}
		g.indent--
	case 12:
		g.w("%s = %s; %s(%s)", g.pick(genNames), e(), g.pick(genNames), e())
	case 13:
		g.block("if TYPE_CHECKING", depth, inFunc, async)
	default:
		g.w("%s.%s = %s", g.pick([]string{"self", "obj"}), g.pick([]string{"_p", "__q", "r"}), e())
	}
}

func (g *pygen) module() string {
	g.b.Reset()
	g.nameN = 0
	g.w("# generated")
	for n := 1 + g.r.Intn(4); n > 0; n-- {
		g.imports()
	}
	for n := 1 + g.r.Intn(5); n > 0; n-- {
		switch g.r.Intn(4) {
		case 0:
			g.classDef(genMaxDepth)
		case 1:
			g.funcDef(genMaxDepth, false)
		default:
			g.stmt(genMaxDepth-1, false, false)
		}
	}
	return g.b.String()
}

// writeGeneratedCorpus writes n generated modules to dir and returns their
// paths.
func writeGeneratedCorpus(t testing.TB, dir string, n int, seed int64) []string {
	t.Helper()
	g := &pygen{r: rand.New(rand.NewSource(seed))}
	paths := make([]string, 0, n)
	for i := 0; i < n; i++ {
		p := filepath.Join(dir, fmt.Sprintf("gen_%04d.py", i))
		if err := os.WriteFile(p, []byte(g.module()), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}
