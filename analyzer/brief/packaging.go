package brief

import (
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/pyscout/pyscout/analyzer/configfile"
	"github.com/pyscout/pyscout/analyzer/manifest"
	"github.com/pyscout/pyscout/analyzer/python"
)

// maxScripts bounds the console scripts read from packaging.
const maxScripts = 32

// Packaging is what the root packaging files say about the distribution.
type Packaging struct {
	// Name is the distribution name as written: [project] or
	// [tool.poetry] name, setup.cfg [metadata] name, or a literal
	// name="..." in setup.py.
	Name string
	// Scripts are the console scripts, in file order.
	Scripts []EntryPoint
}

// EntryPoint is one console script.
type EntryPoint struct {
	// Name is the command's name.
	Name string
	// Module and Func are its target, module:func.
	Module, Func string
	// Evidence is where the packaging declares it.
	Evidence python.Evidence
}

// ReadPackaging reads the root pyproject.toml, setup.cfg and setup.py of
// configs (the decoded configuration shared with the manifests): the
// distribution name and the console scripts. pyproject.toml is read
// first, then setup.cfg, then setup.py; the first name found wins, and
// scripts are taken from the first file that has any.
func ReadPackaging(configs *configfile.Set) Packaging {
	var out Packaging
	if configs == nil {
		return out
	}
	if t := configs.TOML("pyproject.toml"); t != nil && t.Root != nil {
		name := tomlString(configfile.Table(t.Root, "project")["name"])
		if name == "" {
			name = tomlString(configfile.Table(t.Root, "tool", "poetry")["name"])
		}
		out.Name = name
		scripts := configfile.Table(t.Root, "project", "scripts")
		header := []string{"project", "scripts"}
		if scripts == nil {
			scripts = configfile.Table(t.Root, "tool", "poetry", "scripts")
			header = []string{"tool", "poetry", "scripts"}
		}
		out.Scripts = tomlScripts("pyproject.toml", t, scripts, header)
	}
	if ini := configs.INI("setup.cfg"); ini != nil {
		secs, _ := ini.Read(configfile.INIOptions{})
		for i := range secs {
			s := &secs[i]
			switch s.Name {
			case "metadata":
				if k := s.Get("name"); k != nil && out.Name == "" {
					out.Name = strings.TrimSpace(k.Value())
				}
			case "options.entry_points":
				if k := s.Get("console_scripts"); k != nil && len(out.Scripts) == 0 {
					for _, v := range k.Values() {
						if ep, ok := parseScript(v.Text); ok && len(out.Scripts) < maxScripts {
							ep.Evidence = python.Evidence{Path: "setup.cfg", Line: v.Line, EndLine: v.Line}
							out.Scripts = append(out.Scripts, ep)
						}
					}
				}
			}
		}
	}
	if data, ok := configs.Content("setup.py"); ok {
		name, scripts := setupPyLiterals(data)
		if out.Name == "" {
			out.Name = name
		}
		if len(out.Scripts) == 0 {
			out.Scripts = scripts
		}
	}
	return out
}

func tomlString(v any) string {
	s, _ := v.(string)
	return strings.TrimSpace(s)
}

// tomlScripts lists a scripts table's entries, each at the line that
// names it below the table's header (the header's line when not found).
func tomlScripts(file string, t *configfile.TOML, table map[string]any, header []string) []EntryPoint {
	headerLine := 0
	for _, h := range t.Headers {
		if strings.Join(h.Path, ".") == strings.Join(header, ".") {
			headerLine = h.Line
			break
		}
	}
	lines := strings.Split(string(t.Text), "\n")
	var names []string
	for k := range table {
		names = append(names, k)
	}
	sort.Strings(names)
	var out []EntryPoint
	for _, name := range names {
		target, ok := table[name].(string)
		if !ok {
			continue
		}
		ep, ok := parseScript(name + "=" + target)
		if !ok || len(out) >= maxScripts {
			continue
		}
		line := headerLine
		for i := headerLine; i > 0 && i < len(lines); i++ {
			l := strings.TrimLeft(lines[i], " \t\"'")
			if strings.HasPrefix(l, name) {
				line = i + 1
				break
			}
		}
		ep.Evidence = python.Evidence{Path: file, Line: line, EndLine: line}
		out = append(out, ep)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Evidence.Line < out[j].Evidence.Line })
	return out
}

var scriptSpec = regexp.MustCompile(`^\s*([A-Za-z0-9_.-]+)\s*=\s*([A-Za-z_][A-Za-z0-9_.]*)\s*:\s*([A-Za-z_][A-Za-z0-9_.]*)`)

// parseScript reads "name = module:func [extras]".
func parseScript(s string) (EntryPoint, bool) {
	m := scriptSpec.FindStringSubmatch(s)
	if m == nil {
		return EntryPoint{}, false
	}
	return EntryPoint{Name: m[1], Module: m[2], Func: m[3]}, true
}

// setupPyLiterals reads a setup.py's literal name= keyword and its
// console_scripts from the syntax tree (analyzer/manifest, the reader of
// its dependencies). setup.py is never run: a name or scripts computed at
// run time are not found.
func setupPyLiterals(data []byte) (string, []EntryPoint) {
	meta := manifest.ReadSetupMetadata(data)
	var out []EntryPoint
	for _, sc := range meta.Scripts {
		ep, ok := parseScript(sc.Spec)
		if !ok || len(out) >= maxScripts {
			continue
		}
		ep.Evidence = python.Evidence{Path: "setup.py", Line: sc.Line, EndLine: sc.Line}
		out = append(out, ep)
	}
	return meta.Name, out
}

// readmeRank orders README names: Markdown, then reStructuredText, then
// text.
func readmeRank(p string) int {
	if strings.Contains(p, "/") {
		return -1
	}
	ext := strings.ToLower(path.Ext(p))
	stem := strings.TrimSuffix(p, path.Ext(p))
	if !strings.EqualFold(stem, "readme") {
		return -1
	}
	switch ext {
	case ".md", ".markdown":
		return 0
	case ".rst":
		return 1
	case "", ".txt":
		return 2
	}
	return -1
}

// pickReadme returns the root README among the kept files.
func pickReadme(contents map[string][]byte) (string, []byte) {
	best, rank := "", 99
	for p := range contents {
		if r := readmeRank(p); r >= 0 && (r < rank || r == rank && p < best) {
			best, rank = p, r
		}
	}
	if best == "" {
		return "", nil
	}
	return best, contents[best]
}
