package manifest

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/pyscout/pyscout/analyzer/configfile"
)

// tomlReader reads dependency tables of a decoded TOML manifest.
type tomlReader struct {
	f    *File
	loc  *tomlLocator
	self string // the project's own normalised name: its extras are not dependencies
}

// parsePyproject reads pyproject.toml: [project] dependencies and
// optional-dependencies (PEP 621), [dependency-groups] (PEP 735),
// [build-system] requires, Poetry's dependencies, dev-dependencies and
// groups (`python` is the interpreter, not a dependency), PDM's
// dev-dependencies, Hatch environments, uv's dev-dependencies, and
// setuptools' `dynamic` file directives (as includes).
func parsePyproject(f *File, doc *configfile.TOML) {
	m := tomlRoot(f, doc)
	if m == nil {
		return
	}
	r := &tomlReader{f: f, loc: newTOMLLocator(doc)}
	if proj, ok := table(m, "project"); ok {
		if n, ok := proj["name"].(string); ok {
			r.self = Normalize(n)
		}
	}
	if po, ok := table(m, "tool", "poetry"); ok && r.self == "" {
		if n, ok := po["name"].(string); ok {
			r.self = Normalize(n)
		}
	}
	if proj, ok := table(m, "project"); ok {
		r.pep508List(proj["dependencies"], []string{"project"}, "dependencies", KindRuntime, "")
		r.groups(proj["optional-dependencies"], []string{"project", "optional-dependencies"},
			func(string) Kind { return KindOptional })
	} else if _, present := m["project"]; present {
		r.f.warn(r.loc.key(nil, "project"), "[project] is not a table: ignored")
	}
	if bs, ok := table(m, "build-system"); ok {
		r.pep508List(bs["requires"], []string{"build-system"}, "requires", KindBuild, "")
	}
	r.dependencyGroups(m["dependency-groups"])
	if po, ok := table(m, "tool", "poetry"); ok {
		r.poetry(po)
	}
	if pdm, ok := table(m, "tool", "pdm"); ok {
		r.groups(pdm["dev-dependencies"], []string{"tool", "pdm", "dev-dependencies"},
			func(name string) Kind { return groupKind(name, KindDev) })
	}
	if envs, ok := table(m, "tool", "hatch", "envs"); ok {
		for _, name := range r.sortedKeys(envs, []string{"tool", "hatch", "envs"}) {
			env, ok := envs[name].(map[string]any)
			if !ok {
				continue
			}
			kind := groupKind(name, KindDev)
			path := []string{"tool", "hatch", "envs", name}
			r.pep508List(env["dependencies"], path, "dependencies", kind, name)
			r.pep508List(env["extra-dependencies"], path, "extra-dependencies", kind, name)
		}
	}
	if uv, ok := table(m, "tool", "uv"); ok {
		r.pep508List(uv["dev-dependencies"], []string{"tool", "uv"}, "dev-dependencies", KindDev, "dev")
	}
	if dyn, ok := table(m, "tool", "setuptools", "dynamic"); ok {
		path := []string{"tool", "setuptools", "dynamic"}
		r.fileDirective(dyn["dependencies"], r.loc.key(path, "dependencies"), KindRuntime, "")
		if od, ok := dyn["optional-dependencies"].(map[string]any); ok {
			for _, name := range slices.Sorted(maps.Keys(od)) {
				r.fileDirective(od[name], r.loc.key(append(path, "optional-dependencies"), name), KindOptional, name)
			}
		}
	}
}

// sortedKeys orders a table's keys by their line, then name, so that
// dependencies come in the order the file gives them.
func (r *tomlReader) sortedKeys(t map[string]any, path []string) []string {
	keys := slices.Sorted(maps.Keys(t))
	lines := make(map[string]int, len(keys))
	for _, k := range keys {
		if h := r.loc.header(append(append([]string(nil), path...), k)...); h > 0 {
			lines[k] = h
		} else {
			lines[k] = r.loc.key(path, k)
		}
	}
	sort.SliceStable(keys, func(i, j int) bool { return lines[keys[i]] < lines[keys[j]] })
	return keys
}

// groups reads a table of name -> array of requirement strings.
func (r *tomlReader) groups(v any, path []string, kind func(string) Kind) {
	if v == nil {
		return
	}
	t, ok := v.(map[string]any)
	if !ok {
		r.f.warn(r.loc.key(path[:len(path)-1], path[len(path)-1]), "%s is not a table: ignored", strings.Join(path, "."))
		return
	}
	for _, name := range r.sortedKeys(t, path) {
		r.pep508List(t[name], path, name, kind(name), name)
	}
}

