package practices

import (
	"github.com/pyscout/pyscout/analyzer/configfile"

	"errors"
	"fmt"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Bounds on YAML input. The parser's memory grows with the square of the
// nesting depth, so depth is checked on the raw text before parsing;
// aliases are expanded by our own conversion, under a node budget, so an
// alias bomb costs at most MaxYAMLNodes.
const (
	// MaxYAMLBytes is the largest CI workflow or pre-commit file parsed.
	MaxYAMLBytes = 128 << 10
	// MaxYAMLNodes bounds the nodes of one YAML document, aliases expanded.
	MaxYAMLNodes = 20_000
	maxYAMLDepth = configfile.MaxYAMLDepth // nesting in the converted tree
)

// yKind is the kind of a converted YAML node.
type yKind uint8

const (
	yNull yKind = iota
	yScalar
	yMap
	ySeq
)

// yNode is a YAML node reduced to what the analysis reads: scalars keep
// their text as written, so 3.10 stays "3.10".
type yNode struct {
	kind  yKind
	value string // scalar text, unquoted
	float bool   // an unquoted number with a fraction (YAML reads 3.10 as 3.1)
	line  int
	keys  []string
	kline []int // the line of each key
	vals  []*yNode
	items []*yNode
}

// get returns the value of key in a mapping, or nil.
func (n *yNode) get(key string) *yNode {
	if n == nil || n.kind != yMap {
		return nil
	}
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

// keyLine returns the line of key in a mapping, or 0.
func (n *yNode) keyLine(key string) int {
	if n == nil || n.kind != yMap {
		return 0
	}
	for i, k := range n.keys {
		if k == key {
			return n.kline[i]
		}
	}
	return 0
}

// str returns a scalar's text, or "".
func (n *yNode) str() string {
	if n == nil || n.kind != yScalar {
		return ""
	}
	return n.value
}

// list returns a sequence's items, or a scalar as a one-item list.
func (n *yNode) list() []*yNode {
	switch {
	case n == nil:
		return nil
	case n.kind == ySeq:
		return n.items
	case n.kind == yScalar:
		return []*yNode{n}
	}
	return nil
}

// yamlError is a parse failure with the line the parser named (0: none).
type yamlError struct {
	line int
	msg  string
}

func (e *yamlError) Error() string { return e.msg }

// errYAMLTooLarge is returned for documents over the node budget.
var errYAMLTooLarge = errors.New("more than 20000 YAML nodes (aliases expanded)")

// parseYAML parses the first document of data into a yNode tree. It never
// panics: parser panics come back as errors.
func parseYAML(data []byte) (root *yNode, err error) {
	if len(data) > MaxYAMLBytes {
		return nil, &yamlError{msg: fmt.Sprintf("%d bytes, over the %d-byte bound: not parsed", len(data), MaxYAMLBytes)}
	}
	if line, msg := configfile.YAMLTooDeep(data); msg != "" {
		return nil, &yamlError{line: line, msg: msg}
	}
	defer func() {
		if r := recover(); r != nil {
			root, err = nil, &yamlError{msg: fmt.Sprintf("YAML parser failed: %v", r)}
		}
	}()
	f, perr := parser.ParseBytes(data, 0)
	if perr != nil {
		ye := &yamlError{msg: perr.Error()}
		var e yaml.Error
		if errors.As(perr, &e) {
			ye.msg = e.GetMessage()
			if tk := e.GetToken(); tk != nil && tk.Position != nil {
				ye.line = tk.Position.Line
			}
		}
		return nil, ye
	}
	if f == nil || len(f.Docs) == 0 || f.Docs[0] == nil || f.Docs[0].Body == nil {
		return &yNode{kind: yNull}, nil
	}
	c := yamlConverter{anchors: map[string]ast.Node{}}
	root = c.convert(f.Docs[0].Body, 0)
	if c.err != nil {
		return nil, c.err
	}
	return root, nil
}

type yamlConverter struct {
	anchors map[string]ast.Node
	nodes   int
	err     error
}

func nodeLine(n ast.Node) int {
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		return tk.Position.Line
	}
	return 0
}

// convert turns an AST node into a yNode; on error it records c.err and
// returns a null node.
func (c *yamlConverter) convert(n ast.Node, depth int) *yNode {
	if c.err != nil || n == nil {
		return &yNode{kind: yNull}
	}
	c.nodes++
	if c.nodes > MaxYAMLNodes {
		c.err = &yamlError{msg: errYAMLTooLarge.Error()}
		return &yNode{kind: yNull}
	}
	if depth > maxYAMLDepth {
		c.err = &yamlError{line: nodeLine(n), msg: fmt.Sprintf("nested more than %d deep", maxYAMLDepth)}
		return &yNode{kind: yNull}
	}
	line := nodeLine(n)
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
			c.err = &yamlError{line: line, msg: fmt.Sprintf("unknown alias *%s", name)}
			return &yNode{kind: yNull}
		}
		return c.convert(target, depth+1)
	case *ast.TagNode:
		return c.convert(v.Value, depth+1)
	case *ast.CommentGroupNode, *ast.CommentNode:
		return &yNode{kind: yNull, line: line}
	case *ast.NullNode:
		return &yNode{kind: yNull, line: line}
	case *ast.LiteralNode:
		s := ""
		if v.Value != nil {
			s = v.Value.Value
		}
		return &yNode{kind: yScalar, value: s, line: line}
	case *ast.StringNode:
		return &yNode{kind: yScalar, value: v.Value, line: line}
	case *ast.FloatNode:
		return &yNode{kind: yScalar, value: v.GetToken().Value, float: true, line: line}
	case *ast.IntegerNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return &yNode{kind: yScalar, value: v.GetToken().Value, line: line}
	case *ast.MappingNode:
		m := &yNode{kind: yMap, line: line}
		for _, mv := range v.Values {
			c.mappingValue(m, mv, depth+1)
		}
		return m
	case *ast.MappingValueNode:
		m := &yNode{kind: yMap, line: line}
		c.mappingValue(m, v, depth+1)
		return m
	case *ast.SequenceNode:
		s := &yNode{kind: ySeq, line: line}
		for _, item := range v.Values {
			s.items = append(s.items, c.convert(item, depth+1))
		}
		return s
	case *ast.MappingKeyNode:
		return c.convert(v.Value, depth+1)
	}
	if tk := n.GetToken(); tk != nil {
		return &yNode{kind: yScalar, value: tk.Value, line: line}
	}
	return &yNode{kind: yNull, line: line}
}

func (c *yamlConverter) mappingValue(m *yNode, mv *ast.MappingValueNode, depth int) {
	if mv == nil || mv.Key == nil {
		return
	}
	val := c.convert(mv.Value, depth)
	if mv.Key.IsMergeKey() {
		// `<<: *base` (or a list of them) merges keys not already set.
		for _, src := range append([]*yNode{val}, val.items...) {
			if src.kind != yMap {
				continue
			}
			for i, k := range src.keys {
				if m.get(k) == nil {
					m.keys = append(m.keys, k)
					m.kline = append(m.kline, src.kline[i])
					m.vals = append(m.vals, src.vals[i])
				}
			}
		}
		return
	}
	key := c.convert(mv.Key, depth)
	k := key.value
	if key.kind != yScalar {
		k = strings.TrimSpace(mv.Key.String())
	}
	if val.line == 0 {
		val.line = key.line
	}
	m.keys = append(m.keys, k)
	m.kline = append(m.kline, key.line)
	m.vals = append(m.vals, val)
}
