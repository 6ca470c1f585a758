package python

// The main pass over a file's syntax tree: the walker, its loop and
// context. Imports are in file_pass_imports.go, definitions in
// file_pass_defs.go, statements and expressions (mostly features) in
// features_pass.go.

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
	w.designFacts()
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
