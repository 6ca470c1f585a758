package python

// The repository's imports merged by library, and the imports whose origin
// the layout leaves unknown.

import (
	"sort"
	"strings"

	"github.com/pyscout/pyscout/rules/libraries"
)

// MaxUnknownImports bounds ImportStats.Unknown.
const MaxUnknownImports = 20

// UnknownImport is a top-level import whose origin the repository's layout
// does not settle (see OriginUnknown).
type UnknownImport struct {
	// Import is the top-level module name.
	Import string `json:"import"`
	// Files is the number of files importing it.
	Files int `json:"files"`
	// Reason says why its origin is unknown, for its first import.
	Reason string `json:"reason"`
	// Evidence is its first import in (path, cell, line) order.
	Evidence Evidence `json:"evidence"`
}

type unknownAgg struct {
	files    int
	lastPath string
	reason   string
	ev       Evidence
}

func (a *codeAgg) addUnknown(path, top, reason string, ev Evidence) {
	u := a.unknown[top]
	if u == nil {
		u = &unknownAgg{reason: reason, ev: ev}
		a.unknown[top] = u
	}
	if u.lastPath != path {
		u.lastPath = path
		u.files++
	}
	if evLess(ev, u.ev) {
		u.ev, u.reason = ev, reason
	}
}

// unknownImports lists the unknown imports, most files first, then by name.
func (a *codeAgg) unknownImports() []UnknownImport {
	if len(a.unknown) == 0 {
		return nil
	}
	out := make([]UnknownImport, 0, len(a.unknown))
	for n, u := range a.unknown {
		out = append(out, UnknownImport{Import: n, Files: u.files, Reason: u.reason, Evidence: u.ev})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Files != out[j].Files {
			return out[i].Files > out[j].Files
		}
		return out[i].Import < out[j].Import
	})
	if len(out) > MaxUnknownImports {
		out = out[:MaxUnknownImports]
	}
	return out
}

// libraryKey groups third-party import names by library: names the import
// map sends to a distribution, or that the taxonomy knows, are keyed by the
// normalised distribution (pytest and _pytest, PIL and Image); any other
// name, and a namespace package's top level (google), by itself.
func (r *ImportResolver) libraryKey(top string) string {
	if r.db.IsNamespace(top) {
		return top
	}
	d := r.db.Distribution(top)
	if _, known := r.db.Library(d); d == top && !known {
		return top
	}
	return "=" + libraries.Normalize(d)
}

// mergedLibs returns the libraries merged by distribution, leaving a.libs
// as it is. Beyond the import map it applies one rule: a library's private
// top level (_x, which the data does not map) is the library x when x is a
// library the data knows and the repository imports x too. Without the
// second condition an unrelated private module (_yaml of a C extension, a
// vendored _six) would pass for a library the repository never uses; the
// same rule for a declared but not imported x is applied by analyzer/deps,
// which sees the manifests.
func (a *codeAgg) mergedLibs() []*libAgg {
	out := map[string]*libAgg{}
	get := func(key string) *libAgg {
		l := out[key]
		if l == nil {
			l = &libAgg{names: map[string]int{}, fileSet: map[string]struct{}{}}
			out[key] = l
		}
		return l
	}
	res := a.res
	for key, l := range a.libs {
		if res != nil && len(l.names) == 1 && strings.HasPrefix(key, "_") {
			public := strings.TrimLeft(key, "_")
			if public != "" && isIdentifier(public) && res.KnownLibrary(public) {
				if pk := res.libraryKey(public); a.libs[pk] != nil {
					get(pk).merge(l)
					continue
				}
			}
		}
		get(key).merge(l)
	}
	list := make([]*libAgg, 0, len(out))
	for _, l := range out {
		list = append(list, l)
	}
	return list
}
