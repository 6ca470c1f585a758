package configfile

import (
	"fmt"
	"strings"
)

// TableHeader is one `[table]` or `[[array.of.tables]]` line of a TOML
// text. The TOML decoder reports no positions, so evidence lines for
// tables come from here.
type TableHeader struct {
	Line  int
	Path  []string // the dotted parts, unquoted: [tool . "poetry"] is tool, poetry
	Array bool     // [[...]]
}

// TableHeaders lists the header lines of a TOML text in file order. It
// reads lines, not TOML: a line that starts with [ and has a ] is a
// header, which is right for the headers of real files and harmless for
// the rest (a caller keeps the first line it finds for a name).
func TableHeaders(data []byte) []TableHeader {
	var out []TableHeader
	for n, raw := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(raw)
		if !strings.HasPrefix(t, "[") {
			continue
		}
		array := strings.HasPrefix(t, "[[")
		t = strings.TrimLeft(t, "[")
		end := strings.IndexByte(t, ']')
		if end < 0 {
			continue
		}
		out = append(out, TableHeader{Line: n + 1, Path: KeyPath(t[:end]), Array: array})
	}
	return out
}

// KeyPath splits a dotted TOML key into its parts, trimming spaces and
// quotes: `tool . "poetry"` is tool, poetry.
func KeyPath(dotted string) []string {
	parts := strings.Split(dotted, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return parts
}

// Table returns the table at a path of keys in a decoded TOML document,
// or nil when a step is missing or not a table.
func Table(root map[string]any, path ...string) map[string]any {
	cur := root
	for _, k := range path {
		next, ok := cur[k].(map[string]any)
		if !ok {
			return nil
		}
		cur = next
	}
	return cur
}

// Bounds on TOML input checked by TOMLTooDeep.
const (
	MaxTOMLDepth   = 32
	MaxTOMLKeyDots = 32
)

// TOMLTooDeep reports the line and a reason when a TOML text nests arrays
// or inline tables deeper than MaxTOMLDepth or has dotted keys with more
// than MaxTOMLKeyDots dots, outside strings and comments; it returns 0, ""
// otherwise. BurntSushi/toml's memory grows with the square of both, so
// hostile input is refused before decoding. A dot between two digits (a
// float, a time) is not a key's.
func TOMLTooDeep(data []byte) (int, string) {
	depth, line, dots := 0, 1, 0
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '\n':
			line++
			dots = 0
		case c == '#':
			for i+1 < len(data) && data[i+1] != '\n' {
				i++
			}
		case c == '"' || c == '\'':
			q := string(c)
			if i+2 < len(data) && data[i+1] == c && data[i+2] == c {
				q = strings.Repeat(q, 3)
			}
			end := i + len(q)
			closed := false
			for end < len(data) {
				if c == '"' && data[end] == '\\' {
					end += 2
					continue
				}
				if strings.HasPrefix(string(data[end:min(end+3, len(data))]), q) {
					closed = true
					break
				}
				if data[end] == '\n' {
					if len(q) == 1 {
						break // unterminated: let the decoder say so
					}
					line++
				}
				end++
			}
			if closed {
				i = end + len(q) - 1
			} else {
				i = end - 1
			}
		case c == '[' || c == '{':
			depth++
			if depth > MaxTOMLDepth {
				return line, fmt.Sprintf("arrays or inline tables nested more than %d deep: not parsed", MaxTOMLDepth)
			}
		case (c == ']' || c == '}') && depth > 0:
			depth--
		case c == '.':
			if i > 0 && i+1 < len(data) && isDigit(data[i-1]) && isDigit(data[i+1]) {
				continue
			}
			dots++
			if dots > MaxTOMLKeyDots {
				return line, fmt.Sprintf("a key with more than %d dotted parts: not parsed", MaxTOMLKeyDots)
			}
		}
	}
	return 0, ""
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
