package manifest

import (
	"strings"
	"sync"

	sitter "github.com/tree-sitter/go-tree-sitter"
	tspython "github.com/tree-sitter/tree-sitter-python/bindings/go"
)

// maxEvalDepth bounds how deeply a setup.py value is followed through
// variables, `+` and calls such as list(...).
const maxEvalDepth = 12

var (
	pyLangOnce sync.Once
	pyLang     *sitter.Language
)

func pythonLanguage() *sitter.Language {
	pyLangOnce.Do(func() { pyLang = sitter.NewLanguage(tspython.Language()) })
	return pyLang
}

// setupKeywords maps the setup() keywords read to what they declare.
var setupKeywords = map[string]Kind{
	"install_requires": KindRuntime,
	"tests_require":    KindTest,
	"setup_requires":   KindBuild,
	"extras_require":   KindOptional,
}

// binding is one module-level statement that gives a name its value:
// `x = ...`, `x += ...`, `x.append(...)`, `x.extend(...)`, `x["k"] = ...`.
type binding struct {
	op    string // "=", "+=", "append", "extend", "[]"
	key   string // for "[]": the string subscript
	value *sitter.Node
	start uint
}

// setupReader evaluates literal values of one setup.py without running it.
type setupReader struct {
	f        *File
	src      []byte
	bindings map[string][]binding
	computed bool // some value could not be read as a literal
	// meta is what setup() names besides dependencies: the distribution
	// name and the console scripts, as literals; read only when wantMeta
	// (ReadSetupMetadata), so that the manifest's warnings stay about
	// dependencies.
	meta     SetupMetadata
	wantMeta bool
}

// SetupMetadata is what a setup.py's setup() call says of the project,
// read as literals from the syntax tree (never run): the distribution
// name and the console_scripts entry points.
type SetupMetadata struct {
	// Name is the literal name= keyword; empty when absent or computed.
	Name string
	// Scripts are the console_scripts specifications ("cmd = mod:func"),
	// each with its line.
	Scripts []SetupScript
}

// SetupScript is one console_scripts entry of a setup.py.
type SetupScript struct {
	Spec string
	Line int
}

// ReadSetupMetadata reads a setup.py's literal name= and console_scripts
// with the same evaluation of literals as its dependencies (variables
// assigned before the call, **config dicts); a computed value is left out.
func ReadSetupMetadata(data []byte) SetupMetadata {
	f := newFile("setup.py", FormatSetupPy)
	return parseSetupPy(f, data, true).meta
}

