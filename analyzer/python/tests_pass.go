package python

// The pass over the syntax tree that finds tests, assertions, fixtures and
// mocking. At about 790 lines it is one state machine (frames, classes,
// functions, helper resolution) that reads best whole.

import (
	"bytes"
	"sort"
	"strings"
	"sync"
	"unsafe"
)

// ---- the walk

// Symbols the test pass needs that the main walk does not.
var (
	testSymsOnce sync.Once
	symEllipsis  uint16
)

func initTestSymbols() {
	testSymsOnce.Do(func() {
		symEllipsis = grammar().lang.IdForNodeKind("ellipsis", true)
	})
}

// Frame kinds of the test pass.
const (
	tfModule uint8 = iota
	tfClass
	tfFunc
)

type testFrame struct {
	end   uint32
	kind  uint8
	cls   int32 // class record of a class frame; -1 otherwise
	owner int32 // module-level function or method whose body this is; -1: none
}

type testClass struct {
	name   string
	bases  []string // last components
	test   bool
	nested bool // defined inside a function: neither a test class nor a holder of methods
	// unittest: a TestCase, or derived from one of the file: pytest
	// passes its methods no fixtures.
	unittest bool
}

// maxHelperCalls bounds the callee names kept per function for helper
// resolution, so a huge function cannot grow the pass's memory.
const maxHelperCalls = 64

// testFunc is a module-level function or a method: the units to which
// assertions and helper calls are attributed.
type testFunc struct {
	name    string
	cls     int32 // -1 at module level
	test    bool
	empty   bool
	asserts int
	calls   []uint32 // callee nodes: identifier f of f(...), attribute self.m of self.m(...)
	ev      Evidence
}

// testImports is what the file's imports allow the pass to recognise.
type testImports struct {
	pytestNames  map[string]bool // names imported from pytest
	mock         bool            // unittest.mock or mock imported
	unittestMod  bool            // `import unittest`: unittest.mock.x reachable
	unittest     bool
	responses    bool
	respx        bool
	vcr          bool
	freezegun    bool
	given        bool // given imported from hypothesis
	parameterize bool // the parameterized library imported
}

type testPass struct {
	w         *walker
	tf        *TestFacts
	imp       testImports
	frames    []testFrame
	classes   []testClass
	funcs     []testFunc
	signs     map[string]FrameworkSign
	assertEnd uint32
	spare     [][]uint32 // call buffers of the previous file's functions
	// testNames are the names of the test classes so far, so that a
	// class's bases are looked up once each rather than against every
	// class of the file; the value says whether one of that name is a
	// unittest.TestCase suite.
	testNames map[string]bool
	// classByName indexes classes by name once the file is walked.
	classByName map[string][]int32
}

// testPasses recycles the pass's buffers across files without a field in
// the walker.
var testPasses = sync.Pool{New: func() any { return new(testPass) }}

// testFacts adds the test facts of the tree just walked to w.ff.Tests. It
// is a pass of its own over the node array, after the main walk, so that
// the two keep separate contexts; it costs one more linear loop.
func (w *walker) testFacts() {
	initTestSymbols()
	p := testPasses.Get().(*testPass)
	defer func() {
		p.reset()
		testPasses.Put(p)
	}()
	p.w, p.tf = w, &w.ff.Tests
	for _, s := range p.tf.Frameworks { // earlier notebook cells
		p.sign(s.Name, s.Sign, s.Evidence)
	}
	p.scanImports()
	p.run()
	p.resolve()
	if len(p.signs) > 0 {
		fs := make([]FrameworkSign, 0, len(p.signs))
		for _, s := range p.signs {
			fs = append(fs, s)
		}
		sort.Slice(fs, func(i, j int) bool { return fs[i].Name < fs[j].Name })
		p.tf.Frameworks = fs
	}
}

// reset clears p for the next file, keeping its buffers but no view of
// this file's source.
func (p *testPass) reset() {
	for k := range p.funcs {
		if c := p.funcs[k].calls; cap(c) > 0 && len(p.spare) < 256 {
			p.spare = append(p.spare, c[:0])
		}
	}
	clear(p.funcs)
	clear(p.classes)
	clear(p.signs)
	clear(p.testNames)
	clear(p.classByName)
	*p = testPass{frames: p.frames[:0], classes: p.classes[:0], funcs: p.funcs[:0],
		spare: p.spare, signs: p.signs, testNames: p.testNames, classByName: p.classByName}
}

