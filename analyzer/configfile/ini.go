// Package configfile reads the configuration files of Python projects:
// INI files (setup.cfg, tox.ini, pytest.ini, .flake8) the way Python's
// configparser reads them, and the table headers of TOML files
// (pyproject.toml), whose decoder does not report positions.
//
// No INI module is among pyscout's dependencies, and these files need
// only sections, keys and multi-line values, so the INI reader is small.
// It follows configparser where the tools differ from plain INI:
//
//   - section headers are `[name]`; keys are `key = value` or
//     `key: value`, split at the first = or :;
//   - a line indented deeper than its key continues the key's value;
//     blank lines inside a value are dropped;
//   - full-line comments start with # or ; (indented or not, also inside
//     a multi-line value);
//   - a key before any section, or a line that is neither, is a problem
//     reported with its line; reading goes on.
//
// Key names keep their case (configparser lower-cases them through
// optionxform; callers that look keys up do so). Options select the few
// places where callers read differently, such as pytest's inline comments.
package configfile

import (
	"bytes"
	"strings"
)

// INIOptions selects where a caller reads INI files differently from
// configparser's defaults. The zero value is configparser's reading.
type INIOptions struct {
	// StripBOM drops a leading UTF-8 byte order mark.
	StripBOM bool
	// InlineComments ends a value at " #" or " ;" (a # or ; after a
	// space or tab), as pytest's iniconfig reads ini files;
	// configparser keeps them.
	InlineComments bool
	// AnyIndentContinues makes every indented line continue the value of
	// the key before it, however deep the key itself is indented.
	AnyIndentContinues bool
	// UnclosedHeaderEndsSection makes keys after a `[name` without `]`
	// belong to no section (each is a KeyBeforeSection problem) until the
	// next header, instead of to the section before.
	UnclosedHeaderEndsSection bool
}

// ValueLine is one physical line of a (possibly multi-line) value.
type ValueLine struct {
	Text string // trimmed, without an inline comment when those are read
	Line int
}

// Key is one `key = value` with its continuation lines.
type Key struct {
	Name  string
	Line  int
	Lines []ValueLine // the first is the text after = or : (maybe empty)
}

// Section is one [section] with its keys in file order.
type Section struct {
	Name string
	Line int
	Keys []Key
}

// ProblemKind says why a line was skipped.
type ProblemKind int

// The lines the INI reader skips.
const (
	UnclosedHeader   ProblemKind = iota + 1 // `[name` without `]`
	NotAKey                                 // neither a section, a key nor a comment
	KeyBeforeSection                        // a key before any section
)

// String describes the kind in a few words.
func (k ProblemKind) String() string {
	switch k {
	case UnclosedHeader:
		return "unclosed section header"
	case NotAKey:
		return "neither a section, a key nor a comment"
	case KeyBeforeSection:
		return "key before any section"
	}
	return "unknown problem"
}

// Problem is a line the reader could not make sense of.
type Problem struct {
	Line int
	Kind ProblemKind
	Text string // the trimmed line
}

// ReadINI reads data; it never fails, but lists the lines it skipped.
func ReadINI(data []byte, opts INIOptions) ([]Section, []Problem) {
	if opts.StripBOM {
		data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	}
	var secs []Section
	var problems []Problem
	var cur *Section
	var key *Key
	keyIndent := 0
	for n, raw := range strings.Split(string(data), "\n") {
		line := n + 1
		raw = strings.TrimRight(raw, "\r")
		text := strings.TrimSpace(raw)
		if text == "" || text[0] == '#' || text[0] == ';' {
			continue
		}
		indent := len(raw) - len(strings.TrimLeft(raw, " \t"))
		if key != nil && indent > 0 && (opts.AnyIndentContinues || indent > keyIndent) {
			key.Lines = append(key.Lines, ValueLine{opts.value(text), line})
			continue
		}
		key = nil
		if text[0] == '[' {
			end := strings.IndexByte(text, ']')
			if end < 0 {
				problems = append(problems, Problem{line, UnclosedHeader, text})
				if opts.UnclosedHeaderEndsSection {
					cur = nil
				}
				continue
			}
			secs = append(secs, Section{Name: strings.TrimSpace(text[1:end]), Line: line})
			cur = &secs[len(secs)-1]
			continue
		}
		sep := strings.IndexAny(text, "=:")
		if sep <= 0 {
			problems = append(problems, Problem{line, NotAKey, text})
			continue
		}
		if cur == nil {
			problems = append(problems, Problem{line, KeyBeforeSection, text})
			continue
		}
		cur.Keys = append(cur.Keys, Key{
			Name:  strings.TrimSpace(text[:sep]),
			Line:  line,
			Lines: []ValueLine{{opts.value(strings.TrimSpace(text[sep+1:])), line}},
		})
		key = &cur.Keys[len(cur.Keys)-1]
		keyIndent = indent
	}
	return secs, problems
}

// value applies the options to a trimmed value line.
func (o INIOptions) value(v string) string {
	if !o.InlineComments {
		return v
	}
	for i := 1; i < len(v); i++ {
		if (v[i] == '#' || v[i] == ';') && (v[i-1] == ' ' || v[i-1] == '\t') {
			return strings.TrimSpace(v[:i])
		}
	}
	return v
}

// Get returns the key of that name, or nil; when a key is set twice the
// last assignment wins, as in configparser.
func (s *Section) Get(name string) *Key {
	var out *Key
	for i := range s.Keys {
		if s.Keys[i].Name == name {
			out = &s.Keys[i]
		}
	}
	return out
}

// Values returns the non-empty lines of a key's value: the first line and
// its continuations.
func (k *Key) Values() []ValueLine {
	var out []ValueLine
	for _, v := range k.Lines {
		if v.Text != "" {
			out = append(out, v)
		}
	}
	return out
}

// Value returns a key's value as one string, its non-empty lines joined
// by newlines.
func (k *Key) Value() string {
	var b strings.Builder
	for _, v := range k.Values() {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(v.Text)
	}
	return b.String()
}