// parseSetupPy reads the install_requires, tests_require, setup_requires
// and extras_require keywords of setup(...) calls (setup, setuptools.setup,
// distutils.core.setup, and keywords passed as **dict) from the syntax tree.
// Literals are read: lists, tuples, strings (one requirement a line),
// `a + b`, list(...)/sorted(...), str.splitlines()/split(), and module-level
// variables assigned such values before the call (with += , .append,
// .extend). Anything else is computed: it yields a warning naming the line
// and is never executed. When something is computed, the string literals
// naming a requirements file (*.txt, *.in) are taken as includes, since
// that is how such setup.py files usually read their dependencies.
func parseSetupPy(f *File, data []byte, wantMeta bool) *setupReader {
	s := &setupReader{f: f, src: data, bindings: map[string][]binding{}, wantMeta: wantMeta}
	p := sitter.NewParser()
	defer p.Close()
	if err := p.SetLanguage(pythonLanguage()); err != nil {
		f.warn(0, "cannot load the Python grammar: %v", err)
		return s
	}
	tree := p.Parse(data, nil)
	if tree == nil {
		f.warn(0, "could not be parsed")
		return s
	}
	defer tree.Close()
	root := tree.RootNode()
	if root.HasError() {
		f.warn(firstErrorLine(root), "syntax errors: read what the parser recovered")
	}
	var calls []*sitter.Node
	var strs []*sitter.Node
	// Iterative walk: a deeply nested file cannot overflow the stack.
	type item struct {
		n      *sitter.Node
		module bool // at module level (not in a def or class)
	}
	stack := []item{{root, true}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := it.n
		module := it.module
		switch n.Kind() {
		case "function_definition", "class_definition", "lambda":
			module = false
		case "call":
			if fn := n.ChildByFieldName("function"); fn != nil {
				name := s.text(fn)
				if name == "setup" || strings.HasSuffix(name, ".setup") {
					calls = append(calls, n)
				}
				if module {
					s.methodBinding(n, fn)
				}
			}
		case "assignment", "augmented_assignment":
			if module {
				s.assignBinding(n)
			}
		case "string":
			strs = append(strs, n)
		}
		for i := int(n.NamedChildCount()) - 1; i >= 0; i-- {
			if c := n.NamedChild(uint(i)); c != nil {
				stack = append(stack, item{c, module})
			}
		}
	}
	for _, call := range calls {
		s.setupCall(call)
	}
	if s.computed {
		for _, n := range strs {
			v, ok := s.stringValue(n)
			if !ok {
				continue
			}
			l := strings.ToLower(v)
			if (strings.HasSuffix(l, ".txt") || strings.HasSuffix(l, ".in")) && strings.Contains(l, "req") &&
				!strings.ContainsAny(v, " \n\t") {
				f.Includes = append(f.Includes, Include{Target: v, Kind: KindRuntime, Evidence: Evidence{Path: f.Path, Line: line(n)}})
			}
		}
	}
	return s
}

func firstErrorLine(root *sitter.Node) int {
	stack := []*sitter.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.IsError() || n.IsMissing() {
			return line(n)
		}
		if !n.HasError() {
			continue
		}
		for i := int(n.ChildCount()) - 1; i >= 0; i-- {
			if c := n.Child(uint(i)); c != nil {
				stack = append(stack, c)
			}
		}
	}
	return 0
}

func line(n *sitter.Node) int { return int(n.StartPosition().Row) + 1 }

func (s *setupReader) text(n *sitter.Node) string {
	if n == nil {
		return ""
	}
	a, b := n.StartByte(), n.EndByte()
	if b > uint(len(s.src)) || a > b {
		return ""
	}
	return string(s.src[a:b])
}

func (s *setupReader) assignBinding(n *sitter.Node) {
	left, right := n.ChildByFieldName("left"), n.ChildByFieldName("right")
	if left == nil || right == nil {
		return
	}
	op := "="
	if n.Kind() == "augmented_assignment" {
		op = strings.TrimSpace(s.text(n.ChildByFieldName("operator")))
		if op != "+=" {
			op = "?" // any other operator makes the value computed
		}
	}
	switch left.Kind() {
	case "identifier":
		name := s.text(left)
		s.bindings[name] = append(s.bindings[name], binding{op: op, value: right, start: n.StartByte()})
	case "subscript":
		obj, sub := left.ChildByFieldName("value"), left.ChildByFieldName("subscript")
		if obj == nil || sub == nil || obj.Kind() != "identifier" {
			return
		}
		key, ok := s.stringValue(sub)
		if !ok {
			return
		}
		name := s.text(obj)
		s.bindings[name] = append(s.bindings[name], binding{op: "[]", key: key, value: right, start: n.StartByte()})
	}
}

// methodBinding records x.append(v) and x.extend(v) at module level.
func (s *setupReader) methodBinding(call, fn *sitter.Node) {
	if fn.Kind() != "attribute" {
		return
	}
	obj, attr := fn.ChildByFieldName("object"), fn.ChildByFieldName("attribute")
	if obj == nil || attr == nil || obj.Kind() != "identifier" {
		return
	}
	m := s.text(attr)
	if m != "append" && m != "extend" {
		return
	}
	args := call.ChildByFieldName("arguments")
	if args == nil || args.NamedChildCount() != 1 {
		return
	}
	name := s.text(obj)
	s.bindings[name] = append(s.bindings[name], binding{op: m, value: args.NamedChild(0), start: call.StartByte()})
}