// sign records a framework's sign; the first in the file is kept, except
// that a sign only pytest gives (an import, a fixture, a fixture argument)
// replaces a test function or Test class, which other runners (nose, a
// unittest base class of another file) may explain.
func (p *testPass) sign(name, sign string, ev Evidence) {
	if old, ok := p.signs[name]; ok {
		oldWeak, weak := weakSign(old.Sign), weakSign(sign)
		if weak && !oldWeak || weak == oldWeak && !evLess(ev, old.Evidence) {
			return
		}
	}
	if p.signs == nil {
		p.signs = map[string]FrameworkSign{}
	}
	p.signs[name] = FrameworkSign{Name: name, Sign: sign, Evidence: ev}
}

// weakSign reports whether a sign shows pytest's conventions without
// showing pytest itself.
func weakSign(sign string) bool { return sign == SignTestFunction || sign == SignTestClass }

func (p *testPass) scanImports() {
	im := &p.imp
	for _, imp := range p.w.ff.Imports {
		if imp.Level > 0 {
			continue
		}
		top := imp.Top
		switch {
		case top == "pytest" || top == "_pytest" || strings.HasPrefix(top, "pytest_"):
			p.sign(FrameworkPytest, SignImport, imp.Evidence)
			if imp.Module == "pytest" && imp.Kind == ImportFrom {
				if im.pytestNames == nil {
					im.pytestNames = map[string]bool{}
				}
				for _, n := range imp.Names {
					im.pytestNames[n] = true
				}
			}
		case top == "unittest":
			switch {
			case imp.Module == "unittest.mock" || strings.HasPrefix(imp.Module, "unittest.mock."):
				im.mock = true
			case imp.Module == "unittest" && imp.Kind == ImportFrom:
				onlyMock := true
				for _, n := range imp.Names {
					if n == "mock" {
						im.mock = true
					} else {
						onlyMock = false
					}
				}
				if !onlyMock {
					im.unittest = true
					p.sign(FrameworkUnittest, SignImport, imp.Evidence)
				}
			default:
				if imp.Module == "unittest" {
					im.unittestMod = true
				}
				im.unittest = true
				p.sign(FrameworkUnittest, SignImport, imp.Evidence)
			}
		case top == "mock":
			im.mock = true
		case top == "nose" || top == "nose2":
			p.sign(FrameworkNose, SignImport, imp.Evidence)
		case top == "doctest":
			p.sign(FrameworkDoctest, SignImport, imp.Evidence)
		case top == "hypothesis":
			p.sign(FrameworkHypothesis, SignImport, imp.Evidence)
			if imp.Module == "hypothesis" && contains(imp.Names, "given") {
				im.given = true
			}
		case top == "responses":
			im.responses = true
		case top == "respx":
			im.respx = true
		case top == "vcr":
			im.vcr = true
		case top == "freezegun":
			im.freezegun = true
		case top == "parameterized":
			im.parameterize = true
		}
	}
}

func (p *testPass) run() {
	w := p.w
	nodes := w.nodes
	p.frames = append(p.frames[:0], testFrame{end: uint32(len(nodes)), kind: tfModule, cls: -1, owner: -1})
	if w.isDocstring(0) {
		p.doctests(w.firstNamed(w.firstNamed(0)))
	}
	for i := uint32(1); i < uint32(len(nodes)); i++ {
		top := &p.frames[len(p.frames)-1]
		for top.end <= i {
			p.frames = p.frames[:len(p.frames)-1]
			top = &p.frames[len(p.frames)-1]
		}
		switch nodes[i].sym {
		case symClassDef:
			p.classDef(i, *top)
		case symFuncDef:
			p.funcDef(i, *top)
		case symAssert:
			if i >= p.assertEnd {
				p.assertEnd = nodes[i].next
				p.assertion(i, top.owner)
			}
		case symCall:
			p.call(i, top.owner)
		case symDecorator:
			if e := w.firstNamed(i); e != 0 && nodes[e].sym != symCall {
				if name, ok := p.dotted(e); ok {
					p.mockUse(name, w.ev(i))
				}
			}
		}
	}
}

