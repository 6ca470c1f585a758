package configfile

import (
	"bytes"
	"fmt"
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
