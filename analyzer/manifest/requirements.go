package manifest

import (
	"strings"
)

// frozenMin is how many entries, all pinned with ==, make a requirements
// file look like `pip freeze` output rather than a hand-written list.
const frozenMin = 10

// parseRequirements reads a pip requirements file: one requirement a line,
// `\` continuations, `#` comments (at the start of a line or after
// whitespace, as pip strips them), option lines (-r, -c, -e, -i, ...),
// per-requirement options (--hash), URL, VCS and path lines. pip-compile's
// `# via` annotations mark the entries that are only transitive.
func parseRequirements(f *File, data []byte, kind Kind, group string) {
	lines := splitLines(data)
	first := len(f.Dependencies)
	via := map[int][]string{} // dependency index -> via entries
	hasVia, inVia := false, false
	last := -1
	for i := 0; i < len(lines); {
		start := i
		t := strings.TrimSpace(lines[i])
		if strings.HasPrefix(t, "#") {
			c := strings.TrimSpace(t[1:])
			switch {
			case c == "via" || strings.HasPrefix(c, "via "):
				hasVia, inVia = true, true
				if e := strings.TrimSpace(c[3:]); e != "" && last >= 0 {
					via[last] = append(via[last], e)
				}
			case inVia && c != "" && last >= 0:
				via[last] = append(via[last], c)
			}
			i++
			continue
		}
		inVia = false
		logical := lines[i]
		for strings.HasSuffix(logical, `\`) {
			logical = logical[:len(logical)-1]
			if i+1 == len(lines) {
				break
			}
			logical += lines[i+1]
			i++
		}
		i++
		code, comment := stripComment(logical)
		code = strings.TrimSpace(code)
		if code == "" {
			continue
		}
		n := len(f.Dependencies)
		requirementLine(f, code, start+1, kind, group)
		last = -1
		if len(f.Dependencies) > n {
			last = len(f.Dependencies) - 1
			if c := strings.TrimSpace(comment); strings.HasPrefix(c, "via ") {
				// pip-compile before 5.0: `pkg==1.0  # via a, b`
				hasVia = true
				for _, e := range strings.Split(c[4:], ",") {
					via[last] = append(via[last], strings.TrimSpace(e))
				}
			}
		}
	}
	deps := f.Dependencies[first:]
	if hasVia {
		for i := range deps {
			entries := via[first+i]
			if len(entries) == 0 {
				continue
			}
			direct := false
			for _, e := range entries {
				if strings.HasPrefix(e, "-r") {
					direct = true
				}
			}
			deps[i].Transitive = !direct
		}
		return
	}
	pinned := 0
	for _, d := range deps {
		if d.URL == "" && strings.HasPrefix(d.Version, "==") && !strings.Contains(d.Version, ",") &&
			!strings.Contains(d.Version, "*") {
			pinned++
		}
	}
	if pinned >= frozenMin && pinned == len(deps) {
		f.Frozen = true
	}
}

// splitLines splits on \n, dropping a \r before it.
func splitLines(data []byte) []string {
	s := string(data)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	if n := len(lines); n > 0 && lines[n-1] == "" {
		lines = lines[:n-1]
	}
	return lines
}

