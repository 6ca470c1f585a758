package configfile

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Bounds on YAML input checked by YAMLTooDeep: the YAML parser's memory
// grows with the square of nesting.
const (
	MaxYAMLDepth = 64  // flow brackets
	MaxYAMLLead  = 400 // leading columns of a line, block indicators counted twice
)

// YAMLTooDeep rejects text whose nesting would make the parser's memory
// explode: flow brackets deeper than MaxYAMLDepth, or a line whose
// indentation plus block indicators ("- ", "? ") exceed MaxYAMLLead. It
// returns the line and a reason, or 0, "".
func YAMLTooDeep(data []byte) (int, string) {
	depth, line := 0, 1
	for len(data) > 0 {
		l := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			l, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		lead := 0
		j := 0
		for j < len(l) && (l[j] == ' ' || l[j] == '\t') {
			lead++
			j++
		}
		for j+1 < len(l) && (l[j] == '-' || l[j] == '?') && (l[j+1] == ' ' || l[j+1] == '\t') {
			lead += 2
			j += 2
			for j < len(l) && (l[j] == ' ' || l[j] == '\t') {
				lead++
				j++
			}
		}
		if lead > MaxYAMLLead {
			return line, fmt.Sprintf("nested more than %d columns deep: not parsed", MaxYAMLLead)
		}
		var quote byte
		for k := j; k < len(l); k++ {
			c := l[k]
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '\'' || c == '"':
				quote = c
			case c == '#' && (k == 0 || l[k-1] == ' ' || l[k-1] == '\t'):
				k = len(l)
			case c == '[' || c == '{':
				depth++
				if depth > MaxYAMLDepth {
					return line, fmt.Sprintf("flow collections nested more than %d deep: not parsed", MaxYAMLDepth)
				}
			case (c == ']' || c == '}') && depth > 0:
				depth--
			}
		}
		line++
	}
	return 0, ""
}

// Bounds on YAML input. The parser's memory grows with the square of the
// nesting depth, so depth is checked on the raw text before parsing;
// aliases are expanded by our own conversion, under a node budget, so an
// alias bomb costs at most MaxYAMLNodes.
const (
	// MaxYAMLBytes is the largest YAML file parsed: the manifests' bound
	// (conda environments); readers may keep a smaller one.
	MaxYAMLBytes = 1 << 20
	// MaxYAMLNodes bounds the nodes of one YAML document, aliases expanded.
	MaxYAMLNodes = 20_000
	maxNodeDepth = MaxYAMLDepth // nesting in the converted tree
)

// NodeKind is the kind of a converted YAML node.
type NodeKind uint8

// The kinds of YAML nodes.
const (
	Null NodeKind = iota
	Scalar
	Map
	Seq
)

// Node is a YAML node reduced to what the analyses read: scalars keep
// their text as written, so 3.10 stays "3.10"; aliases are expanded.
type Node struct {
	Kind     NodeKind
	Value    string // scalar text, unquoted
	Float    bool   // an unquoted number with a fraction (YAML reads 3.10 as 3.1)
	Line     int
	Keys     []string
	KeyLines []int // the line of each key
	Vals     []*Node
	Items    []*Node
}

// Get returns the value of key in a mapping, or nil.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Map {
		return nil
	}
	for i, k := range n.Keys {
		if k == key {
			return n.Vals[i]
		}
	}
	return nil
}

// KeyLine returns the line of key in a mapping, or 0.
func (n *Node) KeyLine(key string) int {
	if n == nil || n.Kind != Map {
		return 0
	}
	for i, k := range n.Keys {
		if k == key {
			return n.KeyLines[i]
		}
	}
	return 0
}

// Str returns a scalar's text, or "".
func (n *Node) Str() string {
	if n == nil || n.Kind != Scalar {
		return ""
	}
	return n.Value
}

// List returns a sequence's items, or a scalar as a one-item list.
func (n *Node) List() []*Node {
	switch {
	case n == nil:
		return nil
	case n.Kind == Seq:
		return n.Items
	case n.Kind == Scalar:
		return []*Node{n}
	}
	return nil
}

// YAMLError is a parse failure with the line the parser named (0: none).
type YAMLError struct {
	Line int
	Msg  string
	// Detail is the parser's own text (position and source excerpt
	// included) when the parser refused the text; else Msg.
	Detail string
	// TooDeep is set when the text was refused before parsing (see
	// YAMLTooDeep).
	TooDeep bool
}

