package python

import (
	"strings"
)

// Scope kinds of a walk context.
const (
	scModule uint8 = iota
	scClass        // directly in a class body
	scFunc         // in a function body
	scHeader       // in a def/class header or decorators: belongs to no body
)

// What a context schedules for when the walk reaches one of its children.
const (
	pendNone uint8 = iota
	pendFuncBody
	pendClassBody
	pendTypeChecking
)

// wctx is the walk's context over the node range [.., end). Contexts are
// kept on an explicit stack, so the walk's memory and stack use grow with
// the nesting of statements, never with recursion.
type wctx struct {
	end          uint32 // the context ends at this node index
	pendingAt    uint32 // push the pending context on reaching this node (0: none)
	pendingEnd   uint32
	pendingIdx   int32
	pendingKind  uint8
	kind         uint8 // scope kind
	inFunc       bool  // somewhere inside a function body
	typeChecking bool
	fallback     bool
	fn           int32 // function whose complexity and depth this range counts for; -1: none
	cls          int32 // class whose body or methods we are in; -1: none
	depth        int32 // compound statement nesting within fn
	qual         string
}

// walker turns one flattened syntax tree into facts. It is reused across
// files by an Analyzer; reset clears it.
type walker struct {
	src   []byte
	nodes []node
	ff    *FileFacts
	path  string
	cell  int
	stack []wctx

	typeEnd uint32 // end of the outermost open annotation (`type` node)
	// attrs are the (class, attribute) pairs recorded in ProtectedAttrs
	// and PrivateAttrs: a lookup per assignment, where a scan of the
	// class's list would be quadratic in a class of thousands.
	attrs map[classAttr]struct{}
}

// classAttr is one attribute name of one class of the file.
type classAttr struct {
	cls  int32
	name string
}

func (w *walker) ev(i uint32) Evidence {
	n := &w.nodes[i]
	return Evidence{Path: w.path, Line: int(n.startRow) + 1, EndLine: int(n.endRow) + 1, Cell: w.cell}
}

func (w *walker) text(i uint32) string {
	n := &w.nodes[i]
	return string(w.src[n.startByte:n.endByte])
}

// textIs compares a node's text without allocating.
func (w *walker) textIs(i uint32, s string) bool {
	n := &w.nodes[i]
	return int(n.endByte-n.startByte) == len(s) && string(w.src[n.startByte:n.endByte]) == s
}

// child returns the first direct child of i with the given field id, or 0.
// Index 0 is the root and never anyone's child, so 0 means "none".
func (w *walker) child(i uint32, field uint16) uint32 {
	end := w.nodes[i].next
	for c := i + 1; c < end; c = w.nodes[c].next {
		if w.nodes[c].field == field {
			return c
		}
	}
	return 0
}

// childSym returns the first direct child of i with the given symbol, or 0.
func (w *walker) childSym(i uint32, sym uint16) uint32 {
	end := w.nodes[i].next
	for c := i + 1; c < end; c = w.nodes[c].next {
		if w.nodes[c].sym == sym {
			return c
		}
	}
	return 0
}

func (w *walker) hasAsync(i uint32) bool {
	c := i + 1
	return c < w.nodes[i].next && w.nodes[c].sym == tokAsync
}