// setupCall reads the dependency keywords of one setup(...) call.
func (s *setupReader) setupCall(call *sitter.Node) {
	args := call.ChildByFieldName("arguments")
	if args == nil {
		return
	}
	before := call.StartByte()
	for i := uint(0); i < args.NamedChildCount(); i++ {
		a := args.NamedChild(i)
		switch a.Kind() {
		case "keyword_argument":
			name := s.text(a.ChildByFieldName("name"))
			if _, ok := setupKeywords[name]; ok {
				s.keyword(name, a.ChildByFieldName("value"), before)
			}
			s.metadata(name, a.ChildByFieldName("value"), before)
		case "dictionary_splat":
			// setup(**config): read config's literal keys.
			inner := a.NamedChild(0)
			entries, ok := s.dict(inner, before, 0)
			if !ok {
				s.computedAt(inner, "**"+s.short(inner))
			}
			for _, e := range entries {
				if _, known := setupKeywords[e.key]; known {
					s.keyword(e.key, e.value, before)
				}
				s.metadata(e.key, e.value, before)
			}
		}
	}
}

func (s *setupReader) keyword(name string, value *sitter.Node, before uint) {
	if value == nil {
		return
	}
	kind := setupKeywords[name]
	if kind != KindOptional {
		items, _ := s.list(value, before, 0, name)
		s.addAll(items, kind, "")
		return
	}
	entries, ok := s.dict(value, before, 0)
	if !ok {
		s.computedAt(value, "extras_require")
	}
	for _, e := range entries {
		items, _ := s.list(e.value, before, 0, "extras_require["+e.key+"]")
		group := e.key
		// "test:python_version<'3'" style keys carry a marker.
		if j := strings.IndexByte(group, ':'); j >= 0 {
			group = group[:j]
		}
		s.addAll(items, KindOptional, group)
	}
}

type strItem struct {
	s    string
	line int
}

func (s *setupReader) addAll(items []strItem, kind Kind, group string) {
	for _, it := range items {
		cfgRequirement(s.f, it.s, it.line, kind, group)
	}
}

// computedAt records a value that is not a literal.
func (s *setupReader) computedAt(n *sitter.Node, what string) {
	s.computed = true
	s.f.warn(line(n), "%s is computed (%s): not executed, literal parts only", what, s.short(n))
}

func (s *setupReader) short(n *sitter.Node) string {
	t := strings.Join(strings.Fields(s.text(n)), " ")
	if len(t) > 60 {
		t = t[:60] + "..."
	}
	return t
}

