package manifest

import (
	"regexp"
	"strings"

	"github.com/pyscout/pyscout/analyzer/configfile"
)

// parseINI reads INI as Python's configparser does for setup.cfg and
// tox.ini, with every indented line continuing a value and keys after an
// unclosed header belonging to no section, as this package always read
// them. Lines that are not sections, keys or comments yield warnings.
func parseINI(f *File, ini *configfile.INI) []configfile.Section {
	secs, problems := ini.Read(configfile.INIOptions{AnyIndentContinues: true, UnclosedHeaderEndsSection: true})
	for _, p := range problems {
		switch p.Kind {
		case configfile.UnclosedHeader:
			f.warn(p.Line, "section header without ]: %s", quote(p.Text))
		case configfile.NotAKey:
			f.warn(p.Line, "neither a section, a key nor a value: %s", quote(p.Text))
		case configfile.KeyBeforeSection:
			f.warn(p.Line, "key before any [section]: %s", quote(p.Text))
		}
	}
	return secs
}

// parseSetupCfg reads setup.cfg: [options] install_requires (runtime),
// tests_require (test), setup_requires (build) and [options.extras_require]
// (optional). A one-line value is split on ';' as setuptools does; a
// multi-line value has one requirement a line. `file:` directives are
// includes.
func parseSetupCfg(f *File, ini *configfile.INI) {
	secs := parseINI(f, ini)
	for i := range secs {
		s := &secs[i]
		switch s.Name {
		case "options":
			for _, spec := range []struct {
				key  string
				kind Kind
			}{{"install_requires", KindRuntime}, {"tests_require", KindTest}, {"setup_requires", KindBuild}} {
				if k := s.Get(spec.key); k != nil {
					setupCfgList(f, k, spec.kind, "")
				}
			}
		case "options.extras_require":
			for i := range s.Keys {
				k := &s.Keys[i]
				setupCfgList(f, k, KindOptional, k.Name)
			}
		}
	}
}

func setupCfgList(f *File, k *configfile.Key, kind Kind, group string) {
	vals := k.Values()
	if len(vals) == 1 {
		v := vals[0]
		if rest, ok := strings.CutPrefix(v.Text, "file:"); ok {
			for _, p := range strings.FieldsFunc(rest, func(r rune) bool { return r == ',' || r == ' ' }) {
				f.Includes = append(f.Includes, Include{Target: p, Kind: kind, Group: group, Evidence: Evidence{Path: f.Path, Line: v.Line}})
			}
			return
		}
		if !strings.Contains(v.Text, "\n") && strings.Contains(v.Text, ";") {
			for _, part := range strings.Split(v.Text, ";") {
				cfgRequirement(f, part, v.Line, kind, group)
			}
			return
		}
	}
	for _, v := range vals {
		cfgRequirement(f, v.Text, v.Line, kind, group)
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
func parseTox(f *File, ini *configfile.INI) {
	secs := parseINI(f, ini)
	for i := range secs {
		s := &secs[i]
		env, ok := "", false
		switch {
		case s.Name == "testenv":
			ok = true
		case strings.HasPrefix(s.Name, "testenv:"):
			env, ok = strings.TrimSpace(strings.TrimPrefix(s.Name, "testenv:")), true
		}
		if !ok {
			continue
		}
		k := s.Get("deps")
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
		for _, v := range k.Values() {
			t, _ := stripComment(v.Text)
			t = strings.TrimSpace(toxFactor.ReplaceAllString(strings.TrimSpace(t), ""))
			if t == "" {
				continue
			}
			if strings.HasPrefix(t, "{[") {
				continue // {[testenv]deps}: read in its own section
			}
			t = strings.ReplaceAll(t, "{toxinidir}/", "")
			if strings.Contains(t, "{") {
				f.warn(v.Line, "tox substitution in %s: not expanded, line ignored", quote(t))
				continue
			}
			requirementLine(f, t, v.Line, kind, env)
		}
	}
}