// view returns node i's text without copying. The string aliases the
// source, so it must not outlive the pass (reset drops every view).
func (p *testPass) view(i uint32) string {
	n := &p.w.nodes[i]
	if n.endByte <= n.startByte {
		return ""
	}
	return unsafe.String(&p.w.src[n.startByte], int(n.endByte-n.startByte))
}

// dotted returns the text of an identifier or a dotted attribute chain,
// as a view when it holds no whitespace.
func (p *testPass) dotted(i uint32) (string, bool) {
	n := &p.w.nodes[i]
	switch n.sym {
	case symIdentifier:
		return p.view(i), true
	case symAttribute:
		if n.endByte-n.startByte > 200 {
			return "", false
		}
		s := p.view(i)
		if strings.ContainsAny(s, " \t\r\n\\#") {
			s = compactText(s)
		}
		return s, isDottedName(s)
	}
	return "", false
}

// isDottedName is isDottedIdentifier without allocating.
func isDottedName(s string) bool {
	for {
		part, rest, more := strings.Cut(s, ".")
		if !isIdentifier(part) {
			return false
		}
		if !more {
			return true
		}
		s = rest
	}
}

func (p *testPass) assertion(i uint32, owner int32) {
	if owner < 0 {
		return
	}
	f := &p.funcs[owner]
	f.asserts++
	if f.test {
		p.tf.Assertions.add(p.w.ev(i))
	}
}

var testCaseHelpers = map[string]bool{"raises": true, "warns": true, "deprecated_call": true, "fail": true}

// isAssertionCall reports whether a callee's dotted name makes the call an
// assertion.
func (p *testPass) isAssertionCall(name string) bool {
	last := name
	obj := ""
	if j := strings.LastIndexByte(name, '.'); j >= 0 {
		obj, last = name[:j], name[j+1:]
	}
	switch {
	case strings.HasPrefix(last, "assert"):
		return true
	case obj == "self" || obj == "cls":
		return strings.HasPrefix(last, "fail")
	case obj == "pytest":
		return testCaseHelpers[last]
	case obj == "":
		return testCaseHelpers[last] && p.imp.pytestNames[last]
	}
	return false
}

func (p *testPass) call(i uint32, owner int32) {
	w := p.w
	f := w.child(i, fieldFunction)
	if f == 0 {
		return
	}
	name, ok := p.dotted(f)
	if !ok {
		return
	}
	if i >= p.assertEnd && p.isAssertionCall(name) {
		p.assertion(i, owner)
	} else if owner >= 0 && (w.nodes[f].sym == symIdentifier || isSelfMethod(name)) {
		rec := &p.funcs[owner]
		if len(rec.calls) < maxHelperCalls && !p.called(rec, name) {
			if rec.calls == nil && len(p.spare) > 0 {
				rec.calls = p.spare[len(p.spare)-1]
				p.spare = p.spare[:len(p.spare)-1]
			}
			rec.calls = append(rec.calls, f)
		}
	}
	p.mockUse(name, w.ev(i))
}

// isSelfMethod reports whether name is self.m: a call a helper method of
// the class (or of its bases) may answer.
func isSelfMethod(name string) bool {
	m, ok := strings.CutPrefix(name, "self.")
	return ok && strings.IndexByte(m, '.') < 0
}

func (p *testPass) called(rec *testFunc, name string) bool {
	for _, c := range rec.calls {
		if n, _ := p.dotted(c); n == name {
			return true
		}
	}
	return false
}

var unittestMockNames = map[string]bool{
	"patch": true, "patch.object": true, "patch.dict": true, "patch.multiple": true,
	"Mock": true, "MagicMock": true, "AsyncMock": true, "NonCallableMock": true,
	"NonCallableMagicMock": true, "PropertyMock": true, "create_autospec": true, "mock_open": true,
}

