package python

// The pass over the syntax tree that finds the design facts (see
// DesignFacts). Like the test pass it is a loop of its own over the node
// array after the main walk, with its own frame stack, so its memory grows
// with the nesting of functions, never with recursion.

import (
	"strings"
	"sync"
)

var (
	designSymsOnce sync.Once
	symReturn      uint16
	symList        uint16
)

func initDesignSymbols() {
	designSymsOnce.Do(func() {
		lang := grammar().lang
		symReturn = lang.IdForNodeKind("return_statement", true)
		symList = lang.IdForNodeKind("list", true)
	})
}

// designFrame is one function being walked.
type designFrame struct {
	end      uint32
	def      uint32
	name     string
	qual     string
	clsNode  uint32 // the class whose method this is; 0 for none
	params   []string
	closures []string // functions defined directly in the body
	stored   []string // parameters stored or passed to a method
	returned []string // names returned
	// pending are nested functions that store and return a parameter not
	// named like a function: registrars if this frame returns them.
	pending []pendingRegistrar
}

type pendingRegistrar struct {
	name string
	ev   Evidence
}

// initAppClass is what the init_app pattern needs of one class.
type initAppClass struct {
	name       string
	initApp    *Evidence
	takesApp   bool
	callsInit  bool
	orderIndex int
}

// designFacts fills w.ff.Design from the tree just walked.
func (w *walker) designFacts() {
	initDesignSymbols()
	d := &w.ff.Design
	nodes := w.nodes
	var frames []designFrame
	var classes map[uint32]*initAppClass
	pop := func() {
		f := frames[len(frames)-1]
		frames = frames[:len(frames)-1]
		var parent *designFrame
		if len(frames) > 0 {
			parent = &frames[len(frames)-1]
		}
		for _, p := range f.stored {
			if !contains(f.returned, p) {
				continue
			}
			ev := w.ev(f.def)
			switch {
			case functionLikeParam(p):
				name := f.qual
				if parent != nil {
					name = parent.qual
				}
				addSite(&d.Registrars, DesignSite{Name: name, Detail: p, Evidence: ev})
			case parent != nil:
				parent.pending = append(parent.pending, pendingRegistrar{name: f.name, ev: ev})
			}
			break
		}
		for _, pr := range f.pending {
			if contains(f.returned, pr.name) {
				addSite(&d.Registrars, DesignSite{Name: f.qual, Detail: pr.name, Evidence: pr.ev})
			}
		}
	}
	for i := uint32(0); i < uint32(len(nodes)); i++ {
		for len(frames) > 0 && frames[len(frames)-1].end <= i {
			pop()
		}
		var top *designFrame
		if len(frames) > 0 {
			top = &frames[len(frames)-1]
		}
		switch nodes[i].sym {
		case symFuncDef:
			nameIdx := w.child(i, fieldName)
			if nameIdx == 0 {
				continue
			}
			f := designFrame{end: nodes[i].next, def: i, name: w.text(nameIdx), params: w.paramNames(i)}
			clsNode, clsName := w.enclosingClass(i)
			switch {
			case top != nil:
				f.qual = top.qual + ".<locals>." + f.name
				if len(top.closures) < MaxDesignSites {
					top.closures = append(top.closures, f.name)
				}
			case clsNode != 0:
				f.qual = clsName + "." + f.name
				f.clsNode = clsNode
			default:
				f.qual = f.name
			}
			if clsNode != 0 && top == nil {
				if classes == nil {
					classes = map[uint32]*initAppClass{}
				}
				c := classes[clsNode]
				if c == nil {
					c = &initAppClass{name: clsName, orderIndex: len(classes)}
					classes[clsNode] = c
				}
				switch {
				case f.name == "init_app" && contains(f.params, "app"):
					ev := w.ev(i)
					c.initApp = &ev
				case f.name == "__init__" && contains(f.params, "app"):
					c.takesApp = true
				}
				if w.raisesNotImplementedOnly(i) {
					addSite(&d.StubMethods, DesignSite{Name: f.qual, Evidence: w.ev(i)})
				}
			}
			frames = append(frames, f)
		case symCall:
			w.designCall(i, top, classes)
		case symAssignment, symAugAssignment:
			w.designAssignment(i, top)
		default:
			if nodes[i].sym == symReturn && top != nil {
				if v := w.firstNamed(i); v != 0 && nodes[v].sym == symIdentifier && len(top.returned) < MaxDesignSites {
					top.returned = append(top.returned, w.text(v))
				}
			}
		}
	}
	for len(frames) > 0 {
		pop()
	}
	// Classes in source order, so the facts do not depend on map order.
	ordered := make([]*initAppClass, len(classes))
	for _, c := range classes {
		ordered[c.orderIndex] = c
	}
	for _, c := range ordered {
		if c.initApp != nil && c.takesApp && c.callsInit {
			addSite(&d.InitApp, DesignSite{Name: c.name, Evidence: *c.initApp})
		}
	}
}

