package manifest

import (
	"github.com/pyscout/pyscout/rules/libraries"

	"errors"
	"net/url"
	"path"
	"strings"
)

// requirement is one PEP 508 requirement, as written.
type requirement struct {
	name    string
	extras  []string
	version string
	url     string
	marker  string
}

// parseRequirement reads a PEP 508 requirement string: name, [extras],
// then a version specifier (bare or in parentheses) or `@ url`, then
// `; marker`. It is lenient where pip is (spaces anywhere, a marker without
// a space before ';' after a version) and strict where a mistake would name
// the wrong package: anything after the name that is not a specifier, a URL
// or a marker makes it an error.
func parseRequirement(s string) (requirement, error) {
	var r requirement
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && isNameByte(s[i]) {
		i++
	}
	r.name = s[:i]
	if r.name == "" {
		return r, errors.New("no package name")
	}
	if !validName(r.name) {
		return r, errors.New("invalid package name " + quote(r.name))
	}
	rest := strings.TrimLeft(s[i:], " \t")
	if strings.HasPrefix(rest, "[") {
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return r, errors.New("unclosed [ in extras")
		}
		for _, e := range strings.Split(rest[1:end], ",") {
			e = strings.TrimSpace(e)
			if e == "" {
				continue
			}
			if !validName(e) {
				return r, errors.New("invalid extra " + quote(e))
			}
			r.extras = append(r.extras, e)
		}
		rest = strings.TrimLeft(rest[end+1:], " \t")
	}
	if strings.HasPrefix(rest, "@") {
		rest = strings.TrimSpace(rest[1:])
		// PEP 508: a URL ends at whitespace before ';'.
		if j := markerAfterURL(rest); j >= 0 {
			r.url, r.marker = strings.TrimSpace(rest[:j]), strings.TrimSpace(rest[j+1:])
		} else {
			r.url = rest
		}
		if r.url == "" {
			return r, errors.New("empty URL after @")
		}
		if strings.ContainsAny(r.url, " \t") {
			return r, errors.New("space in URL " + quote(r.url))
		}
		return r, checkMarker(&r)
	}
	spec := rest
	if j := strings.IndexByte(rest, ';'); j >= 0 {
		spec, r.marker = rest[:j], strings.TrimSpace(rest[j+1:])
		if r.marker == "" {
			return r, errors.New("empty marker after ;")
		}
	}
	spec = strings.TrimSpace(spec)
	if strings.HasPrefix(spec, "(") {
		if !strings.HasSuffix(spec, ")") {
			return r, errors.New("unclosed ( in version")
		}
		spec = strings.TrimSpace(spec[1 : len(spec)-1])
	}
	if spec != "" {
		if err := checkSpecifier(spec); err != nil {
			return r, err
		}
		r.version = spec
	}
	return r, checkMarker(&r)
}

func markerAfterURL(s string) int {
	for j := 1; j < len(s); j++ {
		if s[j] == ';' && (s[j-1] == ' ' || s[j-1] == '\t') {
			return j
		}
	}
	return -1
}

// checkSpecifier accepts comma-separated clauses of an operator and a
// version (PEP 440's characters, * for prefix matching).
func checkSpecifier(spec string) error {
	for _, clause := range strings.Split(spec, ",") {
		c := strings.TrimSpace(clause)
		op := ""
		for _, o := range []string{"===", "~=", "==", "!=", "<=", ">=", "<", ">"} {
			if strings.HasPrefix(c, o) {
				op = o
				break
			}
		}
		if op == "" {
			return errors.New("not a version specifier: " + quote(c))
		}
		v := strings.TrimSpace(c[len(op):])
		if v == "" {
			return errors.New("no version after " + op)
		}
		for k := 0; k < len(v); k++ {
			b := v[k]
			if !(isAlnum(b) || strings.IndexByte(".*+!_-", b) >= 0) {
				return errors.New("invalid character in version " + quote(v))
			}
		}
	}
	return nil
}

// checkMarker does not evaluate markers; it rejects what cannot be one
// (unbalanced quotes or parentheses), so a stray ';' in prose is caught.
func checkMarker(r *requirement) error {
	m := r.marker
	if m == "" {
		return nil
	}
	depth := 0
	var q byte
	for k := 0; k < len(m); k++ {
		c := m[k]
		switch {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth < 0 {
				return errors.New("unbalanced ) in marker")
			}
		}
	}
	if q != 0 || depth != 0 {
		return errors.New("unbalanced quotes or parentheses in marker " + quote(m))
	}
	if !isAlpha(m[0]) && m[0] != '(' && m[0] != '"' && m[0] != '\'' {
		return errors.New("not a marker: " + quote(m))
	}
	return nil
}

func isNameByte(c byte) bool { return isAlnum(c) || c == '.' || c == '-' || c == '_' }