// mockUse counts a call or decorator named name as a mocking library use.
func (p *testPass) mockUse(name string, ev Evidence) {
	m := &p.tf.Mocking
	im := &p.imp
	first := name
	if j := strings.IndexByte(name, '.'); j >= 0 {
		first = name[:j]
	}
	switch {
	case name == "pytest.mark.vcr":
		m.VCR.add(ev)
	case first == "responses" && im.responses && first != name:
		m.Responses.add(ev)
	case first == "respx" && im.respx && first != name:
		m.Respx.add(ev)
	case first == "vcr" && im.vcr && first != name:
		m.VCR.add(ev)
	case (name == "freeze_time" || name == "freezegun.freeze_time") && im.freezegun:
		m.Freezegun.add(ev)
	case im.mock || im.unittestMod:
		rest := name
		switch {
		case strings.HasPrefix(name, "unittest.mock."):
			rest = name[len("unittest.mock."):]
		case im.mock && strings.HasPrefix(name, "mock."):
			rest = name[len("mock."):]
		case !im.mock:
			return
		}
		if unittestMockNames[rest] {
			m.UnittestMock.add(ev)
		}
	}
}

// isTestCaseBase reports whether a base class makes a class a test class.
func isTestCaseBase(last string) bool {
	return strings.HasSuffix(last, "TestCase")
}

func (p *testPass) classDef(i uint32, top testFrame) {
	w := p.w
	nameIdx := w.child(i, fieldName)
	if nameIdx == 0 {
		return
	}
	cl := testClass{name: p.view(nameIdx), nested: top.owner >= 0}
	candidate := !cl.nested && (top.kind == tfModule || (top.kind == tfClass && p.classes[top.cls].test))
	testCase := false
	if sc := w.child(i, fieldSuperclasses); sc != 0 {
		for c := sc + 1; c < w.nodes[sc].next; c = w.nodes[c].next {
			switch w.nodes[c].sym {
			case symIdentifier, symAttribute, symSubscript:
				b := lastComponent(compactText(w.text(c)))
				cl.bases = append(cl.bases, b)
				if isTestCaseBase(b) {
					testCase = true
				}
			}
		}
	}
	inherited := false
	for _, b := range cl.bases {
		if unit, ok := p.testNames[b]; ok {
			inherited = true
			cl.unittest = cl.unittest || unit
		}
	}
	cl.unittest = cl.unittest || testCase
	ev := w.ev(i)
	if candidate && (testCase || inherited || strings.HasPrefix(cl.name, "Test")) {
		cl.test = true
		p.tf.Classes.add(ev)
		switch {
		case testCase:
			p.sign(FrameworkUnittest, SignTestCase, ev)
		case !inherited:
			p.sign(FrameworkPytest, SignTestClass, ev)
		}
	}
	for _, d := range w.decorators(i) {
		p.decorator(d, ev)
	}
	if body := w.child(i, fieldBody); body != 0 && w.isDocstring(body) {
		p.doctests(w.firstNamed(w.firstNamed(body)))
	}
	idx := int32(len(p.classes))
	p.classes = append(p.classes, cl)
	if cl.test {
		if p.testNames == nil {
			p.testNames = map[string]bool{}
		}
		p.testNames[cl.name] = p.testNames[cl.name] || cl.unittest
	}
	p.frames = append(p.frames, testFrame{end: w.nodes[i].next, kind: tfClass, cls: idx, owner: top.owner})
}

// decorator counts the decorator facts that do not depend on what is
// decorated; it reports whether d makes a fixture.
func (p *testPass) decorator(d string, ev Evidence) (fixture bool) {
	switch d {
	case "pytest.fixture", "pytest_asyncio.fixture":
		fixture = true
	case "fixture":
		fixture = p.imp.pytestNames["fixture"]
	case "pytest.mark.parametrize":
		p.tf.Parametrize.add(ev)
	case "mark.parametrize":
		if p.imp.pytestNames["mark"] {
			p.tf.Parametrize.add(ev)
		}
	case "parameterized", "parameterized.expand":
		if p.imp.parameterize {
			p.tf.Parametrize.add(ev)
		}
	}
	return fixture
}

var classSetUps = setOf("setUp", "tearDown", "setUpClass", "tearDownClass", "asyncSetUp", "asyncTearDown",
	"setup_method", "teardown_method", "setup_class", "teardown_class")

var moduleSetUps = setOf("setUpModule", "tearDownModule", "setup_module", "teardown_module",
	"setup_function", "teardown_function")