// walk analyses w.nodes into w.ff. The nodes are in pre-order and node i's
// subtree is [i, nodes[i].next).
func (w *walker) walk() {
	nodes := w.nodes
	w.stack = append(w.stack[:0], wctx{end: uint32(len(nodes)), fn: -1, cls: -1, kind: scModule})
	w.typeEnd = 0
	// A class lies within one cell, so the pairs can be forgotten between
	// walks; a map grown by a hostile file is not kept.
	if len(w.attrs) > 1024 {
		w.attrs = nil
	}
	clear(w.attrs)
	for i := uint32(0); i < uint32(len(nodes)); i++ {
		top := &w.stack[len(w.stack)-1]
		for top.end <= i {
			w.stack = w.stack[:len(w.stack)-1]
			top = &w.stack[len(w.stack)-1]
		}
		if top.pendingAt == i && i != 0 {
			w.pushPending(top)
			top = &w.stack[len(w.stack)-1]
		}
		n := &nodes[i]
		if n.flags&flagMissing != 0 {
			w.errorSite(i)
		}
		switch action(n.sym) {
		case actNone:
		case actImport:
			w.importStmt(i, top)
		case actImportFrom, actFutureImport:
			w.importFrom(i, top)
		case actClass:
			w.classDef(i, top)
		case actFunction:
			w.funcDef(i, top)
		case actDecorated:
			c := *top
			c.end = n.next
			c.fn = -1
			c.pendingAt = 0
			w.stack = append(w.stack, c)
		case actDecorator:
			w.ff.Features.Idioms.Decorators.add(w.ev(i))
		case actCall:
			w.call(i, top)
		case actString:
			w.stringLit(i)
		case actIf:
			w.complexity(top, 1)
			w.ifStmt(i, top)
		case actElif:
			w.complexity(top, 1)
		case actLoop:
			add := 1
			if w.child(i, fieldAlternative) != 0 {
				add++
			}
			w.complexity(top, add)
			if w.hasAsync(i) {
				w.ff.Features.Modern.AsyncFor.add(w.ev(i))
			}
			w.compound(i, top)
		case actTry:
			w.tryStmt(i, top)
		case actExcept:
			w.exceptClause(i)
		case actWith:
			w.ff.Features.Idioms.With.add(w.ev(i))
			if w.hasAsync(i) {
				w.ff.Features.Modern.AsyncWith.add(w.ev(i))
			}
			w.compound(i, top)
		case actMatch:
			w.ff.Features.Modern.Match.add(w.ev(i))
			w.matchStmt(i, top)
			w.compound(i, top)
		case actCondExpr, actBoolOp:
			w.complexity(top, 1)
		case actComprehension:
			w.ff.Features.Idioms.Comprehensions.add(w.ev(i))
		case actGenExpr:
			w.ff.Features.Idioms.GeneratorExpressions.add(w.ev(i))
		case actForIn:
			w.complexity(top, 1)
			if w.hasAsync(i) {
				w.ff.Features.Modern.AsyncFor.add(w.ev(i))
			}
		case actIfClause:
			if p := n.parent; p != noParent && nodes[p].sym != symCase {
				w.complexity(top, 1)
			}
		case actLambda:
			w.ff.Features.Idioms.Lambdas.add(w.ev(i))
		case actWalrus:
			w.ff.Features.Modern.Walrus.add(w.ev(i))
		case actYield:
			if top.fn >= 0 {
				w.ff.Functions[top.fn].Generator = true
			}
		case actAwait:
			w.ff.Features.Modern.Await.add(w.ev(i))
		case actAssignment:
			w.assignment(i, top)
		case actType:
			if i >= w.typeEnd {
				w.typeEnd = n.next
			}
		case actBinaryOp:
			if i < w.typeEnd && w.childSym(i, tokPipe) != 0 {
				w.ff.Features.Modern.UnionTypes.add(w.ev(i))
			}
		case actTypeAlias:
			w.ff.Features.Modern.TypeAliases.add(w.ev(i))
		case actPrint:
			w.ff.Features.Python2.PrintStatements.add(w.ev(i))
		case actExec:
			w.ff.Features.Python2.ExecStatements.add(w.ev(i))
		case actRaise:
			if c := w.firstNamed(i); c != 0 && nodes[c].sym == symExprList {
				w.ff.Features.Python2.RaiseComma.add(w.ev(i))
			}
		case actDiamond:
			w.ff.Features.Python2.NotEqual.add(w.ev(i))
		case actInteger:
			w.integer(i)
		case actGlobal:
			w.ff.Features.Idioms.GlobalStatements.add(w.ev(i))
		case actAssert:
			// radon counts an assert as 1 and does not look inside it.
			w.complexity(top, 1)
			c := *top
			c.end = n.next
			c.fn = -1
			c.pendingAt = 0
			w.stack = append(w.stack, c)
		case actError:
			w.errorSite(i)
		}
	}
	w.testFacts()
	w.frameworkFacts()
}

func (w *walker) errorSite(i uint32) {
	w.ff.ParseError = true
	if len(w.ff.ErrorSites) < MaxEvidencePerFile {
		w.ff.ErrorSites = append(w.ff.ErrorSites, w.ev(i))
	}
}

// firstNamed returns the first direct child that is not a kept anonymous
// token or a comment, or 0.
func (w *walker) firstNamed(i uint32) uint32 {
	end := w.nodes[i].next
	for c := i + 1; c < end; c = w.nodes[c].next {
		s := w.nodes[c].sym
		if s != tokAsync && s != tokPipe && s != tokDiamond && s != symComment {
			return c
		}
	}
	return 0
}

func (w *walker) complexity(top *wctx, n int) {
	if top.fn >= 0 {
		w.ff.Functions[top.fn].Complexity += n
	}
}

// compound pushes a context for a compound statement so that nesting depth
// is tracked for the enclosing function.
func (w *walker) compound(i uint32, top *wctx) {
	if top.fn < 0 {
		return
	}
	c := *top
	c.end = w.nodes[i].next
	c.pendingAt = 0
	c.depth++
	if f := &w.ff.Functions[top.fn]; int(c.depth) > f.Depth {
		f.Depth = int(c.depth)
	}
	w.stack = append(w.stack, c)
}

