package manifest

import (
	"regexp"
	"strings"
)

// iniValueLine is one physical line of a (possibly multi-line) INI value.
type iniValueLine struct {
	text string
	line int
}

// iniKey is one `key = value` with its continuation lines.
type iniKey struct {
	name  string
	line  int
	lines []iniValueLine // the first is the text after '=' (maybe empty)
}

// iniSection is one [section].
type iniSection struct {
	name string
	line int
	keys []*iniKey
}

// parseINI reads INI as Python's configparser does for setup.cfg and
// tox.ini: [sections], `key = value` or `key: value`, values continued on
// indented lines, whole-line comments starting with # or ; (also inside a
// multi-line value). Lines that are none of these yield warnings.
func parseINI(f *File, data []byte) []*iniSection {
	var secs []*iniSection
	var cur *iniSection
	var key *iniKey
	for i, raw := range splitLines(data) {
		line := i + 1
		t := strings.TrimSpace(raw)
		if t == "" {
			continue
		}
		if t[0] == '#' || t[0] == ';' {
			continue
		}
		indented := raw[0] == ' ' || raw[0] == '\t'
		if indented && key != nil {
			key.lines = append(key.lines, iniValueLine{t, line})
			continue
		}
		if strings.HasPrefix(t, "[") {
			end := strings.IndexByte(t, ']')
			if end < 0 {
				f.warn(line, "section header without ]: %s", quote(t))
				cur, key = nil, nil
				continue
			}
			cur = &iniSection{name: strings.TrimSpace(t[1:end]), line: line}
			secs = append(secs, cur)
			key = nil
			continue
		}
		j := strings.IndexAny(t, "=:")
		if j <= 0 {
			f.warn(line, "neither a section, a key nor a value: %s", quote(t))
			key = nil
			continue
		}
		if cur == nil {
			f.warn(line, "key before any [section]: %s", quote(t))
			key = nil
			continue
		}
		key = &iniKey{name: strings.TrimSpace(t[:j]), line: line}
		key.lines = append(key.lines, iniValueLine{strings.TrimSpace(t[j+1:]), line})
		cur.keys = append(cur.keys, key)
	}
	return secs
}

func (s *iniSection) get(name string) *iniKey {
	var out *iniKey
	for _, k := range s.keys {
		if k.name == name {
			out = k // the last assignment wins, as in configparser
		}
	}
	return out
}

// values returns the non-empty value lines of a key: the first line and
// its continuations.
func (k *iniKey) values() []iniValueLine {
	var out []iniValueLine
	for _, v := range k.lines {
		if v.text != "" {
			out = append(out, v)
		}
	}
	return out
}

// parseSetupCfg reads setup.cfg: [options] install_requires (runtime),
// tests_require (test), setup_requires (build) and [options.extras_require]
// (optional). A one-line value is split on ';' as setuptools does; a
// multi-line value has one requirement a line. `file:` directives are
// includes.
func parseSetupCfg(f *File, data []byte) {
	for _, s := range parseINI(f, data) {
		switch s.name {
		case "options":
			for _, spec := range []struct {
				key  string
				kind Kind
			}{{"install_requires", KindRuntime}, {"tests_require", KindTest}, {"setup_requires", KindBuild}} {
				if k := s.get(spec.key); k != nil {
					setupCfgList(f, k, spec.kind, "")
				}
			}
		case "options.extras_require":
			for _, k := range s.keys {
				setupCfgList(f, k, KindOptional, k.name)
			}
		}
	}
}

func setupCfgList(f *File, k *iniKey, kind Kind, group string) {
	vals := k.values()
	if len(vals) == 1 {
		v := vals[0]
		if rest, ok := strings.CutPrefix(v.text, "file:"); ok {
			for _, p := range strings.FieldsFunc(rest, func(r rune) bool { return r == ',' || r == ' ' }) {
				f.Includes = append(f.Includes, Include{Target: p, Kind: kind, Group: group, Evidence: Evidence{Path: f.Path, Line: v.line}})
			}
			return
		}
		if !strings.Contains(v.text, "\n") && strings.Contains(v.text, ";") {
			for _, part := range strings.Split(v.text, ";") {
				cfgRequirement(f, part, v.line, kind, group)
			}
			return
		}
	}
	for _, v := range vals {
		cfgRequirement(f, v.text, v.line, kind, group)
	}
}

func cfgRequirement(f *File, s string, line int, kind Kind, group string) {
	s, _ = stripComment(s)
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	r, err := parseRequirement(s)
	if err != nil {
		f.warn(line, "not a requirement (%v): %s", err, quote(s))
		return
	}
	f.add(Dependency{
		Name: Normalize(r.name), Spec: s, Version: r.version, Extras: r.extras, Marker: r.marker,
		URL: r.url, Kind: kind, Group: group, Evidence: Evidence{Line: line},
	})
}

// toxFactor matches tox's factor conditions before a dependency:
// `py38: pytest`, `{py37,py38}-django22: Django<2.3`, `!pypy: cffi`.
var toxFactor = regexp.MustCompile(`^[A-Za-z0-9_{},.!-]+:\s+`)

// parseTox reads the deps of tox.ini's [testenv] and [testenv:NAME]
// sections (KindTest, Group the environment name), with factor conditions
// stripped, -r/-c includes, and {[section]deps} substitutions skipped (the
// referenced section is read on its own).
func parseTox(f *File, data []byte) {
	for _, s := range parseINI(f, data) {
		env, ok := "", false
		switch {
		case s.name == "testenv":
			ok = true
		case strings.HasPrefix(s.name, "testenv:"):
			env, ok = strings.TrimSpace(strings.TrimPrefix(s.name, "testenv:")), true
		}
		if !ok {
			continue
		}
		k := s.get("deps")
		if k == nil {
			continue
		}
		kind := KindTest
		if env != "" {
			kind = groupKind(env, KindTest)
			if kind == KindRuntime || kind == KindOptional {
				kind = KindTest
			}
		}
		for _, v := range k.values() {
			t, _ := stripComment(v.text)
			t = strings.TrimSpace(toxFactor.ReplaceAllString(strings.TrimSpace(t), ""))
			if t == "" {
				continue
			}
			if strings.HasPrefix(t, "{[") {
				continue // {[testenv]deps}: read in its own section
			}
			t = strings.ReplaceAll(t, "{toxinidir}/", "")
			if strings.Contains(t, "{") {
				f.warn(v.line, "tox substitution in %s: not expanded, line ignored", quote(t))
				continue
			}
			requirementLine(f, t, v.line, kind, env)
		}
	}
}
