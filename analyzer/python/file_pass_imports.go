package python

// The main pass: import statements and literal dynamic imports.

import "strings"

// ---- imports

// dottedName joins the identifiers of a dotted_name node with dots, which
// drops any whitespace or comments between them as ast does.
func (w *walker) dottedName(i uint32) string {
	n := &w.nodes[i]
	if n.sym != symDottedName {
		return w.text(i)
	}
	first := i + 1
	if first < n.next && w.nodes[first].next == n.next {
		return w.text(first) // one identifier: the common case
	}
	var b strings.Builder
	for c := i + 1; c < n.next; c = w.nodes[c].next {
		if w.nodes[c].sym != symIdentifier {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.Write(w.src[w.nodes[c].startByte:w.nodes[c].endByte])
	}
	return b.String()
}

// joinDotted joins two dotted names, either of which may be empty.
func joinDotted(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "." + b
}

func topLevel(module string) string {
	if j := strings.IndexByte(module, '.'); j >= 0 {
		return module[:j]
	}
	return module
}

func (w *walker) addImport(imp Import, top *wctx) {
	imp.InFunction = top.inFunc
	imp.TypeChecking = top.typeChecking
	imp.Fallback = top.fallback
	if imp.Level == 0 {
		imp.Top = topLevel(imp.Module)
	}
	w.ff.Imports = append(w.ff.Imports, imp)
}

func (w *walker) importStmt(i uint32, top *wctx) {
	end := w.nodes[i].next
	for c := i + 1; c < end; c = w.nodes[c].next {
		if w.nodes[c].field != fieldName {
			continue
		}
		name := c
		if w.nodes[c].sym == symAliasedImport {
			if name = w.child(c, fieldName); name == 0 {
				continue
			}
		}
		mod := w.dottedName(name)
		w.addImport(Import{Module: mod, Kind: ImportPlain, Evidence: w.ev(i)}, top)
		if name != c {
			if alias := w.child(c, fieldAlias); alias != 0 {
				w.bind(top, w.text(alias), mod, 0)
			}
		} else {
			w.bind(top, topLevel(mod), topLevel(mod), 0)
		}
	}
}

// bind records a name bound by a module-level import (in the module body
// or a module-level if or try); imports in functions and class bodies bind
// names no base can see from outside.
func (w *walker) bind(top *wctx, name, target string, level int) {
	if top.kind != scModule || top.inFunc || name == "" || (target == "" && level == 0) {
		return
	}
	w.ff.Bindings = append(w.ff.Bindings, Binding{Name: name, Target: target, Level: level, Order: len(w.ff.Classes)})
}

func (w *walker) importFrom(i uint32, top *wctx) {
	imp := Import{Kind: ImportFrom, Evidence: w.ev(i)}
	n := &w.nodes[i]
	if n.sym == symFutureImport {
		imp.Module = "__future__"
	} else if m := w.child(i, fieldModuleName); m != 0 {
		if w.nodes[m].sym == symRelativeImport {
			for c := m + 1; c < w.nodes[m].next; c = w.nodes[c].next {
				switch w.nodes[c].sym {
				case symImportPrefix:
					imp.Level = strings.Count(w.text(c), ".")
				case symDottedName:
					imp.Module = w.dottedName(c)
				}
			}
		} else {
			imp.Module = w.dottedName(m)
		}
	} else {
		return // recovered from a syntax error without a module
	}
	for c := i + 1; c < n.next; c = w.nodes[c].next {
		cn := &w.nodes[c]
		switch {
		case cn.sym == symWildcardImport:
			imp.Names = append(imp.Names, "*")
			w.bind(top, "*", imp.Module, imp.Level)
		case cn.field == fieldName:
			name, alias := c, c
			if cn.sym == symAliasedImport {
				if name, alias = w.child(c, fieldName), w.child(c, fieldAlias); name == 0 || alias == 0 {
					continue
				}
			}
			n := w.dottedName(name)
			imp.Names = append(imp.Names, n)
			if imp.Module != "__future__" {
				w.bind(top, w.text(alias), joinDotted(imp.Module, n), imp.Level)
			}
		}
	}
	w.addImport(imp, top)
}

// dynamicImport records importlib.import_module("x") and __import__("x")
// when the first argument is a plain string literal.
func (w *walker) dynamicImport(call uint32, top *wctx) {
	args := w.child(call, fieldArguments)
	if args == 0 || w.nodes[args].sym != symArgumentList {
		return
	}
	first := w.firstNamed(args)
	if first == 0 || w.nodes[first].sym != symString {
		return
	}
	lit, ok := plainString(w.src[w.nodes[first].startByte:w.nodes[first].endByte])
	if !ok {
		return
	}
	level := 0
	for level < len(lit) && lit[level] == '.' {
		level++
	}
	mod := lit[level:]
	if !isDottedIdentifier(mod) && !(level > 0 && mod == "") {
		return
	}
	w.addImport(Import{Module: mod, Level: level, Kind: ImportDynamic, Evidence: w.ev(call)}, top)
}

// plainString returns the value of a string literal without escapes or
// interpolation: 'x', "x", r'x', u"x", triple-quoted too.
func plainString(lit []byte) (string, bool) {
	j := 0
	raw := false
	for j < len(lit) && j < 2 {
		switch lit[j] {
		case 'r', 'R':
			raw = true
		case 'u', 'U':
		default:
			goto quotes
		}
		j++
	}
quotes:
	s := string(lit[j:])
	for _, q := range []string{`"""`, `'''`, `"`, `'`} {
		if len(s) >= 2*len(q) && strings.HasPrefix(s, q) && strings.HasSuffix(s, q) {
			v := s[len(q) : len(s)-len(q)]
			if !raw && strings.IndexByte(v, '\\') >= 0 {
				return "", false
			}
			return v, true
		}
	}
	return "", false
}

func isDottedIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if !isIdentifier(part) {
			return false
		}
	}
	return true
}

// isIdentifier accepts Python identifiers; non-ASCII letters are accepted
// without checking their Unicode category.
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= 0x80:
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}
