package brief

import (
	"math"
	"sort"
	"strings"

	"github.com/pyscout/pyscout/analyzer/deps"
	"github.com/pyscout/pyscout/analyzer/practices"
	"github.com/pyscout/pyscout/rules/libraries"
)

// Input is one analysed repository as Build needs it.
type Input struct {
	// Name is the repository's name (RepoFacts.Name).
	Name string
	// Description is the repository description, candidate-written.
	Description string
	// Code is the collector's summary; a repository without one is not
	// briefed.
	Code *Code
	// Languages are the bytes of code per language (walk.Stats.Languages).
	Languages map[string]int64
	// FileLines tells the lines the candidate and everyone added to a
	// file (history.RepoHistory.FileLines); nil when authorship is
	// unknown (inspect, --no-history).
	FileLines func(path string) (theirs, all int, ok bool)
	// Practices are the repository's practices (CI, changelog); may be nil.
	Practices *practices.RepoPractices
	// Dependencies are its declared and imported dependencies; may be nil.
	Dependencies *deps.Report
}

// Build briefs the flagship repositories: up to MaxBriefs of the inputs,
// ranked by the candidate's own lines in source and notebook files (the
// lines in those roles when authorship is unknown), ties by name. A
// repository without such lines is not a flagship.
func Build(inputs []Input) []Brief {
	type ranked struct {
		in    *Input
		lines int
		share *float64
	}
	var rs []ranked
	for i := range inputs {
		in := &inputs[i]
		if in.Code == nil {
			continue
		}
		lines, share := theirLines(in)
		if lines <= 0 {
			continue
		}
		rs = append(rs, ranked{in, lines, share})
	}
	sort.SliceStable(rs, func(i, j int) bool {
		if rs[i].lines != rs[j].lines {
			return rs[i].lines > rs[j].lines
		}
		return rs[i].in.Name < rs[j].in.Name
	})
	out := []Brief{}
	for _, r := range rs {
		if len(out) >= MaxBriefs {
			break
		}
		out = append(out, briefOf(r.in, r.lines, r.share, inputs))
	}
	return out
}

// fileShare is the candidate's share of the lines added to a file, at
// most 1; nil when unknown.
func fileShare(in *Input, p string) *float64 {
	if in.FileLines == nil {
		return nil
	}
	theirs, all, ok := in.FileLines(p)
	if !ok || all == 0 {
		return nil
	}
	s := math.Min(1, float64(theirs)/float64(all))
	s = math.Round(s*1000) / 1000
	return &s
}

// theirLines is the candidate's lines in the own files: each file's lines
// times their share of the lines added to it. Without history, or when no
// own file's history was measured, it is all the own lines and the share
// is nil; otherwise the share is over the measured files.
func theirLines(in *Input) (int, *float64) {
	total, measured := 0, 0
	theirs := 0.0
	for i := range in.Code.files {
		f := &in.Code.files[i]
		if !f.role.Own() {
			continue
		}
		total += f.lines
		if s := fileShare(in, f.path); s != nil {
			measured += f.lines
			theirs += float64(f.lines) * *s
		}
	}
	if measured == 0 {
		return total, nil
	}
	share := math.Round(theirs/float64(measured)*1000) / 1000
	return int(math.Round(theirs)), &share
}

func briefOf(in *Input, lines int, share *float64, all []Input) Brief {
	files := in.Code.files
	ix := newModuleIndex(files)
	g := newClassGraph(files, ix)
	central := centralModules(files, ix, ix.importers(files), func(p string) *float64 { return fileShare(in, p) })
	return Brief{
		Repo:         in.Name,
		What:         whatText(in.Description, in.Code.readme, in.Code.readmePath, in.Name, in.Code.pkg.Name),
		TheirShare:   share,
		TheirLines:   lines,
		Languages:    languageShares(codeBytes(in.Languages, files)),
		Central:      central,
		Abstractions: abstractions(files, ix, g, in.Code.pkg, central),
		Decisions:    decisions(files, g, in.Code.paths, in.Languages, in.Code.role),
		Maintainer:   maintainer(in, all),
	}
}

// notebookLanguage is go-enry's name for notebooks.
const notebookLanguage = "Jupyter Notebook"

