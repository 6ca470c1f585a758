package practices

import (
	"strings"

	"github.com/pyscout/pyscout/analyzer/configfile"
)

// tomlDoc is a TOML file that decoded as written (configfile decodes it,
// once for every reader) and the line of each table header.
type tomlDoc struct {
	root    map[string]any
	headers map[string]int // "tool.ruff" -> line of its first [tool.ruff...] header
}

// tomlError is a decoding failure with the line the decoder named.
type tomlError = configfile.TOMLError

// tomlView reads a decoded file as the practices do: only a file that
// decoded as written is used (the manifests' line repairs are not).
func tomlView(t *configfile.TOML) (*tomlDoc, error) {
	if t.Err != nil {
		return nil, t.Err
	}
	return &tomlDoc{root: t.Root, headers: tomlHeaders(t.Headers)}, nil
}

// parseTOML decodes one TOML text outside any repository (tests,
// fuzzing); it never panics.
func parseTOML(data []byte) (*tomlDoc, error) { return tomlView(configfile.DecodeTOML(data)) }

// toml returns a TOML file of the repository, decoded once for every
// reader.
func (a *analysis) toml(p string) (*tomlDoc, error) { return tomlView(a.parsed.TOML(p)) }

// tomlHeaders maps every table header's name, and each of its prefixes,
// to the line of the first header that starts with it: [tool.ruff.lint]
// on line 7 gives "tool", "tool.ruff" and "tool.ruff.lint" line 7 unless
// they appeared before.
func tomlHeaders(headers []configfile.TableHeader) map[string]int {
	out := map[string]int{}
	for _, h := range headers {
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