func (w *walker) pushPending(top *wctx) {
	c := *top
	c.end = top.pendingEnd
	c.pendingAt = 0
	idx := top.pendingIdx
	switch top.pendingKind {
	case pendFuncBody:
		f := &w.ff.Functions[idx]
		c.kind = scFunc
		c.fn = idx
		c.depth = 0
		c.inFunc = true
		c.qual = f.Qualname + ".<locals>."
	case pendClassBody:
		c.kind = scClass
		c.cls = idx
		c.fn = -1
		c.qual = w.ff.Classes[idx].Qualname + "."
	case pendTypeChecking:
		c.typeChecking = true
	}
	top.pendingAt = 0
	w.stack = append(w.stack, c)
}

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
		w.addImport(Import{Module: w.dottedName(name), Kind: ImportPlain, Evidence: w.ev(i)}, top)
	}
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
		case cn.field == fieldName:
			name := c
			if cn.sym == symAliasedImport {
				if name = w.child(c, fieldName); name == 0 {
					continue
				}
			}
			imp.Names = append(imp.Names, w.dottedName(name))
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
		Name:       w.text(nameIdx),
		Bases:      []string{},
		Decorators: w.decorators(i),
		Nested:     top.kind != scModule,
		Evidence:   w.ev(i),
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
		cl.Kinds.Generic = true
	}
	classKindsFromSyntax(&cl)
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

var enumBases = map[string]bool{"Enum": true, "IntEnum": true, "StrEnum": true, "Flag": true, "IntFlag": true, "ReprEnum": true}

