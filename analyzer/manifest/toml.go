package manifest

import (
	"strings"

	"github.com/pyscout/pyscout/analyzer/configfile"
)

// maxTOMLRepairs bounds how many broken lines are blanked out to read the
// rest of a TOML file.
const maxTOMLRepairs = configfile.MaxTOMLRepairs

// tomlRoot reads a decoded TOML document as the manifests do: a syntax
// error yields a warning at its line; configfile blanked that line
// (keeping the line count) and decoded the rest, a few times at most, so
// that one broken line does not hide the rest of the file.
func tomlRoot(f *File, doc *configfile.TOML) map[string]any {
	if doc.TooDeep {
		f.warn(doc.Err.Line, "TOML %s; no dependencies from this file", doc.Err.Msg)
		return nil
	}
	for _, r := range doc.Repairs {
		f.warn(r.Line, "invalid TOML: %s", r.Msg)
	}
	switch {
	case doc.Root == nil && len(doc.Repairs) > 0:
		f.warn(0, "TOML could not be read: no dependencies from this file")
	case len(doc.Repairs) > 0:
		f.warn(0, "read after blanking %d broken line(s); entries there are lost", len(doc.Repairs))
	}
	return doc.Root
}

// table returns m[k0][k1]... when every step is a table.
func table(m map[string]any, keys ...string) (map[string]any, bool) {
	t := configfile.Table(m, keys...)
	return t, t != nil
}

// tomlLocator finds the lines of tables, keys and string values in a TOML
// text. The decoder does not report positions of values, so evidence lines
// come from here; it understands [a.b] headers, `key =` lines (keys bare or
// quoted) and string literals, and falls back to the nearest enclosing line
// it found.
type tomlLocator struct {
	lines   []string
	headers map[string]int // "a.b" -> line of [a.b]
}

func newTOMLLocator(doc *configfile.TOML) *tomlLocator {
	l := &tomlLocator{lines: strings.Split(string(doc.Text), "\n"), headers: map[string]int{}}
	for _, h := range doc.Headers {
		if h.Array {
			continue
		}
		key := strings.Join(h.Path, ".")
		if _, dup := l.headers[key]; !dup {
			l.headers[key] = h.Line
		}
	}
	return l
}

// header returns the line of [path...], 0 if none.
func (l *tomlLocator) header(path ...string) int {
	return l.headers[strings.Join(path, ".")]
}

// key returns the line of `key = ...` in table path. The table may be a
// [path] header, or a key of its parent (an inline table); when the key
// itself cannot be found the table's line is returned, and 1 when nothing
// is found.
func (l *tomlLocator) key(path []string, key string) int {
	start := 0
	if len(path) > 0 {
		if h := l.header(path...); h > 0 {
			start = h
		} else {
			start = l.key(path[:len(path)-1], path[len(path)-1])
		}
	}
	for i := start; i < len(l.lines); i++ {
		t := strings.TrimSpace(l.lines[i])
		if strings.HasPrefix(t, "[") {
			break
		}
		if assigns(t, key) {
			return i + 1
		}
	}
	if start > 0 {
		return start
	}
	return 1
}

// assigns reports whether a trimmed line is `key = ...` (key bare or
// quoted, spaces around dots allowed).
func assigns(t, key string) bool {
	eq := strings.IndexByte(t, '=')
	if eq <= 0 {
		return false
	}
	return strings.Join(configfile.KeyPath(t[:eq]), ".") == key
}

// value returns the first line at or after from that holds s as a string
// literal ("s" or 's'), else from.
func (l *tomlLocator) value(from int, s string) int {
	if from < 1 {
		from = 1
	}
	dq, sq := `"`+s+`"`, `'`+s+`'`
	for i := from - 1; i < len(l.lines); i++ {
		if strings.Contains(l.lines[i], dq) || strings.Contains(l.lines[i], sq) {
			return i + 1
		}
	}
	// A long array may spell the string with escapes; the key line is
	// the best evidence then.
	return from
}