func addSite(list *[]DesignSite, s DesignSite) {
	if len(*list) < MaxDesignSites {
		*list = append(*list, s)
	}
}

// functionLikeParam reports a parameter name that says it holds a function.
func functionLikeParam(p string) bool {
	switch p {
	case "f", "fn", "func", "function", "fun", "wrapped", "view_func", "view", "cb", "method", "meth", "coro":
		return true
	}
	return callbackName(p)
}

// callbackName reports a name that says it holds a callback.
func callbackName(p string) bool {
	l := strings.ToLower(p)
	return strings.Contains(l, "callback") || strings.Contains(l, "handler") || strings.Contains(l, "hook") ||
		strings.HasPrefix(l, "on_")
}

// paramNames lists the names of a def's parameters, self included.
func (w *walker) paramNames(def uint32) []string {
	params := w.child(def, fieldParameters)
	if params == 0 {
		return nil
	}
	var out []string
	for c := params + 1; c < w.nodes[params].next && len(out) < MaxDesignSites; c = w.nodes[c].next {
		var id uint32
		switch w.nodes[c].sym {
		case symIdentifier:
			id = c
		case symDefaultParam, symTypedDefaultParam:
			id = w.child(c, fieldName)
		case symTypedParam, symListSplatPattern, symDictSplatPattern:
			id = w.childSym(c, symIdentifier)
		}
		if id != 0 && w.nodes[id].sym == symIdentifier {
			out = append(out, w.text(id))
		}
	}
	return out
}

// enclosingClass returns the class whose body directly holds def, if any.
func (w *walker) enclosingClass(def uint32) (uint32, string) {
	p := w.nodes[def].parent
	if p != noParent && w.nodes[p].sym == symDecoratedDef {
		p = w.nodes[p].parent
	}
	if p == noParent || w.nodes[p].sym != symBlock {
		return 0, ""
	}
	c := w.nodes[p].parent
	if c == noParent || w.nodes[c].sym != symClassDef {
		return 0, ""
	}
	name := w.child(c, fieldName)
	if name == 0 {
		return 0, ""
	}
	return c, w.text(name)
}

// raisesNotImplementedOnly reports a def whose body, after an optional
// docstring, is one raise of NotImplementedError.
func (w *walker) raisesNotImplementedOnly(def uint32) bool {
	body := w.child(def, fieldBody)
	if body == 0 {
		return false
	}
	var stmts []uint32
	for c := body + 1; c < w.nodes[body].next; c = w.nodes[c].next {
		if w.nodes[c].sym == symComment {
			continue
		}
		stmts = append(stmts, c)
		if len(stmts) > 2 {
			return false
		}
	}
	if len(stmts) == 2 && w.isDocstring(body) {
		stmts = stmts[1:]
	}
	if len(stmts) != 1 || w.nodes[stmts[0]].sym != symRaise {
		return false
	}
	return strings.Contains(w.text(stmts[0]), "NotImplementedError")
}

// storeMethods are the methods that keep their argument in a container.
var storeMethods = map[string]bool{"append": true, "add": true, "insert": true, "appendleft": true, "setdefault": true, "register": true}

func (w *walker) designCall(i uint32, top *designFrame, classes map[uint32]*initAppClass) {
	d := &w.ff.Design
	f := w.child(i, fieldFunction)
	if f == 0 {
		return
	}
	callee := compactText(w.text(f))
	args := w.child(i, fieldArguments)
	switch last := lastComponent(callee); {
	case callee == "exec" || callee == "execfile":
		if a := w.firstArg(args); a != 0 && (callee == "execfile" || readsFile(w.text(a))) {
			addSite(&d.ConfigLoads, DesignSite{Name: w.scopeName(top), Detail: callee + "(" + compactText(w.text(a)) + ")", Evidence: w.ev(i)})
		}
	case last == "run_path" || last == "spec_from_file_location" || last == "load_source" || last == "from_pyfile":
		if w.nodes[f].sym == symAttribute || last != "from_pyfile" {
			addSite(&d.ConfigLoads, DesignSite{Name: w.scopeName(top), Detail: callee, Evidence: w.ev(i)})
		}
	}
	if top == nil {
		return
	}
	if callee == "self.init_app" && top.name == "__init__" && top.clsNode != 0 {
		if c := classes[top.clsNode]; c != nil {
			c.callsInit = true
		}
	}
	if w.nodes[f].sym != symAttribute || args == 0 {
		return
	}
	attr := w.child(f, fieldAttributeF)
	obj := w.child(f, fieldObject)
	for a := args + 1; a < w.nodes[args].next; a = w.nodes[a].next {
		v := a
		if w.nodes[a].sym == symKeywordArgument {
			v = w.child(a, fieldValue)
		}
		if v == 0 {
			continue
		}
		if w.nodes[v].sym == symIdentifier {
			name := w.text(v)
			if contains(top.params, name) && !contains(top.stored, name) && len(top.stored) < MaxDesignSites {
				top.stored = append(top.stored, name)
			}
		}
		if attr != 0 && obj != 0 && storeMethods[w.text(attr)] && w.nodes[obj].sym == symAttribute {
			if fn := w.callbackValue(v, top); fn != "" {
				addSite(&d.StoredCallbacks, DesignSite{Name: compactText(w.text(obj)), Detail: fn, Evidence: w.ev(i)})
			}
		}
	}
}

