package manifest

import (
	"github.com/pyscout/pyscout/analyzer/configfile"

	_ "embed"
	"errors"
	"fmt"
	"path"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

//go:embed conda.toml
var condaTOML string

type condaNames struct {
	PyPI   map[string]string `toml:"pypi"`
	System struct {
		Names []string `toml:"names"`
	} `toml:"system"`
	system map[string]bool
}

var (
	condaOnce sync.Once
	condaData condaNames
	condaErr  error
)

// condaTables returns the embedded conda name tables; TestCondaTables
// checks that they load.
func condaTables() (*condaNames, error) {
	condaOnce.Do(func() {
		md, err := toml.Decode(condaTOML, &condaData)
		if err == nil && len(md.Undecoded()) > 0 {
			err = fmt.Errorf("conda.toml: unknown key %s", md.Undecoded()[0])
		}
		condaErr = err
		condaData.system = map[string]bool{}
		for _, n := range condaData.System.Names {
			condaData.system[Normalize(n)] = true
		}
		pypi := make(map[string]string, len(condaData.PyPI))
		for k, v := range condaData.PyPI {
			pypi[Normalize(k)] = v
		}
		condaData.PyPI = pypi
	})
	return &condaData, condaErr
}

// parseYAMLSafely parses YAML, turning a parser panic into an error.
func parseYAMLSafely(data []byte) (file *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			file, err = nil, fmt.Errorf("YAML parser failed: %v", r)
		}
	}()
	return parser.ParseBytes(data, 0)
}

// parseConda reads a conda environment file: the `dependencies` list, whose
// conda packages are mapped to their PyPI names (with a note when the name
// differs; interpreters, compilers and system libraries are left out, see
// conda.toml), and its `pip:` section, read as requirements lines. A file
// the YAML parser rejects is read line by line for `- name` items, with a
// warning.
func parseConda(f *File, data []byte) {
	kind, group := condaKind(f.Path)
	if line, msg := configfile.YAMLTooDeep(data); msg != "" {
		f.warn(line, "YAML %s; dependencies read line by line", msg)
		condaLines(f, data, kind, group)
		return
	}
	file, err := parseYAMLSafely(data)
	if err != nil {
		line := 0
		var se *yaml.SyntaxError
		if errors.As(err, &se) && se.GetToken() != nil && se.GetToken().Position != nil {
			line = se.GetToken().Position.Line
		}
		f.warn(line, "invalid YAML: %s; dependencies read line by line", firstLine(err.Error()))
		condaLines(f, data, kind, group)
		return
	}
	for _, doc := range file.Docs {
		m, ok := unwrap(doc.Body).(*ast.MappingNode)
		if !ok {
			continue
		}
		for _, mv := range m.Values {
			if scalarText(mv.Key) != "dependencies" {
				continue
			}
			seq, ok := unwrap(mv.Value).(*ast.SequenceNode)
			if !ok {
				if _, null := unwrap(mv.Value).(*ast.NullNode); !null && mv.Value != nil {
					f.warn(nodeLine(mv.Value), "dependencies is not a list: ignored")
				}
				continue
			}
			for _, item := range seq.Values {
				condaItem(f, item, kind, group)
			}
		}
	}
}

// condaKind reads a file name like environment-dev.yml.
func condaKind(p string) (Kind, string) {
	base := strings.ToLower(path.Base(p))
	stem := strings.TrimSuffix(base, path.Ext(base))
	for _, w := range []string{"environment", "conda"} {
		stem = strings.Replace(stem, w, "", 1)
	}
	stem = strings.Trim(stem, "-_. ")
	if stem == "" {
		return KindRuntime, ""
	}
	return groupKind(stem, KindRuntime), stem
}

func unwrap(n ast.Node) ast.Node {
	for i := 0; i < 16 && n != nil; i++ {
		switch x := n.(type) {
		case *ast.AnchorNode:
			n = x.Value
		case *ast.TagNode:
			n = x.Value
		default:
			return n
		}
	}
	return n
}