func (p *testPass) funcDef(i uint32, top testFrame) {
	w := p.w
	nameIdx := w.child(i, fieldName)
	if nameIdx == 0 {
		return
	}
	name := p.view(nameIdx)
	ev := w.ev(i)
	fixture, given := false, false
	for _, d := range w.decorators(i) {
		if p.decorator(d, ev) {
			fixture = true
		}
		if d == "hypothesis.given" || (d == "given" && p.imp.given) {
			given = true
		}
	}
	if fixture {
		p.tf.Fixtures.add(ev)
		p.sign(FrameworkPytest, SignFixture, ev)
	}
	fixtureArg := p.params(i, ev)
	body := w.child(i, fieldBody)
	if body != 0 && w.isDocstring(body) {
		p.doctests(w.firstNamed(w.firstNamed(body)))
	}

	owner := top.owner
	if owner < 0 && (top.kind == tfModule || (top.kind == tfClass && !p.classes[top.cls].nested)) {
		rec := testFunc{name: name, cls: -1, ev: ev}
		isTest := !fixture && strings.HasPrefix(name, "test")
		if top.kind == tfClass {
			rec.cls = top.cls
			cl := &p.classes[top.cls]
			rec.test = isTest && cl.test
			if cl.test && classSetUps[name] {
				p.tf.SetUps.add(ev)
			}
		} else {
			rec.test = isTest && !(name == "test_suite" && p.imp.unittest)
			if moduleSetUps[name] {
				p.tf.SetUps.add(ev)
			}
		}
		if rec.test {
			rec.empty = body != 0 && p.emptyBody(body)
			if rec.cls >= 0 {
				p.tf.Methods.add(ev)
			} else {
				p.tf.Functions.add(ev)
				p.sign(FrameworkPytest, SignTestFunction, ev)
			}
			if given {
				p.tf.PropertyTests.add(ev)
			}
			if fixtureArg && (rec.cls < 0 || !p.classes[rec.cls].unittest) {
				p.sign(FrameworkPytest, SignFixtureArgument, ev)
			}
		}
		owner = int32(len(p.funcs))
		p.funcs = append(p.funcs, rec)
	}
	if given {
		p.sign(FrameworkHypothesis, SignGiven, ev)
	}
	p.frames = append(p.frames, testFrame{end: w.nodes[i].next, kind: tfFunc, cls: -1, owner: owner})
}

// pytestFixtures are pytest's built-in fixtures and pytest-mock's: a test
// taking one is run by pytest.
var pytestFixtures = setOf("tmp_path", "tmp_path_factory", "tmpdir", "tmpdir_factory", "capsys",
	"capsysbinary", "capfd", "capfdbinary", "caplog", "monkeypatch", "request", "recwarn",
	"pytestconfig", "record_property", "record_testsuite_property", "record_xml_attribute",
	"doctest_namespace", "pytester", "testdir", "mocker", "class_mocker", "module_mocker",
	"package_mocker", "session_mocker")

// params counts the fixtures a function asks for by parameter name; it
// reports whether one of them is a pytest fixture.
func (p *testPass) params(i uint32, ev Evidence) (pytestFixture bool) {
	w := p.w
	params := w.child(i, fieldParameters)
	if params == 0 {
		return false
	}
	m := &p.tf.Mocking
	for c := params + 1; c < w.nodes[params].next; c = w.nodes[c].next {
		var id uint32
		switch w.nodes[c].sym {
		case symIdentifier:
			id = c
		case symTypedParam:
			id = w.firstNamed(c)
		case symDefaultParam, symTypedDefaultParam:
			id = w.child(c, fieldName)
		}
		if id == 0 || w.nodes[id].sym != symIdentifier {
			continue
		}
		if pytestFixtures[p.view(id)] {
			pytestFixture = true
		}
		switch {
		case w.textIs(id, "mocker"), w.textIs(id, "class_mocker"), w.textIs(id, "module_mocker"),
			w.textIs(id, "package_mocker"), w.textIs(id, "session_mocker"):
			m.PytestMock.add(ev)
		case w.textIs(id, "monkeypatch"):
			m.Monkeypatch.add(ev)
		case w.textIs(id, "respx_mock"):
			m.Respx.add(ev)
		case w.textIs(id, "freezer"):
			m.Freezegun.add(ev)
		}
	}
	return pytestFixture
}