func isAlnum(c byte) bool { return isAlpha(c) || c >= '0' && c <= '9' }

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// validName is PEP 508's name rule, shared with the library data.
func validName(n string) bool { return libraries.ValidName(n) }

func quote(s string) string {
	const max = 80
	if len(s) > max {
		s = s[:max] + "..."
	}
	return `"` + s + `"`
}

// isURLRequirement reports whether a requirements-file line is a bare URL
// or path rather than a PEP 508 requirement.
func isURLRequirement(s string) bool {
	if strings.Contains(s, "://") || strings.HasPrefix(s, "file:") {
		// "name @ https://..." is PEP 508.
		if at := strings.IndexByte(s, '@'); at > 0 {
			before := strings.TrimSpace(s[:at])
			if j := strings.IndexByte(before, '['); j >= 0 {
				before = strings.TrimSpace(before[:j])
			}
			if validName(before) && !strings.Contains(s[:at], "://") {
				return false
			}
		}
		return true
	}
	for _, vcs := range []string{"git+", "hg+", "svn+", "bzr+"} {
		if strings.HasPrefix(s, vcs) {
			return true
		}
	}
	return isPathRequirement(s)
}

// isPathRequirement reports whether s is a local path: ., ./x, ../x, /x,
// x/y, or an archive file name.
func isPathRequirement(s string) bool {
	if s == "." || s == ".." || strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") ||
		strings.HasPrefix(s, "/") || strings.HasPrefix(s, "~") {
		return true
	}
	first := s
	if j := strings.IndexAny(s, " \t;"); j >= 0 {
		first = s[:j]
	}
	if strings.Contains(first, "/") || strings.Contains(first, "\\") {
		return true
	}
	return isArchive(first)
}

// isLocal reports whether a URL or path names something in the repository
// (a directory, not an archive of a released package).
func isLocal(u string) bool {
	if strings.HasPrefix(u, "file:") {
		return !isArchive(u)
	}
	if strings.Contains(u, "://") {
		return false
	}
	for _, vcs := range []string{"git+", "hg+", "svn+", "bzr+"} {
		if strings.HasPrefix(u, vcs) {
			return false
		}
	}
	return isPathRequirement(u) && !isArchive(u)
}

func isArchive(s string) bool {
	l := strings.ToLower(s)
	for _, ext := range []string{".whl", ".tar.gz", ".tgz", ".zip", ".tar.bz2", ".tar.xz", ".tar"} {
		if strings.HasSuffix(l, ext) {
			return true
		}
	}
	return false
}

// nameFromURL finds the distribution a URL or path installs: #egg=NAME, a
// wheel or sdist file name, else the last path segment (a repository or
// directory name), in which case guessed is set.
func nameFromURL(u string) (name string, extras []string, guessed bool) {
	frag := ""
	base := u
	if j := strings.IndexByte(u, '#'); j >= 0 {
		base, frag = u[:j], u[j+1:]
	}
	for _, part := range strings.Split(frag, "&") {
		if v, ok := strings.CutPrefix(part, "egg="); ok {
			if k := strings.IndexByte(v, '['); k >= 0 {
				for _, e := range strings.Split(strings.TrimSuffix(v[k+1:], "]"), ",") {
					if e = strings.TrimSpace(e); e != "" {
						extras = append(extras, e)
					}
				}
				v = v[:k]
			}
			if un, err := url.QueryUnescape(v); err == nil {
				v = un
			}
			return v, extras, false
		}
	}
	if j := strings.IndexByte(base, '?'); j >= 0 {
		base = base[:j]
	}
	base = strings.TrimRight(base, "/\\")
	seg := path.Base(strings.ReplaceAll(base, "\\", "/"))
	// git+https://host/u/repo.git@v1.2 names a ref after '@'.
	if strings.Contains(base, "+") || strings.Contains(base, "://") {
		if j := strings.IndexByte(seg, '@'); j > 0 {
			seg = seg[:j]
		}
	}
	l := strings.ToLower(seg)
	switch {
	case strings.HasSuffix(l, ".whl"):
		// name-version-python-abi-platform.whl, name with _ for -.
		if j := strings.IndexByte(seg, '-'); j > 0 {
			return seg[:j], nil, false
		}
	case isArchive(l):
		// name-1.2.3.tar.gz: the name ends before "-<digit>".
		for j := 0; j+1 < len(seg); j++ {
			if seg[j] == '-' && seg[j+1] >= '0' && seg[j+1] <= '9' {
				return seg[:j], nil, false
			}
		}
		for _, ext := range []string{".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".zip", ".tar"} {
			if strings.HasSuffix(l, ext) {
				return seg[:len(seg)-len(ext)], nil, true
			}
		}
	}
	seg = strings.TrimSuffix(seg, ".git")
	if seg == "." || seg == ".." || seg == "/" {
		return "", nil, true
	}
	return seg, nil, true
}