func scalarText(n ast.Node) string {
	n = unwrap(n)
	switch x := n.(type) {
	case *ast.StringNode:
		return x.Value
	case *ast.MappingKeyNode:
		return scalarText(x.Value)
	case ast.ScalarNode:
		return fmt.Sprint(x.GetValue())
	}
	return ""
}

func nodeLine(n ast.Node) int {
	if n == nil {
		return 0
	}
	if t := n.GetToken(); t != nil && t.Position != nil {
		return t.Position.Line
	}
	return 0
}

func condaItem(f *File, item ast.Node, kind Kind, group string) {
	item = unwrap(item)
	line := nodeLine(item)
	switch x := item.(type) {
	case *ast.MappingNode:
		for _, mv := range x.Values {
			if scalarText(mv.Key) != "pip" {
				f.warn(nodeLine(mv.Key), "dependencies: unknown section %s: ignored", quote(scalarText(mv.Key)))
				continue
			}
			seq, ok := unwrap(mv.Value).(*ast.SequenceNode)
			if !ok {
				f.warn(nodeLine(mv.Key), "pip: is not a list: ignored")
				continue
			}
			for _, p := range seq.Values {
				s := scalarText(p)
				if s == "" {
					f.warn(nodeLine(p), "pip: item is not a string: ignored")
					continue
				}
				if code, _ := stripComment(s); strings.TrimSpace(code) != "" {
					requirementLine(f, strings.TrimSpace(code), nodeLine(p), kind, group)
				}
			}
		}
	case ast.ScalarNode:
		condaSpec(f, scalarText(x), line, kind, group)
	default:
		f.warn(line, "dependencies: item is neither a package nor a pip: section: ignored")
	}
}

// condaSpec reads one conda package spec: name, name=1.2, name=1.2=build,
// name>=1.2, "name 1.2.*", channel::name, name[version='>=1'].
func condaSpec(f *File, s string, line int, kind Kind, group string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	spec := s
	if j := strings.LastIndex(s, "::"); j >= 0 {
		s = s[j+2:]
	}
	i := 0
	for i < len(s) && isNameByte(s[i]) {
		i++
	}
	name := s[:i]
	if !validName(name) {
		f.warn(line, "not a conda package spec: %s", quote(spec))
		return
	}
	version := strings.TrimSpace(s[i:])
	tables, err := condaTables()
	if err != nil {
		f.warn(line, "conda name tables: %v", err)
		return
	}
	n := Normalize(name)
	if tables.system[n] || strings.HasPrefix(n, "r-") {
		return // the interpreter, a compiler or a system library
	}
	d := Dependency{Name: n, Spec: spec, Version: version, Conda: true, Kind: kind, Group: group, Evidence: Evidence{Line: line}}
	if pypi, ok := tables.PyPI[n]; ok && Normalize(pypi) != n {
		d.Name = Normalize(pypi)
		d.Note = fmt.Sprintf("conda package %s is %s on PyPI", name, pypi)
	}
	f.add(d)
}

// condaLines is the fallback for YAML the parser rejects: after a
// `dependencies:` line, `- item` lines are packages and the `- item` lines
// under `- pip:` are requirements.
func condaLines(f *File, data []byte, kind Kind, group string) {
	in, inPip := false, false
	pipIndent := -1
	for i, raw := range splitLines(data) {
		code, _ := stripComment(raw)
		t := strings.TrimSpace(code)
		if t == "" {
			continue
		}
		indent := len(code) - len(strings.TrimLeft(code, " \t"))
		if indent == 0 && !strings.HasPrefix(t, "-") {
			in, inPip = t == "dependencies:", false
			continue
		}
		if !in || !strings.HasPrefix(t, "-") {
			continue
		}
		item := strings.TrimSpace(t[1:])
		if inPip && indent > pipIndent {
			requirementLine(f, unquote(item), i+1, kind, group)
			continue
		}
		inPip = false
		if item == "pip:" {
			inPip, pipIndent = true, indent
			continue
		}
		condaSpec(f, unquote(item), i+1, kind, group)
	}
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if j := strings.IndexByte(s, '\n'); j >= 0 {
		s = s[:j]
	}
	if len(s) > 160 {
		s = s[:160]
	}
	return s
}