// list evaluates a value that should be a list of requirement strings;
// complete is false when some part was computed (already warned about).
func (s *setupReader) list(n *sitter.Node, before uint, depth int, what string) (items []strItem, complete bool) {
	if n == nil {
		return nil, true
	}
	if depth > maxEvalDepth {
		s.computedAt(n, what+" (too deeply nested)")
		return nil, false
	}
	switch n.Kind() {
	case "list", "tuple", "set", "expression_list":
		complete = true
		for i := uint(0); i < n.NamedChildCount(); i++ {
			c := n.NamedChild(i)
			if c.Kind() == "comment" {
				continue
			}
			sub, ok := s.list(c, before, depth+1, what)
			items = append(items, sub...)
			complete = complete && ok
		}
		return items, complete
	case "string", "concatenated_string":
		v, ok := s.stringValue(n)
		if !ok {
			s.computedAt(n, what)
			return nil, false
		}
		for k, l := range strings.Split(v, "\n") {
			if t, _ := stripComment(l); strings.TrimSpace(t) != "" {
				items = append(items, strItem{strings.TrimSpace(t), line(n) + k})
			}
		}
		return items, true
	case "parenthesized_expression":
		if n.NamedChildCount() == 1 {
			return s.list(n.NamedChild(0), before, depth+1, what)
		}
	case "binary_operator":
		if op := n.ChildByFieldName("operator"); op != nil && s.text(op) == "+" {
			a, ok1 := s.list(n.ChildByFieldName("left"), before, depth+1, what)
			b, ok2 := s.list(n.ChildByFieldName("right"), before, depth+1, what)
			return append(a, b...), ok1 && ok2
		}
	case "identifier":
		return s.variable(n, before, depth, what)
	case "call":
		fn := n.ChildByFieldName("function")
		args := n.ChildByFieldName("arguments")
		if fn == nil || args == nil {
			break
		}
		switch name := s.text(fn); {
		case (name == "list" || name == "sorted" || name == "tuple" || name == "set") && args.NamedChildCount() == 1:
			return s.list(args.NamedChild(0), before, depth+1, what)
		case fn.Kind() == "attribute" && args.NamedChildCount() == 0:
			m := s.text(fn.ChildByFieldName("attribute"))
			if m == "splitlines" || m == "split" || m == "strip" {
				return s.list(fn.ChildByFieldName("object"), before, depth+1, what)
			}
		}
	}
	s.computedAt(n, what)
	return nil, false
}

// variable evaluates a module-level name from its bindings before the
// setup call: the last plain assignment, then the +=, append and extend
// that follow it.
func (s *setupReader) variable(n *sitter.Node, before uint, depth int, what string) ([]strItem, bool) {
	name := s.text(n)
	bs := s.bindings[name]
	last := -1
	for i, b := range bs {
		if b.start < before && b.op == "=" {
			last = i
		}
	}
	if last < 0 {
		s.computed = true
		s.f.warn(line(n), "%s: %s is not assigned a literal before setup(): left out", what, name)
		return nil, false
	}
	items, complete := s.list(bs[last].value, bs[last].start, depth+1, what)
	for _, b := range bs[last+1:] {
		if b.start >= before {
			break
		}
		switch b.op {
		case "+=", "extend", "append":
			more, ok := s.list(b.value, b.start, depth+1, what)
			items = append(items, more...)
			complete = complete && ok
		case "[]":
		default:
			s.computedAt(b.value, what)
			complete = false
		}
	}
	return items, complete
}

type dictEntry struct {
	key   string
	value *sitter.Node
}

// dict evaluates a dict literal, dict(k=v) call, or a name assigned one
// (plus x["k"] = v assignments), for extras_require and **config.
func (s *setupReader) dict(n *sitter.Node, before uint, depth int) ([]dictEntry, bool) {
	if n == nil || depth > maxEvalDepth {
		return nil, false
	}
	switch n.Kind() {
	case "dictionary":
		var out []dictEntry
		ok := true
		for i := uint(0); i < n.NamedChildCount(); i++ {
			c := n.NamedChild(i)
			switch c.Kind() {
			case "pair":
				k, isStr := s.stringValue(c.ChildByFieldName("key"))
				if !isStr {
					s.computedAt(c, "a dict key")
					ok = false
					continue
				}
				out = append(out, dictEntry{k, c.ChildByFieldName("value")})
			case "comment":
			default:
				s.computedAt(c, "a dict entry")
				ok = false
			}
		}
		return out, ok
	case "call":
		if s.text(n.ChildByFieldName("function")) != "dict" {
			return nil, false
		}
		args := n.ChildByFieldName("arguments")
		if args == nil {
			return nil, false
		}
		var out []dictEntry
		ok := true
		for i := uint(0); i < args.NamedChildCount(); i++ {
			a := args.NamedChild(i)
			if a.Kind() != "keyword_argument" {
				s.computedAt(a, "a dict() argument")
				ok = false
				continue
			}
			out = append(out, dictEntry{s.text(a.ChildByFieldName("name")), a.ChildByFieldName("value")})
		}
		return out, ok
	case "parenthesized_expression":
		if n.NamedChildCount() == 1 {
			return s.dict(n.NamedChild(0), before, depth+1)
		}
	case "identifier":
		bs := s.bindings[s.text(n)]
		last := -1
		for i, b := range bs {
			if b.start < before && b.op == "=" {
				last = i
			}
		}
		if last < 0 {
			return nil, false
		}
		out, ok := s.dict(bs[last].value, bs[last].start, depth+1)
		for _, b := range bs[last+1:] {
			if b.start < before && b.op == "[]" {
				out = append(out, dictEntry{b.key, b.value})
			}
		}
		return out, ok
	}
	return nil, false
}

