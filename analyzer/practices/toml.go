package practices

import (
	"errors"
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/pyscout/pyscout/analyzer/configfile"
)

// tomlDoc is a decoded TOML file and the line of each table header.
type tomlDoc struct {
	root    map[string]any
	headers map[string]int // "tool.ruff" -> line of its first [tool.ruff...] header
}

// tomlError is a decoding failure with the line the decoder named.
type tomlError struct {
	line int
	msg  string
}

func (e *tomlError) Error() string { return e.msg }

// parseTOML decodes data; it never panics.
func parseTOML(data []byte) (doc *tomlDoc, err error) {
	if line, msg := configfile.TOMLTooDeep(data); msg != "" {
		return nil, &tomlError{line: line, msg: msg}
	}
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, &tomlError{msg: fmt.Sprintf("TOML decoder failed: %v", r)}
		}
	}()
	var root map[string]any
	if _, derr := toml.Decode(string(data), &root); derr != nil {
		te := &tomlError{msg: derr.Error()}
		var pe toml.ParseError
		if errors.As(derr, &pe) {
			te.line, te.msg = pe.Position.Line, pe.Message
		}
		return nil, te
	}
	return &tomlDoc{root: root, headers: tomlHeaders(data)}, nil
}

// tomlHeaders maps every table header's name, and each of its prefixes,
// to the line of the first header that starts with it: [tool.ruff.lint]
// on line 7 gives "tool", "tool.ruff" and "tool.ruff.lint" line 7 unless
// they appeared before.
func tomlHeaders(data []byte) map[string]int {
	out := map[string]int{}
	for _, h := range configfile.TableHeaders(data) {
		for i := range h.Path {
			k := strings.Join(h.Path[:i+1], ".")
			if _, ok := out[k]; !ok {
				out[k] = h.Line
			}
		}
	}
	return out
}

// table returns the table at a dotted path of keys, or nil.
func (d *tomlDoc) table(keys ...string) map[string]any {
	if d == nil {
		return nil
	}
	return configfile.Table(d.root, keys...)
}

// line returns the line of the header of a table, or 0 when the table is
// defined otherwise (dotted keys, inline tables).
func (d *tomlDoc) line(dotted string) int {
	if d == nil {
		return 0
	}
	return d.headers[dotted]
}

// tomlString returns a string value, or "".
func tomlString(v any) string {
	s, _ := v.(string)
	return s
}

// tomlStrings returns a string or a list of strings as a list; a single
// string is split on whitespace, as pytest reads ini-style options.
func tomlStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return strings.Fields(x)
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
