package report

import (
	"strconv"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/python"
	"github.com/pyscout/pyscout/report/words"
)

// depsRow is one repository's declared dependencies set against its
// imports: what the manifests declare that no file imports, and what the
// files import that no manifest declares.
type depsRow struct {
	Repo string
	// Manifests are the manifests read; "" when none declares anything.
	Manifests []string
	// Unused are declared and never imported, each linked to its first
	// declaration; Undeclared are imported and never declared, linked to
	// the first import. MoreUnused and MoreUndeclared count the rest.
	Unused, Undeclared         []depItem
	MoreUnused, MoreUndeclared int
	// NoManifest is set when the repository imports libraries and
	// declares nothing at all, so that no import can be called
	// undeclared; Imported counts those libraries.
	NoManifest bool
	Imported   int
}

type depItem struct {
	Name  string
	Note  string
	Where link
}

// maxDepItems bounds each list of a repository's row.
const maxDepItems = 10

// newDependencies lists, per analysed repository with imports or
// manifests, the declared-but-unused and imported-but-undeclared
// dependencies (repos[].dependencies in the JSON).
func newDependencies(p *analyzer.Profile) []depsRow {
	var out []depsRow
	for i := range p.Repos {
		r := &p.Repos[i]
		d := r.Dependencies
		if d == nil || len(d.Manifests) == 0 && len(d.Libraries) == 0 {
			continue
		}
		row := depsRow{Repo: plain(r.Name)}
		declares := false
		for _, m := range d.Manifests {
			row.Manifests = append(row.Manifests, plain(m.Path))
			declares = declares || m.Dependencies > 0
		}
		row.NoManifest = !declares
		row.Imported = len(d.Libraries)
		if row.NoManifest && row.Imported == 0 {
			continue
		}
		for _, u := range d.DeclaredUnused {
			if len(row.Unused) == maxDepItems {
				row.MoreUnused++
				continue
			}
			it := depItem{Name: plain(u.Package)}
			if len(u.DeclaredIn) > 0 {
				e := u.DeclaredIn[0].Evidence
				it.Where = evidenceLink(r, python.Evidence{Path: e.Path, Line: e.Line, EndLine: e.Line, Role: e.Role})
				it.Note = plain(string(u.DeclaredIn[0].Kind))
			}
			row.Unused = append(row.Unused, it)
		}
		for _, u := range d.ImportedUndeclared {
			if len(row.Undeclared) == maxDepItems {
				row.MoreUndeclared++
				continue
			}
			name := u.Import
			if u.Package != "" && u.Package != u.Import {
				name += " (" + u.Package + ")"
			}
			row.Undeclared = append(row.Undeclared, depItem{Name: plain(name), Note: "in " + words.Plural(u.Files, "file"),
				Where: evidenceLink(r, u.Evidence)})
		}
		if len(row.Unused) == 0 && len(row.Undeclared) == 0 && !row.NoManifest {
			continue // declared and imported agree: nothing to say
		}
		out = append(out, row)
	}
	return out
}

// itemText is an item for a sentence: "requests (runtime)".
func (it depItem) itemText() string {
	if it.Note == "" {
		return it.Name
	}
	return it.Name + " (" + it.Note + ")"
}

// more says how many were left out, or "".
func more(n int) string {
	if n == 0 {
		return ""
	}
	return "and " + strconv.Itoa(n) + " more"
}
