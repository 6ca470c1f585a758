// Package configfile decodes the configuration files of Python projects,
// once per repository, for every reader: the manifests and the practices
// read pyproject.toml, setup.cfg, tox.ini, workflows, pre-commit and conda
// files from the forms held by a Set, and no other analyzer package
// imports a TOML or YAML library (TestOnlyConfigfileDecodes). The guards
// live here, once: TOML and YAML nesting (TOMLTooDeep, YAMLTooDeep), YAML
// size and a file-wide node budget with aliases expanded, decoder panics
// turned into errors, and the TOML line repair the manifests rely on.
//
// INI files (setup.cfg, tox.ini, pytest.ini, .flake8) are read the way
// Python's configparser reads them; TOML table headers are found by
// line, as the TOML decoder does not report positions.
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

// INI is an INI text split into classified lines once; Read assembles
// the sections as one reader's options say. Readers of the same file
// (the manifests and the practices read setup.cfg and tox.ini) share
// one INI.
type INI struct {
	lines []iniLine
	// bomFirst is the first line read with its byte order mark, for the
	// readers that keep it; nil when the text has none.
	bomFirst *iniLine
}

// iniLineKind classifies a physical line.
type iniLineKind uint8

const (
	iniSkip   iniLineKind = iota // blank or a full-line comment
	iniHeader                    // [name]
	iniOpen                      // [name without ]
	iniKey                       // key = value
	iniOther                     // none of these
)

// iniLine is one physical line, classified.
type iniLine struct {
	kind   iniLineKind
	line   int
	indent int
	text   string // trimmed
	name   string // header or key name, trimmed
	value  string // the text after = or :, trimmed
}

// ParseINI splits data into classified lines; it never fails.
func ParseINI(data []byte) *INI {
	f := &INI{}
	stripped := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	for n, raw := range strings.Split(string(stripped), "\n") {
		f.lines = append(f.lines, lexINILine(n+1, raw))
	}
	if len(stripped) != len(data) {
		first := lexINILine(1, "\xef\xbb\xbf"+strings.SplitN(string(stripped), "\n", 2)[0])
		f.bomFirst = &first
	}
	return f
}

func lexINILine(line int, raw string) iniLine {
	raw = strings.TrimRight(raw, "\r")
	text := strings.TrimSpace(raw)
	l := iniLine{line: line, text: text, indent: len(raw) - len(strings.TrimLeft(raw, " \t"))}
	switch {
	case text == "" || text[0] == '#' || text[0] == ';':
		l.kind = iniSkip
	case text[0] == '[':
		end := strings.IndexByte(text, ']')
		if end < 0 {
			l.kind = iniOpen
		} else {
			l.kind, l.name = iniHeader, strings.TrimSpace(text[1:end])
		}
	default:
		if sep := strings.IndexAny(text, "=:"); sep > 0 {
			l.kind, l.name, l.value = iniKey, strings.TrimSpace(text[:sep]), strings.TrimSpace(text[sep+1:])
		} else {
			l.kind = iniOther
		}
	}
	return l
}

// ReadINI reads data; it never fails, but lists the lines it skipped.
func ReadINI(data []byte, opts INIOptions) ([]Section, []Problem) {
	return ParseINI(data).Read(opts)
}

// Read assembles the sections as opts say; it lists the lines it skipped.
func (f *INI) Read(opts INIOptions) ([]Section, []Problem) {
	var secs []Section
	var problems []Problem
	var cur *Section
	var key *Key
	keyIndent := 0
	for i := range f.lines {
		l := &f.lines[i]
		if i == 0 && f.bomFirst != nil && !opts.StripBOM {
			l = f.bomFirst
		}
		if l.kind == iniSkip {
			continue
		}
		if key != nil && l.indent > 0 && (opts.AnyIndentContinues || l.indent > keyIndent) {
			key.Lines = append(key.Lines, ValueLine{opts.value(l.text), l.line})
			continue
		}
		key = nil
		switch l.kind {
		case iniOpen:
			problems = append(problems, Problem{l.line, UnclosedHeader, l.text})
			if opts.UnclosedHeaderEndsSection {
				cur = nil
			}
			continue
		case iniHeader:
			secs = append(secs, Section{Name: l.name, Line: l.line})
			cur = &secs[len(secs)-1]
			continue
		case iniOther:
			problems = append(problems, Problem{l.line, NotAKey, l.text})
			continue
		}
		if cur == nil {
			problems = append(problems, Problem{l.line, KeyBeforeSection, l.text})
			continue
		}
		cur.Keys = append(cur.Keys, Key{
			Name:  l.name,
			Line:  l.line,
			Lines: []ValueLine{{opts.value(l.value), l.line}},
		})
		key = &cur.Keys[len(cur.Keys)-1]
		keyIndent = l.indent
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
