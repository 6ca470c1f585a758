package practices

import (
	"bytes"
	"strings"
)

// No INI module is among pyscout's dependencies, and the files read here
// (setup.cfg, tox.ini, pytest.ini, .flake8...) need only sections, keys
// and multi-line values, so this is a small reader that follows Python's
// configparser where the two tools differ from plain INI:
//
//   - section headers are `[name]`; keys are `key = value` or
//     `key: value`, split at the first = or :, and lower-cased;
//   - a line indented deeper than its key continues the key's value (how
//     testpaths and python_files list several entries); blank lines inside
//     a value are dropped;
//   - full-line comments start with # or ; (indented or not), and
//     " #" / " ;" start an inline comment, as pytest's iniconfig reads them;
//   - a key before any section, or a line that is neither, is a problem
//     reported with its line; reading goes on.

// iniFile is a parsed INI file.
type iniFile struct {
	sections []iniSection
}

type iniSection struct {
	name string
	line int
	keys []iniKey
}

type iniKey struct {
	name  string
	value string
	line  int
}

// iniProblem is a line the reader could not make sense of.
type iniProblem struct {
	line int
	msg  string
}

// section returns the first section of that name (case-sensitive, as
// configparser compares them), or nil.
func (f *iniFile) section(name string) *iniSection {
	for i := range f.sections {
		if f.sections[i].name == name {
			return &f.sections[i]
		}
	}
	return nil
}

// get returns a key's value and whether the key is set.
func (s *iniSection) get(key string) (string, bool) {
	if s == nil {
		return "", false
	}
	for _, k := range s.keys {
		if k.name == key {
			return k.value, true
		}
	}
	return "", false
}

// parseINI reads data; it never fails, but lists the lines it skipped.
func parseINI(data []byte) (iniFile, []iniProblem) {
	var f iniFile
	var problems []iniProblem
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var cur *iniSection
	var key *iniKey
	keyIndent := 0
	for n, raw := range strings.Split(string(data), "\n") {
		line := n + 1
		raw = strings.TrimRight(raw, "\r")
		text := strings.TrimSpace(raw)
		if text == "" {
			continue
		}
		if text[0] == '#' || text[0] == ';' {
			continue
		}
		indent := len(raw) - len(strings.TrimLeft(raw, " \t"))
		if key != nil && indent > keyIndent {
			if v := stripInlineComment(text); v != "" {
				if key.value != "" {
					key.value += "\n"
				}
				key.value += v
			}
			continue
		}
		key = nil
		if text[0] == '[' {
			end := strings.IndexByte(text, ']')
			if end < 0 {
				problems = append(problems, iniProblem{line, "unclosed section header"})
				continue
			}
			f.sections = append(f.sections, iniSection{name: strings.TrimSpace(text[1:end]), line: line})
			cur = &f.sections[len(f.sections)-1]
			continue
		}
		sep := strings.IndexAny(text, "=:")
		if sep <= 0 {
			problems = append(problems, iniProblem{line, "neither a section, a key nor a comment"})
			continue
		}
		if cur == nil {
			problems = append(problems, iniProblem{line, "key before any section"})
			continue
		}
		cur.keys = append(cur.keys, iniKey{
			name:  strings.ToLower(strings.TrimSpace(text[:sep])),
			value: stripInlineComment(strings.TrimSpace(text[sep+1:])),
			line:  line,
		})
		key = &cur.keys[len(cur.keys)-1]
		keyIndent = indent
	}
	return f, problems
}

func stripInlineComment(v string) string {
	for i := 1; i < len(v); i++ {
		if (v[i] == '#' || v[i] == ';') && (v[i-1] == ' ' || v[i-1] == '\t') {
			return strings.TrimSpace(v[:i])
		}
	}
	return v
}

// iniList splits a multi-valued INI setting (whitespace or newlines
// between entries, as pytest reads testpaths and python_files).
func iniList(v string) []string {
	if f := strings.Fields(v); len(f) > 0 {
		return f
	}
	return nil
}