// emptyBody reports whether a block holds only pass, ... and strings.
func (p *testPass) emptyBody(block uint32) bool {
	w := p.w
	for c := block + 1; c < w.nodes[block].next; c = w.nodes[c].next {
		switch w.nodes[c].sym {
		case symComment, symPassStatement:
			continue
		case symExpressionStatement:
			e := w.firstNamed(c)
			if e != 0 && w.nodes[e].next == w.nodes[c].next {
				switch w.nodes[e].sym {
				case symString, symConcatString, symEllipsis:
					continue
				}
			}
		}
		return false
	}
	return true
}

// doctests counts the `>>>` lines of a docstring node.
func (p *testPass) doctests(str uint32) {
	w := p.w
	if str == 0 {
		return
	}
	n := &w.nodes[str]
	text := w.src[n.startByte:n.endByte]
	line := int(n.startRow) + 1
	for first := true; ; first = false {
		l, rest, more := bytes.Cut(text, []byte{'\n'})
		l = bytes.TrimLeft(l, " \t")
		if first {
			l = bytes.TrimLeft(l, `rRuU"'`) // the opening quotes
		}
		if bytes.HasPrefix(l, []byte(">>>")) {
			p.tf.DoctestExamples.add(Evidence{Path: w.path, Line: line, EndLine: line, Cell: w.cell})
		}
		if !more {
			break
		}
		text = rest
		line++
	}
}

// resolve decides which tests assert through helpers and which assert
// nothing: a function asserts when it has an assertion or calls a
// function of the file that asserts; the loop runs until nothing changes.
func (p *testPass) resolve() {
	funcs := p.funcs
	if len(funcs) == 0 {
		return
	}
	asserting := make([]bool, len(funcs))
	for k := range funcs {
		asserting[k] = funcs[k].asserts > 0
	}
	// A function asserts when a callee it may resolve to asserts: the
	// asserting ones spread to their callers through the names they are
	// called by, each name and each call once (a fixed point recomputed
	// over every call would be quadratic in a chain of helpers).
	callers := map[string][]int{}
	for k := range funcs {
		if asserting[k] {
			continue
		}
		for _, c := range funcs[k].calls {
			name, _ := p.dotted(c)
			for _, key := range p.calleeKeys(&funcs[k], name) {
				callers[key] = append(callers[key], k)
			}
		}
	}
	var queue []string
	done := map[string]bool{}
	reached := func(k int) {
		key := funcs[k].name
		if funcs[k].cls >= 0 {
			key = p.classes[funcs[k].cls].name + "." + funcs[k].name
		}
		if !done[key] {
			done[key] = true
			queue = append(queue, key)
		}
	}
	for k := range funcs {
		if asserting[k] {
			reached(k)
		}
	}
	for len(queue) > 0 {
		key := queue[0]
		queue = queue[1:]
		for _, k := range callers[key] {
			if !asserting[k] {
				asserting[k] = true
				reached(k)
			}
		}
	}
	for k := range funcs {
		f := &funcs[k]
		if !f.test || f.asserts > 0 {
			continue
		}
		if asserting[k] {
			p.tf.HelperAssertions.add(f.ev)
			continue
		}
		p.tf.AssertsNothing.add(f.ev)
		if f.empty {
			p.tf.Empty.add(f.ev)
		}
	}
}

// calleeKeys lists the names ("f", "Class.method") callee c of f may resolve to:
// a module-level function for a bare name, a method of f's class or of its
// bases in the file for self.name, the classes searched breadth-first by
// name, at most 64 of them.
func (p *testPass) calleeKeys(f *testFunc, c string) []string {
	method, ok := strings.CutPrefix(c, "self.")
	if !ok {
		return []string{c}
	}
	if f.cls < 0 {
		return nil
	}
	if len(p.classByName) == 0 && len(p.classes) > 0 {
		if p.classByName == nil {
			p.classByName = map[string][]int32{}
		}
		for k := range p.classes {
			p.classByName[p.classes[k].name] = append(p.classByName[p.classes[k].name], int32(k))
		}
	}
	var keys []string
	queue := []string{p.classes[f.cls].name}
	seen := map[string]bool{queue[0]: true}
	for len(queue) > 0 && len(seen) < 64 {
		cname := queue[0]
		queue = queue[1:]
		keys = append(keys, cname+"."+method)
		for _, k := range p.classByName[cname] {
			for _, b := range p.classes[k].bases {
				if !seen[b] {
					seen[b] = true
					queue = append(queue, b)
				}
			}
		}
	}
	return keys
}