// stringValue returns the value of a plain string literal (or an implicit
// concatenation of them); f-strings and byte strings are not plain.
func (s *setupReader) stringValue(n *sitter.Node) (string, bool) {
	if n == nil {
		return "", false
	}
	switch n.Kind() {
	case "concatenated_string":
		var b strings.Builder
		for i := uint(0); i < n.NamedChildCount(); i++ {
			c := n.NamedChild(i)
			if c.Kind() == "comment" {
				continue
			}
			v, ok := s.stringValue(c)
			if !ok {
				return "", false
			}
			b.WriteString(v)
		}
		return b.String(), true
	case "string":
		for i := uint(0); i < n.NamedChildCount(); i++ {
			if n.NamedChild(i).Kind() == "interpolation" {
				return "", false
			}
		}
		return pyStringLiteral(s.text(n))
	}
	return "", false
}

// pyStringLiteral decodes 'x', "x", r'x', u"x" and triple-quoted forms,
// with the common backslash escapes.
func pyStringLiteral(lit string) (string, bool) {
	raw := false
	j := 0
	for j < len(lit) && j < 3 {
		switch lit[j] {
		case 'r', 'R':
			raw = true
		case 'u', 'U':
		case 'f', 'F', 'b', 'B', 't', 'T':
			return "", false
		default:
			goto quotes
		}
		j++
	}
quotes:
	body := lit[j:]
	for _, q := range []string{`"""`, `'''`, `"`, `'`} {
		if len(body) >= 2*len(q) && strings.HasPrefix(body, q) && strings.HasSuffix(body, q) {
			v := body[len(q) : len(body)-len(q)]
			if raw || !strings.Contains(v, `\`) {
				return v, true
			}
			return unescape(v), true
		}
	}
	return "", false
}

func unescape(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c != '\\' || i+1 == len(v) {
			b.WriteByte(c)
			continue
		}
		i++
		switch v[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case '\\', '\'', '"':
			b.WriteByte(v[i])
		case '\n':
			// a line continuation inside the literal
		default:
			b.WriteByte('\\')
			b.WriteByte(v[i])
		}
	}
	return b.String()
}

// maxSetupScripts bounds the console scripts read from one setup.py.
const maxSetupScripts = 64

// metadata reads the name= and entry_points= keywords of setup() into
// s.meta, literals only; a computed value is left out without a warning
// (the dependencies' warnings already say what was computed).
func (s *setupReader) metadata(name string, value *sitter.Node, before uint) {
	if value == nil || !s.wantMeta {
		return
	}
	switch name {
	case "name":
		// A string literal, or a variable assigned one before the call.
		if items, ok := s.list(value, before, 0, "name"); ok && len(items) == 1 && s.meta.Name == "" {
			s.meta.Name = strings.TrimSpace(items[0].s)
		}
	case "entry_points":
		entries, _ := s.dict(value, before, 0)
		for _, e := range entries {
			if e.key != "console_scripts" {
				continue
			}
			items, _ := s.list(e.value, before, 0, "entry_points[console_scripts]")
			for _, it := range items {
				if len(s.meta.Scripts) < maxSetupScripts {
					s.meta.Scripts = append(s.meta.Scripts, SetupScript{Spec: it.s, Line: it.line})
				}
			}
		}
	}
}
