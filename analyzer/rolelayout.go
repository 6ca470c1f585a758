package analyzer

import (
	"path"
	"strings"

	"github.com/pyscout/pyscout/analyzer/configfile"
	"github.com/pyscout/pyscout/analyzer/practices"
	"github.com/pyscout/pyscout/analyzer/python"
	"github.com/pyscout/pyscout/analyzer/roles"
	"github.com/pyscout/pyscout/analyzer/walk"
)

// shippedPackages reads the directories and modules a repository's
// packaging configuration ships by name, as roles.Layout.Packages wants
// them: setuptools' packages, py-modules and packages.find include (in
// pyproject.toml and setup.cfg), poetry's packages and hatch's wheel
// packages. Automatic discovery without an include list names nothing:
// it would ship an examples/ directory only by accident of an
// __init__.py, and that is no sign the project means to ship it.
func shippedPackages(configs *configfile.Set, files []string) []string {
	var out []string
	for _, p := range files {
		if walk.IsVendored(p) {
			continue
		}
		base := path.Base(p)
		if base != "pyproject.toml" && base != "setup.cfg" {
			continue
		}
		dir := path.Dir(p)
		roots := python.PackagingRootsIn(p, configs).Dirs
		if len(roots) == 0 {
			roots = []string{dir}
		}
		dotted := func(names []string) {
			for _, n := range names {
				n = strings.TrimSpace(n)
				if n == "" || strings.HasSuffix(n, ":") || strings.ContainsAny(n, `/\`) {
					continue // "find:", "find_namespace:" and paths are not names
				}
				for _, r := range roots {
					out = append(out, joinRel(r, strings.ReplaceAll(n, ".", "/")))
				}
			}
		}
		switch base {
		case "pyproject.toml":
			t := configs.TOML(p)
			if t == nil || t.Err != nil || t.Root == nil {
				continue
			}
			st := configfile.Table(t.Root, "tool", "setuptools")
			dotted(tomlStrings(st["packages"]))
			dotted(tomlStrings(st["py-modules"]))
			dotted(tomlStrings(configfile.Table(t.Root, "tool", "setuptools", "packages", "find")["include"]))
			if pk, ok := configfile.Table(t.Root, "tool", "poetry")["packages"].([]any); ok {
				for _, v := range pk {
					if m, ok := v.(map[string]any); ok {
						inc, _ := m["include"].(string)
						from, _ := m["from"].(string)
						if inc != "" && !strings.Contains(inc, "..") {
							out = append(out, joinRel(path.Join(dir, from), inc))
						}
					}
				}
			}
			for _, s := range tomlStrings(configfile.Table(t.Root, "tool", "hatch", "build", "targets", "wheel")["packages"]) {
				if !strings.Contains(s, "..") {
					out = append(out, joinRel(dir, s))
				}
			}
		case "setup.cfg":
			ini := configs.INI(p)
			if ini == nil {
				continue
			}
			secs, _ := ini.Read(configfile.INIOptions{})
			for i := range secs {
				s := &secs[i]
				var keys []string
				switch s.Name {
				case "options":
					keys = []string{"packages", "py_modules"}
				case "options.packages.find":
					keys = []string{"include"}
				}
				for _, k := range keys {
					if v := s.Get(k); v != nil {
						var names []string
						for _, l := range v.Values() {
							names = append(names, strings.Split(l.Text, ",")...)
						}
						dotted(names)
					}
				}
			}
		}
	}
	return out
}

// joinRel joins rel to dir, "." meaning the root.
func joinRel(dir, rel string) string {
	return strings.TrimPrefix(path.Join(dir, rel), "./")
}

// tomlStrings are the strings of a TOML array (or one string).
func tomlStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// roleLayout is what the classifier of roles needs from one repository:
// the shipped packages and the test runners' collection, read from the
// packaging and pytest configuration files read before the walk.
func roleLayout(configs *configfile.Set, files []string) roles.Layout {
	return roles.Layout{
		Packages: shippedPackages(configs, files),
		Paths:    files,
		Tests:    practices.NewTestCollector(practices.Repo{Files: files, Contents: configs.Files(), Parsed: configs}),
	}
}

// isRunnerConfig names the pytest configuration files that are not
// packaging files, read before the walk for the roles of test files.
func isRunnerConfig(p string) bool {
	switch path.Base(p) {
	case "tox.ini", "pytest.ini", ".pytest.ini":
		return true
	}
	return false
}

// roleContent is what the classifier reads of an analysed file: the bytes
// of a small one (the generated files it recognises are small) and the
// parser's facts.
func roleContent(ff *python.FileFacts, data []byte) *roles.Content {
	c := &roles.Content{Data: data, Classes: len(ff.Classes), Functions: len(ff.Functions)}
	if ff.Notebook != nil {
		c.Data = nil
	}
	for _, s := range ff.Tests.Frameworks {
		if s.Name == python.FrameworkUnittest && s.Sign == python.SignTestCase {
			c.TestCase = true
		}
	}
	if roles.ReadsImports(ff.Path) {
		c.ImportLines = map[int]bool{}
		for _, imp := range ff.Imports {
			for l := imp.Evidence.Line; l <= max(imp.Evidence.Line, imp.Evidence.EndLine); l++ {
				c.ImportLines[l] = true
			}
		}
	}
	return c
}
