package python

// Import roots named by packaging configuration: the directories setuptools,
// poetry and hatch install packages from, which are on sys.path once the
// project is installed (editable or not).

import (
	"path"
	"strings"

	"github.com/pyscout/pyscout/analyzer/configfile"
)

// PackagingImportRoots are the import roots one packaging file names.
type PackagingImportRoots struct {
	// Dirs are directories, relative to the repository root, whose
	// modules and packages are importable by their own names.
	Dirs []string
	// Names are top-level import names mapped to a directory of another
	// name (package-dir = {mypkg = "lib"}).
	Names []string
}

// IsPackagingFile names the files PackagingRoots reads.
func IsPackagingFile(p string) bool {
	b := path.Base(p)
	return b == "pyproject.toml" || b == "setup.cfg"
}

// PackagingRoots reads the import roots that a pyproject.toml or setup.cfg
// at p names: setuptools package-dir and packages.find where (both files),
// poetry packages' from, hatch wheel packages. It keeps to what the file
// says literally; a path that leaves the repository, or a file that does
// not parse, gives nothing.
func PackagingRoots(p string, data []byte) PackagingImportRoots {
	return packagingRoots(p, configfile.NewSet(map[string][]byte{p: data}))
}

// PackagingRootsIn is PackagingRoots on the file at p of set, decoded
// once with the set's other readers.
func PackagingRootsIn(p string, set *configfile.Set) PackagingImportRoots {
	return packagingRoots(p, set)
}

// packagingRoots is PackagingRoots on the file at p of set, so that a file
// the manifests or practices decode too is decoded once.
func packagingRoots(p string, set *configfile.Set) PackagingImportRoots {
	base := path.Dir(path.Clean(p))
	var out PackagingImportRoots
	addDir := func(rel string) {
		if d, ok := joinInside(base, rel); ok {
			out.Dirs = append(out.Dirs, d)
		}
	}
	mapping := func(key, rel string) {
		key = strings.TrimSpace(key)
		if key == "" {
			addDir(rel)
			return
		}
		if isIdentifier(key) {
			if _, ok := joinInside(base, rel); ok {
				out.Names = append(out.Names, key)
			}
		}
	}
	switch path.Base(p) {
	case "pyproject.toml":
		// Decoded through configfile's guards (nesting, panics), as every
		// TOML file of a candidate's repository must be.
		decoded := set.TOML(p)
		if decoded == nil || decoded.Err != nil || decoded.Root == nil {
			return out
		}
		doc := decoded.Root
		st := configfile.Table(doc, "tool", "setuptools")
		if pd, ok := st["package-dir"].(map[string]any); ok {
			for k, v := range pd {
				if s, ok := v.(string); ok {
					mapping(k, s)
				}
			}
		}
		if find := configfile.Table(doc, "tool", "setuptools", "packages", "find"); find != nil {
			switch w := find["where"].(type) {
			case []any:
				for _, v := range w {
					if s, ok := v.(string); ok {
						addDir(s)
					}
				}
			case string:
				addDir(w)
			}
		}
		if pk, ok := configfile.Table(doc, "tool", "poetry")["packages"].([]any); ok {
			for _, v := range pk {
				m, ok := v.(map[string]any)
				if !ok {
					continue
				}
				if from, ok := m["from"].(string); ok {
					addDir(from)
				}
			}
		}
		if pk, ok := configfile.Table(doc, "tool", "hatch", "build", "targets", "wheel")["packages"].([]any); ok {
			for _, v := range pk {
				if s, ok := v.(string); ok {
					// "src/mypkg": the package's parent is the root.
					addDir(path.Dir(s))
				}
			}
		}
	case "setup.cfg":
		ini := set.INI(p)
		if ini == nil {
			return out
		}
		secs, _ := ini.Read(configfile.INIOptions{})
		for i := range secs {
			s := &secs[i]
			switch s.Name {
			case "options":
				if k := s.Get("package_dir"); k != nil {
					for _, line := range k.Values() {
						key, rel, ok := strings.Cut(line.Text, "=")
						if !ok {
							continue
						}
						mapping(key, strings.TrimSpace(rel))
					}
				}
			case "options.packages.find":
				if k := s.Get("where"); k != nil {
					for _, line := range k.Values() {
						addDir(strings.TrimSpace(line.Text))
					}
				}
			}
		}
	}
	return out
}

// joinInside joins a relative path from a packaging file to its directory,
// refusing absolute paths and paths that leave the repository.
func joinInside(base, rel string) (string, bool) {
	rel = strings.TrimSpace(rel)
	if rel == "" {
		rel = "."
	}
	if strings.HasPrefix(rel, "/") || strings.Contains(rel, `\`) {
		return "", false
	}
	d := path.Join(base, rel)
	if d == ".." || strings.HasPrefix(d, "../") {
		return "", false
	}
	return d, true
}