// stripComment splits a line at the first '#' that starts the line or
// follows whitespace (pip's rule, so URL fragments like #egg= survive).
func stripComment(s string) (code, comment string) {
	for i := 0; i < len(s); i++ {
		if s[i] == '#' && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t') {
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}

// Requirements-file options that take a value, and those that do not.
var (
	optionsWithValue = map[string]bool{
		"-i": true, "--index-url": true, "--extra-index-url": true, "-f": true, "--find-links": true,
		"--trusted-host": true, "--no-binary": true, "--only-binary": true, "--use-feature": true,
		"--global-option": true, "--install-option": true, "--config-settings": true, "-C": true,
		"--hash": true, "--progress-bar": true, "--platform": true, "--python-version": true,
		"--implementation": true, "--abi": true, "--root": true, "--prefix": true, "--src": true,
	}
	optionsAlone = map[string]bool{
		"--no-index": true, "--pre": true, "--prefer-binary": true, "--require-hashes": true,
		"-Z": true, "--always-unzip": true, "--no-deps": true, "--upgrade": true, "-U": true,
		"--no-build-isolation": true, "--no-cache-dir": true,
	}
)

// splitOption splits "-rfile", "-r file", "--requirement=file" and
// "--requirement file" into the option and its value.
func splitOption(s string) (opt, val string) {
	if strings.HasPrefix(s, "--") {
		j := strings.IndexAny(s, "= \t")
		if j < 0 {
			return s, ""
		}
		return s[:j], strings.TrimSpace(s[j+1:])
	}
	if len(s) <= 2 {
		return s, ""
	}
	return s[:2], strings.TrimSpace(s[2:])
}

// requirementLine reads one logical line of a requirements file (comments
// already stripped); tox deps and conda pip sections share it.
func requirementLine(f *File, s string, line int, kind Kind, group string) {
	ev := Evidence{Path: f.Path, Line: line}
	if strings.HasPrefix(s, "-") {
		opt, val := splitOption(s)
		switch opt {
		case "-r", "--requirement", "-c", "--constraint":
			if val == "" {
				f.warn(line, "%s without a file name", opt)
				return
			}
			f.Includes = append(f.Includes, Include{
				Target: unquote(val), Constraint: opt == "-c" || opt == "--constraint",
				Kind: kind, Group: group, Evidence: ev,
			})
		case "-e", "--editable":
			if val == "" {
				f.warn(line, "%s without a path or URL", opt)
				return
			}
			val, _ = cutOptions(val)
			urlDependency(f, val, s, ev, kind, group, true)
		default:
			if !optionsWithValue[opt] && !optionsAlone[opt] {
				f.warn(line, "unknown option %s: line ignored", quote(opt))
			}
		}
		return
	}
	req, opts := cutOptions(s)
	for _, o := range opts {
		name, _ := splitOption(o)
		if !optionsWithValue[name] && !optionsAlone[name] {
			f.warn(line, "unknown option %s after the requirement: ignored", quote(name))
		}
	}
	if isURLRequirement(req) {
		urlDependency(f, req, s, ev, kind, group, false)
		return
	}
	r, err := parseRequirement(req)
	if err != nil {
		f.warn(line, "not a requirement (%v): %s", err, quote(req))
		return
	}
	d := Dependency{
		Name: Normalize(r.name), Spec: req, Version: r.version, Extras: r.extras, Marker: r.marker,
		URL: r.url, Kind: kind, Group: group, Evidence: ev,
	}
	d.Local = r.url != "" && isLocal(r.url)
	f.add(d)
}

// cutOptions splits the per-requirement options (--hash=..., -C key=val)
// off a requirement; an option starts with " -" outside quotes.
func cutOptions(s string) (req string, opts []string) {
	var q byte
	cut := -1
	for i := 0; i < len(s) && cut < 0; i++ {
		c := s[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case (c == ' ' || c == '\t') && i+2 < len(s) && s[i+1] == '-' && (s[i+2] == '-' || isAlpha(s[i+2])):
			cut = i
		}
	}
	if cut < 0 {
		return strings.TrimSpace(s), nil
	}
	rest := strings.TrimSpace(s[cut:])
	for rest != "" {
		j := strings.Index(rest, " -")
		if k := strings.Index(rest, "\t-"); k >= 0 && (j < 0 || k < j) {
			j = k
		}
		if j < 0 {
			opts = append(opts, rest)
			break
		}
		opts = append(opts, strings.TrimSpace(rest[:j]))
		rest = strings.TrimSpace(rest[j:])
	}
	return strings.TrimSpace(s[:cut]), opts
}

// urlDependency records a requirement given as a URL or path (bare, -e, or
// after a conda pip: entry). spec is the whole line, for the record.
func urlDependency(f *File, u, spec string, ev Evidence, kind Kind, group string, editable bool) {
	marker := ""
	if j := markerAfterURL(u); j >= 0 {
		u, marker = strings.TrimSpace(u[:j]), strings.TrimSpace(u[j+1:])
	}
	u = unquote(u)
	if u == "." || u == "./" || u == ".[dev]" || strings.HasPrefix(u, ".[") {
		// The project installing itself, not a dependency.
		return
	}
	name, extras, guessed := nameFromURL(u)
	if name == "" || !validName(name) {
		f.warn(ev.Line, "cannot tell which package %s installs: line ignored", quote(u))
		return
	}
	local := isLocal(u)
	d := Dependency{
		Name: Normalize(name), Spec: spec, Extras: extras, Marker: marker, URL: u,
		Editable: editable, Local: local, Kind: kind, Group: group, Evidence: ev,
	}
	switch {
	case local:
		d.Note = "local path; name taken from the directory"
	case guessed:
		d.Note = "name guessed from the URL"
		f.warn(ev.Line, "URL without #egg=NAME: package name %s guessed from it", quote(name))
	}
	f.add(d)
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}
