package practices

// tox: the root configuration's environments, from tox.ini, tox.toml or
// pyproject.toml.

import (
	"slices"
	"strings"
)

// tox reads the root tox configuration: tox.ini, else tox.toml, else
// pyproject.toml's [tool.tox].
func (a *analysis) tox() *Tox {
	if ini := a.inis["tox.ini"]; ini != nil || a.has["tox.ini"] {
		t := &Tox{Evidence: fileEvidence("tox.ini")}
		if ini != nil {
			if s := ini.section("tox"); s != nil {
				v, ok := s.get("env_list")
				if !ok {
					v, _ = s.get("envlist")
				}
				t.Envs = toxEnvs(v)
			}
		}
		return t
	}
	if a.has["tox.toml"] {
		t := &Tox{Evidence: fileEvidence("tox.toml")}
		if data := a.content("tox.toml", MaxConfigBytes); data != nil {
			doc, err := a.toml("tox.toml")
			if err != nil {
				te, _ := err.(*tomlError)
				line := 0
				if te != nil {
					line = te.Line
				}
				a.warn("tox.toml", line, "malformed TOML: "+err.Error())
			} else {
				a.toxTOML = doc
				t.Envs = tomlStrings(doc.root["env_list"])
			}
		}
		return t
	}
	if doc := a.pyprojects["pyproject.toml"]; doc != nil {
		if tt := doc.table("tool", "tox"); tt != nil {
			t := &Tox{Evidence: lineEvidence("pyproject.toml", doc.line("tool.tox"))}
			if legacy := tomlString(tt["legacy_tox_ini"]); legacy != "" {
				ini, _ := parseINI([]byte(legacy))
				if s := ini.section("tox"); s != nil {
					v, ok := s.get("env_list")
					if !ok {
						v, _ = s.get("envlist")
					}
					t.Envs = toxEnvs(v)
				}
			} else {
				t.Envs = tomlStrings(tt["env_list"])
			}
			return t
		}
	}
	return nil
}

// maxToxEnvs bounds brace expansion of a tox env list.
const maxToxEnvs = 100

// toxEnvs splits a tox env list (commas or newlines) and expands braces:
// py{311,312}-django{4,5} gives four environments.
func toxEnvs(v string) []string {
	var out []string
	var cur strings.Builder
	depth := 0
	flush := func() {
		f := strings.TrimSpace(cur.String())
		cur.Reset()
		if f == "" || len(out) >= maxToxEnvs {
			return
		}
		for _, e := range expandBraces(f, maxToxEnvs-len(out)) {
			if !slices.Contains(out, e) {
				out = append(out, e)
			}
		}
	}
	for _, r := range v {
		switch {
		case r == '{':
			depth++
		case r == '}' && depth > 0:
			depth--
		case (r == ',' || r == '\n') && depth == 0:
			flush()
			continue
		}
		cur.WriteRune(r)
	}
	flush()
	return out
}

// expandBraces expands the first {a,b} group of s, recursively, up to
// limit results.
func expandBraces(s string, limit int) []string {
	if limit <= 0 {
		return nil
	}
	open := strings.IndexByte(s, '{')
	if open < 0 {
		return []string{s}
	}
	end := strings.IndexByte(s[open:], '}')
	if end < 0 {
		return []string{s}
	}
	end += open
	var out []string
	for _, alt := range strings.Split(s[open+1:end], ",") {
		for _, e := range expandBraces(s[:open]+strings.TrimSpace(alt)+s[end+1:], limit-len(out)) {
			out = append(out, e)
			if len(out) >= limit {
				return out
			}
		}
	}
	return out
}