// Error returns the message.
func (e *YAMLError) Error() string { return e.Msg }

// ErrNotInSet is returned by Set.YAML for a file the set does not hold.
var ErrNotInSet = errors.New("file not in the set")

// errTooManyNodes is returned for documents over the node budget.
var errTooManyNodes = errors.New("more than 20000 YAML nodes (aliases expanded)")

// YAML is one parsed YAML file, every document reduced to Nodes.
type YAML struct {
	// Err is set when the file was refused (size, nesting) or did not
	// parse; Docs is empty then.
	Err *YAMLError
	// Docs are the documents in order; a document whose conversion failed
	// (an unknown alias, over the node budget) is nil, with its error in
	// DocErrs.
	Docs    []*Node
	DocErrs []error
}

// ParseYAMLFile parses every document of data. It never panics: parser
// panics come back as errors. The node budget MaxYAMLNodes is the whole
// file's, so many small alias bombs cost no more than one.
func ParseYAMLFile(data []byte) (out *YAML) {
	out = &YAML{}
	if len(data) > MaxYAMLBytes {
		out.Err = &YAMLError{Msg: fmt.Sprintf("%d bytes, over the %d-byte bound: not parsed", len(data), MaxYAMLBytes)}
		out.Err.Detail = out.Err.Msg
		return out
	}
	if line, msg := YAMLTooDeep(data); msg != "" {
		out.Err = &YAMLError{Line: line, Msg: msg, Detail: msg, TooDeep: true}
		return out
	}
	defer func() {
		if r := recover(); r != nil {
			msg := fmt.Sprintf("YAML parser failed: %v", r)
			out = &YAML{Err: &YAMLError{Msg: msg, Detail: msg}}
		}
	}()
	f, perr := parser.ParseBytes(data, 0)
	if perr != nil {
		ye := &YAMLError{Msg: perr.Error(), Detail: perr.Error()}
		var e yaml.Error
		if errors.As(perr, &e) {
			ye.Msg = e.GetMessage()
			if tk := e.GetToken(); tk != nil && tk.Position != nil {
				ye.Line = newlineLines(data)(tk.Position.Line)
			}
		}
		out.Err = ye
		return out
	}
	if f == nil {
		return out
	}
	c := yamlConverter{line: newlineLines(data)}
	for _, doc := range f.Docs {
		if doc == nil || doc.Body == nil {
			out.Docs = append(out.Docs, &Node{Kind: Null})
			out.DocErrs = append(out.DocErrs, nil)
			continue
		}
		// Anchors belong to their document; the node budget to the file.
		c.anchors, c.err = map[string]ast.Node{}, nil
		root := c.convert(doc.Body, 0)
		if c.err != nil {
			root = nil
		}
		out.Docs = append(out.Docs, root)
		out.DocErrs = append(out.DocErrs, c.err)
	}
	return out
}

// ParseYAML parses the first document of data into a Node tree (a Null
// node for an empty text). It never panics.
func ParseYAML(data []byte) (*Node, error) {
	return ParseYAMLFile(data).First()
}

// First returns the first document, as readers of one-document files
// (workflows, pre-commit) want it.
func (y *YAML) First() (*Node, error) {
	if y.Err != nil {
		return nil, y.Err
	}
	if len(y.Docs) == 0 {
		return &Node{Kind: Null}, nil
	}
	if y.DocErrs[0] != nil {
		return nil, y.DocErrs[0]
	}
	return y.Docs[0], nil
}

type yamlConverter struct {
	anchors map[string]ast.Node
	nodes   int
	err     error
	// line maps the parser's line numbers to the file's (newlineLines).
	line func(int) int
}

func (c *yamlConverter) nodeLine(n ast.Node) int {
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		return c.line(tk.Position.Line)
	}
	return 0
}

// newlineLines maps the YAML parser's line numbers to the file's as the
// rest of pyscout counts them (and links to them): by "\n". The parser
// also breaks lines at a lone "\r", which a file with old Mac line
// endings, or a stray carriage return, is full of; such a line is given
// the number of the "\n" line it sits in.
func newlineLines(data []byte) func(int) int {
	if !bytes.Contains(data, []byte("\r")) {
		return func(l int) int { return l }
	}
	// starts[i] is the file's line of the parser's line i+1.
	starts := []int{1}
	nl := 1
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '\r':
			if i+1 < len(data) && data[i+1] == '\n' {
				i++
				nl++
			}
		case '\n':
			nl++
		default:
			continue
		}
		starts = append(starts, nl)
	}
	return func(l int) int {
		if l < 1 {
			return l
		}
		return starts[min(l, len(starts))-1]
	}
}

