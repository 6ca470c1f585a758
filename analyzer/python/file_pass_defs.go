package python

// The main pass: class and function definitions.

import "strings"

// ---- classes and functions

// decorators returns the decorators of definition i (when its parent is a
// decorated_definition), each as its expression's text with the call's
// arguments dropped: "@app.route('/')" gives "app.route".
func (w *walker) decorators(i uint32) []string {
	p := w.nodes[i].parent
	if p == noParent || w.nodes[p].sym != symDecoratedDef {
		return nil
	}
	var out []string
	for c := p + 1; c < w.nodes[p].next; c = w.nodes[c].next {
		if w.nodes[c].sym != symDecorator {
			continue
		}
		e := w.firstNamed(c)
		if e == 0 {
			continue
		}
		if w.nodes[e].sym == symCall {
			if f := w.child(e, fieldFunction); f != 0 {
				e = f
			}
		}
		out = append(out, compactText(w.text(e)))
	}
	return out
}

// compactText removes whitespace and line continuations from short
// expression text and bounds its length.
func compactText(s string) string {
	if strings.ContainsAny(s, " \t\r\n\\") {
		s = strings.Map(func(r rune) rune {
			switch r {
			case ' ', '\t', '\r', '\n', '\\':
				return -1
			}
			return r
		}, s)
	}
	const max = 120
	if len(s) > max {
		s = s[:max]
	}
	return s
}

func lastComponent(s string) string {
	if j := strings.IndexAny(s, "[("); j >= 0 {
		s = s[:j]
	}
	s = strings.TrimSpace(s)
	if j := strings.LastIndexByte(s, '.'); j >= 0 {
		s = s[j+1:]
	}
	return s
}

func (w *walker) classDef(i uint32, top *wctx) {
	n := &w.nodes[i]
	nameIdx := w.child(i, fieldName)
	if nameIdx == 0 {
		return
	}
	cl := Class{
		Name:         w.text(nameIdx),
		Bases:        []string{},
		Decorators:   w.decorators(i),
		Nested:       top.kind != scModule,
		TypeChecking: top.typeChecking,
		Evidence:     w.ev(i),
	}
	cl.Qualname = top.qual + cl.Name
	if sc := w.child(i, fieldSuperclasses); sc != 0 && w.nodes[sc].sym == symArgumentList {
		for c := sc + 1; c < w.nodes[sc].next; c = w.nodes[c].next {
			switch w.nodes[c].sym {
			case symComment, tokAsync, tokPipe, tokDiamond:
			case symKeywordArgument:
				k, v := w.child(c, fieldName), w.child(c, fieldValue)
				if k != 0 && v != 0 {
					cl.Keywords = append(cl.Keywords, Keyword{Name: w.text(k), Value: w.text(v)})
				}
			case symDictSplat:
				cl.Keywords = append(cl.Keywords, Keyword{Name: "**", Value: w.text(c)})
			default:
				b := c
				for w.nodes[b].sym == symParenExpr {
					inner := w.firstNamed(b)
					if inner == 0 {
						break
					}
					b = inner
				}
				cl.Bases = append(cl.Bases, w.text(b))
			}
		}
	}
	if w.child(i, fieldTypeParameters) != 0 {
		w.ff.Features.Modern.TypeParams.add(w.ev(i))
		cl.TypeParams = true
	}
	// Kinds are judged in finish, once the file's imports are known.
	idx := int32(len(w.ff.Classes))
	w.ff.Classes = append(w.ff.Classes, cl)

	c := *top
	c.end = n.next
	c.fn = -1
	c.kind = scHeader
	c.pendingAt = 0
	if body := w.child(i, fieldBody); body != 0 {
		c.pendingAt, c.pendingEnd, c.pendingIdx, c.pendingKind = body, w.nodes[body].next, idx, pendClassBody
	}
	w.stack = append(w.stack, c)
}

func methodKind(decorators []string) (MethodKind, bool) {
	kind, abstract := MethodInstance, false
	for _, d := range decorators {
		switch d {
		case "classmethod":
			kind = MethodClass
		case "staticmethod":
			kind = MethodStatic
		case "property", "cached_property", "functools.cached_property", "abc.abstractproperty", "abstractproperty":
			kind = MethodProperty
		}
		switch d {
		case "abstractmethod", "abc.abstractmethod", "abstractproperty", "abc.abstractproperty",
			"abstractclassmethod", "abc.abstractclassmethod", "abstractstaticmethod", "abc.abstractstaticmethod":
			abstract = true
		}
		if strings.HasSuffix(d, ".setter") || strings.HasSuffix(d, ".deleter") {
			kind = MethodSetter
		} else if strings.HasSuffix(d, ".getter") {
			kind = MethodProperty
		}
	}
	return kind, abstract
}

