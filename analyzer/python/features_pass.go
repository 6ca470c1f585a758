package python

// The main pass: statements and expressions, which mostly count features,
// and finish, which derives the facts that need the whole file.

import "strings"

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
	if w.nodes[i].sym == symExceptGroup {
		w.ff.Features.Modern.ExceptionGroups.add(w.ev(i))
	}
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

// finish derives the facts that need the whole file: class kinds (which
// resolve names through the file's imports), generator and topic tallies, Python 2.
func finish(ff *FileFacts) {
	feats := &ff.Features
	fileKinds(ff)
	for ci := range ff.Classes {
		cl := &ff.Classes[ci]
		if cl.Kinds.ContextManager {
			feats.Idioms.ContextManagers.add(cl.Evidence)
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