// pep508List reads an array of PEP 508 strings at path.key.
func (r *tomlReader) pep508List(v any, path []string, key string, kind Kind, group string) {
	if v == nil {
		return
	}
	line := r.loc.key(path, key)
	arr, ok := v.([]any)
	if !ok {
		r.f.warn(line, "%s.%s is not an array of requirements: ignored", strings.Join(path, "."), key)
		return
	}
	cur := line
	for _, item := range arr {
		s, ok := item.(string)
		if !ok {
			r.f.warn(cur, "%s.%s: item %v is not a string: ignored", strings.Join(path, "."), key, short(item))
			continue
		}
		cur = r.loc.value(cur, s)
		r.pep508(s, cur, kind, group)
	}
}

func (r *tomlReader) pep508(s string, line int, kind Kind, group string) {
	req, err := parseRequirement(s)
	if err != nil {
		r.f.warn(line, "not a requirement (%v): %s", err, quote(s))
		return
	}
	name := Normalize(req.name)
	if name == r.self {
		return // `mypkg[test]`: the project's own extras
	}
	d := Dependency{
		Name: name, Spec: strings.TrimSpace(s), Version: req.version, Extras: req.extras,
		Marker: req.marker, URL: req.url, Kind: kind, Group: group, Evidence: Evidence{Line: line},
	}
	d.Local = req.url != "" && isLocal(req.url)
	r.f.add(d)
}

// dependencyGroups reads PEP 735 [dependency-groups]: arrays of
// requirement strings and {include-group = "name"} tables (which add
// nothing new: the included group is read on its own).
func (r *tomlReader) dependencyGroups(v any) {
	if v == nil {
		return
	}
	path := []string{"dependency-groups"}
	t, ok := v.(map[string]any)
	if !ok {
		r.f.warn(r.loc.key(nil, "dependency-groups"), "dependency-groups is not a table: ignored")
		return
	}
	for _, name := range r.sortedKeys(t, path) {
		line := r.loc.key(path, name)
		arr, ok := t[name].([]any)
		if !ok {
			r.f.warn(line, "dependency-groups.%s is not an array: ignored", name)
			continue
		}
		kind := groupKind(name, KindDev)
		cur := line
		for _, item := range arr {
			switch x := item.(type) {
			case string:
				cur = r.loc.value(cur, x)
				r.pep508(x, cur, kind, name)
			case map[string]any:
				if _, ok := x["include-group"].(string); !ok {
					r.f.warn(cur, "dependency-groups.%s: table without include-group: ignored", name)
				}
			default:
				r.f.warn(cur, "dependency-groups.%s: item %v is neither a requirement nor an include: ignored", name, short(item))
			}
		}
	}
}

// poetry reads [tool.poetry]: dependencies, dev-dependencies and
// group.NAME.dependencies; optional dependencies become KindOptional, in
// the extra of [tool.poetry.extras] that lists them.
func (r *tomlReader) poetry(po map[string]any) {
	extraOf := map[string]string{}
	if ex, ok := po["extras"].(map[string]any); ok {
		for _, name := range slices.Sorted(maps.Keys(ex)) {
			if list, ok := ex[name].([]any); ok {
				for _, it := range list {
					if s, ok := it.(string); ok {
						if _, seen := extraOf[Normalize(s)]; !seen {
							extraOf[Normalize(s)] = name
						}
					}
				}
			}
		}
	}
	base := []string{"tool", "poetry"}
	r.poetryTable(po["dependencies"], append(base, "dependencies"), KindRuntime, "", extraOf)
	r.poetryTable(po["dev-dependencies"], append(base, "dev-dependencies"), KindDev, "dev", extraOf)
	if groups, ok := po["group"].(map[string]any); ok {
		for _, name := range r.sortedKeys(groups, append(base, "group")) {
			g, ok := groups[name].(map[string]any)
			if !ok {
				continue
			}
			kind := groupKind(name, KindDev)
			if name == "main" {
				kind = KindRuntime
			}
			r.poetryTable(g["dependencies"], []string{"tool", "poetry", "group", name, "dependencies"}, kind, name, extraOf)
		}
	}
}

