package manifest

import (
	_ "embed"
	"fmt"
	"path"
	"strings"
	"sync"

	"github.com/pyscout/pyscout/analyzer/configfile"
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
		if err := configfile.DecodeTOMLStrict(condaTOML, &condaData); err != nil {
			condaErr = fmt.Errorf("conda.toml: %w", err)
		}
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

// parseConda reads a conda environment file: the `dependencies` list, whose
// conda packages are mapped to their PyPI names (with a note when the name
// differs; interpreters, compilers and system libraries are left out, see
// conda.toml), and its `pip:` section, read as requirements lines. A file
// the YAML parser rejects is read line by line for `- name` items, with a
// warning.
func parseConda(f *File, data []byte, y *configfile.YAML) {
	kind, group := condaKind(f.Path)
	if y.Err != nil && y.Err.TooDeep {
		f.warn(y.Err.Line, "YAML %s; dependencies read line by line", y.Err.Msg)
		condaLines(f, data, kind, group)
		return
	}
	if y.Err != nil {
		f.warn(y.Err.Line, "invalid YAML: %s; dependencies read line by line", firstLine(y.Err.Detail))
		condaLines(f, data, kind, group)
		return
	}
	for _, err := range y.DocErrs {
		if err != nil {
			line := 0
			if ye, ok := err.(*configfile.YAMLError); ok {
				line = ye.Line
			}
			f.warn(line, "invalid YAML: %s; dependencies read line by line", firstLine(err.Error()))
			condaLines(f, data, kind, group)
			return
		}
	}
	for _, doc := range y.Docs {
		if doc.Kind != configfile.Map {
			continue
		}
		for i, key := range doc.Keys {
			if key != "dependencies" {
				continue
			}
			v := doc.Vals[i]
			if v.Kind != configfile.Seq {
				if v.Kind != configfile.Null {
					f.warn(v.Line, "dependencies is not a list: ignored")
				}
				continue
			}
			for _, item := range v.Items {
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

// condaText is a scalar's text as the manifests have always read it: a
// null item reads as <nil>, which no package spec matches.
func condaText(n *configfile.Node) string {
	if n.Kind == configfile.Null {
		return "<nil>"
	}
	return n.Str()
}

func condaItem(f *File, item *configfile.Node, kind Kind, group string) {
	switch item.Kind {
	case configfile.Map:
		for i, key := range item.Keys {
			if key != "pip" {
				f.warn(item.KeyLines[i], "dependencies: unknown section %s: ignored", quote(key))
				continue
			}
			seq := item.Vals[i]
			if seq.Kind != configfile.Seq {
				f.warn(item.KeyLines[i], "pip: is not a list: ignored")
				continue
			}
			for _, p := range seq.Items {
				s := condaText(p)
				if s == "" {
					f.warn(p.Line, "pip: item is not a string: ignored")
					continue
				}
				if code, _ := stripComment(s); strings.TrimSpace(code) != "" {
					requirementLine(f, strings.TrimSpace(code), p.Line, kind, group)
				}
			}
		}
	case configfile.Scalar, configfile.Null:
		condaSpec(f, condaText(item), item.Line, kind, group)
	default:
		f.warn(item.Line, "dependencies: item is neither a package nor a pip: section: ignored")
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
