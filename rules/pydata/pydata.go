// Package pydata holds generated tables about Python itself that the Python
// analyser needs: the top-level module names of the standard library, and
// the Python 2 standard library modules that Python 3 renamed or removed.
//
// The tables are text files embedded with go:embed, one name a line, '#'
// comments allowed, regenerated from CPython by gen_stdlib.py (go generate).
// The package imports nothing from the analyser.
package pydata

//go:generate python3 gen_stdlib.py

import (
	_ "embed"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
)

var (
	//go:embed stdlib.txt
	stdlibTxt string
	//go:embed python2.txt
	python2Txt string
)

type tables struct {
	stdlib  map[string]struct{}
	python2 map[string]struct{}
	err     error
}

var (
	loadOnce sync.Once
	loaded   tables
)

func load() *tables {
	loadOnce.Do(func() {
		var err1, err2 error
		loaded.stdlib, err1 = parseNames("stdlib.txt", stdlibTxt)
		loaded.python2, err2 = parseNames("python2.txt", python2Txt)
		switch {
		case err1 != nil:
			loaded.err = err1
		case err2 != nil:
			loaded.err = err2
		}
		for n := range loaded.python2 {
			if _, dup := loaded.stdlib[n]; dup && loaded.err == nil {
				loaded.err = fmt.Errorf("python2.txt: %q is also in stdlib.txt", n)
			}
		}
	})
	return &loaded
}

// Validate reports the first problem found in the embedded tables, naming
// the file, line and name; nil means every table is well-formed.
func Validate() error { return load().err }

// parseNames reads one identifier a line, skipping blank lines and '#'
// comments, and requires the names to be valid, unique and sorted.
func parseNames(file, text string) (map[string]struct{}, error) {
	set := make(map[string]struct{}, 512)
	prev := ""
	for i, line := range strings.Split(text, "\n") {
		name := strings.TrimSpace(line)
		if name == "" || strings.HasPrefix(name, "#") {
			continue
		}
		if !isIdentifier(name) {
			return nil, fmt.Errorf("%s:%d: %q is not a Python identifier", file, i+1, name)
		}
		if _, dup := set[name]; dup {
			return nil, fmt.Errorf("%s:%d: %q is listed twice", file, i+1, name)
		}
		if prev != "" && name < prev {
			return nil, fmt.Errorf("%s:%d: %q is out of order (after %q)", file, i+1, name, prev)
		}
		prev = name
		set[name] = struct{}{}
	}
	if len(set) == 0 {
		return nil, fmt.Errorf("%s: no names", file)
	}
	return set, nil
}

// isIdentifier accepts ASCII Python identifiers, which is all the standard
// library uses.
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// IsStdlib reports whether top, a top-level module name such as "os" or
// "concurrent", belongs to the Python 3 standard library of some version a
// candidate may have used (3.x modules since removed, like distutils, count).
// Names are case-sensitive, as imports are.
func IsStdlib(top string) bool {
	_, ok := load().stdlib[top]
	return ok
}

// IsPython2Stdlib reports whether top is a Python 2 standard library module
// that Python 3 renamed or removed, such as "urllib2" or "ConfigParser".
func IsPython2Stdlib(top string) bool {
	_, ok := load().python2[top]
	return ok
}

// StdlibNames returns the Python 3 standard library top-level names, sorted.
func StdlibNames() []string { return slices.Sorted(maps.Keys(load().stdlib)) }

// Python2StdlibNames returns the Python-2-only standard library names, sorted.
func Python2StdlibNames() []string { return slices.Sorted(maps.Keys(load().python2)) }