// convert turns an AST node into a Node; on error it records c.err and
// returns a null node.
func (c *yamlConverter) convert(n ast.Node, depth int) *Node {
	if c.err != nil || n == nil {
		return &Node{Kind: Null}
	}
	c.nodes++
	if c.nodes > MaxYAMLNodes {
		c.err = &YAMLError{Msg: errTooManyNodes.Error()}
		return &Node{Kind: Null}
	}
	if depth > maxNodeDepth {
		c.err = &YAMLError{Line: c.nodeLine(n), Msg: fmt.Sprintf("nested more than %d deep", maxNodeDepth)}
		return &Node{Kind: Null}
	}
	line := c.nodeLine(n)
	switch v := n.(type) {
	case *ast.DocumentNode:
		return c.convert(v.Body, depth)
	case *ast.AnchorNode:
		if name, ok := v.Name.(*ast.StringNode); ok {
			c.anchors[name.Value] = v.Value
		} else if v.Name != nil {
			c.anchors[v.Name.GetToken().Value] = v.Value
		}
		return c.convert(v.Value, depth+1)
	case *ast.AliasNode:
		name := ""
		if v.Value != nil {
			name = v.Value.GetToken().Value
		}
		target, ok := c.anchors[name]
		if !ok {
			c.err = &YAMLError{Line: line, Msg: fmt.Sprintf("unknown alias *%s", name)}
			return &Node{Kind: Null}
		}
		return c.convert(target, depth+1)
	case *ast.TagNode:
		return c.convert(v.Value, depth+1)
	case *ast.CommentGroupNode, *ast.CommentNode:
		return &Node{Kind: Null, Line: line}
	case *ast.NullNode:
		return &Node{Kind: Null, Line: line}
	case *ast.LiteralNode:
		s := ""
		if v.Value != nil {
			s = v.Value.Value
		}
		return &Node{Kind: Scalar, Value: s, Line: line}
	case *ast.StringNode:
		return &Node{Kind: Scalar, Value: v.Value, Line: line}
	case *ast.FloatNode:
		return &Node{Kind: Scalar, Value: v.GetToken().Value, Float: true, Line: line}
	case *ast.IntegerNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return &Node{Kind: Scalar, Value: v.GetToken().Value, Line: line}
	case *ast.MappingNode:
		m := &Node{Kind: Map, Line: line}
		for _, mv := range v.Values {
			c.mappingValue(m, mv, depth+1)
		}
		return m
	case *ast.MappingValueNode:
		m := &Node{Kind: Map, Line: line}
		c.mappingValue(m, v, depth+1)
		return m
	case *ast.SequenceNode:
		s := &Node{Kind: Seq, Line: line}
		for _, item := range v.Values {
			s.Items = append(s.Items, c.convert(item, depth+1))
		}
		return s
	case *ast.MappingKeyNode:
		return c.convert(v.Value, depth+1)
	}
	if tk := n.GetToken(); tk != nil {
		return &Node{Kind: Scalar, Value: tk.Value, Line: line}
	}
	return &Node{Kind: Null, Line: line}
}

func (c *yamlConverter) mappingValue(m *Node, mv *ast.MappingValueNode, depth int) {
	if mv == nil || mv.Key == nil {
		return
	}
	val := c.convert(mv.Value, depth)
	if mv.Key.IsMergeKey() {
		// `<<: *base` (or a list of them) merges keys not already set.
		for _, src := range append([]*Node{val}, val.Items...) {
			if src.Kind != Map {
				continue
			}
			for i, k := range src.Keys {
				if m.Get(k) == nil {
					m.Keys = append(m.Keys, k)
					m.KeyLines = append(m.KeyLines, src.KeyLines[i])
					m.Vals = append(m.Vals, src.Vals[i])
				}
			}
		}
		return
	}
	key := c.convert(mv.Key, depth)
	k := key.Value
	if key.Kind != Scalar {
		k = strings.TrimSpace(mv.Key.String())
	}
	if val.Line == 0 {
		val.Line = key.Line
	}
	m.Keys = append(m.Keys, k)
	m.KeyLines = append(m.KeyLines, key.Line)
	m.Vals = append(m.Vals, val)
}