func (w *walker) funcDef(i uint32, top *wctx) {
	n := &w.nodes[i]
	nameIdx := w.child(i, fieldName)
	if nameIdx == 0 {
		return
	}
	f := Function{
		Name:       w.text(nameIdx),
		Async:      w.hasAsync(i),
		Method:     top.kind == scClass && top.cls >= 0,
		Nested:     top.kind == scFunc,
		Decorators: w.decorators(i),
		Complexity: 1,
		Length:     int(n.endRow-n.startRow) + 1,
		Evidence:   w.ev(i),
	}
	f.Qualname = top.qual + f.Name
	feats := &w.ff.Features
	if f.Async {
		feats.Modern.AsyncDefs.add(f.Evidence)
	}
	if w.child(i, fieldTypeParameters) != 0 {
		feats.Modern.TypeParams.add(f.Evidence)
	}
	mkind, abstract := MethodInstance, false
	if f.Method {
		mkind, abstract = methodKind(f.Decorators)
	}
	if params := w.child(i, fieldParameters); params != 0 {
		skipFirst := f.Method && mkind != MethodStatic
		for c := params + 1; c < w.nodes[params].next; c = w.nodes[c].next {
			annotated := false
			switch w.nodes[c].sym {
			case symIdentifier, symDefaultParam, symListSplatPattern, symDictSplatPattern, symTuple:
			case symTypedParam, symTypedDefaultParam:
				annotated = true
			default:
				continue // separators, comments, recovered junk
			}
			if skipFirst {
				skipFirst = false
				continue
			}
			f.Params++
			if annotated {
				f.AnnotatedParams++
				feats.Modern.TypeHints.add(w.ev(c))
			}
		}
	}
	if rt := w.child(i, fieldReturnType); rt != 0 {
		f.ReturnAnnotated = true
		feats.Modern.TypeHints.add(w.ev(rt))
	}
	body := w.child(i, fieldBody)
	if body != 0 {
		f.Docstring = w.isDocstring(body)
	}
	for _, d := range f.Decorators {
		switch d {
		case "contextmanager", "contextlib.contextmanager", "asynccontextmanager", "contextlib.asynccontextmanager":
			feats.Idioms.ContextManagers.add(f.Evidence)
		}
	}
	idx := int32(len(w.ff.Functions))
	w.ff.Functions = append(w.ff.Functions, f)
	if f.Method {
		cl := &w.ff.Classes[top.cls]
		cl.Methods = append(cl.Methods, Method{
			Name: f.Name, Kind: mkind, Abstract: abstract, Async: f.Async,
			Function: int(idx), Evidence: f.Evidence,
		})
		if f.Name == "__del__" {
			feats.Topics.Del.add(f.Evidence)
		}
	}

	c := *top
	c.end = n.next
	c.fn = -1
	c.kind = scHeader
	c.pendingAt = 0
	if body != 0 {
		c.pendingAt, c.pendingEnd, c.pendingIdx, c.pendingKind = body, w.nodes[body].next, idx, pendFuncBody
	}
	w.stack = append(w.stack, c)
}

// isDocstring reports whether block starts with a str literal statement.
func (w *walker) isDocstring(block uint32) bool {
	st := w.firstNamed(block)
	if st == 0 || w.nodes[st].sym != symExpressionStatement {
		return false
	}
	e := w.firstNamed(st)
	if e == 0 || w.nodes[e].next != w.nodes[st].next {
		return false
	}
	switch w.nodes[e].sym {
	case symString:
		return w.strPrefixOK(e)
	case symConcatString:
		for c := e + 1; c < w.nodes[e].next; c = w.nodes[c].next {
			if w.nodes[c].sym == symString && !w.strPrefixOK(c) {
				return false
			}
		}
		return true
	}
	return false
}

// strPrefixOK reports whether string node i is a plain str literal (no f
// or b prefix, not a Python 2 backtick).
func (w *walker) strPrefixOK(i uint32) bool {
	src := w.src[w.nodes[i].startByte:w.nodes[i].endByte]
	for _, c := range src {
		switch c {
		case 'f', 'F', 'b', 'B', '`':
			return false
		case '\'', '"':
			return true
		}
	}
	return true
}