// classKindsFromSyntax sets the kinds that the class statement itself shows.
func classKindsFromSyntax(cl *Class) {
	k := &cl.Kinds
	for _, b := range cl.Bases {
		name := lastComponent(b)
		switch {
		case name == "ABC":
			k.Abstract = true
		case name == "Protocol":
			k.Protocol = true
		case name == "BaseModel" || name == "RootModel" || name == "BaseSettings":
			k.Pydantic = true
		case name == "NamedTuple" || name == "namedtuple":
			k.NamedTuple = true
		case enumBases[name]:
			k.Enum = true
		case name == "TypedDict":
			k.TypedDict = true
		case name == "Generic":
			k.Generic = true
		case b == "type":
			k.Metaclass = true
		case name == "BaseException" || strings.HasSuffix(name, "Error") ||
			strings.HasSuffix(name, "Exception") || strings.HasSuffix(name, "Warning"):
			k.Exception = true
		}
	}
	for _, kw := range cl.Keywords {
		if kw.Name == "metaclass" && lastComponent(kw.Value) == "ABCMeta" {
			k.Abstract = true
		}
	}
	for _, d := range cl.Decorators {
		if lastComponent(d) == "dataclass" {
			k.Dataclass = true
		}
		switch d {
		case "attr.s", "attr.attrs", "attr.define", "attr.frozen", "attr.mutable",
			"attrs.define", "attrs.frozen", "attrs.mutable":
			k.Attrs = true
		}
	}
	k.Mixin = strings.HasSuffix(cl.Name, "Mixin")
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

// ---- statements

func (w *walker) ifStmt(i uint32, top *wctx) {
	cond := w.child(i, fieldCondition)
	tc := false
	if cond != 0 {
		switch w.nodes[cond].sym {
		case symIdentifier:
			tc = w.textIs(cond, "TYPE_CHECKING")
		case symAttribute:
			tc = strings.HasSuffix(w.text(cond), ".TYPE_CHECKING")
		case symComparison:
			if top.kind == scModule && isMainGuard(w.text(cond)) {
				w.ff.Features.Idioms.MainGuards.add(w.ev(i))
			}
		}
	}
	if !tc {
		w.compound(i, top)
		return
	}
	c := *top
	c.end = w.nodes[i].next
	c.pendingAt = 0
	if top.fn >= 0 {
		c.depth++
		if f := &w.ff.Functions[top.fn]; int(c.depth) > f.Depth {
			f.Depth = int(c.depth)
		}
	}
	if cons := w.child(i, fieldConsequence); cons != 0 {
		c.pendingAt, c.pendingEnd, c.pendingKind = cons, w.nodes[cons].next, pendTypeChecking
	}
	w.stack = append(w.stack, c)
}

func isMainGuard(cond string) bool {
	s := compactText(cond)
	switch s {
	case `__name__=="__main__"`, `__name__=='__main__'`, `"__main__"==__name__`, `'__main__'==__name__`:
		return true
	}
	return false
}

func (w *walker) tryStmt(i uint32, top *wctx) {
	add := 0
	fallback := false
	for c := i + 1; c < w.nodes[i].next; c = w.nodes[c].next {
		switch w.nodes[c].sym {
		case symExcept, symExceptGroup:
			add++
			if v := w.firstNamed(c); v != 0 && w.nodes[v].sym != symBlock {
				t := w.text(v)
				if strings.Contains(t, "ImportError") || strings.Contains(t, "ModuleNotFoundError") {
					fallback = true
				}
			}
		case symElse:
			add++
		}
	}
	w.complexity(top, add)
	if !fallback {
		w.compound(i, top)
		return
	}
	c := *top
	c.end = w.nodes[i].next
	c.pendingAt = 0
	c.fallback = true
	if top.fn >= 0 {
		c.depth++
		if f := &w.ff.Functions[top.fn]; int(c.depth) > f.Depth {
			f.Depth = int(c.depth)
		}
	}
	w.stack = append(w.stack, c)
}

func (w *walker) exceptClause(i uint32) {
	v := w.firstNamed(i)
	if v == 0 || w.nodes[v].sym == symBlock {
		if w.nodes[i].sym == symExcept {
			w.ff.Features.Idioms.BareExcepts.add(w.ev(i))
		}
		return
	}
	if a := w.child(i, fieldAlias); a != 0 && w.nodes[v].field == fieldValue {
		between := w.src[w.nodes[v].endByte:w.nodes[a].startByte]
		for _, b := range between {
			if b == ',' {
				w.ff.Features.Python2.ExceptComma.add(w.ev(i))
				break
			}
		}
	}
}

// matchStmt adds radon's complexity for a match: one per case, less one
// when some case is irrefutable (`case _:` or a bare capture `case x:`).
func (w *walker) matchStmt(i uint32, top *wctx) {
	body := w.child(i, fieldBody)
	if body == 0 {
		return
	}
	cases, wildcard := 0, false
	for c := body + 1; c < w.nodes[body].next; c = w.nodes[c].next {
		if w.nodes[c].sym != symCase {
			continue
		}
		cases++
		if !wildcard && w.irrefutableCase(c) {
			wildcard = true
		}
	}
	if wildcard {
		cases--
	}
	w.complexity(top, cases)
}

func (w *walker) irrefutableCase(c uint32) bool {
	var pat uint32
	n := 0
	for p := c + 1; p < w.nodes[c].next; p = w.nodes[p].next {
		if w.nodes[p].sym == symCasePattern {
			pat = p
			n++
		}
	}
	if n != 1 {
		return false
	}
	t := strings.TrimSpace(w.text(pat))
	return isIdentifier(t) && !strings.ContainsRune(t, '.')
}

// ---- expressions

func (w *walker) call(i uint32, top *wctx) {
	f := w.child(i, fieldFunction)
	if f == 0 {
		return
	}
	switch w.nodes[f].sym {
	case symIdentifier:
		switch {
		case w.textIs(f, "super"):
			if top.cls >= 0 {
				w.ff.Classes[top.cls].SuperCalls++
			}
		case w.textIs(f, "__import__"), w.textIs(f, "import_module"):
			w.dynamicImport(i, top)
		}
	case symAttribute:
		if w.textIs(f, "importlib.import_module") {
			w.dynamicImport(i, top)
		}
	}
}

func (w *walker) stringLit(i uint32) {
	src := w.src[w.nodes[i].startByte:w.nodes[i].endByte]
	for _, c := range src {
		switch c {
		case 'f', 'F':
			w.ff.Features.Modern.FStrings.add(w.ev(i))
			return
		case '`':
			w.ff.Features.Python2.Backticks.add(w.ev(i))
			return
		case '\'', '"':
			return
		}
	}
}

func (w *walker) integer(i uint32) {
	t := w.src[w.nodes[i].startByte:w.nodes[i].endByte]
	if len(t) == 0 {
		return
	}
	if last := t[len(t)-1]; last == 'l' || last == 'L' {
		w.ff.Features.Python2.LongLiterals.add(w.ev(i))
		return
	}
	if len(t) < 2 || t[0] != '0' {
		return
	}
	zeros := true
	for _, c := range t {
		if c < '0' || c > '9' {
			return
		}
		if c != '0' {
			zeros = false
		}
	}
	if !zeros {
		w.ff.Features.Python2.OctalLiterals.add(w.ev(i))
	}
}

func (w *walker) assignment(i uint32, top *wctx) {
	if w.nodes[i].sym == symAssignment && w.child(i, fieldTypeF) != 0 {
		w.ff.Features.Modern.TypeHints.add(w.ev(i))
	}
	if top.cls < 0 || (top.kind != scClass && top.kind != scFunc) {
		return
	}
	left := w.child(i, fieldLeft)
	if left == 0 {
		return
	}
	switch w.nodes[left].sym {
	case symPatternList, symTuple:
		for c := left + 1; c < w.nodes[left].next; c = w.nodes[c].next {
			w.assignTarget(c, i, top)
		}
	default:
		w.assignTarget(left, i, top)
	}
}

// assignTarget records class attributes: names assigned in a class body and
// self.x / cls.x assigned in its methods.
func (w *walker) assignTarget(t, stmt uint32, top *wctx) {
	cl := &w.ff.Classes[top.cls]
	var name string
	switch {
	case top.kind == scClass && w.nodes[t].sym == symIdentifier:
		name = w.text(t)
		if name == "__slots__" {
			if !cl.Slots {
				cl.Slots = true
			}
			w.ff.Features.Topics.Slots.add(w.ev(stmt))
			return
		}
	case top.kind == scFunc && w.nodes[t].sym == symAttribute:
		obj := w.child(t, fieldObject)
		if obj == 0 || !(w.textIs(obj, "self") || w.textIs(obj, "cls")) {
			return
		}
		a := w.child(t, fieldAttributeF)
		if a == 0 {
			return
		}
		name = w.text(a)
	default:
		return
	}
	if !strings.HasPrefix(name, "_") || strings.HasSuffix(name, "__") {
		return
	}
	key := classAttr{cls: top.cls, name: name}
	if _, seen := w.attrs[key]; seen {
		return
	}
	if w.attrs == nil {
		w.attrs = map[classAttr]struct{}{}
	}
	w.attrs[key] = struct{}{}
	if strings.HasPrefix(name, "__") {
		cl.PrivateAttrs = append(cl.PrivateAttrs, name)
	} else {
		cl.ProtectedAttrs = append(cl.ProtectedAttrs, name)
	}
}

// ---- after the walk

// finish derives the facts that need the whole file: class kinds that
// depend on methods or imports, generator and topic tallies, Python 2.
func finish(ff *FileFacts) {
	attrsImported := false
	for _, imp := range ff.Imports {
		if imp.Level == 0 && (imp.Top == "attr" || imp.Top == "attrs") {
			attrsImported = true
		}
	}
	feats := &ff.Features
	for ci := range ff.Classes {
		cl := &ff.Classes[ci]
		var enter, exit bool
		for _, m := range cl.Methods {
			if m.Abstract {
				cl.Kinds.Abstract = true
			}
			switch m.Name {
			case "__enter__", "__aenter__":
				enter = true
			case "__exit__", "__aexit__":
				exit = true
			}
		}
		if enter && exit {
			cl.Kinds.ContextManager = true
			feats.Idioms.ContextManagers.add(cl.Evidence)
		}
		if attrsImported && !cl.Kinds.Attrs {
			for _, d := range cl.Decorators {
				switch d {
				case "define", "frozen", "mutable", "attrs":
					cl.Kinds.Attrs = true
				}
			}
		}
		if cl.Kinds.Dataclass {
			feats.Modern.Dataclasses.add(cl.Evidence)
		}
	}
	for fi := range ff.Functions {
		if f := &ff.Functions[fi]; f.Generator {
			feats.Idioms.Generators.add(f.Evidence)
		}
	}
	t := &feats.Topics
	for _, imp := range ff.Imports {
		if imp.Level > 0 {
			continue
		}
		var tally *Tally
		switch imp.Top {
		case "threading", "_thread", "thread":
			tally = &t.Threading
		case "multiprocessing":
			tally = &t.Multiprocessing
		case "concurrent":
			if imp.Module == "concurrent.futures" || strings.HasPrefix(imp.Module, "concurrent.futures.") ||
				(imp.Module == "concurrent" && contains(imp.Names, "futures")) {
				tally = &t.ConcurrentFutures
			}
		case "asyncio":
			tally = &t.Asyncio
		case "pickle", "cPickle", "_pickle", "dill", "cloudpickle":
			tally = &t.Pickle
		case "shelve":
			tally = &t.Shelve
		case "joblib":
			tally = &t.Joblib
		case "gc":
			tally = &t.GC
		case "weakref":
			tally = &t.Weakref
		case "pathlib":
			tally = &feats.Modern.Pathlib
		}
		if tally != nil {
			tally.add(imp.Evidence)
		}
	}
	ff.Python2 = feats.Python2.any()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
