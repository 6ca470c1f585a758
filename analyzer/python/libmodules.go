package python

import (
	"sort"
	"strings"
)

// Bounds on ImportedLibrary.Modules.
const (
	// MaxModulesPerLibrary bounds the modules listed per library.
	MaxModulesPerLibrary = 16
	// maxModulesTracked bounds the distinct modules counted per library
	// while aggregating; later ones are not counted.
	maxModulesTracked = 64
	// moduleDepth is how many dotted components of a module are kept:
	// enough for namespace packages (google.cloud.storage,
	// azure.storage.blob) and for a library's main subpackages.
	moduleDepth = 3
)

// ModuleImport is a dotted module imported below a library's top-level
// name. It lets namespace packages (google.cloud.storage is
// google-cloud-storage, google.protobuf is protobuf) be told apart, and
// shows which parts of a library a repository uses.
type ModuleImport struct {
	// Module is the dotted name, cut to three components: the module of
	// `import a.b.c`, or module.name for `from a.b import c` when the
	// module has fewer than three components.
	Module string `json:"module"`
	// Files is the number of files importing it.
	Files int `json:"files"`
	// Evidence is its first import in (path, cell, line) order.
	Evidence Evidence `json:"evidence"`
}

type modAgg struct {
	files    int
	lastPath string
	ev       Evidence
}

// addModule counts the dotted modules of one third-party import.
func (l *libAgg) addModule(path string, imp Import) {
	var mods []string
	switch {
	case imp.Kind == ImportFrom && strings.Count(imp.Module, ".")+1 < moduleDepth:
		for _, n := range imp.Names {
			if n != "*" {
				mods = append(mods, imp.Module+"."+n)
			}
		}
		if len(mods) == 0 {
			mods = append(mods, imp.Module)
		}
	default:
		mods = append(mods, imp.Module)
	}
	for _, m := range mods {
		m = cutComponents(m, moduleDepth)
		if !strings.Contains(m, ".") {
			continue
		}
		a := l.mods[m]
		if a == nil {
			if len(l.mods) >= maxModulesTracked {
				continue
			}
			if l.mods == nil {
				l.mods = map[string]*modAgg{}
			}
			a = &modAgg{ev: imp.Evidence}
			l.mods[m] = a
		}
		if a.lastPath != path {
			a.lastPath = path
			a.files++
		}
		if evLess(imp.Evidence, a.ev) {
			a.ev = imp.Evidence
		}
	}
}

func cutComponents(m string, n int) string {
	for i := 0; i < len(m); i++ {
		if m[i] == '.' {
			n--
			if n == 0 {
				return m[:i]
			}
		}
	}
	return m
}

// modules returns the most imported modules, most files first, then by name.
func (l *libAgg) modules() []ModuleImport {
	if len(l.mods) == 0 {
		return nil
	}
	out := make([]ModuleImport, 0, len(l.mods))
	for m, a := range l.mods {
		out = append(out, ModuleImport{Module: m, Files: a.files, Evidence: a.ev})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Files != out[j].Files {
			return out[i].Files > out[j].Files
		}
		return out[i].Module < out[j].Module
	})
	if len(out) > MaxModulesPerLibrary {
		out = out[:MaxModulesPerLibrary]
	}
	return out
}
