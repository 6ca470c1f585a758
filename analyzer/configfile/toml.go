package configfile

import "strings"

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