// codeBytes is the bytes per language with a notebook counted by its code
// cells, not its JSON: outputs (images in base64) would otherwise make a
// notebook outweigh the code beside it.
func codeBytes(langs map[string]int64, files []fileSummary) map[string]int64 {
	if _, ok := langs[notebookLanguage]; !ok {
		return langs
	}
	out := make(map[string]int64, len(langs))
	for l, n := range langs {
		out[l] = n
	}
	var cells int64
	for i := range files {
		if files[i].notebook {
			cells += int64(files[i].bytes)
		}
	}
	out[notebookLanguage] = cells
	return out
}

// languageShares turns bytes per language into shares, largest first;
// shares are rounded to three decimals, and languages under 0.1% left out.
func languageShares(langs map[string]int64) []LanguageShare {
	var total int64
	for _, n := range langs {
		total += n
	}
	out := []LanguageShare{}
	if total == 0 {
		return out
	}
	for l, n := range langs {
		s := math.Round(float64(n)/float64(total)*1000) / 1000
		if s >= 0.001 {
			out = append(out, LanguageShare{Name: l, Share: s})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Share != out[j].Share {
			return out[i].Share > out[j].Share
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// maintainer is what publishing and maintaining the repository involves.
func maintainer(in *Input, all []Input) Maintainer {
	m := Maintainer{UsedIn: []string{}, CI: CIMatrix{PythonVersions: []string{}, OS: []string{}, Implementations: []string{}}}
	m.PublishedAs = in.Code.pkg.Name
	if m.PublishedAs == "" && in.Practices != nil && in.Practices.Packaging.Pyproject != nil {
		m.PublishedAs = in.Practices.Packaging.Pyproject.Name
	}
	if m.PublishedAs != "" {
		want := libraries.Normalize(m.PublishedAs)
		for i := range all {
			o := &all[i]
			if o.Name != in.Name && declares(o.Dependencies, want) {
				m.UsedIn = append(m.UsedIn, o.Name)
			}
		}
	}
	if p := in.Practices; p != nil {
		m.CI = ciMatrix(p.CI)
		if c := p.Documentation.Changelog; c != nil {
			m.Changelog = c.Path
		}
	}
	return m
}

// declares reports whether a repository's manifests declare the
// distribution (normalised name).
func declares(r *deps.Report, name string) bool {
	if r == nil {
		return false
	}
	for _, l := range r.Libraries {
		if l.Declared && libraries.Normalize(l.Package) == name {
			return true
		}
	}
	for _, u := range r.DeclaredUnused {
		if libraries.Normalize(u.Package) == name {
			return true
		}
	}
	return false
}

// ciMatrix reads the test matrix from the CI facts: the Python versions
// as written, the operating systems from the runners' labels, and the
// implementations the versions name (CPython, PyPy, GraalPy, and
// free-threaded CPython for versions such as 3.13t).
func ciMatrix(ci practices.CI) CIMatrix {
	out := CIMatrix{PythonVersions: []string{}, OS: []string{}, Implementations: []string{}}
	impl := map[string]bool{}
	for _, v := range ci.PythonVersions {
		out.PythonVersions = append(out.PythonVersions, v)
		l := strings.ToLower(v)
		switch {
		case strings.HasPrefix(l, "pypy"):
			impl["PyPy"] = true
		case strings.HasPrefix(l, "graalpy"):
			impl["GraalPy"] = true
		case strings.HasSuffix(l, "t") && l[0] >= '0' && l[0] <= '9':
			impl["CPython (free-threaded)"] = true
		case l != "" && l[0] >= '0' && l[0] <= '9':
			impl["CPython"] = true
		}
	}
	for _, k := range []string{"CPython", "CPython (free-threaded)", "PyPy", "GraalPy"} {
		if impl[k] {
			out.Implementations = append(out.Implementations, k)
		}
	}
	seen := map[string]bool{}
	for _, r := range ci.OS {
		o := osName(r)
		if !seen[o] {
			seen[o] = true
			out.OS = append(out.OS, o)
		}
	}
	sort.Strings(out.OS)
	return out
}

// osName names a runner label's operating system: a label naming
// ubuntu is Linux (ubuntu-latest, a hosted service's
// 4vcpu-ubuntu-2204), windows Windows, macos macOS; others as written.
func osName(label string) string {
	l := strings.ToLower(label)
	switch {
	case strings.Contains(l, "ubuntu"), l == "linux":
		return "Linux"
	case strings.Contains(l, "windows"):
		return "Windows"
	case strings.Contains(l, "macos"):
		return "macOS"
	}
	return label
}