// poetryTable reads a table of name -> constraint (Poetry, and Pipfile's
// package tables, which share the shape).
func (r *tomlReader) poetryTable(v any, path []string, kind Kind, group string, extraOf map[string]string) {
	if v == nil {
		return
	}
	t, ok := v.(map[string]any)
	if !ok {
		r.f.warn(r.loc.key(path[:len(path)-1], path[len(path)-1]), "%s is not a table: ignored", strings.Join(path, "."))
		return
	}
	for _, name := range r.sortedKeys(t, path) {
		if strings.EqualFold(name, "python") && r.f.Format == FormatPyproject {
			continue // the interpreter
		}
		line := r.loc.key(path, name)
		if !validName(name) {
			r.f.warn(line, "%s: invalid package name %s: ignored", strings.Join(path, "."), quote(name))
			continue
		}
		d := Dependency{Name: Normalize(name), Kind: kind, Group: group, Evidence: Evidence{Line: line}}
		d.Spec = r.sourceLine(line, name)
		if d.Name == r.self {
			continue
		}
		switch x := t[name].(type) {
		case string:
			if x != "*" {
				d.Version = x
			}
		case map[string]any:
			r.constraintTable(&d, x)
		case []any:
			// Multiple constraints, e.g. per Python version.
			var versions []string
			for _, it := range x {
				if c, ok := it.(map[string]any); ok {
					r.constraintTable(&d, c)
					if d.Version != "" {
						versions = append(versions, d.Version)
					}
				}
			}
			d.Version = strings.Join(versions, " || ")
			d.Note = "several constraints"
		default:
			r.f.warn(line, "%s.%s: constraint %v is neither a string nor a table: kept without a version",
				strings.Join(path, "."), name, short(x))
		}
		if d.Kind == KindOptional && d.Group == "" {
			d.Group = extraOf[d.Name]
		}
		r.f.add(d)
	}
}

// constraintTable reads {version, extras, optional, markers, python, git,
// url, path, develop, editable, ...}.
func (r *tomlReader) constraintTable(d *Dependency, c map[string]any) {
	if v, ok := c["version"].(string); ok && v != "*" {
		d.Version = v
	}
	if ex, ok := c["extras"].([]any); ok {
		for _, e := range ex {
			if s, ok := e.(string); ok {
				d.Extras = append(d.Extras, s)
			}
		}
	}
	if o, ok := c["optional"].(bool); ok && o {
		d.Kind = KindOptional
	}
	if m, ok := c["markers"].(string); ok {
		d.Marker = m
	}
	if p, ok := c["python"].(string); ok && d.Marker == "" {
		d.Marker = "python " + p
	}
	for _, k := range []string{"git", "url", "file", "path", "hg", "svn", "bzr"} {
		if u, ok := c[k].(string); ok && d.URL == "" {
			d.URL = u
			if k == "path" || k == "file" {
				d.Local = isLocal(u) || !strings.Contains(u, "://") && !isArchive(u)
			}
		}
	}
	for _, k := range []string{"develop", "editable"} {
		if e, ok := c[k].(bool); ok && e {
			d.Editable = true
		}
	}
}

// fileDirective reads setuptools' {file = "requirements.txt"} (or a list
// of files) as includes.
func (r *tomlReader) fileDirective(v any, line int, kind Kind, group string) {
	t, ok := v.(map[string]any)
	if !ok {
		return
	}
	var files []string
	switch x := t["file"].(type) {
	case string:
		files = []string{x}
	case []any:
		for _, it := range x {
			if s, ok := it.(string); ok {
				files = append(files, s)
			}
		}
	}
	for _, p := range files {
		r.f.Includes = append(r.f.Includes, Include{Target: p, Kind: kind, Group: group, Evidence: Evidence{Path: r.f.Path, Line: line}})
	}
}

// sourceLine returns the trimmed line at line when it declares name, for
// Dependency.Spec; else name.
func (r *tomlReader) sourceLine(line int, name string) string {
	if line >= 1 && line <= len(r.loc.lines) {
		t := strings.TrimSpace(r.loc.lines[line-1])
		if assigns(t, name) {
			if len(t) > 200 {
				t = t[:200]
			}
			return t
		}
	}
	return name
}

func short(v any) string {
	s := fmt.Sprint(v)
	if len(s) > 40 {
		s = s[:40] + "..."
	}
	return s
}

// parsePipfile reads Pipenv's Pipfile: [packages] (runtime),
// [dev-packages] (dev) and custom package categories; [source],
// [requires], [scripts] and [pipenv] are settings, not packages.
func parsePipfile(f *File, doc *configfile.TOML) {
	m := tomlRoot(f, doc)
	if m == nil {
		return
	}
	r := &tomlReader{f: f, loc: newTOMLLocator(doc)}
	r.poetryTable(m["packages"], []string{"packages"}, KindRuntime, "", nil)
	r.poetryTable(m["dev-packages"], []string{"dev-packages"}, KindDev, "dev", nil)
	for _, name := range r.sortedKeys(m, nil) {
		switch name {
		case "packages", "dev-packages", "source", "requires", "scripts", "pipenv":
			continue
		}
		if _, ok := m[name].(map[string]any); ok {
			r.poetryTable(m[name], []string{name}, groupKind(name, KindRuntime), name, nil)
		}
	}
}