// scopeName names where a call is made: the function, or the module.
func (w *walker) scopeName(top *designFrame) string {
	if top == nil {
		return "<module>"
	}
	return top.qual
}

// readsFile reports an exec argument that reads a file: exec of code
// built in memory (a generated function) is no configuration.
func readsFile(arg string) bool {
	return strings.Contains(arg, "open(") || strings.Contains(arg, ".read") || strings.Contains(arg, "read_text") ||
		strings.Contains(arg, "read_bytes")
}

// firstArg returns the first positional argument of an argument list, or 0.
func (w *walker) firstArg(args uint32) uint32 {
	if args == 0 {
		return 0
	}
	for a := args + 1; a < w.nodes[args].next; a = w.nodes[a].next {
		switch w.nodes[a].sym {
		case symComment, symKeywordArgument:
			continue
		}
		return a
	}
	return 0
}

// callbackValue names the function a value holds, when it is a lambda, a
// function defined in the enclosing function (a closure), or a parameter
// named like a callback; "" otherwise.
func (w *walker) callbackValue(v uint32, top *designFrame) string {
	switch w.nodes[v].sym {
	case symLambda:
		return "lambda"
	case symIdentifier:
		name := w.text(v)
		if contains(top.closures, name) || (contains(top.params, name) && callbackName(name)) {
			return name
		}
	}
	return ""
}

func (w *walker) designAssignment(i uint32, top *designFrame) {
	left, right := w.child(i, fieldLeft), w.child(i, fieldRight)
	if left == 0 || right == 0 {
		return
	}
	if top == nil {
		w.allNames(i, left, right)
		return
	}
	// A parameter kept in an attribute or any container item counts as
	// stored (a registry may be a module-level dict); a callback counts
	// as stored on an object only in an attribute or an attribute's item.
	onObject := false
	switch w.nodes[left].sym {
	case symAttribute:
		// klass.__lt__ = __lt__ gives a class a protocol method (a
		// hand-made total_ordering): the function becomes a method, not
		// a callback kept to be called later.
		if a := w.child(left, fieldAttributeF); a != 0 && isDunder(w.text(a)) {
			return
		}
		onObject = true
	case symSubscript:
		v := w.child(left, fieldValue)
		onObject = v != 0 && w.nodes[v].sym == symAttribute
	default:
		return
	}
	if w.nodes[right].sym == symIdentifier {
		name := w.text(right)
		if contains(top.params, name) && !contains(top.stored, name) && len(top.stored) < MaxDesignSites {
			top.stored = append(top.stored, name)
		}
	}
	if !onObject {
		return
	}
	if fn := w.callbackValue(right, top); fn != "" {
		addSite(&w.ff.Design.StoredCallbacks, DesignSite{Name: compactText(w.text(left)), Detail: fn, Evidence: w.ev(i)})
	}
}

// allNames records a module-level __all__ = [...] or __all__ += [...].
func (w *walker) allNames(stmt, left, right uint32) {
	if w.nodes[left].sym != symIdentifier || !w.textIs(left, "__all__") {
		return
	}
	if s := w.nodes[right].sym; s != symList && s != symTuple {
		return
	}
	d := &w.ff.Design
	if d.AllEvidence == nil {
		ev := w.ev(stmt)
		d.AllEvidence = &ev
	}
	for c := right + 1; c < w.nodes[right].next && len(d.All) < MaxAllNames; c = w.nodes[c].next {
		if w.nodes[c].sym != symString {
			continue
		}
		if name := stringValue(w.text(c)); isIdentifier(name) {
			d.All = append(d.All, name)
		}
	}
}

// stringValue strips a plain string literal's prefix and quotes.
func stringValue(s string) string {
	s = strings.TrimLeft(s, "rRuU")
	for _, q := range []string{`"""`, `'''`, `"`, `'`} {
		if len(s) >= 2*len(q) && strings.HasPrefix(s, q) && strings.HasSuffix(s, q) {
			return s[len(q) : len(s)-len(q)]
		}
	}
	return ""
}
